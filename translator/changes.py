"""What changed in the glossary since the last build, and which texts a change may bear on.

`build` keeps the entries of the glossary it read (`.translator/glossary-entries.cache`, and the
digests of that glossary in `glossary-last.cache`). After an edit, the entries added, changed or
removed are known, as they were and as they are. A lint or check record made from the last
build's glossary stands for the new one when no changed entry, before or after, bears on the
article or catalog (`Linter.may_bear_on`, `checks.may_bear_on`); a review page, when none of its
entries changed and no changed entry is found in its texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.glossary import Entry, EntryRow, Glossary, entries_from_rows, entry_row
from translator.memo import Memo, checked_glossary_key, checked_row, digest

if TYPE_CHECKING:
    from translator.checks import Context
    from translator.formats.article import Article
    from translator.formats.po import Catalog
    from translator.lint import Linter
    from translator.matching import GlossaryMatcher
    from translator.workspace import Workspace

CHANGED_ENTRIES_TRACED = 1000  # more changed entries than this: everything is done again


class GlossaryChanges:
    """The glossary read now against the one the last build read. Nothing is read until a record
    asks (`compare`); the screens are made by `prepare_*` before workers start, which share them."""

    def __init__(self, root: Path, glossary: Glossary, glossary_key: bytes, checked_key: bytes) -> None:
        self.root = root
        self.glossary = glossary
        self.glossary_key = glossary_key  # the digest of the glossary file
        self.checked_key = checked_key  # the digest of what lint and check read of it
        self.known = False  # whether the changes are known (a record of the last build, not too many)
        self.ids: frozenset[str] = frozenset()  # entries added, changed or removed in any field
        self.checked_ids: frozenset[str] = frozenset()  # those changed in a field lint or check reads
        self.checked_then: bytes | None = None  # the last build's `checked_key`
        self.glossary_then: bytes | None = None  # the last build's `glossary_key`
        self._compared = False
        self._last: tuple[bytes, bytes] | None = None
        self._rows_now: dict[str, EntryRow] | None = None
        self._before: list[Entry] = []  # the entries changed in what lint and check read, as the last build read them
        self._screen: Glossary | None = None
        self._linters: dict[str, Linter] = {}
        self._contexts: dict[tuple[str, str], tuple[Context, frozenset[str]]] = {}
        self._finders: dict[str, GlossaryMatcher] = {}

    def compare(self) -> GlossaryChanges:
        """Work out, once, what changed since the last build."""
        if self._compared:
            return self
        self._compared = True
        last = self._last = _last_build(self.root)
        if last is None:
            return self
        self.glossary_then, self.checked_then = last
        if last[0] == self.glossary_key:
            self.known = True  # the same file: nothing changed
            return self
        record = Memo.load(self.root, "glossary-entries").get(b"rows")
        if not (isinstance(record, tuple) and len(record) == 2 and record[0] == last[0] and isinstance(record[1], dict)):
            return self
        earlier: dict[str, EntryRow] = record[1]
        now = self._rows()
        changed = {entry_id for entry_id in now.keys() | earlier.keys() if now.get(entry_id) != earlier.get(entry_id)}
        if len(changed) > CHANGED_ENTRIES_TRACED:
            return self
        try:  # a damaged record (rows of another shape) is no record: everything is done again
            checked = frozenset(entry_id for entry_id in changed
                                if _checked(now.get(entry_id)) != _checked(earlier.get(entry_id)))
            rows = {entry_id: earlier[entry_id] for entry_id in changed if entry_id in earlier}
            kept = [rows[entry_id] for entry_id in sorted(checked) if entry_id in rows]
            self._before = entries_from_rows(kept)
            if [entry_row(entry) for entry in self._before] != kept:
                raise ValueError("not rows of entries")
        except (TypeError, ValueError, AttributeError, IndexError):
            self._before = []
            return self
        self.known = True
        self.ids = frozenset(changed)
        self.checked_ids = checked
        return self

    def reusable(self, checked_then: Any) -> bool:
        """Whether a lint or check record made from the glossary whose `checked_key` was
        `checked_then` may stand for this one, where no changed entry bears on it."""
        self.compare()
        return self.known and isinstance(checked_then, bytes) and checked_then == self.checked_then

    def records(self, memo: Memo, inputs: tuple[bytes | str, ...]) -> tuple[bytes, Any, Any]:
        """For a lint or check result made from `inputs`: its key under this glossary, the record
        there (None if none), and, if there is none, the record made from the last build's
        glossary, which stands where no changed entry bears on its text (None if none). Which
        glossary the next record of `inputs` is made from is noted in `memo`."""
        key, unglossed = digest(self.checked_key, *inputs), digest(b"any glossary", *inputs)
        remembered, then = memo.get(key), memo.get(unglossed)
        memo.put(unglossed, self.checked_key)
        earlier = memo.get(digest(then, *inputs)) if remembered is None and self.reusable(then) else None
        return key, remembered, earlier

    # --- lint and check -------------------------------------------------------------------

    def _screened(self) -> Glossary:
        """The entries changed in what lint and check read, as they were (under ids of their own)
        and as they are, with the entries tied to them by a title's holders (a title's verdicts
        name its holders, and a person's country is that of the titles held): one glossary, so
        that a text is searched once for both."""
        if self._screen is None:
            ids = self.checked_ids
            before = self._before
            after = [self.glossary.entries[entry_id] for entry_id in sorted(ids) if entry_id in self.glossary.entries]
            tied = {holder.person for entry in before + after for holder in entry.holders}
            tied.update(entry.id for entry in self.glossary if any(holder.person in ids for holder in entry.holders))
            ties = [self.glossary.entries[entry_id] for entry_id in sorted(tied - ids) if entry_id in self.glossary.entries]
            self._screen = Glossary.of([replace(entry, id=f"{entry.id} (before the edit)") for entry in before]
                                       + after + ties)
        return self._screen

    def prepare_lint(self, locales: Iterable[str]) -> None:
        from translator.lint import Linter

        for locale in locales:
            if locale not in self._linters:
                self._linters[locale] = Linter(self._screened(), locale)

    def lint_may_change(self, article: Article, locale: str) -> bool:
        """Whether the edit may change what lint finds in the article, linted in `locale`."""
        self.prepare_lint([locale])
        linter = self._linters[locale]
        return any(linter.may_bear_on(block.text) for block in article.blocks)

    def prepare_check(self, pairs: Iterable[tuple[str, str]]) -> None:
        from translator.checks import allowed_characters, context_for, script_suspects

        for source, target in pairs:
            if (source, target) in self._contexts:
                continue
            then = Glossary.of([entry for entry in self.glossary if entry.id not in self.checked_ids] + self._before)
            characters = script_suspects(set(allowed_characters(self.glossary, target) ^ allowed_characters(then, target)),
                                         target)
            self._contexts[(source, target)] = (context_for(self._screened(), source, target, {}), characters)

    def check_may_change(self, catalog: Catalog, source: str, target: str) -> bool:
        """Whether the edit may change what check finds in the catalog."""
        from translator.checks import may_bear_on

        self.prepare_check([(source, target)])
        context, characters = self._contexts[(source, target)]
        return may_bear_on(catalog, context, characters)

    # --- review pages ---------------------------------------------------------------------

    def prepare_review(self, locales: Iterable[str]) -> None:
        """Matchers, in these locales, of the entries whose forms may have changed (those changed
        in a field lint and check read), as they are. An entry changed only in its note, status or
        source is found in a text where it was found before, which a page's record says."""
        if not self.known:
            return
        from translator.matching import GlossaryMatcher

        changed = Glossary.of([entry for entry in self.glossary if entry.id in self.checked_ids])
        for locale in locales:
            if locale not in self._finders:
                self._finders[locale] = GlossaryMatcher(changed, locale)

    def finding(self) -> bool:
        """Whether `found_in` has something to look for (entries changed in their forms, and known)."""
        return self.compare().known and bool(self.checked_ids)

    def found_in(self, catalog: Catalog, source: str, locale: str) -> bool:
        """Whether an entry whose forms may have changed is found in the catalog's sources or
        translations."""
        in_source, in_target = self._finders.get(source), self._finders.get(locale)
        if in_source is None or in_target is None:
            return True  # not prepared for these locales: assume it is
        return any((entry.msgid and in_source.hits(entry.msgid)) or (entry.msgstr and in_target.hits(entry.msgstr))
                   for entry in catalog.entries if not entry.obsolete)

    # --- the record -----------------------------------------------------------------------

    def save(self) -> None:
        """Keep this glossary as the one the last build read (after the build's files are in place)."""
        if (self._last if self._compared else _last_build(self.root)) == (self.glossary_key, self.checked_key):
            return
        for name, key, value in (("glossary-entries", b"rows", (self.glossary_key, self._rows())),
                                 ("glossary-last", b"last", (self.glossary_key, self.checked_key))):
            record = Memo.load(self.root, name)
            record.put(key, value)
            record.save(only_used=True)

    def _rows(self) -> dict[str, EntryRow]:
        if self._rows_now is None:
            self._rows_now = {entry.id: entry_row(entry) for entry in self.glossary}
        return self._rows_now


def checked_glossary(workspace: Workspace, searched: int | None = None) -> tuple[Glossary, bytes, GlossaryChanges]:
    """The workspace's glossary, the key lint's and check's records are kept by
    (`checked_glossary_key`), and what changed in it since the last build (`searched`: see
    `GlossaryStore.load_with_key`)."""
    glossary, glossary_key = workspace.glossary.load_with_key(searched)  # one read: the key is of what was loaded
    changes = glossary_changes(workspace, glossary, glossary_key)
    return glossary, changes.checked_key, changes


def glossary_changes(workspace: Workspace, glossary: Glossary, glossary_key: bytes) -> GlossaryChanges:
    """What changed in a glossary loaded from the file of digest `glossary_key` since the last build."""
    return GlossaryChanges(workspace.root, glossary, glossary_key, checked_glossary_key(workspace, glossary, glossary_key))


def _last_build(root: Path) -> tuple[bytes, bytes] | None:
    """The digests of the glossary file the last build read and of what lint and check read of it."""
    last = Memo.load(root, "glossary-last").get(b"last")
    if isinstance(last, tuple) and len(last) == 2 and all(isinstance(key, bytes) for key in last):
        return last[0], last[1]
    return None


def _checked(row: EntryRow | None) -> tuple[Any, ...] | None:
    return None if row is None else checked_row(row)

