"""The glossary file: deterministic text, exact line numbers for broken hand edits, atomic saves."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from translator.errors import InputError, ValidationError
from translator.glossary import Entry, Glossary, build_entry, entry_fields
from translator.formats.glossary_toml import GlossaryStore, format_glossary, parse_glossary
from tests.strategies import glossaries

SAMPLE = """\
format = 1

[sanae-takaichi]
type = "person"
status = "approved"
en = "Sanae Takaichi"
en-admitted = ["TAKAICHI Sanae"]
ja = "高市早苗"
ja-reading = "たかいち さなえ"
"""


def _one_holder_at_a_time(glossary: Glossary) -> Glossary:
    """The generated glossary without the holders whose terms overlap, which the reader refuses."""
    return Glossary.of(map(_without_overlaps, glossary), glossary.retired)


def _without_overlaps(entry: Entry) -> Entry:
    kept: list[str] = []
    for holder in entry.holders:
        try:
            build_entry({**entry_fields(entry), "holders": [*kept, str(holder)]})
        except ValidationError:
            continue
        kept.append(str(holder))
    return replace(entry, holders=tuple(h for h in entry.holders if str(h) in kept))


valid_glossaries = glossaries().map(_one_holder_at_a_time)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(valid_glossaries)
def test_text_round_trip(glossary: Glossary) -> None:
    text = format_glossary(glossary)
    again = parse_glossary(text, "g.toml")
    assert again.entries == glossary.entries
    assert again.retired == glossary.retired
    assert format_glossary(again) == text


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(valid_glossaries)
def test_file_is_valid_toml_with_the_same_content(glossary: Glossary) -> None:
    text = format_glossary(glossary)
    data = tomllib.loads(text)
    for entry in glossary:
        table = data[entry.id]
        assert table["type"] == entry.type
        if entry.note:
            assert table["note"] == entry.note
        assert table.get("en-admitted", []) == list(entry.form("en").admitted)
        assert table.get("holders", []) == [str(h) for h in entry.holders]


def test_unchanged_glossary_saves_the_same_bytes(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    glossary = store.load()
    store.save(glossary)
    first = store.path.read_bytes()
    store.save(store.load())
    assert store.path.read_bytes() == first


def test_editing_one_entry_changes_only_its_lines(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    glossary = Glossary()
    for name in ("alpha", "bravo", "charlie"):
        glossary.add(build_entry({"id": name, "type": "term", "en": name.title()}))
    store.save(glossary)
    before = store.path.read_text(encoding="utf-8").splitlines()
    glossary.replace(build_entry({"id": "bravo", "type": "term", "en": "Bravo", "ja": "ブラボー"}))
    store.save(glossary)
    after = store.path.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == ['ja = "ブラボー"']
    assert [line for line in before if line not in after] == []


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("[sanae-takaichi]", "[sanae-takaichi", 3, "expected a table header such as [sanae-takaichi]"),
        ('en = "Sanae Takaichi"', "en = Sanae Takaichi", 6, "en: values are quoted strings"),
        ('en = "Sanae Takaichi"', 'en = "Sanae Takaichi', 6, "en: unterminated string starting at column 6"),
        ('["TAKAICHI Sanae"]', '["TAKAICHI Sanae",', 7, "expecting value at column 33 (arrays must stay on one line)"),
        ('"approved"', '"approved" extra', 5, "status: unexpected text after the value: 'extra'"),
        ("", 'colour = "red"', 10, "unknown field 'colour'"),
        ('"person"', '"people"', 4, "[sanae-takaichi] type: type is 'people': use one of"),
        ('"たかいち さなえ"', '"takaichi"', 9, "[sanae-takaichi] ja-reading: reading 'takaichi' must be written in kana"),
        ('en = "Sanae Takaichi"', 'en = "Sanae Takaichi"\nen = "Other"', 7, "field 'en' is set twice in [sanae-takaichi]"),
        ("", 'en-forbidden = ["TAKAICHI Sanae"]', 10, "'TAKAICHI Sanae' is both an accepted and a forbidden form in en"),
        ("", "[sanae-takaichi]", 10, "entry 'sanae-takaichi' is defined twice (first on line 3)"),
    ],
)
def test_hand_edit_errors_name_file_and_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    text = SAMPLE.replace(old, new, 1) if old else SAMPLE + new + "\n"
    store = GlossaryStore(tmp_path)
    store.path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        store.load()
    first = caught.value.problems[0]
    assert (first.file, first.line) == (str(store.path), line), str(caught.value)
    assert message in first.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = SAMPLE + 'colour = "red"\n\n[bad id]\ntype = "term"\n\n[x]\ntype = "gadget"\nen = "X"\n'
    with pytest.raises(InputError) as caught:
        parse_glossary(text, "g.toml")
    assert [str(p) for p in caught.value.problems] == [
        "g.toml:10: unknown field 'colour'",
        "g.toml:12: expected a table header such as [sanae-takaichi]",
        "g.toml:16: [x] type: type is 'gadget': use one of person, title, organisation, place, term",
    ]


def test_holder_must_be_a_person_of_the_glossary(tmp_path: Path) -> None:
    text = SAMPLE + '\n[pm]\ntype = "title"\nen = "Prime Minister"\nholders = ["nobody from 2020-01-01"]\n'
    with pytest.raises(InputError, match=r"g.toml:14: \[pm\] holders: holder 'nobody' is not an entry"):
        parse_glossary(text, "g.toml")


def test_overlapping_title_holders_are_reported_with_both_terms() -> None:
    people = '\n[a]\ntype = "person"\nen = "A"\n\n[b]\ntype = "person"\nen = "B"\n'
    title = '\n[pm]\ntype = "title"\nen = "PM"\nholders = ["a from 2020-01-01 to 2021-06-30", "b from 2021-01-01"]\n'
    with pytest.raises(InputError) as caught:
        parse_glossary(SAMPLE + people + title, "g.toml")
    assert [str(p) for p in caught.value.problems] == [
        "g.toml:22: [pm] holders: 'a from 2020-01-01 to 2021-06-30' and 'b from 2021-01-01' overlap: "
        "a title has one holder at a time"
    ]
    handover = title.replace("2021-06-30", "2021-01-01")
    assert len(parse_glossary(SAMPLE + people + handover, "g.toml")["pm"].holders) == 2


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_bytes(SAMPLE.encode() + b'note = "\xff"\n')
    with pytest.raises(InputError, match="glossary.toml:10: not valid UTF-8"):
        store.load()


def test_bom_comments_and_literal_strings_are_read(tmp_path: Path) -> None:
    text = "\ufeff# a comment\n" + SAMPLE.replace('"Sanae Takaichi"', "'Sanae Takaichi'  # preferred")
    glossary = parse_glossary(text, "g.toml")
    assert glossary["sanae-takaichi"].form("en").preferred == "Sanae Takaichi"


def test_cache_is_used_only_for_the_bytes_it_was_made_from(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    assert store.load()["sanae-takaichi"].form("ja").preferred == "高市早苗"
    assert store.cache_path.exists()
    store.path.write_text(SAMPLE.replace("高市早苗", "高市"), encoding="utf-8")
    assert store.load()["sanae-takaichi"].form("ja").preferred == "高市"
    store.path.write_text(SAMPLE.replace('"person"', '"persona"'), encoding="utf-8")
    with pytest.raises(InputError):
        store.load()


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    store.load()
    store.cache_path.write_bytes(b"\x00garbage")
    assert len(store.load()) == 1


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    os.chmod(store.path, 0o640)
    glossary = store.load()
    glossary.add(build_entry({"id": "beijing", "type": "place", "en": "Beijing"}))
    store.save(glossary)
    assert store.path.stat().st_mode & 0o777 == 0o640


def test_a_crash_mid_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    glossary = store.load()
    glossary.add(build_entry({"id": "beijing", "type": "place", "en": "Beijing"}))

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save(glossary)
    assert store.path.read_text(encoding="utf-8") == SAMPLE
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_error_inside_editing_saves_nothing(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(RuntimeError):
        with store.editing() as glossary:
            glossary.remove("sanae-takaichi")
            raise RuntimeError("stop")
    assert store.path.read_text(encoding="utf-8") == SAMPLE


def test_editing_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    by_hand = "# kept by hand\n" + SAMPLE.replace('"Sanae Takaichi"', "'Sanae Takaichi'  # preferred")
    store.path.write_text(by_hand, encoding="utf-8")
    with store.editing() as glossary:
        glossary.entries["sanae-takaichi"] = replace(glossary["sanae-takaichi"])  # the same entry again
    assert store.path.read_text(encoding="utf-8") == by_hand
    with store.editing() as glossary:
        glossary.remove("sanae-takaichi")
    assert "# kept by hand" not in store.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("escaped", [r"\U0001F600", r"\u00e9\U0001F600", r"\\U0001F600", r"a\\\U0001F600"])
def test_long_unicode_escapes_read_as_toml_reads_them(escaped: str) -> None:
    text = SAMPLE.replace('"Sanae Takaichi"', f'"Sanae Takaichi {escaped}"')
    expected = tomllib.loads(text)["sanae-takaichi"]["en"]
    assert parse_glossary(text, "g.toml")["sanae-takaichi"].form("en").preferred == expected


def test_a_long_escape_outside_unicode_is_refused_with_its_line() -> None:
    text = SAMPLE.replace('"Sanae Takaichi"', r'"Sanae \U00110000"')
    with pytest.raises(InputError, match=r"U00110000 is not a Unicode scalar value"):
        parse_glossary(text, "g.toml")
