"""The one error hierarchy of translator.

Every failure the user can cause is a `TranslatorError` carrying one or more `Problem`s, each
with the place it was found (file and line, or spreadsheet cell). The CLI alone turns them into
`Error: <place>: <message>` lines and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, and where."""

    message: str
    file: str | None = None
    line: int | None = None
    cell: str | None = None  # a spreadsheet cell such as "D14"; replaces the line

    @property
    def place(self) -> str:
        if self.file is None:
            return ""
        if self.cell is not None:
            return f"{self.file}!{self.cell}"
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file

    def __str__(self) -> str:
        place = self.place
        return f"{place}: {self.message}" if place else self.message


class TranslatorError(Exception):
    """Base of every error translator reports to a user; exit code 1."""

    exit_code = 1

    def __init__(
        self,
        message: str = "",
        *,
        file: str | None = None,
        line: int | None = None,
        cell: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        found = list(problems)
        if message:
            found.insert(0, Problem(message, file, line, cell))
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its problems' places (a worker process hands an error back): an
        exception's own pickling keeps only its message."""
        return _remade, (type(self), self.problems)


def _remade(kind: type[TranslatorError], problems: tuple[Problem, ...]) -> TranslatorError:
    return kind(problems=problems)


class UsageError(TranslatorError):
    """A bad argument or option value; exit code 2 like any usage error."""

    exit_code = 2


class InputError(TranslatorError):
    """A file that cannot be read as what it claims to be (syntax, encoding, hostile content)."""


class ValidationError(TranslatorError):
    """Content that parses but breaks the rules (a contradictory entry, a duplicate id)."""


class WorkspaceError(TranslatorError):
    """No workspace, or one that is set up wrongly."""
