"""The glossary model: entries with their forms in every locale, and the collection of them.

One `Entry` per concept (a person, a title, an organisation, a place, a term) holds its forms in
each locale. Every way into the model (the text store, the spreadsheet, the CLI) goes through the
same flat *fields* (`en`, `en-admitted`, `ja-reading`, `holders`, ...) and the same validation,
so whatever can be set one way can be set every way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, starmap
from operator import attrgetter, itemgetter
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, cast

from translator.errors import Problem, ValidationError
from translator.language.locales import LOCALES
from translator.language.scripts import fold, has_control_characters, is_kana

TYPES: tuple[str, ...] = ("person", "title", "organisation", "place", "term")
STATUSES: tuple[str, ...] = ("draft", "approved")
ROMANIZATIONS: tuple[str, ...] = ("hepburn", "pinyin", "wade-giles", "other")

# Ids that would collide with the store's own top-level keys.
RESERVED_IDS = frozenset({"format", "retired"})
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX_LENGTH = 80


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of an entry as the store, the spreadsheet and the CLI name it."""

    key: str
    kind: str  # "text" (one line), "list" (one value per line), "note" (free text)
    meaning: str
    example: str = ""


def _locale_fields(
    locale: str, example: str, admitted: str, forbidden: str, family: str, given: str
) -> list[FieldSpec]:
    return [
        FieldSpec(locale, "text", f"Preferred form in {locale}: the one translations must use.", example),
        FieldSpec(f"{locale}-admitted", "list", f"Other acceptable forms in {locale}, one per line.", admitted),
        FieldSpec(
            f"{locale}-forbidden",
            "list",
            f"Known wrong forms in {locale}, one per line; reported wherever they appear.",
            forbidden,
        ),
        FieldSpec(f"{locale}-family", "text", f"People only: family name as written in {locale}.", family),
        FieldSpec(f"{locale}-given", "text", f"People only: given name as written in {locale}.", given),
    ]


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "text", "Stable identifier: lower-case letters, digits and hyphens. Never reused.", "sanae-takaichi"),
    FieldSpec("type", "text", "One of: " + ", ".join(TYPES) + ".", "person"),
    FieldSpec("status", "text", "draft (not yet verified) or approved (verified by an editor).", "approved"),
    *_locale_fields("en", "Sanae Takaichi", "TAKAICHI Sanae", "Sanae Takai", "Takaichi", "Sanae"),
    *_locale_fields("ja", "高市早苗", "首相 (short form of 内閣総理大臣)", "高市早菜", "高市", "早苗"),
    FieldSpec("ja-reading", "text", "People only: Japanese reading in kana, family name first, a space between.", "たかいち さなえ"),
    *_locale_fields("zh-Hans", "刘劲松", "内阁总理大臣 (formal form of 日本首相)", "刘劲嵩", "刘", "劲松"),
    *_locale_fields("zh-Hant", "劉勁松", "台灣 (beside 臺灣)", "刘劲松 (Simplified characters)", "劉", "勁松"),
    FieldSpec(
        "romanization",
        "text",
        "People only: how the English form was romanised: " + ", ".join(ROMANIZATIONS) + ".",
        "hepburn",
    ),
    FieldSpec(
        "holders",
        "list",
        "Titles only: who held the title, one per line: PERSON-ID [from YYYY-MM-DD] [to YYYY-MM-DD].",
        "sanae-takaichi from 2025-10-21",
    ),
    FieldSpec("note", "note", "Free text for editors and translators; may span lines.", "Prime Minister from 2025-10-21"),
    FieldSpec("source", "text", "Where an editor verified the entry (a URL or a reference).", "https://japan.kantei.go.jp/"),
)
FIELD_KEYS: tuple[str, ...] = tuple(spec.key for spec in FIELDS)
FIELD_KIND: dict[str, str] = {spec.key: spec.kind for spec in FIELDS}
LIST_FIELDS = frozenset(key for key, kind in FIELD_KIND.items() if kind == "list")

FieldValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Forms:
    """An entry's forms in one locale."""

    preferred: str = ""
    admitted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    family: str = ""
    given: str = ""

    @property
    def acceptable(self) -> tuple[str, ...]:
        """The preferred form followed by the admitted ones."""
        return ((self.preferred,) if self.preferred else ()) + self.admitted

    def __bool__(self) -> bool:
        return bool(self.preferred or self.admitted or self.forbidden or self.family or self.given)


NO_FORMS = Forms()


@dataclass(frozen=True, slots=True)
class Holder:
    """A person holding a title, from and to a date (either end may be unknown or open)."""

    person: str
    start: date | None = None
    end: date | None = None

    _SHAPE = re.compile(r"(\S+)(?:\s+from\s+(\S+))?(?:\s+to\s+(\S+))?")

    @classmethod
    def parse(cls, text: str) -> Holder:
        """Read `PERSON-ID [from YYYY-MM-DD] [to YYYY-MM-DD]`; raise ValueError saying what is wrong."""
        match = cls._SHAPE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"holder '{text}' is not 'PERSON-ID [from YYYY-MM-DD] [to YYYY-MM-DD]'")
        person, start, end = match.groups()
        if not ID_PATTERN.fullmatch(person):
            raise ValueError(f"holder '{text}': '{person}' is not an entry id")
        return cls(person, _parse_date(start, text), _parse_date(end, text))

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        text = self.person
        if self.start is not None:
            text += f" from {self.start.isoformat()}"
        if self.end is not None:
            text += f" to {self.end.isoformat()}"
        return text


def _parse_date(text: str | None, context: str) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"holder '{context}': '{text}' is not a date of the form YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept of the glossary with its forms in every locale."""

    id: str
    type: str
    status: str = "draft"
    forms: tuple[Forms, ...] = (NO_FORMS,) * len(LOCALES)  # aligned with LOCALES
    reading: str = ""
    romanization: str = ""
    holders: tuple[Holder, ...] = ()
    note: str = ""
    source: str = ""

    def form(self, locale: str) -> Forms:
        return self.forms[LOCALES.index(locale)]

    def with_form(self, locale: str, forms: Forms) -> Entry:
        index = LOCALES.index(locale)
        return replace(self, forms=self.forms[:index] + (forms,) + self.forms[index + 1 :])

    def texts(self) -> Iterator[tuple[str, str, str]]:
        """Every string an editor could search this entry by, as (locale or '', role, text)."""
        for locale, forms in zip(LOCALES, self.forms):
            if forms.preferred:
                yield locale, "preferred", forms.preferred
            for text in forms.admitted:
                yield locale, "admitted", text
            for text in forms.forbidden:
                yield locale, "forbidden", text
            if forms.family:
                yield locale, "family", forms.family
            if forms.given:
                yield locale, "given", forms.given
        if self.reading:
            yield "ja", "reading", self.reading


# --- entries as plain data, and back in bulk ------------------------------------------------
# The load cache keeps each entry as a row of plain values (what marshal stores) and rebuilds a
# whole glossary from them. A frozen dataclass's __init__ sets each field through
# object.__setattr__, a call per field, where most of that rebuild's time went; so the rows go
# through twins that hold the same slots behind plain attribute stores, and each object made is
# then given its real class, which CPython allows between classes of the same layout (a slot
# missing from or added to either class makes that assignment fail loudly). Nothing is checked:
# only rows made by `entry_row` from valid entries may come back.

FormsRow = tuple[str, tuple[str, ...], tuple[str, ...], str, str]  # Forms' fields in order
HolderRow = tuple[str, str | None, str | None]  # person, start and end as YYYY-MM-DD
# Entry's fields in order, with forms and holders as rows (None for a locale without forms).
EntryRow = tuple[str, str, str, tuple[FormsRow | None, ...], str, str, tuple[HolderRow, ...], str, str]


def entry_row(entry: Entry) -> EntryRow:
    """The entry as plain values (the words every entry repeats interned: fewer objects to store)."""
    return (
        entry.id,
        intern(entry.type),
        intern(entry.status),
        tuple([(forms.preferred, forms.admitted, forms.forbidden, forms.family, forms.given) if forms else None
               for forms in entry.forms]),
        entry.reading,
        intern(entry.romanization),
        tuple([(holder.person, holder.start.isoformat() if holder.start else None,
                holder.end.isoformat() if holder.end else None) for holder in entry.holders]),
        entry.note,
        entry.source,
    )


class _FormsTwin:
    __slots__ = ("preferred", "admitted", "forbidden", "family", "given")

    def __init__(self, preferred: str, admitted: tuple[str, ...], forbidden: tuple[str, ...], family: str,
                 given: str) -> None:
        self.preferred = preferred
        self.admitted = admitted
        self.forbidden = forbidden
        self.family = family
        self.given = given


class _EntryTwin:
    __slots__ = ("id", "type", "status", "forms", "reading", "romanization", "holders", "note", "source")

    def __init__(self, id: str, type: str, status: str, forms: object, reading: str,  # noqa: A002
                 romanization: str, holders: object, note: str, source: str) -> None:
        self.id = id
        self.type = type
        self.status = status
        self.forms = forms
        self.reading = reading
        self.romanization = romanization
        self.holders = holders
        self.note = note
        self.source = source


def _values_digest(row: EntryRow, size: int) -> bytes:
    """`size` bytes of the digest of an entry's type, status, forms, reading and romanization (of
    marshal's version 0: the same bytes for equal values, interned or not, shared or not)."""
    from hashlib import blake2b
    from marshal import dumps

    return blake2b(dumps(row[1:6], 0), digest_size=size).digest()


def digests_by_id(pieces: tuple[Sequence[object], Sequence[bytes]] | None) -> dict[str, bytes]:
    """Per entry the store read as a piece of its own, by id, the first 8 bytes of that piece's digest."""
    if pieces is None:
        return {}
    return {cast("EntryRow", record)[0]: digest[:8] for record, digest in zip(*pieces) if type(record) is tuple}


def entries_from_rows(rows: Sequence[EntryRow]) -> list[Entry]:
    """The entries `entry_row` gave these rows, equal to the originals, in order."""
    made = list(starmap(_EntryTwin, rows))  # forms and holders still rows
    form_rows = list(chain.from_iterable(map(itemgetter(3), rows)))
    present = list(filter(None, form_rows))
    built: list[object] = list(starmap(_FormsTwin, present))
    for forms in built:
        forms.__class__ = Forms
    if len(present) < len(form_rows):
        rest = iter(built)
        built = [NO_FORMS if row is None else next(rest) for row in form_rows]
    widths = set(map(len, map(itemgetter(3), rows)))
    width = widths.pop() if len(widths) == 1 else 0
    if width:  # as always but for entries made by hand: one a locale
        per_entry: list[tuple[object, ...]] = list(zip(*[iter(built)] * width))
    else:
        per_entry, at = [], 0
        for row in rows:
            per_entry.append(tuple(built[at : at + len(row[3])]))
            at += len(row[3])
    for entry, forms in zip(made, per_entry):
        entry.forms = forms
        _finish(entry)
    return made  # type: ignore[return-value]  # every item is an Entry now


def _finish(entry: _EntryTwin) -> None:
    """Make a twin whose forms are made an Entry: its holders' rows become holders."""
    if entry.holders:
        entry.holders = tuple([
            Holder(person, start and date.fromisoformat(start), end and date.fromisoformat(end))
            for person, start, end in entry.holders  # type: ignore[attr-defined]
        ])
    entry.__class__ = Entry  # type: ignore[assignment]


def entry_from_row(row: EntryRow) -> Entry:
    """`entries_from_rows` of one row, without the bookkeeping of many (a third of the time)."""
    entry = _EntryTwin(*row)
    made: list[object] = []
    for form_row in row[3]:
        if form_row is None:
            made.append(NO_FORMS)
        else:
            forms = _FormsTwin(*form_row)
            forms.__class__ = Forms  # type: ignore[assignment]
            made.append(forms)
    entry.forms = tuple(made)
    _finish(entry)
    return entry  # type: ignore[return-value]  # an Entry now


# --- entries <-> fields ---------------------------------------------------------------------


def entry_fields(entry: Entry) -> dict[str, FieldValue]:
    """The entry's non-empty fields in the canonical order."""
    fields: dict[str, FieldValue] = {"id": entry.id, "type": entry.type, "status": entry.status}
    for locale, forms in zip(LOCALES, entry.forms):
        if forms.preferred:
            fields[locale] = forms.preferred
        if forms.admitted:
            fields[f"{locale}-admitted"] = forms.admitted
        if forms.forbidden:
            fields[f"{locale}-forbidden"] = forms.forbidden
        if forms.family:
            fields[f"{locale}-family"] = forms.family
        if forms.given:
            fields[f"{locale}-given"] = forms.given
        if locale == "ja" and entry.reading:
            fields["ja-reading"] = entry.reading
    for key, value in (
        ("romanization", entry.romanization),
        ("holders", tuple(str(holder) for holder in entry.holders)),
        ("note", entry.note),
        ("source", entry.source),
    ):
        if value:
            fields[key] = value
    # FIELD_KEYS order: the loop above yields it already, save for ja-reading which sits
    # between ja-given and zh-Hans, exactly where the locale loop put it.
    return fields


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A rule an entry's field breaks; the store or the spreadsheet adds the place."""

    field: str
    message: str


# Where each per-locale field lands: (index into LOCALES, index into the Forms fields).
_FORM_SLOT: dict[str, tuple[int, int]] = {
    f"{locale}{suffix}": (index, part)
    for index, locale in enumerate(LOCALES)
    for part, suffix in enumerate(("", "-admitted", "-forbidden", "-family", "-given"))
}


def entry_from_fields(fields: Mapping[str, object]) -> tuple[Entry | None, list[FieldProblem]]:
    """Build an entry from raw fields, or say every rule they break.

    Values are normalised on the way in: single-line text is stripped, a list given as text is
    split into lines and loses blank ones, line breaks in notes become LF.

    It runs for every entry of every glossary load, so it makes one pass over the fields present
    and one control-character search per entry; the detailed checks run only on what is there.
    """
    problems: list[FieldProblem] = []
    single: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in fields.items():
        kind = FIELD_KIND.get(key)
        if kind is None:
            problems.append(FieldProblem(key, f"unknown field '{key}'"))
        elif kind == "list":
            if isinstance(value, str):
                value = value.splitlines()
            if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
                problems.append(FieldProblem(key, "expected a list of values"))
                continue
            items = tuple(map(str.strip, value))
            if "" in items:
                items = tuple(item for item in items if item)
            if len(set(items)) != len(items):
                problems.extend(
                    FieldProblem(key, f"'{item}' is listed twice") for item in sorted(set(items)) if items.count(item) > 1
                )
            if items:
                lists[key] = items
        elif not isinstance(value, str):
            problems.append(FieldProblem(key, "expected a single value, not a list"))
        elif kind == "note":
            if value:
                single[key] = value.replace("\r\n", "\n").replace("\r", "\n")
        else:
            value = value.strip()
            if value:
                single[key] = value

    note = single.pop("note", "")
    if has_control_characters(" ".join([*single.values(), *(" ".join(items) for items in lists.values())])):
        for key, text in single.items():
            if has_control_characters(text):
                shape = "must be a single line" if "\n" in text or "\r" in text else "contains a control character"
                problems.append(FieldProblem(key, shape))
        for key, items in lists.items():
            problems.extend(
                FieldProblem(key, f"'{item}' contains a control character") for item in items if has_control_characters(item)
            )
    if has_control_characters(note, layout_allowed=True):
        problems.append(FieldProblem("note", "contains a control character"))

    entry_id = single.get("id", "")
    if not entry_id:
        problems.append(FieldProblem("id", "an entry needs an id"))
    elif len(entry_id) > ID_MAX_LENGTH or not ID_PATTERN.fullmatch(entry_id):
        problems.append(
            FieldProblem(
                "id",
                f"id '{entry_id}' must be lower-case letters, digits and single hyphens, "
                f"at most {ID_MAX_LENGTH} characters (e.g. sanae-takaichi)",
            )
        )
    elif entry_id in RESERVED_IDS:
        problems.append(FieldProblem("id", f"id '{entry_id}' is reserved; choose another"))

    entry_type = single.get("type", "")
    if entry_type not in TYPES:
        shown = f"'{entry_type}'" if entry_type else "missing"
        problems.append(FieldProblem("type", f"type is {shown}: use one of {', '.join(TYPES)}"))
    status = single.get("status", "draft")
    if status not in STATUSES:
        problems.append(FieldProblem("status", f"status '{status}' is not one of {', '.join(STATUSES)}"))

    slots: dict[int, list[object]] = {}
    for key, value in (*single.items(), *lists.items()):
        slot = _FORM_SLOT.get(key)
        if slot is not None:
            slots.setdefault(slot[0], ["", (), (), "", ""])[slot[1]] = value
    forms = [NO_FORMS] * len(LOCALES)
    for index, values in slots.items():
        forms[index] = Forms(*values)  # type: ignore[arg-type]
        if values[1] or values[2] or values[3] or values[4] or not values[0]:  # else nothing to check
            problems.extend(_form_problems(LOCALES[index], forms[index], entry_type))
    if not any(locale_forms.preferred for locale_forms in forms):
        problems.append(FieldProblem(LOCALES[0], "an entry needs a preferred form in at least one locale"))

    is_person = entry_type == "person" or entry_type not in TYPES
    reading = single.get("ja-reading", "")
    if reading and not is_person:
        problems.append(FieldProblem("ja-reading", "only people have a reading"))
    elif reading and not is_kana(reading):
        problems.append(FieldProblem("ja-reading", f"reading '{reading}' must be written in kana"))

    romanization = single.get("romanization", "")
    if romanization and romanization not in ROMANIZATIONS:
        problems.append(
            FieldProblem("romanization", f"'{romanization}' is not one of {', '.join(ROMANIZATIONS)}")
        )
    elif romanization and not is_person:
        problems.append(FieldProblem("romanization", "only people have a romanisation system"))

    holders: list[Holder] = []
    for line in lists.get("holders", ()):
        try:
            holder = Holder.parse(line)
        except ValueError as error:
            problems.append(FieldProblem("holders", str(error)))
            continue
        if holder.start and holder.end and holder.end < holder.start:
            problems.append(FieldProblem("holders", f"holder '{line}' ends before it starts"))
        holders.append(holder)
    problems.extend(FieldProblem("holders", message) for message in _overlapping_holders(holders))
    if holders and entry_type in TYPES and entry_type != "title":
        problems.append(FieldProblem("holders", "only titles have holders"))

    if problems:
        return None, problems
    entry = Entry(
        id=entry_id,
        type=entry_type,
        status=status,
        forms=tuple(forms),
        reading=reading,
        romanization=romanization,
        holders=tuple(holders),
        note=note,
        source=single.get("source", ""),
    )
    return entry, []


def _overlapping_holders(holders: Sequence[Holder]) -> Iterator[str]:
    """A title has one holder at a time, and one line per term of office.

    A missing date is an open end, as `Holder.holds_on` reads it; a term may begin on the day
    the one before it ends (the day of the handover). A holder with no dates at all only says
    that the person held the title once, so it clashes only with another line for the same person.
    One sweep in order of start dates, so a hostile list of thousands of holders stays fast.
    """
    order = sorted(range(len(holders)), key=lambda i: holders[i].start or date.min)
    latest_of: dict[str, int] = {}  # per person: the line whose term ends last so far
    latest: int | None = None  # among dated lines
    for index in order:
        holder = holders[index]
        own = latest_of.get(holder.person)
        if own is not None and holders[own] != holder:  # an identical line is already "listed twice"
            if _undated(holders[own]) or _undated(holder) or _terms_overlap(holders[own], holder):
                first, second = sorted((own, index))
                yield f"'{holders[first]}' and '{holders[second]}' overlap: give each term of {holder.person} once"
        if own is None or _ends_later(holder, holders[own]):
            latest_of[holder.person] = index
        if _undated(holder):
            continue
        if latest is not None and holders[latest].person != holder.person and _terms_overlap(holders[latest], holder):
            first, second = sorted((latest, index))
            yield f"'{holders[first]}' and '{holders[second]}' overlap: a title has one holder at a time"
        if latest is None or _ends_later(holder, holders[latest]):
            latest = index


def _undated(holder: Holder) -> bool:
    return holder.start is None and holder.end is None


def _ends_later(holder: Holder, other: Holder) -> bool:
    return (holder.end or date.max) > (other.end or date.max)


def _terms_overlap(first: Holder, second: Holder) -> bool:
    starts_first = first.start is None or second.end is None or first.start < second.end
    starts_second = second.start is None or first.end is None or second.start < first.end
    return starts_first and starts_second


def _form_problems(locale: str, forms: Forms, entry_type: str) -> Iterator[FieldProblem]:
    if (forms.admitted or forms.forbidden) and not forms.preferred:
        key = f"{locale}-admitted" if forms.admitted else f"{locale}-forbidden"
        yield FieldProblem(key, f"{locale} has other forms but no preferred form")
    if forms.preferred and forms.preferred in forms.admitted:
        yield FieldProblem(f"{locale}-admitted", f"'{forms.preferred}' is already the preferred form")
    for wrong in forms.forbidden:
        if wrong in forms.acceptable:
            yield FieldProblem(
                f"{locale}-forbidden", f"'{wrong}' is both an accepted and a forbidden form in {locale}"
            )
    if (forms.family or forms.given) and entry_type in TYPES and entry_type != "person":
        key = f"{locale}-family" if forms.family else f"{locale}-given"
        yield FieldProblem(key, "only people have family and given names")


def build_entry(fields: Mapping[str, object]) -> Entry:
    """Validate raw fields into an entry, raising ValidationError on any problem."""
    entry, problems = entry_from_fields(fields)
    if entry is None:
        raise ValidationError(problems=[_as_problem(problem) for problem in problems])
    return entry


def _as_problem(problem: FieldProblem) -> Problem:
    return Problem(f"{problem.field}: {problem.message}")


# --- the collection -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit: the entry, the text that matched, where it sits, and how well."""

    entry: Entry
    locale: str
    role: str
    text: str
    rank: int  # 0 the whole form, 1 a word of it begins with the query, 2 anywhere inside


@dataclass(frozen=True, slots=True)
class SharedForm:
    """Another entry that already uses one of an entry's forms."""

    locale: str
    text: str
    other: str


def holder_problems(persons: Iterable[str], type_of: Callable[[str], str | None]) -> list[str]:
    """What is wrong with the people a title names as its holders, given each entry's type by id."""
    problems = []
    for person in persons:
        kind = type_of(person)
        if kind is None:
            problems.append(f"holder '{person}' is not an entry of the glossary")
        elif kind != "person":
            problems.append(f"holder '{person}' is a {kind}, not a person")
    return problems


@dataclass
class Glossary:
    """Entries by id, plus the ids of removed entries, which are never given out again."""

    entries: dict[str, Entry] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    # Where the glossary was loaded from, as long as it is unchanged since: the store's state
    # folder and the digest of the file's bytes, which key records made from it (the matchers
    # `GlossaryMatcher` keeps). Every change below forgets it.
    origin: tuple[Path, bytes] | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, entries: Iterable[Entry], retired: Iterable[str] = ()) -> Glossary:
        entries = list(entries)
        return cls(dict(zip(map(attrgetter("id"), entries), entries)), set(retired))

    @classmethod
    def of_rows(cls, rows: Sequence[EntryRow], retired: Iterable[str] = (),
                pieces: tuple[Sequence[object], Sequence[bytes]] | None = None) -> Glossary:
        """The glossary of these rows (as `entry_row` made them), its entries made when first
        needed: `entry` makes one alone, and the first use of `entries` makes the rest at once.
        A run that meets a few of 100,000 entries (a merge whose matchers were kept) does not pay
        for the others. `pieces`: the store's pieces of the file the rows were read from, each a
        row (an entry alone) or something else, and the digest of each piece's text (see
        `fingerprints`)."""
        glossary = cls.__new__(cls)
        glossary.__dict__.update(retired=set(retired), origin=None,
                                 _rows=dict(zip(map(itemgetter(0), rows), rows)), _made={}, _pieces=pieces)
        return glossary

    @classmethod
    def of_row_view(cls, rows: Mapping[str, EntryRow], retired: Iterable[str], digests: Mapping[str, bytes]) -> Glossary:
        """`of_rows`, from rows by id that may be read only when asked (the store's view of the
        file's entries one by one), and the digests `fingerprints` takes (`digests_by_id`)."""
        glossary = cls.__new__(cls)
        glossary.__dict__.update(retired=set(retired), origin=None, _rows=rows, _made={}, _pieces=None, _digests=digests)
        return glossary

    def read_from(self, pieces: tuple[Sequence[object], Sequence[bytes]]) -> None:
        """The store's pieces of the file this glossary was just read from, as `of_rows` takes
        them: its fingerprints are then those any later read of the file gives."""
        self.__dict__["_digests"] = digests_by_id(pieces)

    def fingerprints(self) -> dict[str, bytes]:
        """Per entry, by id, 8 bytes that differ whenever its type, forms, reading or romanization
        do: the start of the digest of its text in the file, where the store read it as a piece of
        its own, else of its values."""
        state = self.__dict__
        kept = state.get("_fingerprints")
        if kept is not None and self.origin is not None and kept[0] is self.origin:
            return dict(kept[1])  # (a build asks once for each matcher and for the glossary checks)
        known = state.get("_digests")
        if known is None:
            known = digests_by_id(state.get("_pieces"))
        rows = self.rows()  # (a row is read only where no digest is known: the store's view reads each when asked)
        made = {entry_id: known.get(entry_id) or b"v" + _values_digest(rows[entry_id], 7) for entry_id in rows}
        if self.origin is not None:  # kept only while the glossary is the file's, which every change forgets
            state["_fingerprints"] = (self.origin, made)
        return dict(made)

    def value_fingerprints(self) -> dict[str, bytes]:
        """Per entry, by id, 8 bytes that differ whenever its type, status, forms, reading or
        romanization do (all the glossary checks read, and the status, which they do not), from
        those values alone: the same however the glossary was read (the glossary checks' records
        outlive a first run that read the file without its cache)."""
        return {entry_id: _values_digest(row, 8) for entry_id, row in self.rows().items()}

    def __copy__(self) -> Glossary:
        """The same entries in a glossary of their own: a change to either leaves the other as it
        is (and its origin true)."""
        copied = Glossary.__new__(Glossary)
        state = copied.__dict__
        state.update(self.__dict__)
        for name in ("entries", "_rows", "_made", "_digests"):
            if name in state:
                state[name] = dict(state[name])
        state["retired"] = set(state["retired"])
        return copied

    def forget_origin(self) -> None:
        """Forget where the glossary came from: it is about to change."""
        self.origin = None
        self.__dict__.pop("_pieces", None)
        self.__dict__.pop("_digests", None)
        self.__dict__.pop("_fingerprints", None)

    if not TYPE_CHECKING:  # (for mypy, a class with __getattr__ would have every attribute)
        def __getattr__(self, name):
            """`entries` of a glossary `of_rows` made: made on first use (the ones `entry` made kept)."""
            state = self.__dict__
            if name != "entries" or "_rows" not in state:
                raise AttributeError(name)
            rows, made = state.pop("_rows"), state.pop("_made")
            built = iter(entries_from_rows([row for entry_id, row in rows.items() if entry_id not in made]))
            entries = state["entries"] = {entry_id: made.get(entry_id) or next(built) for entry_id in rows}
            if state.get("_pieces") is not None:  # the rows let go of: the pieces hold them too
                state["_digests"] = digests_by_id(state.pop("_pieces"))
            return entries

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id (KeyError if there is none), without making the others."""
        state = self.__dict__
        if "entries" in state:
            return cast("dict[str, Entry]", state["entries"])[entry_id]
        made: dict[str, Entry] = state["_made"]
        found = made.get(entry_id)
        if found is None:
            rows = state["_rows"]
            if len(made) >= max(MADE_ALONE, len(rows) // 8):
                # Many met (a large article mentions much of the glossary): the rest made at once
                # and the rows let go of, rather than rows and entries held side by side.
                return self.entries[entry_id]
            found = made[entry_id] = entry_from_row(rows[entry_id])
        return found

    def rows(self) -> dict[str, EntryRow]:
        """Each entry as `entry_row` gives it, by id, without making the entries not yet made."""
        state = self.__dict__
        if "entries" in state:
            return {entry_id: entry_row(entry) for entry_id, entry in cast("dict[str, Entry]", state["entries"]).items()}
        return cast("dict[str, EntryRow]", state["_rows"])

    def ids(self) -> KeysView[str]:
        """The ids of the entries, without making them."""
        state = self.__dict__
        return cast("dict[str, object]", state["entries"] if "entries" in state else state["_rows"]).keys()

    def __len__(self) -> int:
        state = self.__dict__
        return len(state["entries"] if "entries" in state else state["_rows"])

    def __iter__(self) -> Iterator[Entry]:
        """Entries in id order, the order of every listing and of the store."""
        return (self.entries[key] for key in sorted(self.entries))

    def __contains__(self, entry_id: object) -> bool:
        state = self.__dict__
        return entry_id in (state["entries"] if "entries" in state else state["_rows"])

    def __getitem__(self, entry_id: str) -> Entry:
        try:
            return self.entries[entry_id]
        except KeyError:
            raise ValidationError(f"no glossary entry with id '{entry_id}'") from None

    def add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            raise ValidationError(f"an entry with id '{entry.id}' already exists; use 'glossary edit'")
        if entry.id in self.retired:
            raise ValidationError(f"id '{entry.id}' belonged to a removed entry and is never reused")
        self._check_holders(entry)
        self.forget_origin()
        self.entries[entry.id] = entry

    def replace(self, entry: Entry) -> None:
        self[entry.id]  # raises for an unknown id
        self._check_holders(entry)
        if entry.type != "person":
            self._check_not_held(entry.id, f"'{entry.id}' cannot stop being a person")
        self.forget_origin()
        self.entries[entry.id] = entry

    def remove(self, entry_id: str) -> Entry:
        entry = self[entry_id]
        self._check_not_held(entry_id, f"cannot remove '{entry_id}'")
        self.forget_origin()
        del self.entries[entry_id]
        self.retired.add(entry_id)
        return entry

    def holder_problems(self, entry: Entry) -> list[str]:
        """What is wrong with the people an entry names as holders of its title."""
        return holder_problems([holder.person for holder in entry.holders], self._type_of)

    def _type_of(self, entry_id: str) -> str | None:
        entry = self.entries.get(entry_id)
        return entry.type if entry is not None else None

    def _check_holders(self, entry: Entry) -> None:
        problems = self.holder_problems(entry)
        if problems:
            raise ValidationError(problems=[_as_problem(FieldProblem("holders", p)) for p in problems])

    def _check_not_held(self, entry_id: str, what: str) -> None:
        titles = [title.id for title in self.entries.values() if any(h.person == entry_id for h in title.holders)]
        if titles:
            raise ValidationError(f"{what}: it is a holder of {', '.join(sorted(titles))}")

    def shared_forms(self, entry: Entry) -> list[SharedForm]:
        """Forms of `entry` that another entry already has in the same locale."""
        found = []
        for other in self:
            if other.id == entry.id:
                continue
            for locale, mine, theirs in zip(LOCALES, entry.forms, other.forms):
                for text in set(mine.acceptable) & set(theirs.acceptable):
                    found.append(SharedForm(locale, text, other.id))
        return found

    def select(
        self,
        *,
        types: Sequence[str] = (),
        statuses: Sequence[str] = (),
        missing: str | None = None,
    ) -> list[Entry]:
        """Entries of the given types and statuses, lacking a preferred form in `missing`."""
        return [
            entry
            for entry in self
            if (not types or entry.type in types)
            and (not statuses or entry.status in statuses)
            and (missing is None or not entry.form(missing).preferred)
        ]

    def find(self, query: str) -> list[Match]:
        """Entries with a form, name part or reading that contains `query`, loosely compared.

        Best first: whole-form matches, then a word beginning with the query, then any inner
        match; one hit per entry (its best).
        """
        key = search_key(query)
        if not key:
            return []
        entries = list(self.entries.values())
        if len(entries) < FOLD_AT_ONCE:
            return best_matches(key, entries)
        lines = folded_search_lines(list(map(entry_row, entries)))
        return best_matches(key, [entries[index] for index in search_candidates(key, lines, len(entries))])


# --- search ---------------------------------------------------------------------------------
# Folding 100,000 entries text by text takes seconds; folding all their texts as one string takes
# a fraction of that. Folding works character by character, save for normalisation, which never
# joins a character to a line break or a tab (starters that compose with nothing), so the folded
# whole is the folded texts, one entry a line, one text a tab: every entry that holds the key holds
# it on its line (a candidate that does not is dropped by best_matches). The store keeps each
# entry's folded line (GlossaryStore.find), so that a search folds only what was edited.

FOLD_AT_ONCE = 100  # entries: below this, folding text by text costs nothing worth saving
MADE_ALONE = 256  # entries `Glossary.entry` makes one by one before it makes a glossary's all at once
_LINE_BREAK = re.compile("\n")


def search_key(query: str) -> str:
    """The query as searches compare it."""
    return fold(query).strip()


def search_line(row: EntryRow) -> str:
    """Every text `Entry.texts` yields, tab-separated (empty ones too: they match nothing), from
    the entry's row."""
    parts = [row[4]]
    for forms in row[3]:
        if forms is not None:
            parts += (forms[0], *forms[1], *forms[2], forms[3], forms[4])
    return "\t".join(parts)


def folded_search_lines(rows: Sequence[EntryRow]) -> str:
    """The rows' search lines, folded, one a line."""
    return fold("\n".join(map(search_line, rows)))


def search_candidates(key: str, lines: str, count: int) -> Sequence[int]:
    """The indexes of the lines of `lines` that hold `key`; every index up to `count` when the
    text does not have `count` lines (a text with a line break: only an entry built by hand has
    one) or the key has a line break."""
    if "\n" in key or lines.count("\n") != count - 1:
        return range(count)
    found: list[int] = []
    position = lines.find(key)
    if position < 0:
        return found
    starts = line_starts(lines)
    while position >= 0:
        index = bisect.bisect_right(starts, position) - 1
        found.append(index)
        if index + 1 == count:
            break
        position = lines.find(key, starts[index + 1])
    return found


def line_starts(text: str) -> list[int]:
    """Where each line of `text` begins."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def best_matches(key: str, entries: Iterable[Entry]) -> list[Match]:
    """Each entry's best hit for the folded `key`, best first (then by id); entries without one left out."""
    best = [match for entry in entries if (match := _best_match(entry, key)) is not None]
    return sorted(best, key=lambda match: (match.rank, match.entry.id))


def _best_match(entry: Entry, key: str) -> Match | None:
    """The entry's best hit for the folded `key`, or None."""
    found: Match | None = None
    for locale, role, text in entry.texts():
        folded = fold(text)
        position = folded.find(key)
        if position < 0:
            continue
        if folded == key:
            rank = 0
        elif position == 0 or not folded[position - 1].isalnum() or not folded.isascii():
            rank = 1
        else:
            rank = 2
        if found is None or rank < found.rank:
            found = Match(entry, locale, role, text, rank)
    return found


# --- editing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryChanges:
    """Edits to an entry's fields, applied in the order: clear, set, remove, append."""
    # remove_forms finds which list (admitted or forbidden) holds the form, and removes it there.

    clear: tuple[str, ...] = ()
    set: tuple[tuple[str, str], ...] = ()  # (field, text); empty text clears the field
    remove: tuple[tuple[str, str], ...] = ()  # (list field, value); for holders, a person id
    append: tuple[tuple[str, str], ...] = ()  # (list field, value), skipped if already there
    remove_forms: tuple[tuple[str, str], ...] = ()  # (locale, text): an admitted or forbidden form

    def apply(self, fields: Mapping[str, FieldValue]) -> dict[str, FieldValue]:
        """The fields after these changes (not yet validated: pass them to `build_entry`)."""
        result = dict(fields)
        for key in self.clear:
            _known(key)
            if key == "id":
                raise ValidationError("an entry's id never changes; remove the entry and add a new one")
            result.pop(key, None)
        for key, text in self.set:
            _known(key)
            if text:
                result[key] = text
            else:
                result.pop(key, None)
        removals = list(self.remove)
        for locale, text in self.remove_forms:
            holding = [f"{locale}-{kind}" for kind in ("admitted", "forbidden") if text in result.get(f"{locale}-{kind}", ())]
            if not holding:
                raise ValidationError(f"{result.get('id', 'the entry')} has no admitted or forbidden {locale} form '{text}'")
            removals.append((holding[0], text))
        for key, value in removals:
            current = result.get(key, ())
            kept = tuple(
                item for item in current if item != value and not (key == "holders" and item.split()[0] == value)
            )
            if len(kept) == len(current):
                raise ValidationError(f"{key} has no '{value}' to remove")
            result[key] = kept
        for key, value in self.append:
            current = tuple(result.get(key, ()))
            if value not in current:
                result[key] = current + (value,)
        return {key: value for key, value in result.items() if value}


def _known(key: str) -> None:
    if key not in FIELD_KIND:
        raise ValidationError(f"unknown field '{key}'; fields are: {', '.join(FIELD_KEYS)}")
