"""Bulk work: pausing CPython's cyclic garbage collector while millions of small objects are made.

Loading a large glossary or segmenting a large article allocates tuples and records that never
form reference cycles; the collector would still rescan them again and again (a third to two
thirds of the run time). Reference counting frees them as usual while it is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
