"""Progress of long work: the library says where it is; the command line decides whether to show it.

Functions that work through many articles or large files take a `Steps` and call it as they
go. `SILENT` ignores everything; the CLI passes a progress bar on stderr when that is a terminal.
"""

from __future__ import annotations

from typing import Protocol


class Steps(Protocol):
    def phase(self, label: str, total: int) -> None:
        """A new stretch of work of `total` items (articles, catalogs) begins."""

    def at(self, text: str) -> None:
        """What is being done now (an article, or a stage of one)."""

    def advance(self) -> None:
        """One item of the phase is done."""


class _Silent:
    def phase(self, label: str, total: int) -> None:
        pass

    def at(self, text: str) -> None:
        pass

    def advance(self) -> None:
        pass


SILENT: Steps = _Silent()
