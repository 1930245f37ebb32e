"""The glossary as OmegaT's tab-separated glossary: source term TAB target term TAB comment.

One file per target locale, UTF-8, one line per source/target pair; a line beginning with `#`
is a comment. The format has no escaping, so a term can hold neither a tab nor a line break.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from translator.entry_ids import unique_entry_id
from translator.errors import InputError, Problem
from translator.glossary import Entry, Glossary, entry_fields, entry_from_fields
from translator.language.scripts import has_control_characters
from translator.formats.spreadsheet import ImportPlan

# OmegaT writes this first line into a glossary it creates; it reads the coding from it.
HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


@dataclass(frozen=True, slots=True)
class Pair:
    """One line of the file: a source term, its target term, and the comment (may be empty)."""

    source: str
    target: str
    comment: str
    line: int


# --- export ------------------------------------------------------------------------------------


def _comment(entry: Entry) -> str:
    """The entry's note on one line (the format cannot hold a tab or a line break)."""
    return " ".join(entry.note.split())


def tsv_lines(glossary: Glossary, source: str, target: str) -> Iterator[str]:
    """The file's lines: the header, then one line per source form (preferred and admitted) of
    every entry that has forms in both locales, each with the target's preferred form."""
    yield HEADER
    yield f"# translator glossary: {source} -> {target}"
    for entry in glossary:
        source_forms, target_forms = entry.form(source), entry.form(target)
        if not (source_forms.preferred and target_forms.preferred):
            continue
        for term in (source_forms.preferred, *source_forms.admitted):
            if not term.startswith("#"):  # OmegaT would read the line as a comment
                yield "\t".join((term, target_forms.preferred, _comment(entry))).rstrip("\t")


def tsv_text(glossary: Glossary, source: str, target: str) -> str:
    return "".join(f"{line}\n" for line in tsv_lines(glossary, source, target))


def tsv_losses(glossary: Glossary, source: str, target: str) -> list[str]:
    """What the file leaves out, one plain line per kind, for `Note:` lines."""
    counts = {
        f"entries without both {source} and {target} forms, left out": 0,
        f"admitted {target} forms (only the preferred one is written)": 0,
        f"forbidden {source} and {target} forms": 0,
        "notes with line breaks or tabs (written on one line)": 0,
        f"{source} forms that begin with # (OmegaT reads such a line as a comment), left out": 0,
    }
    keys = list(counts)
    for entry in glossary:
        source_forms, target_forms = entry.form(source), entry.form(target)
        if not (source_forms.preferred and target_forms.preferred):
            counts[keys[0]] += 1
            continue
        counts[keys[1]] += bool(target_forms.admitted)
        counts[keys[2]] += bool(source_forms.forbidden or target_forms.forbidden)
        counts[keys[3]] += _comment(entry) != entry.note
        counts[keys[4]] += any(term.startswith("#") for term in (source_forms.preferred, *source_forms.admitted))
    return [f"OmegaT's glossary has no place for {what}: {count} {'entry' if count == 1 else 'entries'}"
            for what, count in counts.items() if count]


# --- import ------------------------------------------------------------------------------------


def parse_tsv(data: bytes, name: str) -> list[Pair]:
    """Read the file's pairs; InputError with every bad line. A BOM, blank lines, `#` comment
    lines and CRLF line ends are accepted, as OmegaT does; fields are trimmed."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not valid UTF-8", file=name, line=data[: error.start].count(b"\n") + 1) from None
    pairs: list[Pair] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) not in (2, 3):
            problems.append(Problem(f"expected 2 or 3 columns separated by tabs (source, target, comment), "
                                    f"found {len(fields)}", name, number))
            continue
        if has_control_characters(line.replace("\t", "")):
            problems.append(Problem("the line contains a control character", name, number))
            continue
        source, target = fields[0], fields[1]
        if not source or not target:
            problems.append(Problem(f"the {'source' if not source else 'target'} term is empty", name, number))
            continue
        pairs.append(Pair(source, target, fields[2] if len(fields) == 3 else "", number))
    if problems:
        raise InputError(problems=problems)
    return pairs


def plan_tsv_import(pairs: list[Pair], glossary: Glossary, source: str, target: str, name: str) -> ImportPlan:
    """What importing the pairs would do: a pair whose source term is a preferred or admitted
    `source` form of an entry sets that entry's `target` preferred form (a form it replaces is
    dropped); a source term no entry has becomes a new draft term entry whose note is the
    comment. Raises InputError with every problem, by line."""
    plan = ImportPlan()
    problems: list[Problem] = []
    by_form: dict[str, list[Entry]] = {}
    for entry in glossary:
        forms = entry.form(source)
        for term in (forms.preferred, *forms.admitted):
            if term:
                by_form.setdefault(term, []).append(entry)
    chosen: dict[str, Pair] = {}  # entry id -> the pair that set its target form
    new: dict[str, Entry] = {}  # source term -> the entry it makes
    taken = _Taken(glossary, new)
    for pair in pairs:
        candidates = by_form.get(pair.source, [])
        if len(candidates) > 1:
            same = [entry for entry in candidates if entry.form(target).preferred == pair.target]
            if len(same) != 1:
                ids = ", ".join(entry.id for entry in candidates)
                problems.append(Problem(f"'{pair.source}' is a {source} form of several entries ({ids}); "
                                        "change it in the glossary instead", name, pair.line))
                continue
            candidates = same
        if candidates:
            entry = candidates[0]
            earlier = chosen.setdefault(entry.id, pair)
            if earlier.target != pair.target:
                problems.append(Problem(f"[{entry.id}] {target} form '{pair.target}' differs from "
                                        f"'{earlier.target}' on line {earlier.line}", name, pair.line))
            continue
        made = new.get(pair.source)
        if made is not None:
            if made.form(target).preferred != pair.target:
                problems.append(Problem(f"'{pair.source}' is given another {target} form on an earlier line",
                                        name, pair.line))
            continue
        fields = {"id": unique_entry_id(pair.source, source, taken), "type": "term",
                  source: pair.source, target: pair.target, "note": pair.comment}
        entry_or_none, field_problems = entry_from_fields(fields)
        problems.extend(Problem(f"{p.field}: {p.message}", name, pair.line) for p in field_problems)
        if entry_or_none is not None:
            new[pair.source] = entry_or_none
            plan.added.append(entry_or_none)
    for entry in glossary:
        setting = chosen.get(entry.id)
        if setting is None:
            continue
        changed = _with_preferred(entry, target, setting.target)
        if changed == entry:
            plan.unchanged += 1
            continue
        checked, field_problems = entry_from_fields(entry_fields(changed))
        problems.extend(Problem(f"[{entry.id}] {p.field}: {p.message}", name, setting.line) for p in field_problems)
        if checked is not None:
            plan.changed.append((entry, checked))
    if problems:
        raise InputError(problems=problems)
    return plan


class _Taken:
    """The ids a new entry may not have: the glossary's, its retired ones, and those made so far."""

    def __init__(self, glossary: Glossary, new: dict[str, Entry]) -> None:
        self.glossary, self.new = glossary, new

    def __contains__(self, entry_id: object) -> bool:
        return (entry_id in self.glossary.entries or entry_id in self.glossary.retired
                or any(entry.id == entry_id for entry in self.new.values()))


def _with_preferred(entry: Entry, locale: str, text: str) -> Entry:
    forms = entry.form(locale)
    if forms.preferred == text:
        return entry
    return entry.with_form(locale, replace(
        forms, preferred=text,
        admitted=tuple(term for term in forms.admitted if term != text),
        forbidden=tuple(term for term in forms.forbidden if term != text),
    ))

