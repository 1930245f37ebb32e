"""The glossary as a TermBase eXchange file: TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style.

The only module that imports lxml. What TBX-Basic has no data category for travels in `note`
elements whose text begins with `translator:KEY=` (see NOTE_KEYS), so our own import is lossless.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from translator.errors import InputError, Problem, ValidationError
from translator.glossary import Entry, Glossary, entry_fields, entry_from_fields
from translator.language.locales import LOCALES
from translator.formats.spreadsheet import ImportPlan

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
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


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


# --- export ---------------------------------------------------------------------------------


def tbx_bytes(glossary: Glossary) -> bytes:
    """The whole glossary as a TBX-Basic v3 document (UTF-8, with an XML declaration)."""
    if not len(glossary):
        raise ValidationError("the glossary has no entries, and a TBX file needs at least one")
    root = etree.Element(_tag("tbx"), nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, _tag("tbxHeader"))
    description = etree.SubElement(header, _tag("fileDesc"))
    source = etree.SubElement(description, _tag("sourceDesc"))
    etree.SubElement(source, _tag("p")).text = "Exported by translator"
    for entry_id in sorted(glossary.retired):
        etree.SubElement(source, _tag("p")).text = f"{PREFIX}retired={entry_id}"
    body = etree.SubElement(etree.SubElement(root, _tag("text")), _tag("body"))
    for entry in glossary:
        body.append(_concept(entry))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _concept(entry: Entry) -> etree._Element:
    concept = etree.Element(_tag("conceptEntry"), id=entry.id)
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
        language = etree.SubElement(concept, _tag("langSec"))
        language.set(XML_LANG, locale)
        terms = [("preferred", forms.preferred)] if forms.preferred else []
        terms += [("admitted", text) for text in forms.admitted] + [("forbidden", text) for text in forms.forbidden]
        for role, text in terms:
            term = etree.SubElement(language, _tag("termSec"))
            _sub(term, "term", text)
            _sub(term, "termNote", STATUS_OF_ROLE[role], type="administrativeStatus")
            _sub(term, "termNote", "noun", type="partOfSpeech")
    return concept


def _sub(parent: etree._Element, name: str, text: str, **attributes: str) -> None:
    etree.SubElement(parent, _tag(name), attributes).text = text


def _private(parent: etree._Element, key: str, value: str) -> None:
    _sub(parent, "note", f"{PREFIX}{key}={value}")


# --- import ---------------------------------------------------------------------------------


@dataclass
class TbxGlossary:
    """What a TBX file holds: the glossary, the line of each entry, and what was left out."""

    name: str
    glossary: Glossary
    lines: dict[str, int] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)


def read_tbx(path: Path, shown: str | None = None) -> TbxGlossary:
    """Read a TBX v3 file; raise InputError, with the file and line, when it cannot be."""
    name = shown if shown is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=name) from None
    return parse_tbx(data, name)


def parse_tbx(data: bytes, name: str) -> TbxGlossary:
    """Parse TBX v3 bytes with entities, DTD loading and the network off."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise InputError(f"not well-formed XML: {error.msg}", file=name, line=error.lineno or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # type: ignore[union-attr]
        raise InputError("the file declares entities in its DOCTYPE; a TBX file has no need of them, "
                         "so it is refused", file=name, line=1)
    root = tree.getroot()
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise InputError(f"the file uses the entity '&{node.name};', which is never expanded",
                             file=name, line=_line(node))
    if root.tag != _tag("tbx"):
        raise InputError(f"not a TBX v3 file: the root element is {_shown_tag(root.tag)}, not tbx in "
                         f"the namespace {NAMESPACE}", file=name, line=_line(root))
    dialect = root.get("type", "")
    if dialect not in DIALECTS:
        raise InputError(f"TBX dialect '{dialect}' is not supported; use {', '.join(DIALECTS)}",
                         file=name, line=_line(root))
    if root.get("style", "dca") != "dca":
        raise InputError(f"TBX style '{root.get('style')}' is not supported; use dca", file=name, line=_line(root))
    result = TbxGlossary(name, Glossary())
    problems: list[Problem] = []
    for paragraph in root.iterfind(f"{_tag('tbxHeader')}/{_tag('fileDesc')}/{_tag('sourceDesc')}/{_tag('p')}"):
        key, value = _private_note(_text(paragraph))
        if key == "retired":
            result.glossary.retired.add(value)
    for concept in root.iterfind(f"{_tag('text')}/{_tag('body')}/{_tag('conceptEntry')}"):
        fields = _concept_fields(concept, name, result.skipped)
        if not any(locale in fields for locale in LOCALES):
            result.skipped.append(Problem(f"[{fields['id']}] skipped the entry: no preferred or admitted term "
                                          "in a locale of the glossary", name, _line(concept)))
            continue
        entry, field_problems = entry_from_fields(fields)
        line = _line(concept)
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


def _text(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext())


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _private_note(text: str) -> tuple[str, str]:
    """('key', 'value') for a `translator:key=value` note, else ('', text)."""
    if text.startswith(PREFIX) and "=" in text:
        key, value = text[len(PREFIX):].split("=", 1)
        if any(key in keys for keys in NOTE_KEYS.values()):
            return key, value
    return "", text


def _concept_fields(concept: etree._Element, name: str, skipped: list[Problem]) -> dict[str, object]:
    fields: dict[str, object] = {"id": concept.get("id", "")}
    notes: list[str] = []
    holders: list[str] = []
    for child in _children(concept):
        kind, text = child.tag, _text(child)
        if kind == _tag("descrip") and child.get("type") == "subjectField":
            fields["type"] = text
        elif kind == _tag("admin") and child.get("type") == "source":
            fields["source"] = text
        elif kind == _tag("note"):
            key, value = _private_note(text)
            if key == "holder":
                holders.append(value)
            elif key in ("status", "romanization", *NAME_KEYS):
                fields[key] = value
            else:
                notes.append(value)
        elif kind == _tag("langSec"):
            _language_fields(child, fields, name, skipped)
    if fields.get("type") not in ("person", "title", "organisation", "place", "term"):
        fields["type"] = TYPE_OF_FOREIGN_ENTRY  # a foreign subject field is not one of our types
    if holders:
        fields["holders"] = tuple(holders)
    if notes:
        fields["note"] = "\n\n".join(notes)
    return fields


def _children(element: etree._Element) -> Iterator[etree._Element]:
    """Child elements, with those of a descripGrp or adminGrp taken as the group's first one."""
    for child in element:
        if child.tag in (_tag("descripGrp"), _tag("adminGrp")):
            yield from list(child)[:1]
        else:
            yield child


def _language_fields(language: etree._Element, fields: dict[str, object], name: str, skipped: list[Problem]) -> None:
    tag = language.get(XML_LANG, "")
    locale = next((known for known in LOCALES if known.lower() == tag.lower()), None)
    if locale is None:
        skipped.append(Problem(f"[{fields['id']}] skipped the terms in '{tag}', not a locale of the glossary",
                               name, _line(language)))
        return
    terms: dict[str, list[str]] = {"preferred": [], "admitted": [], "forbidden": []}
    for child in _children(language):
        if child.tag == _tag("termSec"):
            term = child.find(_tag("term"))
            if term is None:
                continue
            status = ""
            for note in _children(child):
                if note.tag == _tag("termNote") and note.get("type") == "administrativeStatus":
                    status = _text(note)
            role = ROLE_OF_STATUS.get(status, "admitted" if terms["preferred"] else "preferred")
            if role == "preferred" and terms["preferred"]:
                role = "admitted"  # one preferred form per locale; the others stay acceptable
            text = _text(term).strip()
            if text and all(text not in found for found in terms.values()):
                terms[role].append(text)
    if not terms["preferred"] and terms["admitted"]:
        terms["preferred"].append(terms["admitted"].pop(0))
    if not terms["preferred"] and terms["forbidden"]:
        skipped.append(Problem(f"[{fields['id']}] skipped the {locale} forms: all are deprecated",
                               name, _line(language)))
        terms["forbidden"] = []
    if terms["preferred"]:
        fields[locale] = terms["preferred"][0]
    if terms["admitted"]:
        fields[f"{locale}-admitted"] = tuple(terms["admitted"])
    if terms["forbidden"]:
        fields[f"{locale}-forbidden"] = tuple(terms["forbidden"])


def plan_tbx_import(tbx: TbxGlossary, glossary: Glossary, prune: bool = False) -> ImportPlan:
    """What importing the TBX file into `glossary` would do; entries of the file replace whole
    entries. Raises InputError with every problem, by line. Skipped languages become notes."""
    plan = ImportPlan(kept=list(tbx.skipped))
    problems: list[Problem] = []
    for entry in tbx.glossary:
        line = tbx.lines.get(entry.id)
        if entry.id in glossary.retired:
            problems.append(Problem(f"id '{entry.id}' belonged to a removed entry and is never reused", tbx.name, line))
            continue
        existing = glossary.entries.get(entry.id)
        if existing is None:
            plan.added.append(entry)
        elif entry_fields(existing) != entry_fields(entry):
            plan.changed.append((existing, entry))
        else:
            plan.unchanged += 1
    if prune:
        plan.removed = [entry for entry in glossary if entry.id not in tbx.glossary.entries]
    if not problems:
        after = Glossary(dict(glossary.entries), set(glossary.retired))
        plan.apply(after)
        for entry in after.entries.values():
            problems.extend(Problem(f"[{entry.id}] {message}", tbx.name, tbx.lines.get(entry.id))
                            for message in after.holder_problems(entry))
    if problems:
        raise InputError(problems=problems)
    return plan
