"""Gettext catalogs: building them from segments and merging them with a translator's work.

This module alone uses polib. A merge never loses work: unchanged messages keep their
translations, comments and flags; an edited message gets the closest previous translation as
fuzzy with the previous source as `#| msgid`; a removed one becomes obsolete (`#~`); a new one is
filled from the translation memory when another catalog of the locale has it. Fuzzy matching uses
rapidfuzz, whose C++ scorers with a cut-off stay fast on large catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel.messages.plurals import get_plural
from rapidfuzz import fuzz, process

from translator import __version__
from translator.errors import InputError
from translator.locales import display_name

FUZZY_CUTOFF = 70.0  # rapidfuzz ratio (0-100) from which a previous or remembered text is offered
WRAP_WIDTH = 78

# Header fields in the order they are written; values a translator's tool sets are kept.
_KEPT_HEADERS = ("Last-Translator", "Language-Team", "Report-Msgid-Bugs-To")


@dataclass(frozen=True, slots=True)
class Message:
    """One distinct source segment with where it occurs and its notes for the translator."""

    text: str
    references: tuple[tuple[str, int], ...]
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


def plural_forms(locale: str) -> str:
    plural = get_plural(gettext_language(locale))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _metadata(project: str, locale: str | None, source: str, old: polib.POFile | None, stamp: str) -> dict[str, str]:
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
        "X-Generator": f"translator {__version__}",
        "X-Source-Language": gettext_language(source),
    }
    if not data["Report-Msgid-Bugs-To"]:
        del data["Report-Msgid-Bugs-To"]
    return data


def _header(project: str, locale: str | None, old: polib.POFile | None) -> str:
    if old is not None and old.header:
        return str(old.header)
    what = f"{display_name(locale)} translation" if locale else "Translation template"
    return f"{what} of the article '{project}'.\nWritten by translator; translate with any PO editor (Poedit, Lokalize, Weblate)."


class TranslationMemory:
    """Translated messages of a locale's other catalogs: exact and close matches."""

    def __init__(self, catalogs: Iterable[tuple[str, polib.POFile]] = ()) -> None:
        self._exact: dict[str, tuple[str, str]] = {}
        for name, catalog in catalogs:
            for entry in catalog:
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags and entry.msgid:
                    self._exact.setdefault(entry.msgid, (entry.msgstr, name))
        self._keys = list(self._exact)

    def __len__(self) -> int:
        return len(self._exact)

    def exact(self, text: str) -> tuple[str, str] | None:
        return self._exact.get(text)

    def close(self, text: str) -> tuple[str, str, str] | None:
        """(source text, translation, catalog name) of the closest remembered message."""
        if not self._keys:
            return None
        best = process.extractOne(text, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return None
        msgstr, name = self._exact[best[0]]
        return best[0], msgstr, name


def _entry(message: Message) -> polib.POEntry:
    return polib.POEntry(
        msgid=message.text,
        msgstr="",
        occurrences=[(path, str(line)) for path, line in message.references],
        comment="\n".join(message.notes),
    )


def build_template(messages: Sequence[Message], project: str, source: str, old: polib.POFile | None) -> polib.POFile:
    """The .pot: every message with empty translations."""
    return _finish(old, [_entry(m) for m in messages], [], project, None, source)


def merge_catalog(
    messages: Sequence[Message],
    old: polib.POFile | None,
    project: str,
    locale: str,
    source: str,
    memory: TranslationMemory,
) -> tuple[polib.POFile, MergeSummary]:
    """The catalog for `locale` after the article changed, keeping every translation it had."""
    summary = MergeSummary()
    previous = {entry.msgid: entry for entry in old} if old is not None else {}
    wanted = {message.text for message in messages}
    gone = [entry for entry in previous.values() if entry.msgid not in wanted and entry.msgstr and entry.msgid]
    gone_keys = [entry.msgid for entry in gone]
    reused: set[str] = set()
    entries = []
    for message in messages:
        entry = _entry(message)
        before = previous.get(message.text)
        if before is not None:
            entry.msgstr = before.msgstr
            entry.tcomment = before.tcomment
            entry.flags = list(before.flags)
            entry.previous_msgid = before.previous_msgid
            summary.unchanged += 1
        elif (match := _closest(message.text, gone_keys)) is not None:
            source_entry = previous[match]
            entry.msgstr = source_entry.msgstr
            entry.tcomment = source_entry.tcomment
            entry.flags = sorted({*source_entry.flags, "fuzzy"})
            entry.previous_msgid = source_entry.msgid
            reused.add(source_entry.msgid)
            summary.changed += 1
        elif (remembered := memory.exact(message.text)) is not None:
            entry.msgstr = remembered[0]
            entry.tcomment = f"from translation memory: {remembered[1]}"
            summary.from_memory += 1
        elif (close := memory.close(message.text)) is not None:
            entry.msgstr = close[1]
            entry.flags = ["fuzzy"]
            entry.previous_msgid = close[0]
            entry.tcomment = f"close match from translation memory: {close[2]}"
            summary.from_memory += 1
        else:
            summary.new += 1
        entries.append(entry)
    obsolete = []
    for entry in previous.values():
        if not entry.msgid or entry.msgid in wanted or entry.msgid in reused:
            continue
        if not entry.obsolete:
            if not entry.msgstr and not entry.tcomment:
                continue  # nothing of a translator's to keep
            summary.obsolete += 1
        entry.obsolete = True
        obsolete.append(entry)
    return _finish(old, entries, obsolete, project, locale, source), summary


def _closest(text: str, keys: list[str]) -> str | None:
    if not keys:
        return None
    best = process.extractOne(text, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return None if best is None else str(best[0])


def _finish(
    old: polib.POFile | None,
    entries: list[polib.POEntry],
    obsolete: list[polib.POEntry],
    project: str,
    locale: str | None,
    source: str,
) -> polib.POFile:
    """A catalog with these entries whose dates change only if its messages did."""
    header = _header(project, locale, old)
    catalog = _catalog(entries, obsolete, _metadata(project, locale, source, old, _now()), header)
    if old is None or catalog_text(catalog) == catalog_text(old):
        return catalog
    stamp = _now()
    metadata = _metadata(project, locale, source, old, stamp)
    metadata["PO-Revision-Date"] = stamp
    if locale is None:
        metadata["POT-Creation-Date"] = stamp
    return _catalog(entries, obsolete, metadata, header)


def _catalog(
    entries: list[polib.POEntry], obsolete: list[polib.POEntry], metadata: dict[str, str], header: str
) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.header = header
    catalog.metadata = metadata
    catalog.extend(entries)
    catalog.extend(obsolete)
    return catalog


def catalog_text(catalog: polib.POFile) -> str:
    text: str = catalog.__unicode__()
    return text if text.endswith("\n") else text + "\n"


def read_catalog(path: Path, shown: str) -> polib.POFile | None:
    """The catalog at `path`, or None if there is none yet; InputError naming the line if broken."""
    if not path.exists():
        return None
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not valid UTF-8", file=shown, line=data[: error.start].count(b"\n") + 1) from None
    if not text.strip():
        raise InputError("empty file; restore it, or delete it to start the catalog afresh", file=shown, line=1)
    try:
        return polib.pofile(text, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as error:
        message = str(error)
        line = None
        if "(line " in message:
            line = int(message.rsplit("(line ", 1)[1].rstrip(")"))
            message = message.split(" (line ")[0]
        raise InputError(f"not a valid PO file: {message}", file=shown, line=line) from None
