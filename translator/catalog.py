"""Gettext catalogs: building them from segments and merging them with a translator's work.

A merge never loses work: unchanged messages keep their translations, comments and flags; an
edited message gets the closest previous translation as fuzzy with the previous source as
`#| msgid`; a removed one becomes obsolete (`#~`); a new one is filled from the translation memory
when another catalog of the locale has it. Fuzzy matching uses rapidfuzz, whose C++ scorers with
a cut-off stay fast on large catalogs. The file format itself is `pofile`'s.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType


from translator import __version__
from translator.errors import InputError, UsageError
from translator.language.locales import display_name, normalize_locale, plural_forms
from translator.formats.po import Catalog, Entry, parse_catalog

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

    def close(self, text: str, excluding: str) -> tuple[float, str, str, str] | None:
        """(score, source text, translation, catalog name) of the closest remembered message."""
        # The closest few are nearly always another catalog's; when they are all the article's own,
        # search the other catalogs' texts alone (listed once per change of the memory).
        for match, score in _similarity().closest(text, self._keys, FUZZY_CUTOFF, 8):
            found = self.exact(match, excluding)
            if found is not None:
                return score, match, found[0], found[1]
        for match, score in _similarity().closest(text, self._others(excluding), FUZZY_CUTOFF):
            found = self.exact(match, excluding)
            if found is not None:
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

    def __init__(self, catalogs: CatalogMemory | None = None, own: str = "",
                 imported: Sequence[RememberedTexts] = ()) -> None:
        self._catalogs = catalogs if catalogs is not None else CatalogMemory()
        self._own = own
        self._sources = [source for source in imported if len(source)]
        self._any = self._catalogs.has_others(own) or bool(self._sources)  # asked once per message

    def __bool__(self) -> bool:
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

    def close(self, text: str) -> tuple[str, str, str] | None:
        """(source text, translation, where from) of the closest remembered message."""
        best: tuple[float, str, str, str] | None = self._catalogs.close(text, self._own)
        for source in self._sources:
            for match, score in _similarity().closest(text, source.keys, FUZZY_CUTOFF):
                if best is None or score > best[0]:
                    translation, name = source.texts[match]
                    best = (score, match, translation, name)
        return None if best is None else best[1:]


def _entry(message: Message) -> Entry:
    return Entry(
        msgid=message.text,
        references=message.references,
        extracted_comments=message.notes,
    )


def build_template(
    messages: Sequence[Message], project: str, source: str, old: Catalog | None, by: str = "sentence"
) -> Catalog:
    """The .pot: every message with empty translations."""
    return _finish(old, [_entry(m) for m in messages], [], project, None, source, by)


def merge_catalog(
    messages: Sequence[Message],
    old: Catalog | None,
    project: str,
    locale: str,
    source: str,
    memory: TranslationMemory,
    by: str = "sentence",
) -> tuple[Catalog, MergeSummary]:
    """The catalog for `locale` after the article changed, keeping every translation it had."""
    summary = MergeSummary()
    previous: dict[str, Entry] = {}
    for entry in old or ():
        if entry.msgctxt is None and entry.msgid_plural is None:  # ours never have either
            if entry.msgid not in previous or previous[entry.msgid].obsolete:
                previous[entry.msgid] = entry
    wanted = {message.text for message in messages}
    gone_keys = [key for key, entry in previous.items() if key not in wanted and entry.msgstr]
    gone_at: dict[str, list[str]] = {}  # "path:line" -> sources gone from there
    for key in gone_keys:
        for reference in previous[key].references:
            gone_at.setdefault(reference, []).append(key)
    reused: set[str] = set()
    entries = []
    for message in messages:
        entry = _entry(message)
        before = previous.get(message.text)
        if before is not None:
            entry = Entry(message.text, before.msgstr, translator_comments=before.translator_comments,
                          extracted_comments=message.notes, references=message.references, flags=before.flags,
                          previous_msgid=before.previous_msgid)
            summary.unchanged += 1
        elif gone_keys and (match := _previous_version(message.text, entry.references, gone_at, gone_keys)) is not None:
            source_entry = previous[match]
            entry = replace(entry, msgstr=source_entry.msgstr, translator_comments=source_entry.translator_comments,
                            flags=_with_fuzzy(source_entry.flags), previous_msgid=source_entry.msgid)
            reused.add(match)
            summary.changed += 1
        elif memory and (remembered := memory.exact(message.text)) is not None:
            entry = replace(entry, msgstr=remembered[0], translator_comments=(f"from translation memory: {remembered[1]}",))
            summary.from_memory += 1
        elif memory and (close := memory.close(message.text)) is not None:
            entry = replace(entry, msgstr=close[1], flags=("fuzzy",), previous_msgid=close[0],
                            translator_comments=(f"close match from translation memory: {close[2]}",))
            summary.from_memory += 1
        else:
            summary.new += 1
        entries.append(entry)
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


def _previous_version(
    text: str, references: tuple[str, ...], gone_at: dict[str, list[str]], gone_keys: list[str]
) -> str | None:
    """The closest source that is gone: first among those that stood on the same lines (an
    edited sentence usually stays where it was), then among all of them."""
    nearby = [key for reference in references for key in gone_at.get(reference, ())]
    return _closest(text, nearby) or _closest(text, gone_keys)


def _with_fuzzy(flags: tuple[str, ...]) -> tuple[str, ...]:
    return flags if "fuzzy" in flags else ("fuzzy", *flags)


def _closest(text: str, keys: list[str]) -> str | None:
    if not keys:
        return None
    best = _similarity().closest(text, keys, FUZZY_CUTOFF)
    return best[0][0] if best else None


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
    header = _header(project, locale, old)
    catalog = Catalog(header, _metadata(project, locale, source, old, _now(), by), entries + obsolete)
    if old is None or catalog == old:
        return catalog
    stamp = _now()
    metadata = _metadata(project, locale, source, old, stamp, by)
    metadata["PO-Revision-Date"] = stamp
    if locale is None:
        metadata["POT-Creation-Date"] = stamp
    return Catalog(header, metadata, entries + obsolete)


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
            head: list[bytes] = []
            for line in stream:
                if not line.strip() and any(part.startswith(b"msgstr") for part in head):
                    break
                head.append(line)
    except FileNotFoundError:
        return None
    return _parse(b"".join(head), shown)


def read_catalog(path: Path, shown: str) -> Catalog | None:
    """The catalog at `path`, or None if there is none yet; InputError naming the line if broken."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return _parse(data, shown)


# A run reads each catalog several times (segment, check, assemble, status, review); parsing is the
# cost, so small files parsed once are kept by their content. Large ones are not kept: they would
# hold far more memory than parsing them again costs time.
_PARSED: OrderedDict[bytes, tuple[Catalog, int]] = OrderedDict()
_KEPT_FILE_BYTES = 1_000_000
_KEPT_TOTAL_BYTES = 64_000_000
_kept_bytes = 0


def _parse(data: bytes, shown: str) -> Catalog:
    """The catalog in `data`; a file already parsed in this process is not parsed again."""
    global _kept_bytes
    if len(data) > _KEPT_FILE_BYTES:
        return _parse_anew(data, shown)
    key = hashlib.blake2b(data, digest_size=16).digest()
    found = _PARSED.get(key)
    if found is None:
        kept = _parse_anew(data, shown)
        _PARSED[key] = (kept, len(data))
        _kept_bytes += len(data)
        while _kept_bytes > _KEPT_TOTAL_BYTES:
            _kept_bytes -= _PARSED.popitem(last=False)[1][1]
    else:
        kept = found[0]
        _PARSED.move_to_end(key)
    # A copy of the containers: a caller may change its catalog without changing the kept one.
    return replace(kept, metadata=dict(kept.metadata), entries=list(kept.entries))


def _parse_anew(data: bytes, shown: str) -> Catalog:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not valid UTF-8", file=shown, line=data[: error.start].count(b"\n") + 1) from None
    if not text.strip():
        raise InputError("empty file; restore it, or delete it to start the catalog afresh", file=shown, line=1)
    return parse_catalog(text, shown)
