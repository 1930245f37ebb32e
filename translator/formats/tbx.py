"""The glossary as a TermBase eXchange file: TBX v3 (ISO 30042:2019, TBX-Basic, DCA style), and
TBX v2 (TBX 2008 `martif`, TBX-Default) as translate-toolkit and Weblate write and read it.

The only module that imports lxml. What TBX-Basic has no data category for travels in v3 `note`
elements whose text begins with `translator:KEY=` (see NOTE_KEYS), so our own import is lossless;
v2 carries only what those tools model (V2_LOSSES says what it drops), and its import keeps the
glossary's values of those fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from translator.entry_ids import unique_entry_id
from translator.errors import InputError, Problem, ValidationError
from translator.glossary import Entry, Glossary, entry_fields, entry_from_fields
from translator.language.locales import LOCALES
from translator.formats.spreadsheet import ImportPlan
from translator.formats.xml import XML_LANG, Element, add_element, line_of, new_element, parse_xml, text_of, xml_bytes

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


# --- import ---------------------------------------------------------------------------------


@dataclass
class TbxGlossary:
    """What a TBX file holds: the glossary, the line of each entry, and what was left out.

    From a v2 file: `derived` are ids made from a term (the entry had none), with its locale;
    `untyped` are entries without a subject field, whose type an import keeps."""

    name: str
    glossary: Glossary
    lines: dict[str, int] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    version: int = 3
    derived: dict[str, str] = field(default_factory=dict)
    untyped: set[str] = field(default_factory=set)
    retired_lines: dict[str, int] = field(default_factory=dict)


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
        fields = _concept_fields(concept, shape, name, result.skipped)
        if not any(locale in fields for locale in LOCALES):
            result.skipped.append(Problem(f"[{fields['id'] or 'no id'}] skipped the entry: no preferred or admitted "
                                          "term in a locale of the glossary", name, line))
            continue
        if shape is V2 and not fields["id"]:
            locale = source_locale if source_locale in fields else next(loc for loc in LOCALES if loc in fields)
            fields["id"] = unique_entry_id(str(fields[locale]), locale, result.glossary.entries)
            result.derived[str(fields["id"])] = locale
        if shape is V2 and "type" not in fields:
            result.untyped.add(str(fields["id"]))
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
    if problems:
        raise InputError(problems=problems)
    return result


def _shown_tag(tag: object) -> str:
    return str(tag).replace(f"{{{NAMESPACE}}}", "")


def _locale(tag: str) -> str | None:
    return next((known for known in LOCALES if known.lower() == tag.lower()), None)


def _private_note(text: str) -> tuple[str, str]:
    """('key', 'value') for a `translator:key=value` note, else ('', text)."""
    if text.startswith(PREFIX) and "=" in text:
        key, value = text[len(PREFIX):].split("=", 1)
        if any(key in keys for keys in NOTE_KEYS.values()):
            return key, value
    return "", text


def _concept_fields(concept: Element, shape: _Shape, name: str, skipped: list[Problem]) -> dict[str, object]:
    fields: dict[str, object] = {"id": concept.get("id", "")}
    notes: list[str] = []
    holders: list[str] = []
    for child in _children(concept, shape):
        kind, text = child.tag, text_of(child)
        if kind == shape.tag("descrip") and child.get("type") == "subjectField":
            fields["type"] = text
        elif kind == shape.tag("admin") and child.get("type") == "source":
            fields["source"] = text
        elif kind == shape.tag("note"):
            key, value = _private_note(text) if shape is V3 else ("", text)
            if key == "holder":
                holders.append(value)
            elif key in ("status", "romanization", *NAME_KEYS):
                fields[key] = value
            else:
                notes.append(value)
        elif kind == shape.tag(shape.language):
            _language_fields(child, shape, fields, name, skipped)
    if "type" in fields and fields["type"] not in ("person", "title", "organisation", "place", "term"):
        fields["type"] = TYPE_OF_FOREIGN_ENTRY  # a foreign subject field is not one of our types
    if shape is V3:
        fields.setdefault("type", TYPE_OF_FOREIGN_ENTRY)
    if holders:
        fields["holders"] = tuple(holders)
    if notes:
        fields["note"] = "\n\n".join(notes)
    return fields


def _children(element: Element, shape: _Shape) -> Iterator[Element]:
    """Child elements, with those of a descripGrp or adminGrp taken as the group's first one."""
    for child in element:
        if child.tag in (shape.tag("descripGrp"), shape.tag("adminGrp")):
            yield from list(child)[:1]
        else:
            yield child


def _language_fields(language: Element, shape: _Shape, fields: dict[str, object], name: str,
                     skipped: list[Problem]) -> None:
    tag = language.get(XML_LANG, "")
    locale = _locale(tag)
    shown_id = fields["id"] or "no id"
    if locale is None:
        skipped.append(Problem(f"[{shown_id}] skipped the terms in '{tag}', not a locale of the glossary",
                               name, line_of(language)))
        return
    terms: dict[str, list[str]] = {"preferred": [], "admitted": [], "forbidden": []}
    for child in language:
        if child.tag not in [shape.tag(kind) for kind in shape.terms]:
            continue
        term = next(child.iter(shape.tag("term")), None)  # a v2 ntig has it in a termGrp
        if term is None:
            continue
        status = ""
        for note in child.iter(shape.tag("termNote")):
            if note.get("type") == "administrativeStatus":
                status = text_of(note).strip()
        role = ROLE_OF_STATUS.get(status, ROLE_OF_WORD.get(status.lower(), "admitted" if terms["preferred"] else "preferred"))
        if role == "preferred" and terms["preferred"]:
            role = "admitted"  # one preferred form per locale; the others stay acceptable
        text = text_of(term).strip()
        if text and all(text not in found for found in terms.values()):
            terms[role].append(text)
    if not terms["preferred"] and terms["admitted"]:
        terms["preferred"].append(terms["admitted"].pop(0))
    if not terms["preferred"] and terms["forbidden"]:
        skipped.append(Problem(f"[{shown_id}] skipped the {locale} forms: all are deprecated",
                               name, line_of(language)))
        terms["forbidden"] = []
    if terms["preferred"]:
        fields[locale] = terms["preferred"][0]
    if terms["admitted"]:
        fields[f"{locale}-admitted"] = tuple(terms["admitted"])
    if terms["forbidden"]:
        fields[f"{locale}-forbidden"] = tuple(terms["forbidden"])


# The words Weblate and older TBX files use for a term's status (Weblate: forbidden, obsolete).
ROLE_OF_WORD = {"preferred": "preferred", "admitted": "admitted", "forbidden": "forbidden",
                "obsolete": "forbidden", "deprecated": "forbidden", "superseded": "forbidden"}


def plan_tbx_import(tbx: TbxGlossary, glossary: Glossary, prune: bool = False) -> ImportPlan:
    """What importing the TBX file into `glossary` would do; entries of the file replace whole
    entries, but for a v2 file the fields v2 has no place for keep the glossary's values (and an
    entry without an id is matched by its term). Raises InputError with every problem, by line.
    Skipped languages become notes; the file's removed ids (v3) join the glossary's."""
    plan = ImportPlan(kept=list(tbx.skipped))
    problems: list[Problem] = []
    kept_counts = dict.fromkeys((what for what, _ in V2_LOSSES), 0)
    imported: set[str] = set()
    for entry in tbx.glossary:
        line = tbx.lines.get(entry.id)
        if entry.id in tbx.derived:
            entry = _matched(entry, tbx.derived[entry.id], glossary, imported)
        imported.add(entry.id)
        if entry.id in glossary.retired:
            problems.append(Problem(f"id '{entry.id}' belonged to a removed entry and is never reused", tbx.name, line))
            continue
        existing = glossary.entries.get(entry.id)
        if existing is not None and tbx.version == 2:
            kept, entry_problems = _with_v2_kept(entry, existing, entry.id in tbx.untyped, kept_counts)
            problems.extend(Problem(f"[{entry.id}] {message}", tbx.name, line) for message in entry_problems)
            if kept is None:
                continue
            entry = kept
        if existing is None:
            plan.added.append(entry)
        elif entry_fields(existing) != entry_fields(entry):
            plan.changed.append((existing, entry))
        else:
            plan.unchanged += 1
    plan.notes = [f"TBX v2 has no place for {what}: kept the glossary's for {count} "
                  f"{'entry' if count == 1 else 'entries'}" for what, count in kept_counts.items() if count]
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
        raise InputError(problems=problems)
    return plan


def _matched(entry: Entry, locale: str, glossary: Glossary, imported: set[str]) -> Entry:
    """An id-less v2 entry under the id of the one glossary entry whose preferred form in
    `locale` is its own, else under a new id no entry has."""
    text = entry.form(locale).preferred
    same = [known.id for known in glossary if known.form(locale).preferred == text and known.id not in imported]
    if len(same) == 1:
        return replace(entry, id=same[0])
    taken = {*glossary.entries, *glossary.retired, *imported}
    return replace(entry, id=unique_entry_id(text, locale, taken)) if entry.id in taken else entry


def _with_v2_kept(entry: Entry, existing: Entry, untyped: bool,
                  kept_counts: dict[str, int]) -> tuple[Entry | None, list[str]]:
    """The v2 entry with the existing entry's values of the fields v2 cannot hold."""
    fields: dict[str, object] = {key: value for key, value in entry_fields(entry).items() if key not in V2_LOST_KEYS}
    old = entry_fields(existing)
    for what, keys in V2_LOSSES:
        if _holds(existing, keys):
            kept_counts[what] += 1
        for key in keys:
            if key in old:
                fields[key] = old[key]
    if untyped:
        fields["type"] = existing.type
    kept, problems = entry_from_fields(fields)
    return kept, [f"{problem.field}: {problem.message}" for problem in problems]
