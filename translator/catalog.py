"""Gettext catalogs: building them from segments and merging them with a translator's work.

A merge never loses work: unchanged messages keep their translations, comments and flags; an
edited message gets its previous version's translation as fuzzy with the previous source as
`#| msgid` (found by place, see `merge_catalog`); a removed one becomes obsolete (`#~`); a new one
is filled from the translation memory when another catalog of the locale has it, or gets a close
match that names no other glossary entry. Fuzzy matching uses rapidfuzz, whose C++ scorers with
a cut-off stay fast on large catalogs. The file format itself is `pofile`'s.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from itertools import combinations
from operator import attrgetter
from pathlib import Path
from types import ModuleType


from translator import __version__
from translator.errors import InputError, UsageError
from translator.language.locales import display_name, normalize_locale, plural_forms
from translator.formats.po import Catalog, Entry, Shared, parse_catalog, parse_plain_catalog, untranslated_entry

UNITS = ("sentence", "paragraph")  # what one message is: a sentence, or a whole paragraph
FUZZY_CUTOFF = 70.0  # rapidfuzz ratio (0-100) from which a previous or remembered text is offered


def _similarity() -> ModuleType:
    """translator.language.similarity (rapidfuzz), loaded when a catalog is merged, not when one is read."""
    from translator.language import similarity

    return similarity


@dataclass(frozen=True, slots=True)
class Message:
    """One distinct source segment with where it occurs and its notes for the translator."""

    text: str
    references: tuple[str, ...]  # "path:line", as PO files write them
    notes: tuple[str, ...] = ()


@dataclass
class MergeSummary:
    """What a merge did to one catalog."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    obsolete: int = 0
    from_memory: int = 0


def gettext_language(locale: str) -> str:
    """The gettext spelling of a canonical tag: zh-Hant -> zh_Hant."""
    return locale.replace("-", "_")




def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _metadata(
    project: str, locale: str | None, source: str, old: Catalog | None, stamp: str, by: str = "sentence"
) -> dict[str, str]:
    """Complete headers: every field msgfmt -c checks has a real value, in a template too (whose
    language is the source's: the language of its msgids)."""
    previous = old.metadata if old is not None else {}
    language = locale or source
    created = previous.get("POT-Creation-Date", stamp)
    data = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": previous.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": created,
        "PO-Revision-Date": previous.get("PO-Revision-Date", stamp) if locale else created,
        "Last-Translator": previous.get("Last-Translator", ""),
        "Language-Team": previous.get("Language-Team", display_name(language)),
        "Language": gettext_language(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        # The tool that last wrote the translations (Weblate, Poedit) stays named, as msgmerge
        # keeps it: rewriting it on every run would change files a platform commits to.
        "X-Generator": previous.get("X-Generator", f"translator {__version__}"),
        "X-Source-Language": gettext_language(source),
        "X-Segment-By": by,
    }
    if not data["Report-Msgid-Bugs-To"]:
        del data["Report-Msgid-Bugs-To"]
    for field, value in previous.items():  # fields other tools added (X-Poedit-Basepath, ...) are theirs
        data.setdefault(field, value)
    return data


def _header(project: str, locale: str | None, old: Catalog | None) -> tuple[str, ...]:
    if old is not None and old.header_comments:
        return old.header_comments
    what = f"{display_name(locale)} translation" if locale else "Translation template"
    return (
        f"{what} of the article '{project}'.",
        "Written by translator; translate with any PO editor (Poedit, Lokalize, Weblate).",
    )


class RememberedTexts:
    """One source of remembered translations: source text -> (translation, where it is from)."""

    def __init__(self, texts: dict[str, tuple[str, str]]) -> None:
        self.texts = texts
        self.keys = list(texts)  # built once: rapidfuzz takes a list

    def __len__(self) -> int:
        return len(self.texts)


class CatalogMemory:
    """The translated messages of every catalog of one locale, built once per run and kept up to
    date as the run merges catalogs: what each article's translation memory is made of (all the
    locale's catalogs but its own), without rebuilding it for every article."""

    def __init__(self) -> None:
        self._by_text: dict[str, dict[str, str]] = {}  # source text -> catalog name -> translation
        self._notes: dict[str, tuple[str, ...]] = {}  # source text -> its notes, for the glossary entries they name
        self._keys: list[str] = []  # every text ever remembered, in the order first seen (rapidfuzz takes a list)
        self._of: dict[str, list[str]] = {}  # catalog name -> its texts
        self._version = 0
        self._without: dict[str, tuple[int, list[str]]] = {}  # catalog name -> the texts of all the others

    def has_others(self, name: str) -> bool:
        """Whether any catalog but `name` has a translated message."""
        return any(texts for other, texts in self._of.items() if other != name)

    def __contains__(self, name: str) -> bool:
        return name in self._of

    def add(self, name: str, catalog: Catalog) -> None:
        """Remember `catalog` under `name`, in place of what was remembered under it before."""
        for text in self._of.pop(name, ()):
            self._by_text[text].pop(name, None)
        texts = []
        for entry in catalog:
            if entry.translated and entry.msgid_plural is None and entry.msgctxt is None:
                sources = self._by_text.get(entry.msgid)
                if sources is None:
                    sources = self._by_text[entry.msgid] = {}
                    self._keys.append(entry.msgid)
                    if entry.extracted_comments:
                        self._notes[entry.msgid] = entry.extracted_comments
                sources.setdefault(name, entry.msgstr)
                texts.append(entry.msgid)
        self._of[name] = texts
        self._version += 1

    def exact(self, text: str, excluding: str) -> tuple[str, str] | None:
        """(translation, catalog name) from the first catalog by name that has `text`."""
        sources = self._by_text.get(text)
        if sources:
            for name in sorted(sources):
                if name != excluding:
                    return sources[name], name
        return None

    def close(self, text: str, excluding: str, ids: frozenset[str] | None = None) -> tuple[float, str, str, str] | None:
        """(score, source text, translation, catalog name) of the closest remembered message; with
        `ids`, of those whose glossary notes name no entry outside `ids`."""
        # The closest few are nearly always another catalog's; when they are all the article's own,
        # search the other catalogs' texts alone (listed once per change of the memory).
        for match, score in _similarity().closest(text, self._keys, FUZZY_CUTOFF, 8):
            found = self.exact(match, excluding)
            if found is not None and (ids is None or _glossary_ids(self._notes.get(match, ())) <= ids):
                return score, match, found[0], found[1]
        for match, score in _similarity().closest(text, self._others(excluding), FUZZY_CUTOFF, 1 if ids is None else None):
            found = self.exact(match, excluding)
            if found is not None and (ids is None or _glossary_ids(self._notes.get(match, ())) <= ids):
                return score, match, found[0], found[1]
        return None

    def _others(self, excluding: str) -> list[str]:
        kept = self._without.get(excluding)
        if kept is None or kept[0] != self._version:
            kept = self._without[excluding] = (self._version, [key for key in self._keys
                                                               if any(name != excluding for name in self._by_text[key])])
        return kept[1]


class TranslationMemory:
    """One article's translation memory in a locale: the locale's other catalogs, then imported
    memories. An exact match comes from the first source that has the text (a catalog before an
    imported memory); a close one is the closest of all, the earlier source on a tie."""

    def __init__(self, catalogs: CatalogMemory | Callable[[], CatalogMemory] | None = None, own: str = "",
                 imported: Sequence[RememberedTexts] = ()) -> None:
        """`catalogs` may be given as the function that reads them: then they are read only if a
        message the old catalog lacks asks the memory (a merge of an unchanged article never does)."""
        self._read = catalogs if callable(catalogs) else None
        self._found = None if callable(catalogs) else catalogs if catalogs is not None else CatalogMemory()
        self._own = own
        self._sources = [source for source in imported if len(source)]
        self._any: bool | None = None

    @property
    def _catalogs(self) -> CatalogMemory:
        if self._found is None:
            assert self._read is not None
            self._found = self._read()
        return self._found

    def __bool__(self) -> bool:
        if self._any is None:  # asked once per message the old catalog lacks: worked out once
            self._any = self._catalogs.has_others(self._own) or bool(self._sources)
        return self._any

    def exact(self, text: str) -> tuple[str, str] | None:
        found = self._catalogs.exact(text, self._own)
        if found is not None:
            return found
        for source in self._sources:
            remembered = source.texts.get(text)
            if remembered is not None:
                return remembered
        return None

    def close(self, text: str, ids: frozenset[str] | None = None) -> tuple[str, str, str] | None:
        """(source text, translation, where from) of the closest remembered message; with `ids` (the
        glossary entries the text names), only a catalog's message that names no other entry.
        Imported memories have no glossary notes, and are not checked."""
        best: tuple[float, str, str, str] | None = self._catalogs.close(text, self._own, ids)
        for source in self._sources:
            for match, score in _similarity().closest(text, source.keys, FUZZY_CUTOFF):
                if best is None or score > best[0]:
                    translation, name = source.texts[match]
                    best = (score, match, translation, name)
        return None if best is None else best[1:]


def _entry(message: Message) -> Entry:
    return untranslated_entry(message.text, message.references, message.notes)


def build_template(
    messages: Sequence[Message], project: str, source: str, old: Catalog | None, by: str = "sentence"
) -> Catalog:
    """The .pot: every message with empty translations."""
    return _finish(old, [_entry(m) for m in messages], [], project, None, source, by)


def template_versions(
    messages: Sequence[Message], project: str, source: str, old_header: Catalog, by: str = "sentence"
) -> tuple[Catalog, Catalog]:
    """`build_template` known from the old template's header alone: the template as it is if its
    entries are the old ones (the old dates), and as it is if they are not (stamped now). Which
    one applies shows when it is encoded, if the old file is one this module wrote: its bytes are
    its catalog's encoding, so the first version's bytes are the file's only if nothing changed."""
    return _versions(old_header, [_entry(m) for m in messages], project, None, source, by)


def merge_catalog(
    messages: Sequence[Message],
    old: Catalog | None,
    project: str,
    locale: str,
    source: str,
    memory: TranslationMemory,
    by: str = "sentence",
    fresh: Sequence[Entry] | None = None,
) -> tuple[Catalog, MergeSummary]:
    """The catalog for `locale` after the article changed, keeping every translation it had.
    `fresh`: the template's entries, one per message, in order. A message that gets none of the
    four below then has the template's own entry object: the catalogs of an article nobody has
    translated yet share the template's entries, and their writer copies the template's bytes.

    Each message gets, in this order, the first of:

    1. its own entry, if the old catalog has its text (obsolete or not): translation, comments
       and flags as they were;
    2. its previous version, as `fuzzy` with the old text as `#| msgid`: a translated old
       sentence, at least `FUZZY_CUTOFF` alike, that stood where the message stands and no longer
       does (it is gone, or occurs in fewer places than before). "Where" is the line of a
       reference, corrected for lines added or removed above it (found from the sentences that
       occur once, unchanged, in both versions); of the sentences that left the message's lines,
       the closest is its previous version. A neighbour still standing on the line, or a
       paragraph that only moved, is never one;
    3. an exact translation from the translation memory;
    4. a close match, as `fuzzy`: the closest translated old sentence that is gone from the
       article, else the closest one in the translation memory, at least `FUZZY_CUTOFF` alike,
       that names no glossary entry the message does not name (compared by the ids of the
       `glossary:` notes; obsolete entries and imported memories carry no notes and are not
       checked). A sentence about another person is never offered as a draft.

    Which old sentence is offered where depends only on the source texts, so it is worked out
    once for an article and reused for each of its locales (`_pairing`).
    """
    summary = MergeSummary()
    previous = _previous(old)
    pairing = _pairing(previous, messages)
    reused: set[str] = set()
    entries = []
    for index, message in enumerate(messages):
        before = previous.get(message.text)
        if before is not None:
            if (before.references != message.references or before.extracted_comments != message.notes
                    or before.obsolete or before.msgstr_plural or before.previous_msgctxt is not None):
                before = Entry(message.text, before.msgstr, translator_comments=before.translator_comments,
                               extracted_comments=message.notes, references=message.references,
                               flags=before.flags, previous_msgid=before.previous_msgid)
            entries.append(before)  # as it was, when nothing of it changed: most entries, on a large article
            summary.unchanged += 1
            continue
        entry = _entry(message) if fresh is None else fresh[index]
        match = pairing.offer(message.text, previous, True) if previous else None  # (no old sentence to offer)
        if match is None and memory and (remembered := memory.exact(message.text)) is not None:
            entry = replace(entry, msgstr=remembered[0], translator_comments=(f"from translation memory: {remembered[1]}",))
            summary.from_memory += 1
        elif match is not None or previous and (match := pairing.offer(message.text, previous, False)) is not None:
            source_entry = previous[match]
            entry = replace(entry, msgstr=source_entry.msgstr, translator_comments=source_entry.translator_comments,
                            flags=_with_fuzzy(source_entry.flags), previous_msgid=source_entry.msgid)
            reused.add(match)
            summary.changed += 1
        elif memory and (close := memory.close(message.text, _glossary_ids(message.notes))) is not None:
            entry = replace(entry, msgstr=close[1], flags=("fuzzy",), previous_msgid=close[0],
                            translator_comments=(f"close match from translation memory: {close[2]}",))
            summary.from_memory += 1
        else:
            summary.new += 1
        entries.append(entry)
    wanted = pairing.texts
    obsolete = []
    for entry in old or ():
        if entry.msgctxt is None and entry.msgid in wanted or entry.msgid in reused:
            continue
        if not entry.obsolete:
            if not entry.msgstr and not entry.msgstr_plural and not entry.translator_comments:
                continue  # nothing of a translator's to keep
            summary.obsolete += 1
        # An obsolete entry keeps no previous strings: gettext writes them as "#~|", which Babel's
        # reader mistakes for the start of the next entry. Nor extracted comments and references,
        # which msgmerge drops from obsolete entries: a catalog must come out of it unchanged.
        obsolete.append(replace(entry, obsolete=True, previous_msgid=None, previous_msgctxt=None,
                                extracted_comments=(), references=()))
    return _finish(old, entries, obsolete, project, locale, source, by), summary


def _glossary_ids(notes: Iterable[str]) -> frozenset[str]:
    """The ids of the glossary entries that notes name (`glossary: <id> (<type>) ...`)."""
    return frozenset(note[10:].partition(" ")[0] for note in notes if note.startswith("glossary: "))


class _Pairing:
    """Which old sentences may be offered to each new one, best first, from the source texts alone:
    those that stood in its place (`in_place`), and, found when first asked, the close ones gone
    from the article that name no glossary entry it does not (`elsewhere`). A locale takes the
    first that it has a translation for."""

    def __init__(self, fresh: Sequence[Message], texts: set[str], in_place: dict[str, list[str]],
                 gone: list[str], gone_ids: dict[str, frozenset[str]]) -> None:
        self.texts = texts  # every text of the new version
        self.in_place = in_place
        # Of the texts the old version lacks, their notes; none when nothing is gone to offer them
        # (a first segment: a large article's 100,000 sentences would be held for nothing).
        self._notes = {message.text: message.notes for message in fresh} if gone else {}
        self._gone = gone  # old texts that are not in the new version, in catalog order
        self._by_ids: dict[frozenset[str], list[int]] = {}  # glossary ids -> positions in `gone`
        for position, text in enumerate(gone):
            self._by_ids.setdefault(gone_ids[text], []).append(position)
        self._elsewhere: dict[str, tuple[str, ...]] = {}

    def offer(self, text: str, previous: dict[str, Entry], in_place: bool) -> str | None:
        """The first old text offered to `text` that has a translation in `previous`."""
        offers = self.in_place.get(text, ()) if in_place else self.elsewhere(text)
        for match in offers:
            if previous[match].msgstr:
                return match
        return None

    def elsewhere(self, text: str) -> tuple[str, ...]:
        if not self._gone:
            return ()
        found = self._elsewhere.get(text)
        if found is None:
            ids = _glossary_ids(self._notes.get(text, ()))
            pool = [self._gone[position] for position in sorted(
                position for group in self._groups_within(ids) for position in group)]
            found = self._elsewhere[text] = tuple([match for match, _ in _similarity().closest(
                text, pool, FUZZY_CUTOFF, _OFFERS)]) if pool else ()
        return found

    def _groups_within(self, ids: frozenset[str]) -> Iterable[list[int]]:
        """The positions of the gone texts whose glossary ids are all among `ids`."""
        if len(ids) <= 4:  # look up each subset rather than test every group
            ordered = sorted(ids)
            for size in range(len(ordered) + 1):
                for subset in combinations(ordered, size):
                    group = self._by_ids.get(frozenset(subset))
                    if group:
                        yield group
        else:
            yield from (group for key, group in self._by_ids.items() if key <= ids)


_SOURCE_SIDE = attrgetter("references", "extracted_comments", "obsolete")
_OFFERS = 8  # close matches kept for each new text: a locale takes the first it has translated
_last_pairing: tuple[tuple[object, ...], _Pairing] | None = None  # the article's, while its locales are merged


def _previous(old: Catalog | None) -> dict[str, Entry]:
    """The old catalog's entries by text (an active one before an obsolete one)."""
    previous: dict[str, Entry] = {}
    for entry in old or ():
        if entry.msgctxt is None and entry.msgid_plural is None:  # ours never have either
            if entry.msgid not in previous or previous[entry.msgid].obsolete:
                previous[entry.msgid] = entry
    return previous


def pair_now(messages: Sequence[Message], old: Catalog | None) -> None:
    """Work out the pairing of `old` with the messages now, for `merge_catalog` to find (see
    `_pairing`): the merges of an article's locales spread over processes would each work it out
    again."""
    _pairing(_previous(old), messages)


def _pairing(previous: dict[str, Entry], messages: Sequence[Message]) -> _Pairing:
    """The pairing of the old catalog with the new messages; the same as the last one when the
    source side is the same (an article's catalogs in each locale share their msgids)."""
    global _last_pairing
    key = (tuple(messages), tuple(previous), tuple(map(_SOURCE_SIDE, previous.values())))
    if _last_pairing is not None and _last_pairing[0] == key:
        return _last_pairing[1]
    texts = {message.text for message in messages}
    fresh = [message for message in messages if message.text not in previous]
    gone = [text for text in previous if text not in texts]
    pairing = _Pairing(fresh, texts, _in_place(previous, messages, fresh) if fresh and previous else {}, gone,
                       {text: _glossary_ids(previous[text].extracted_comments) for text in gone})
    _last_pairing = (key, pairing)
    return pairing


def forget_pairing() -> None:
    """Let go of the last pairing (and the old catalog's texts it holds): the article's locales are merged."""
    global _last_pairing
    _last_pairing = None


def _in_place(previous: dict[str, Entry], messages: Sequence[Message], fresh: Sequence[Message]) -> dict[str, list[str]]:
    """For each new text, the old texts that stood on one of its lines and no longer do, at least
    `FUZZY_CUTOFF` alike to it, most alike first. Only a text that occurs in fewer places than
    before (none, if it is gone) can have left a place: a paragraph that moved, or a neighbour that
    stayed, has not. `fresh`: the messages whose text the old version lacks."""
    wanted = {reference for message in fresh for reference in message.references}
    standing: dict[str, set[str]] = {}  # reference -> the texts that stand there now
    for message in messages:
        for reference in message.references:
            if reference in wanted:
                standing.setdefault(reference, set()).add(message.text)
    shift = _line_shift(previous, messages)
    occurrences = {message.text: len(message.references) for message in messages}
    old_at: dict[str, list[str]] = {}  # reference as the old version had it -> the texts that left it
    for text, entry in previous.items():
        if not entry.obsolete and occurrences.get(text, 0) < len(entry.references):  # it lost a place
            for reference in entry.references:
                old_at.setdefault(reference, []).append(text)
    found: dict[str, list[str]] = {}
    for message in fresh:
        candidates: list[str] = []
        for reference in message.references:
            for text in old_at.get(shift(reference), ()):
                if text not in standing[reference] and text not in candidates:
                    candidates.append(text)
        if candidates:
            ranked = _similarity().closest(message.text, candidates, FUZZY_CUTOFF, None)
            if ranked:
                found[message.text] = [match for match, _ in ranked]
    return found


def _line_shift(previous: dict[str, Entry], messages: Sequence[Message]) -> Callable[[str], str]:
    """A function from a new reference ("path:line") to where that line stood in the old version.
    Lines added or removed above a place shift it; the shift is read from the nearest sentence
    above it that occurs once, unchanged, in both versions."""
    changes: dict[str, tuple[list[int], list[int]]] = {}  # path -> (new lines, shifts from there on)
    for message in messages:
        if len(message.references) != 1:
            continue
        entry = previous.get(message.text)
        if entry is None or len(entry.references) != 1 or entry.obsolete:
            continue
        new, old = message.references[0], entry.references[0]
        path, _, line = new.rpartition(":")
        if not line.isdigit():
            continue
        lines, shifts = changes.setdefault(path, ([], []))
        if new == old:
            if shifts and shifts[-1]:
                lines.append(int(line))
                shifts.append(0)
            continue
        old_path, _, old_line = old.rpartition(":")
        if old_path != path or not old_line.isdigit():
            continue
        moved = int(line) - int(old_line)
        if (shifts[-1] if shifts else 0) != moved:
            lines.append(int(line))
            shifts.append(moved)

    def shifted(reference: str) -> str:
        path, _, line = reference.rpartition(":")
        found = changes.get(path)
        if not found or not line.isdigit():
            return reference
        at = bisect_right(found[0], int(line)) - 1
        return reference if at < 0 or not found[1][at] else f"{path}:{int(line) - found[1][at]}"

    return shifted


def _with_fuzzy(flags: tuple[str, ...]) -> tuple[str, ...]:
    return flags if "fuzzy" in flags else ("fuzzy", *flags)


def _finish(
    old: Catalog | None,
    entries: list[Entry],
    obsolete: list[Entry],
    project: str,
    locale: str | None,
    source: str,
    by: str,
) -> Catalog:
    """A catalog with these entries whose dates change only if its messages did."""
    kept, stamped = _versions(old, entries + obsolete, project, locale, source, by)
    return kept if old is None or kept == old else stamped


def _versions(old: Catalog | None, entries: list[Entry], project: str, locale: str | None, source: str,
              by: str) -> tuple[Catalog, Catalog]:
    """The catalog with the old one's dates (which apply if it is the old one), and stamped now."""
    header = _header(project, locale, old)
    kept = Catalog(header, _metadata(project, locale, source, old, _now(), by), entries)
    stamp = _now()
    metadata = _metadata(project, locale, source, old, stamp, by)
    metadata["PO-Revision-Date"] = stamp
    if locale is None:
        metadata["POT-Creation-Date"] = stamp
    return kept, Catalog(header, metadata, entries)


def language_mismatch(catalog: Catalog, locale: str) -> str | None:
    """The catalog's `Language` header if it names a locale other than `locale`, else None."""
    language = catalog.metadata.get("Language", "")
    if not language:
        return None
    try:
        found = normalize_locale(language)
    except UsageError:
        found = language
    return language if found != locale else None


@dataclass(frozen=True, slots=True)
class Settings:
    """How an article was segmented, as its template and catalogs record it in their headers."""

    source: str  # the article's locale
    by: str  # "sentence" or "paragraph"


def catalog_settings(catalog: Catalog, path: Path, shown: str, default_source: str) -> Settings:
    """The settings a catalog's header records (X-Source-Language, X-Segment-By); catalogs
    written before these headers existed get the workspace's source and sentences."""
    declared = catalog.metadata.get("X-Source-Language", "").strip()
    try:
        source = normalize_locale(declared) if declared else default_source
    except UsageError as error:
        raise InputError(f"X-Source-Language: {error.problems[0].message}", file=shown,
                         line=_header_line(path, "X-Source-Language")) from None
    by = catalog.metadata.get("X-Segment-By", "").strip() or "sentence"
    if by not in UNITS:
        raise InputError(f"X-Segment-By '{by}' is not one of {', '.join(UNITS)}", file=shown,
                         line=_header_line(path, "X-Segment-By"))
    return Settings(source, by)


def _header_line(path: Path, field: str) -> int:
    """The line of a header field, for an error message (1 if it cannot be found)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                if line.startswith(f'"{field}:'):
                    return number
    except OSError:
        pass
    return 1


def read_header(path: Path, shown: str) -> Catalog | None:
    """Only the header of the catalog at `path` (its entries are not read), or None if there is
    none: what a command needs to learn an article's settings from a large template."""
    try:
        with path.open("rb") as stream:
            start = stream.read(HEADER_READ)
            end = _header_end(start)
            if end is not None:  # the usual case: the header lies in the first block read
                return _parse(start[:end], shown)
            stream.seek(0)
            head: list[bytes] = []
            for line in stream:
                if not line.strip() and any(part.startswith(b"msgstr") for part in head):
                    break
                head.append(line)
    except FileNotFoundError:
        return None
    return _parse(b"".join(head), shown)


HEADER_READ = 16384  # bytes read at once for a header (a catalog's header is about 1 KB)


def _header_end(data: bytes) -> int | None:
    """Where the header of a catalog starting with `data` ends (after the first blank line that
    follows a msgstr line), if it ends within `data`; as the line-by-line reading decides."""
    lines = data.split(b"\n")
    if len(lines) < 2:
        return None
    offset, seen_msgstr = 0, False
    for line in lines[:-1]:  # the last piece may be a line cut short
        if not line.strip() and seen_msgstr:
            return offset
        seen_msgstr = seen_msgstr or line.startswith(b"msgstr")
        offset += len(line) + 1
    return None


def read_catalog(path: Path, shown: str, comments: bool = True, shared: Shared | None = None) -> Catalog | None:
    """The catalog at `path`, or None if there is none yet; InputError naming the line if broken.
    Without `comments`, a large catalog's entries may come without their comments; with `shared`,
    a large catalog's entries share their strings with what else is read with it (`parse_catalog`)."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > _KEPT_FILE_BYTES:  # not kept (see `_parse`), and read in blocks: never its whole text at once
                found = parse_plain_catalog(stream, shown, comments, shared)
                if found is not None:
                    return found
                stream.seek(0)
            data = stream.read()
    except FileNotFoundError:
        return None
    if len(data) > _KEPT_FILE_BYTES:  # (a file gettext would not write: read whole, its problems reported)
        text = _decoded(data, shown)
        del data
        return _parse_text(text, shown, comments, shared)
    return _parse(data, shown)


# A run reads each catalog several times (segment, check, assemble, status, review); parsing is the
# cost, so small files parsed once are kept by their content. Large ones are not kept: they would
# hold far more memory than parsing them again costs time.
_PARSED: OrderedDict[bytes, tuple[Catalog, int]] = OrderedDict()
_KEPT_FILE_BYTES = 1_000_000
_KEPT_TOTAL_BYTES = 64_000_000
_kept_bytes = 0


@contextmanager
def parsed_kept(total: int) -> Iterator[None]:
    """Keep at most `total` bytes of parsed files for a while (those beyond, the least recently
    read, let go of now): for a pass whose files are each read again only by the same item's
    work, where keeping the rest would only grow the process (a build's check, publish and review:
    3,000 small catalogs held 175 MB by the end). Forked workers inherit the limit."""
    global _KEPT_TOTAL_BYTES
    before = _KEPT_TOTAL_BYTES
    _KEPT_TOTAL_BYTES = min(total, before)
    _let_go()
    try:
        yield
    finally:
        _KEPT_TOTAL_BYTES = before


def _let_go() -> None:
    """Let go of the least recently read parsed files beyond `_KEPT_TOTAL_BYTES`."""
    global _kept_bytes
    while _kept_bytes > _KEPT_TOTAL_BYTES:
        _kept_bytes -= _PARSED.popitem(last=False)[1][1]


def _parse(data: bytes, shown: str) -> Catalog:
    """The catalog in `data`; a file already parsed in this process is not parsed again."""
    global _kept_bytes
    if len(data) > _KEPT_FILE_BYTES:
        return _parse_anew(data, shown)
    key = data  # the bytes themselves: hashed by the dict, compared on a hit (no hashlib to load for status)
    found = _PARSED.get(key)
    if found is None:
        kept = _parse_anew(data, shown)
        _PARSED[key] = (kept, len(data))
        _kept_bytes += len(data)
        _let_go()
    else:
        kept = found[0]
        _PARSED.move_to_end(key)
    # A copy of the containers: a caller may change its catalog without changing the kept one.
    return replace(kept, metadata=dict(kept.metadata), entries=list(kept.entries))


def _parse_anew(data: bytes, shown: str, comments: bool = True) -> Catalog:
    return _parse_text(_decoded(data, shown), shown, comments)


def _decoded(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not valid UTF-8", file=shown, line=data[: error.start].count(b"\n") + 1) from None


def _parse_text(text: str, shown: str, comments: bool = True, shared: Shared | None = None) -> Catalog:
    if not text.strip():
        raise InputError("empty file; restore it, or delete it to start the catalog afresh", file=shown, line=1)
    return parse_catalog(text, shown, comments, shared)
