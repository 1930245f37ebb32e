"""The glossary model: validation rules, search, edits."""

from __future__ import annotations

from datetime import date

import pytest

from translator.errors import ValidationError
from translator.glossary import EntryChanges, Glossary, Holder, build_entry, entry_fields, entry_from_fields
from translator.language.scripts import fold


def _problems(**fields: object) -> list[str]:
    fields = {"id": "x", "type": "person", "en": "X", **fields}
    _, problems = entry_from_fields({key.replace("_", "-"): value for key, value in fields.items()})
    return [f"{p.field}: {p.message}" for p in problems]


def test_a_valid_entry_has_no_problems() -> None:
    assert _problems(ja="高市早苗", ja_reading="たかいち さなえ", en_admitted=["TAKAICHI Sanae"]) == []


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"id": "Bad"}, "id: id 'Bad' must be lower-case letters"),
        ({"id": "a--b"}, "id: id 'a--b' must be lower-case"),
        ({"id": "format"}, "id: id 'format' is reserved"),
        ({"type": ""}, "type: type is missing"),
        ({"status": "final"}, "status: status 'final' is not one of draft, approved"),
        ({"en": ""}, "en: an entry needs a preferred form in at least one locale"),
        ({"ja_admitted": ["首相"]}, "ja-admitted: ja has other forms but no preferred form"),
        ({"en_admitted": ["X"]}, "en-admitted: 'X' is already the preferred form"),
        ({"en_admitted": ["Y", "Y"]}, "en-admitted: 'Y' is listed twice"),
        ({"en_forbidden": ["X"]}, "en-forbidden: 'X' is both an accepted and a forbidden form in en"),
        ({"type": "term", "en_family": "X"}, "en-family: only people have family and given names"),
        ({"type": "term", "ja_reading": "えっくす"}, "ja-reading: only people have a reading"),
        ({"ja_reading": "高市"}, "ja-reading: reading '高市' must be written in kana"),
        ({"romanization": "kunrei"}, "romanization: 'kunrei' is not one of hepburn, pinyin, wade-giles, other"),
        ({"type": "place", "romanization": "pinyin"}, "romanization: only people have a romanisation system"),
        ({"holders": ["y from 2025-10-21"]}, "holders: only titles have holders"),
        ({"type": "title", "holders": ["y from 2025-10-21 to 2020-01-01"]}, "holders: holder 'y from 2025-10-21 to 2020-01-01' ends before it starts"),
        ({"type": "title", "holders": ["y since 2020"]}, "holders: holder 'y since 2020' is not 'PERSON-ID [from YYYY-MM-DD] [to YYYY-MM-DD]'"),
        ({"type": "title", "holders": ["y from 2020-02-30"]}, "holders: holder 'y from 2020-02-30': '2020-02-30' is not a date"),
        ({"en": "two\nlines"}, "en: must be a single line"),
        ({"en": "bell\x07"}, "en: contains a control character"),
        ({"note": "nul\x00"}, "note: contains a control character"),
        ({"colour": "red"}, "colour: unknown field 'colour'"),
    ],
)
def test_each_rule(fields: dict[str, object], problem: str) -> None:
    found = _problems(**fields)
    assert any(text.startswith(problem) for text in found), found


@pytest.mark.parametrize(
    ("holders", "problem"),
    [
        (["a from 2020-01-01 to 2021-06-30", "b from 2021-01-01 to 2022-01-01"],
         "holders: 'a from 2020-01-01 to 2021-06-30' and 'b from 2021-01-01 to 2022-01-01' overlap: a title has one holder at a time"),
        (["b from 2021-01-01", "a to 2021-06-30"],
         "holders: 'b from 2021-01-01' and 'a to 2021-06-30' overlap: a title has one holder at a time"),
        (["a from 2020-01-01", "b from 2024-01-01"],
         "holders: 'a from 2020-01-01' and 'b from 2024-01-01' overlap: a title has one holder at a time"),
        (["a from 2020-01-01 to 2022-01-01", "a from 2021-01-01"],
         "holders: 'a from 2020-01-01 to 2022-01-01' and 'a from 2021-01-01' overlap: give each term of a once"),
        (["a", "a from 2021-01-01"], "holders: 'a' and 'a from 2021-01-01' overlap: give each term of a once"),
    ],
)
def test_title_holders_overlapping_are_refused_naming_both(holders: list[str], problem: str) -> None:
    assert _problems(type="title", holders=holders) == [problem]


@pytest.mark.parametrize(
    "holders",
    [
        ["a from 2020-01-01 to 2021-01-01", "b from 2021-01-01"],  # the day of the handover
        ["a from 2020-01-01 to 2021-01-01", "a from 2023-01-01"],  # a second term
        ["a from 2020-01-01 to 2021-01-01", "b"],  # b held it once, dates unknown
        ["a", "b"],
    ],
)
def test_successive_terms_and_undated_holders_are_accepted(holders: list[str]) -> None:
    assert _problems(type="title", holders=holders) == []


def test_thousands_of_holders_are_checked_quickly() -> None:
    holders = [f"p{i} from {2000 + i // 365:04d}-01-01" for i in range(0, 20_000, 400)]
    holders += [f"q{i} from 1900-01-01 to 1900-01-02" for i in range(5000)]
    found = _problems(type="title", holders=holders)
    assert len(found) < 5100 and all("overlap" in text for text in found)


def test_values_are_normalised() -> None:
    entry = build_entry({"id": "x", "type": "term", "en": "  X  ", "en-admitted": "\n Y \n\nZ", "note": "a\r\nb\rc"})
    assert entry.form("en").preferred == "X"
    assert entry.form("en").admitted == ("Y", "Z")
    assert entry.note == "a\nb\nc"


def test_entry_fields_round_trip() -> None:
    entry = build_entry({"id": "pm", "type": "title", "en": "PM", "holders": ["a from 2020-01-01 to 2021-01-01", "b"]})
    assert build_entry(entry_fields(entry)) == entry
    assert entry.holders == (Holder("a", date(2020, 1, 1), date(2021, 1, 1)), Holder("b"))
    assert entry.holders[0].holds_on(date(2020, 6, 1)) and not entry.holders[0].holds_on(date(2022, 1, 1))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Ōshima", "tadamori-oshima"), ("oshima", "tadamori-oshima"), ("ＴＡＫＡＩＣＨＩ", "sanae-takaichi"),
        ("takaichi", "sanae-takaichi"), ("高市", "sanae-takaichi"), ("タカイチ", "sanae-takaichi"),
        ("劉勁松", "liu-jinsong"), ("刘劲松", "liu-jinsong"), ("jinsong", "liu-jinsong"), ("首相", "prime-minister"),
    ],
)
def test_find_by_any_form_in_any_script(query: str, found: str) -> None:
    glossary = Glossary.of([
        build_entry({"id": "tadamori-oshima", "type": "person", "en": "Tadamori Oshima", "ja": "大島理森"}),
        build_entry({"id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "ja": "高市早苗", "ja-reading": "たかいち さなえ"}),
        build_entry({"id": "liu-jinsong", "type": "person", "en": "Liu Jinsong", "ja": "劉勁松", "zh-Hans": "刘劲松"}),
        build_entry({"id": "prime-minister", "type": "title", "en": "Prime Minister", "ja": "内閣総理大臣", "ja-admitted": ["首相"]}),
    ])
    assert [match.entry.id for match in glossary.find(query)][:1] == [found]


def test_find_ranks_whole_forms_first() -> None:
    glossary = Glossary.of([
        build_entry({"id": "abe", "type": "person", "en": "Abe"}),
        build_entry({"id": "babel", "type": "term", "en": "Babel"}),
        build_entry({"id": "abe-shinzo", "type": "person", "en": "Shinzo Abe"}),
    ])
    assert [m.entry.id for m in glossary.find("abe")] == ["abe", "abe-shinzo", "babel"]
    assert glossary.find("   ") == []


def test_fold_keeps_kana_voicing_marks() -> None:
    assert fold("が") != fold("か")
    assert fold("Ōshima") == fold("OSHIMA") == "oshima"


def test_add_refuses_duplicates_and_retired_ids() -> None:
    glossary = Glossary()
    glossary.add(build_entry({"id": "x", "type": "term", "en": "X"}))
    with pytest.raises(ValidationError, match="already exists"):
        glossary.add(build_entry({"id": "x", "type": "term", "en": "X2"}))
    glossary.remove("x")
    with pytest.raises(ValidationError, match="never reused"):
        glossary.add(build_entry({"id": "x", "type": "term", "en": "X3"}))


def test_a_holder_cannot_be_removed_or_stop_being_a_person() -> None:
    glossary = Glossary()
    glossary.add(build_entry({"id": "p", "type": "person", "en": "P"}))
    glossary.add(build_entry({"id": "t", "type": "title", "en": "T", "holders": ["p"]}))
    with pytest.raises(ValidationError, match="cannot remove 'p': it is a holder of t"):
        glossary.remove("p")
    with pytest.raises(ValidationError, match="'p' cannot stop being a person"):
        glossary.replace(build_entry({"id": "p", "type": "term", "en": "P"}))
    with pytest.raises(ValidationError, match="holder 'q' is not an entry"):
        glossary.add(build_entry({"id": "t2", "type": "title", "en": "T2", "holders": ["q"]}))


def test_shared_forms_are_found() -> None:
    glossary = Glossary()
    glossary.add(build_entry({"id": "a", "type": "place", "en": "Osaka", "ja": "大阪"}))
    new = build_entry({"id": "b", "type": "organisation", "en": "Osaka Prefecture", "ja": "大阪"})
    assert [(s.locale, s.text, s.other) for s in glossary.shared_forms(new)] == [("ja", "大阪", "a")]


def test_select_filters() -> None:
    glossary = Glossary.of([
        build_entry({"id": "a", "type": "place", "en": "A", "zh-Hant": "甲"}),
        build_entry({"id": "b", "type": "person", "en": "B", "status": "approved"}),
    ])
    assert [e.id for e in glossary.select(missing="zh-Hant")] == ["b"]
    assert [e.id for e in glossary.select(types=["place"])] == ["a"]
    assert [e.id for e in glossary.select(statuses=["approved"])] == ["b"]


def test_changes_set_append_remove_clear() -> None:
    fields = entry_fields(build_entry({"id": "t", "type": "title", "en": "T", "en-admitted": ["U"], "holders": ["p from 2020-01-01"], "note": "n"}))
    changed = EntryChanges(
        clear=("note",), set=(("ja", "題"),), remove=(("holders", "p"),), append=(("en-admitted", "V"), ("en-admitted", "U"))
    ).apply(fields)
    assert changed == {"id": "t", "type": "title", "status": "draft", "en": "T", "en-admitted": ("U", "V"), "ja": "題"}
    with pytest.raises(ValidationError, match="has no 'W' to remove"):
        EntryChanges(remove=(("en-admitted", "W"),)).apply(fields)
    with pytest.raises(ValidationError, match="id never changes"):
        EntryChanges(clear=("id",)).apply(fields)
