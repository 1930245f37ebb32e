"""Spreading independent work over processes (`--jobs`).

Linting an article, segmenting one, checking a catalog, assembling and reviewing one are each a
function of inputs the run has already read (the glossary, its matchers, the translation
memory). `ordered` runs such a function over many items in forked worker processes (a
`multiprocessing` pool), which inherit everything the parent built without pickling it, and hand
the results back in the items' order: a run with `--jobs 4` finds, writes and prints exactly what `--jobs 1` does. The
workers only compute; reading the records of earlier runs, writing files and holding the
workspace lock stay with the parent.

Where processes cannot be forked (Windows, macOS's default), the work runs in the parent, as with
`--jobs 1`.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from translator.errors import TranslatorError
from translator.progress import SILENT, Steps

T = TypeVar("T")
R = TypeVar("R")

ALONE = 8  # fewer items than this are not worth starting processes for
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what forked workers run, inherited


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spreads(count: int, jobs: int) -> bool:
    """Whether `ordered` would start processes for `count` items."""
    import multiprocessing

    return jobs > 1 and count >= ALONE and "fork" in multiprocessing.get_all_start_methods()


def ordered(work: Callable[[T], R], items: Sequence[T], jobs: int, steps: Steps = SILENT,
            label: Callable[[T], str] | None = None) -> list[R]:
    """`[work(item) for item in items]`, spread over `jobs` processes when there is enough to do.

    The first item (in order) whose work raises a `TranslatorError` raises it here, as a loop
    would; `steps` shows each item's `label` and advances once per item, in the parent."""
    if not spreads(len(items), jobs):
        results = []
        for item in items:
            if label is not None:
                steps.at(label(item))
            results.append(work(item))
            steps.advance()
        return results
    import multiprocessing

    global _task
    _task = (work, items)
    sys.stdout.flush()  # a worker flushes what it inherited when it exits: nothing may be pending
    sys.stderr.flush()
    gc.collect()
    gc.freeze()  # the inherited objects stay shared: the collector never writes to their pages
    workers = multiprocessing.get_context("fork").Pool(min(jobs, len(items)), initializer=_worker)
    try:
        results = []
        chunk = max(1, min(32, len(items) // (jobs * 8)))
        for item, outcome in zip(items, workers.imap(_run, range(len(items)), chunksize=chunk)):
            if isinstance(outcome, _Failed):
                raise outcome.kind(problems=outcome.problems)
            results.append(outcome)
            if label is not None:
                steps.at(label(item))
            steps.advance()
        workers.close()
        return results
    except BaseException:  # an error, or Ctrl-C: the work left is of no use
        workers.terminate()
        raise
    finally:
        workers.join()
        _task = None
        gc.unfreeze()


def _worker() -> None:
    """A worker leaves Ctrl-C to the parent, which stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Failed:
    """A `TranslatorError` raised in a worker, as plain data (its own pickling loses the places)."""

    def __init__(self, error: TranslatorError) -> None:
        self.kind = type(error)
        self.problems = error.problems


def _run(index: int) -> Any:
    assert _task is not None
    work, items = _task
    try:
        return work(items[index])
    except TranslatorError as error:
        return _Failed(error)
