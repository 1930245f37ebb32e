"""Hypothesis strategies for valid glossaries: CJK, kana, accents, quotes, formula-like text."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from translator.glossary import TYPES, Entry, Forms, Glossary, Holder, entry_from_fields
from translator.language.locales import LOCALES

_ALPHABET = st.sampled_from(
    list("AbcXyz Ōōéü高市早苗劉勁松刘劲松臺灣たかいちカタナー・=+-@'\"\\#[]{},.:;/|&<>%$!?（）「」“”")
    + ["\u3000", "𠮷", "ﾀ", "Ａ"]
)
single_line = st.text(_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
# Values that spreadsheets would read as formulas, and other awkward starts.
formula_like = st.sampled_from(["=1+2", "+81 3", "-minus", "@handle", "=HYPERLINK(\"x\")", "'quoted", "#hash", "[x]"])
text_value = st.one_of(single_line, formula_like)
note_value = st.one_of(
    st.just(""),
    st.text(st.one_of(_ALPHABET, st.sampled_from(["\n", "\t"])), max_size=30),
    st.sampled_from(["\tleading tab", "=SUM(A1:A2)", "line one\nline two", "\n", "trailing space "]),
)
kana = st.text(st.sampled_from(list("たかいちさなえオシマー ")), min_size=1, max_size=8).map(str.strip).filter(bool)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def forms(draw: st.DrawFn, person: bool) -> Forms:
    if not draw(st.booleans()):
        return Forms()
    preferred = draw(text_value)
    admitted = draw(st.lists(text_value, max_size=3, unique=True).map(lambda xs: [x for x in xs if x != preferred]))
    forbidden = draw(
        st.lists(text_value, max_size=2, unique=True).map(lambda xs: [x for x in xs if x != preferred and x not in admitted])
    )
    family = draw(st.one_of(st.just(""), text_value)) if person else ""
    given = draw(st.one_of(st.just(""), text_value)) if person else ""
    return Forms(preferred, tuple(admitted), tuple(forbidden), family, given)


@st.composite
def entry(draw: st.DrawFn, entry_id: str, entry_type: str, people: list[str]) -> Entry:
    person = entry_type == "person"
    locale_forms = [draw(forms(person)) for _ in LOCALES]
    if not any(f.preferred for f in locale_forms):
        locale_forms[0] = Forms(draw(text_value))
    holders: tuple[Holder, ...] = ()
    if entry_type == "title" and people:
        count = draw(st.integers(0, 2))
        found = []
        for _ in range(count):
            start = draw(st.one_of(st.none(), dates))
            end = draw(st.one_of(st.none(), dates))
            if start and end and end < start:
                start, end = end, start
            found.append(Holder(draw(st.sampled_from(people)), start, end))
        holders = tuple(dict.fromkeys(found))
        holders = tuple(h for i, h in enumerate(holders) if str(h) not in [str(x) for x in holders[:i]])
        holders = _one_holder_at_a_time(holders)
    return Entry(
        id=entry_id,
        type=entry_type,
        status=draw(st.sampled_from(["draft", "approved"])),
        forms=tuple(locale_forms),
        reading=draw(st.one_of(st.just(""), kana)) if person else "",
        romanization=draw(st.sampled_from(["", "hepburn", "pinyin", "wade-giles", "other"])) if person else "",
        holders=holders,
        note=draw(note_value),
        source=draw(st.one_of(st.just(""), text_value)),
    )


@st.composite
def glossaries(draw: st.DrawFn, max_entries: int = 6) -> Glossary:
    count = draw(st.integers(0, max_entries))
    types = [draw(st.sampled_from(TYPES)) for _ in range(count)]
    people = [f"e{i}" for i, kind in enumerate(types) if kind == "person"]
    entries = [draw(entry(f"e{i}", kind, people)) for i, kind in enumerate(types)]
    retired = draw(st.lists(st.sampled_from(["old-a", "old-b", "gone"]), unique=True))
    return Glossary.of(entries, retired)


def _one_holder_at_a_time(holders: tuple[Holder, ...]) -> tuple[Holder, ...]:
    """The holders whose terms do not overlap, which is all a title may have."""
    kept: list[Holder] = []
    for holder in holders:
        _, problems = entry_from_fields({"id": "t", "type": "title", "en": "T", "holders": [str(h) for h in (*kept, holder)]})
        if not problems:
            kept.append(holder)
    return tuple(kept)
