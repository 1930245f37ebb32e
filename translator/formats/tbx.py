"""The glossary as a TermBase eXchange file: TBX v3 (ISO 30042:2019, TBX-Basic, DCA style), and
TBX v2 (TBX 2008 `martif`, TBX-Default) as translate-toolkit and Weblate write and read it.

What TBX-Basic has no data category for travels in v3 `note` elements whose text begins with
`translator:KEY=` (see NOTE_KEYS), so our own export imports losslessly; an import of any other
file (v2, another tool's, one language pair) changes only what the file holds (`_merged`).
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from translator.entry_ids import unique_entry_id
from translator.errors import InputError, Problem, UsageError, ValidationError
from translator.glossary import (ID_MAX_LENGTH, ID_PATTERN, RESERVED_IDS, TYPES, Entry, Glossary, entry_fields,
                                 entry_from_fields)
from translator.language.locales import LOCALES, normalize_locale
from translator.formats.spreadsheet import MAX_PROBLEMS, ImportPlan
from translator.formats.xml import XML_LANG, add_element, line_of, new_element, parse_xml, text_of, xml_bytes

if TYPE_CHECKING:
    from translator.formats.xml import Element

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
DIALECTS = ("TBX-Basic", "TBX-Core", "TBX-Min")
PREFIX = "translator:"
# The private keys: at the concept level (names keyed by field, since a langSec needs a term),
# and in the header (retired ids).
NAME_KEYS = tuple(f"{locale}-{part}" for locale in LOCALES for part in ("family", "given")) + ("ja-reading",)
NOTE_KEYS = {
    "concept": ("status", "romanization", "holder", "note", *NAME_KEYS),
    "header": ("retired",),
}
STATUS_OF_ROLE = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
ROLE_OF_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "forbidden",
    "supersededTerm-admn-sts": "forbidden",
}
TYPE_OF_FOREIGN_ENTRY = "term"
V2_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'


# What TBX v2, as translate-toolkit and Weblate model it, has no place for: (what, the entry
# fields that hold it). Its export reports them; its import keeps the glossary's values.
V2_LOSSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the review status (approved)", ("status",)),
    ("family and given names", tuple(f"{locale}-{part}" for locale in LOCALES for part in ("family", "given"))),
    ("kana readings", ("ja-reading",)),
    ("romanisation systems", ("romanization",)),
    ("title holders", ("holders",)),
)
V2_LOST_KEYS = frozenset(key for _, keys in V2_LOSSES for key in keys)


@dataclass(frozen=True)
class _Shape:
    """The element names of one TBX version."""

    version: int
    namespace: str
    header: str
    concept: str
    language: str
    terms: tuple[str, ...]

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}" if self.namespace else name


V3 = _Shape(3, NAMESPACE, "tbxHeader", "conceptEntry", "langSec", ("termSec",))
V2 = _Shape(2, "", "martifHeader", "termEntry", "langSet", ("tig", "ntig"))


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


# --- export ---------------------------------------------------------------------------------


def tbx_bytes(glossary: Glossary, version: int = 3) -> bytes:
    """The whole glossary as a TBX-Basic v3 document, or as a TBX v2 (martif) one; UTF-8, with an
    XML declaration."""
    if not len(glossary):
        raise ValidationError("the glossary has no entries, and a TBX file needs at least one")
    if version == 2:
        return _v2_bytes(glossary)
    root = new_element(_tag("tbx"), {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"}, namespace=NAMESPACE)
    source = add_element(add_element(add_element(root, _tag("tbxHeader")), _tag("fileDesc")), _tag("sourceDesc"))
    add_element(source, _tag("p"), text="Exported by translator")
    for entry_id in sorted(glossary.retired):
        add_element(source, _tag("p"), text=f"{PREFIX}retired={entry_id}")
    body = add_element(add_element(root, _tag("text")), _tag("body"))
    for entry in glossary:
        _concept(body, entry)
    return xml_bytes(root)


def _v2_bytes(glossary: Glossary) -> bytes:
    root = new_element("martif", {"type": "TBX-Default", XML_LANG: "en"})
    source = add_element(add_element(add_element(root, "martifHeader"), "fileDesc"), "sourceDesc")
    add_element(source, "p", text="Exported by translator")
    body = add_element(add_element(root, "text"), "body")
    for entry in glossary:
        concept = add_element(body, "termEntry", {"id": entry.id})
        add_element(concept, "descrip", {"type": "subjectField"}, entry.type)
        if entry.source:
            add_element(concept, "admin", {"type": "source"}, entry.source)
        if entry.note:
            add_element(concept, "note", text=entry.note)
        for locale, forms in zip(LOCALES, entry.forms):
            if not forms.preferred:
                continue
            language = add_element(concept, "langSet", {XML_LANG: locale})
            for role, text in _terms(forms.preferred, forms.admitted, forms.forbidden):
                term = add_element(language, "tig")
                add_element(term, "term", text=text)
                add_element(term, "termNote", {"type": "administrativeStatus"}, STATUS_OF_ROLE[role])
                add_element(term, "termNote", {"type": "partOfSpeech"}, "noun")
    return xml_bytes(root, doctype=V2_DOCTYPE)


def v2_losses(glossary: Glossary) -> list[str]:
    """What a TBX v2 export of the glossary leaves out, one plain line per kind."""
    lines = []
    for what, keys in V2_LOSSES:
        count = sum(1 for entry in glossary if _holds(entry, keys))
        if count:
            lines.append(f"TBX v2 has no place for {what}: {count} {'entry' if count == 1 else 'entries'}")
    if glossary.retired:
        lines.append(f"TBX v2 has no place for removed ids: {len(glossary.retired)}")
    return lines


def _holds(entry: Entry, keys: tuple[str, ...]) -> bool:
    fields = entry_fields(entry)
    if keys == ("status",):
        return entry.status != "draft"  # draft is what an entry without a status becomes
    return any(key in fields for key in keys)


def _terms(preferred: str, admitted: tuple[str, ...], forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    return ([("preferred", preferred)] if preferred else []) + [("admitted", text) for text in admitted] + \
        [("forbidden", text) for text in forbidden]


def _concept(body: Element, entry: Entry) -> None:
    concept = add_element(body, _tag("conceptEntry"), {"id": entry.id})
    _sub(concept, "descrip", entry.type, type="subjectField")
    if entry.source:
        _sub(concept, "admin", entry.source, type="source")
    if entry.note:
        own = entry.note if not entry.note.startswith(PREFIX) else f"{PREFIX}note={entry.note}"
        _sub(concept, "note", own)
    _private(concept, "status", entry.status)
    if entry.romanization:
        _private(concept, "romanization", entry.romanization)
    for holder in entry.holders:
        _private(concept, "holder", str(holder))
    for locale, forms in zip(LOCALES, entry.forms):
        for key, value in (("family", forms.family), ("given", forms.given),
                           ("reading", entry.reading if locale == "ja" else "")):
            if value:
                _private(concept, f"{locale}-{key}", value)
    for locale, forms in zip(LOCALES, entry.forms):
        if not forms.preferred:
            continue  # a langSec needs a term; names without one sit at the concept level
        language = add_element(concept, _tag("langSec"), {XML_LANG: locale})
        for role, text in _terms(forms.preferred, forms.admitted, forms.forbidden):
            term = add_element(language, _tag("termSec"))
            _sub(term, "term", text)
            _sub(term, "termNote", STATUS_OF_ROLE[role], type="administrativeStatus")
            _sub(term, "termNote", "noun", type="partOfSpeech")


def _sub(parent: Element, name: str, text: str, **attributes: str) -> None:
    add_element(parent, _tag(name), attributes, text)


def _private(parent: Element, key: str, value: str) -> None:
    _sub(parent, "note", f"{PREFIX}{key}={value}")


# --- import ---
# A file from another tool may hold one language pair, or none of our `translator:` notes, so
# an import changes only what the file says (see Coverage and _merged); a file of our own v3
# export, recognised by its `translator:status` notes, is the whole record of its entries.

Kind = tuple[str, str]  # a kind of data the import leaves out: (singular, plural), for Note lines

PRIVATE_FIELDS = ("status", "romanization", "holders", *NAME_KEYS)  # carried by translator: notes
CONCEPT_FIELDS = frozenset({"type", "source", "note"})  # TBX's own concept-level data categories
_KINDS: dict[tuple[str, str], Kind] = {
    ("descrip", "definition"): ("definition", "definitions"),
    ("descrip", "context"): ("context", "contexts"),
    ("descrip", "subjectField"): ("subject field", "subject fields"),
    ("admin", "source"): ("source", "sources"),
    ("admin", "customerSubset"): ("customer subset", "customer subsets"),
    ("admin", "projectSubset"): ("project subset", "project subsets"),
    ("termNote", "termType"): ("term type", "term types"),
    ("termNote", "partOfSpeech"): ("part of speech other than noun", "parts of speech other than noun"),
    ("termNote", "administrativeStatus"): ("administrative status not known", "administrative statuses not known"),
    ("termNote", "grammaticalGender"): ("grammatical gender", "grammatical genders"),
    ("termNote", "termLocation"): ("term location", "term locations"),
    ("termNote", "geographicalUsage"): ("geographical usage", "geographical usages"),
    ("transacGrp", ""): ("transaction", "transactions"),
    ("transac", ""): ("transaction", "transactions"),
    ("xref", "xGraphic"): ("graphic (xGraphic)", "graphics (xGraphic)"),
    ("xGraphic", ""): ("graphic (xGraphic)", "graphics (xGraphic)"),
    ("xref", ""): ("cross-reference", "cross-references"),
    ("ref", ""): ("reference", "references"),
    ("note", ""): ("note", "notes"),
}
FOREIGN_SUBJECT: Kind = ("subject field that is not an entry type", "subject fields that are not entry types")
ORPHAN_NOTES: Kind = ("translator: note of an entry without translator:status",
                      "translator: notes of entries without translator:status")


@dataclass(frozen=True)
class Coverage:
    """What one concept of a file speaks for, so that an import changes only that: `own` (it has
    a translator:status note: our own v3 export, the whole record), the locales it has terms in,
    those of them whose terms carry no administrative status, and the concept fields it has."""

    own: bool = True
    locales: frozenset[str] = frozenset(LOCALES)
    statusless: frozenset[str] = frozenset()
    fields: frozenset[str] = CONCEPT_FIELDS


@dataclass
class TbxGlossary:
    """What a TBX file holds: each entry as the file alone gives it (what a new entry becomes),
    its line and coverage, and what was left out.

    `derived` are ids made from a term (the entry had none, or one that is no glossary id), with
    its locale; `foreign_ids` those ids; `unread` counts the data categories not imported."""

    name: str
    glossary: Glossary
    lines: dict[str, int] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    version: int = 3
    derived: dict[str, str] = field(default_factory=dict)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    retired_lines: dict[str, int] = field(default_factory=dict)
    foreign_ids: list[str] = field(default_factory=list)
    unread: dict[Kind, int] = field(default_factory=dict)

    def count(self, kind: Kind, number: int = 1) -> None:
        self.unread[kind] = self.unread.get(kind, 0) + number


def read_tbx(path: Path, shown: str | None = None) -> TbxGlossary:
    """Read a TBX v3 or v2 file; raise InputError, with the file and line, when it cannot be."""
    name = shown if shown is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=name) from None
    return parse_tbx(data, name)


def parse_tbx(data: bytes, name: str) -> TbxGlossary:
    """Parse TBX v3 or v2 bytes (told apart by the root element) with entities, DTD loading and
    the network off."""
    root = parse_xml(data, name, "a TBX file")
    if root.tag == "martif":
        return _parse(root, V2, name)
    if root.tag != _tag("tbx"):
        raise InputError(f"not a TBX file: the root element is {_shown_tag(root.tag)}, not tbx in "
                         f"the namespace {NAMESPACE} (TBX v3) or martif (TBX v2)", file=name, line=line_of(root))
    dialect = root.get("type", "")
    if dialect not in DIALECTS:
        raise InputError(f"TBX dialect '{dialect}' is not supported; use {', '.join(DIALECTS)}",
                         file=name, line=line_of(root))
    if root.get("style", "dca") != "dca":
        raise InputError(f"TBX style '{root.get('style')}' is not supported; use dca", file=name, line=line_of(root))
    return _parse(root, V3, name)


def _parse(root: Element, shape: _Shape, name: str) -> TbxGlossary:
    result = TbxGlossary(name, Glossary(), version=shape.version)
    problems: list[Problem] = []
    for paragraph in root.iterfind("/".join(shape.tag(part) for part in (shape.header, "fileDesc", "sourceDesc", "p"))):
        key, value = _private_note(text_of(paragraph)) if shape is V3 else ("", "")
        if key == "retired":
            result.glossary.retired.add(value)
            result.retired_lines.setdefault(value, line_of(paragraph) or 0)
    source_locale = _locale(root.get(XML_LANG, "")) or LOCALES[0]
    for concept in root.iterfind(f"{shape.tag('text')}/{shape.tag('body')}/{shape.tag(shape.concept)}"):
        line = line_of(concept)
        fields, coverage = _read_concept(concept, shape, result)
        if not coverage.locales:
            result.skipped.append(Problem(f"[{fields['id'] or 'no id'}] skipped the entry: no preferred or admitted "
                                          "term in a locale of the glossary", name, line))
            continue
        if not _is_glossary_id(str(fields["id"])):
            if fields["id"]:
                result.foreign_ids.append(str(fields["id"]))
            locale = source_locale if source_locale in coverage.locales else \
                next(known for known in LOCALES if known in coverage.locales)
            fields["id"] = unique_entry_id(str(fields[locale]), locale, result.glossary.entries)
            result.derived[str(fields["id"])] = locale
        fields.setdefault("type", TYPE_OF_FOREIGN_ENTRY)
        entry, field_problems = entry_from_fields(fields)
        entry_id = str(fields.get("id", ""))
        problems.extend(Problem(f"[{entry_id}] {p.field}: {p.message}", name, line) for p in field_problems)
        if entry is None:
            continue
        if entry.id in result.glossary.entries:
            problems.append(Problem(f"id '{entry.id}' is also on line {result.lines[entry.id]}", name, line))
            continue
        result.glossary.entries[entry.id] = entry
        result.lines[entry.id] = line or 0
        result.coverage[entry.id] = coverage
    for back in root.iterfind(f"{shape.tag('text')}/{shape.tag('back')}/*"):
        if isinstance(back.tag, str):
            local = _local(back.tag)
            result.count(("reference object section (back matter)", "reference object sections (back matter)")
                         if local in ("refObjectSec", "refObjectList") else
                         (f"{local} (back matter)", f"{local} elements (back matter)"))
    if problems:
        raise InputError(problems=capped(problems, name))
    return result


def capped(problems: list[Problem], name: str, rest: str = "problems not shown; fix these first") -> list[Problem]:
    """The first MAX_PROBLEMS (the spreadsheet reader's limit) and a line saying how many more
    there were: a file whose every entry is wrong would bury the first lines under thousands."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [Problem(f"{len(problems) - MAX_PROBLEMS:,} more {rest}", name)]


def _is_glossary_id(text: str) -> bool:
    return len(text) <= ID_MAX_LENGTH and ID_PATTERN.fullmatch(text) is not None and text not in RESERVED_IDS


def _shown_tag(tag: object) -> str:
    return str(tag).replace(f"{{{NAMESPACE}}}", "")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _locale(tag: str) -> str | None:
    """Our locale for a language tag: BCP 47 with a region or script (ja-JP, zh-TW, zh-Hans-CN)
    or POSIX (zh_Hans), as the other formats read them; None for a language that is not ours."""
    try:
        return normalize_locale(tag)
    except UsageError:
        return None


def _private_note(text: str) -> tuple[str, str]:
    """('key', 'value') for a `translator:key=value` note, else ('', text)."""
    if text.startswith(PREFIX) and "=" in text:
        key, value = text[len(PREFIX):].split("=", 1)
        if any(key in keys for keys in NOTE_KEYS.values()):
            return key, value
    return "", text


def _items(element: Element) -> Iterator[tuple[Element, list[Element]]]:
    """Child elements, each with the rest of its group: a descripGrp or adminGrp is read as its
    first element, which the others (the source of a definition, say) are about."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        if _local(child.tag) in ("descripGrp", "adminGrp", "termNoteGrp"):
            members = [member for member in child if isinstance(member.tag, str)]
            if members:
                yield members[0], members[1:]
        else:
            yield child, []


def _kind(element: Element, level: str) -> Kind:
    """What a Note line calls an element the import does not read, at the concept, language or
    term level (a note or source below the concept is not the entry's)."""
    local, kind = _local(str(element.tag)), element.get("type", "")
    singular, plural = _KINDS.get((local, kind)) or _KINDS.get((local, "")) or (
        (f"{local} element of type '{kind}'", f"{local} elements of type '{kind}'") if kind
        else (f"{local} element", f"{local} elements"))
    if level != "concept" and (local, kind) in (("note", ""), ("admin", "source"), ("descrip", "subjectField")):
        return f"{level}-level {singular}", f"{level}-level {plural}"
    return singular, plural


def _count_group(result: TbxGlossary, first: Element, rest: list[Element], level: str) -> None:
    about = _kind(first, level)
    for member in rest:
        singular, plural = _kind(member, "concept")  # no level: it is about the first
        result.count((f"{singular} of a {about[0]}", f"{plural} of {about[1]}"))


def _read_concept(concept: Element, shape: _Shape, result: TbxGlossary) -> tuple[dict[str, object], Coverage]:
    """The fields a concept gives and what it covers; what it holds that no field takes is counted."""
    fields: dict[str, object] = {"id": concept.get("id", "")}
    private: dict[str, object] = {}
    holders: list[str] = []
    notes: list[str] = []
    present: set[str] = set()
    terms: dict[str, list[tuple[str, str | None]]] = {}
    places: dict[str, int | None] = {}
    for child, rest in _items(concept):
        tag, text = child.tag, text_of(child)
        if tag == shape.tag(shape.language):
            _read_language(child, shape, result, str(fields["id"] or "no id"), terms, places)
            continue
        if tag == shape.tag("descrip") and child.get("type") == "subjectField":
            if text.strip() in TYPES:
                fields["type"] = text
                present.add("type")
            else:
                result.count(FOREIGN_SUBJECT)
        elif tag == shape.tag("admin") and child.get("type") == "source":
            fields["source"] = text
            present.add("source")
        elif tag == shape.tag("note"):
            key, value = _private_note(text) if shape is V3 else ("", text)
            if key == "holder":
                holders.append(value)
            elif key in ("status", "romanization", *NAME_KEYS):
                private[key] = value
            else:
                notes.append(value)
        else:
            result.count(_kind(child, "concept"))
        _count_group(result, child, rest, "concept")
    own = "status" in private
    if own:
        fields.update(private)
        if holders:
            fields["holders"] = tuple(holders)
    elif private or holders:
        result.count(ORPHAN_NOTES, len(private) + len(holders))
    if notes:
        fields["note"] = "\n\n".join(notes)
        present.add("note")
    statusless = _forms(terms, places, fields, result)
    return fields, Coverage(own, frozenset(locale for locale in LOCALES if locale in fields),
                            frozenset(statusless), frozenset(present))


def _read_language(language: Element, shape: _Shape, result: TbxGlossary, shown_id: str,
                   terms: dict[str, list[tuple[str, str | None]]], places: dict[str, int | None]) -> None:
    """Add the terms of a langSec (langSet) in one of our locales to `terms`, in file order: two
    langSecs of one locale (ja and ja-JP) add to the same list."""
    tag = language.get(XML_LANG, "")
    locale = _locale(tag)
    if locale is None:
        result.skipped.append(Problem(f"[{shown_id}] skipped the terms in '{tag}', not a locale of the glossary",
                                      result.name, line_of(language)))
    else:
        places.setdefault(locale, line_of(language))
    for child, rest in _items(language):
        if child.tag in [shape.tag(kind) for kind in shape.terms]:
            text, role = _read_term(child, result)
            if locale is not None and text:
                terms.setdefault(locale, []).append((text, role))
        else:
            result.count(_kind(child, "language"))
        _count_group(result, child, rest, "language")


def _read_term(container: Element, result: TbxGlossary) -> tuple[str, str | None]:
    """The term of a termSec (tig, ntig) and its role from its administrative status, or None when
    it has none the import knows."""
    children: list[tuple[Element, list[Element]]] = []
    for child, rest in _items(container):
        if _local(str(child.tag)) == "termGrp":  # a v2 ntig holds its term in a termGrp
            children.extend(_items(child))
        else:
            children.append((child, rest))
    text, role = "", None
    for child, rest in children:
        local, kind, value = _local(str(child.tag)), child.get("type"), text_of(child).strip()
        if local == "term" and not text:
            text = value
        elif local == "termNote" and kind == "administrativeStatus" and \
                (ROLE_OF_STATUS.get(value) or ROLE_OF_WORD.get(value.lower())):
            role = ROLE_OF_STATUS.get(value) or ROLE_OF_WORD[value.lower()]
        elif not (local == "termNote" and kind == "partOfSpeech" and value == "noun"):
            result.count(_kind(child, "term"))
        _count_group(result, child, rest, "term")
    return text, role


def _forms(terms: dict[str, list[tuple[str, str | None]]], places: dict[str, int | None],
           fields: dict[str, object], result: TbxGlossary) -> set[str]:
    """Set each locale's forms in `fields` from its terms; return the locales none of whose terms
    carries an administrative status.

    The preferred form is the first term marked preferred, else the first without a status, else
    the first admitted one; every other term is admitted, or forbidden when marked so (deprecated,
    superseded, obsolete). A locale with forbidden terms only is skipped."""
    statusless = set()
    for locale, found in terms.items():
        preferred = next((text for wanted in ("preferred", None, "admitted")
                          for text, role in found if role == wanted), None)
        if preferred is None:
            result.skipped.append(Problem(f"[{fields['id'] or 'no id'}] skipped the {locale} forms: all are deprecated",
                                          result.name, places.get(locale)))
            continue
        placed = {preferred}
        admitted: list[str] = []
        forbidden: list[str] = []
        for text, role in found:
            if text not in placed:
                placed.add(text)
                (forbidden if role == "forbidden" else admitted).append(text)
        fields[locale] = preferred
        if admitted:
            fields[f"{locale}-admitted"] = tuple(admitted)
        if forbidden:
            fields[f"{locale}-forbidden"] = tuple(forbidden)
        if all(role is None for _, role in found):
            statusless.add(locale)
    return statusless


# The words Weblate and older TBX files use for a term's status (Weblate: forbidden, obsolete).
ROLE_OF_WORD = {"preferred": "preferred", "admitted": "admitted", "forbidden": "forbidden",
                "obsolete": "forbidden", "deprecated": "forbidden", "superseded": "forbidden"}


def plan_tbx_import(tbx: TbxGlossary, glossary: Glossary, prune: bool = False) -> ImportPlan:
    """What importing the TBX file into `glossary` would do. A new entry is what the file gives; an
    entry the glossary has changes only where the file speaks for it (`_merged`). An entry whose
    id is missing or no glossary id is matched by its term. Raises InputError with the problems, by
    line (at most MAX_PROBLEMS). Skipped languages become kept lines, what the file holds that the
    glossary has no field for notes; the file's removed ids (v3) join the glossary's."""
    plan = ImportPlan(kept=capped(tbx.skipped, tbx.name, "skipped terms and entries not shown"))
    problems: list[Problem] = []
    kept_counts = dict.fromkeys((what for what, _ in V2_LOSSES), 0)
    imported: set[str] = set()
    by_form: dict[tuple[str, str], list[str]] = {}  # (locale, preferred form): ids, to match by term
    for locale in set(tbx.derived.values()):
        for known in glossary:
            by_form.setdefault((locale, known.form(locale).preferred), []).append(known.id)
    for entry in tbx.glossary:
        line = tbx.lines.get(entry.id)
        coverage = tbx.coverage.get(entry.id, Coverage())
        if entry.id in tbx.derived:
            entry = _matched(entry, tbx.derived[entry.id], glossary, imported, by_form)
        imported.add(entry.id)
        if entry.id in glossary.retired:
            problems.append(Problem(f"id '{entry.id}' belonged to a removed entry and is never reused", tbx.name, line))
            continue
        existing = glossary.entries.get(entry.id)
        if existing is not None:
            if not coverage.own:
                for what, keys in V2_LOSSES:
                    kept_counts[what] += _holds(existing, keys)
            merged, messages = _merged(entry, existing, coverage)
            problems.extend(Problem(f"[{entry.id}] {message}", tbx.name, line) for message in messages)
            if merged is None:
                continue
            entry = merged
        if existing is None:
            plan.added.append(entry)
        elif entry_fields(existing) != entry_fields(entry):
            plan.changed.append((existing, entry))
        else:
            plan.unchanged += 1
    plan.notes = _notes(tbx, kept_counts)
    if prune:
        plan.removed = [entry for entry in glossary if entry.id not in imported]
    removed = {entry.id for entry in plan.removed}
    for entry_id in sorted(tbx.glossary.retired - glossary.retired):
        if entry_id in imported or (entry_id in glossary.entries and entry_id not in removed):
            plan.kept.append(Problem(f"kept the entry '{entry_id}', which the file lists as removed",
                                     tbx.name, tbx.retired_lines.get(entry_id)))
        else:
            plan.retired.add(entry_id)
    if not problems:
        after = Glossary(dict(glossary.entries), set(glossary.retired))
        plan.apply(after)
        for entry in after.entries.values():
            problems.extend(Problem(f"[{entry.id}] {message}", tbx.name, tbx.lines.get(entry.id))
                            for message in after.holder_problems(entry))
    if problems:
        raise InputError(problems=capped(problems, tbx.name))
    return plan


def _notes(tbx: TbxGlossary, kept_counts: dict[str, int]) -> list[str]:
    """What the import kept of the glossary's for want of translator: notes, what ids it could not
    use, and each kind of data it left out, with counts."""
    notes = []
    for what, count in kept_counts.items():
        if count:
            entries = "entry" if count == 1 else "entries"
            notes.append(f"TBX v2 has no place for {what}: kept the glossary's for {count} {entries}"
                         if tbx.version == 2 else
                         f"{tbx.name} has no translator: notes for {what}: kept the glossary's for {count} {entries}")
    if tbx.foreign_ids:
        count = len(tbx.foreign_ids)
        notes.append(f"{tbx.name}: {count} {'id is' if count == 1 else 'ids are'} not glossary ids (such as "
                     f"'{tbx.foreign_ids[0]}'): matched by their term, or given new ids")
    for (singular, plural), count in tbx.unread.items():
        notes.append(f"{tbx.name}: not imported: {count:,} {singular if count == 1 else plural}")
    return notes


def _matched(entry: Entry, locale: str, glossary: Glossary, imported: set[str],
             by_form: dict[tuple[str, str], list[str]]) -> Entry:
    """An entry without a glossary id under the id of the one glossary entry whose preferred form
    in `locale` is its own, else under a new id no entry has."""
    text = entry.form(locale).preferred
    same = [known for known in by_form.get((locale, text), []) if known not in imported]
    if len(same) == 1:
        return replace(entry, id=same[0])
    taken = _Taken((glossary.entries, glossary.retired, imported))
    return replace(entry, id=unique_entry_id(text, locale, taken)) if entry.id in taken else entry


@dataclass(frozen=True)
class _Taken:
    """Ids in any of several collections, without copying them for every entry."""

    groups: tuple[Container[str], ...]

    def __contains__(self, item: object) -> bool:
        return any(item in group for group in self.groups)


def _merged(entry: Entry, existing: Entry, coverage: Coverage) -> tuple[Entry | None, list[str]]:
    """The existing entry with what the file's entry speaks for (docs/cat-tools.md has the rules):
    the forms of the locales it has terms in (only the preferred form, with admitted forms added,
    where its terms carry no status); type, source and note where it has them (all of them, present
    or not, in our own v3 export); the translator: fields in our own v3 export only."""
    new, old = entry_fields(entry), entry_fields(existing)
    fields: dict[str, object] = {"id": entry.id}
    for key in ("type", "source", "note"):
        chosen = new if key in coverage.fields or (coverage.own and key != "type") else old
        if key in chosen:
            fields[key] = chosen[key]
    for key in PRIVATE_FIELDS:
        chosen = new if coverage.own else old
        if key in chosen:
            fields[key] = chosen[key]
    for locale in LOCALES:
        forms = existing.form(locale)
        if locale in coverage.statusless:
            given = entry.form(locale)
            preferred, added = given.preferred, given.admitted
            forms = replace(
                forms, preferred=preferred,
                admitted=tuple(text for text in (*forms.admitted, *added) if text != preferred),
                forbidden=tuple(text for text in forms.forbidden if text != preferred and text not in added))
        elif locale in coverage.locales:
            forms = entry.form(locale)
        for suffix, value in (("", forms.preferred), ("-admitted", tuple(dict.fromkeys(forms.admitted))),
                              ("-forbidden", forms.forbidden)):
            if value:
                fields[f"{locale}{suffix}"] = value
    merged, problems = entry_from_fields(fields)
    return merged, [f"{problem.field}: {problem.message}" for problem in problems]
