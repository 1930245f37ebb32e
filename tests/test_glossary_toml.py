"""The glossary file: deterministic text, exact line numbers for broken hand edits, atomic saves,
and a cache that revalidates only what an edit changed."""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator import glossary as glossary_module
from translator.errors import InputError, ValidationError
from translator.formats import glossary_toml
from translator.glossary import Entry, FieldProblem, Glossary, build_entry, entry_fields, entry_from_fields
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


# --- the cache: one edit revalidates one entry, and never changes what a load returns ----------

PEOPLE = "".join(f'\n[person-{n}]\ntype = "person"\nen = "Person {n}"\n' for n in range(4))
TITLE = '\n[title]\ntype = "title"\nen = "Minister"\nholders = ["person-1 from 2020-01-01 to 2021-01-01", "person-2 from 2021-01-01"]\n'
WITH_TITLE = SAMPLE + PEOPLE + TITLE


def _cached_store(tmp_path: Path, text: str) -> GlossaryStore:
    """A store whose cache was made from `text`, which is then in its file."""
    store = GlossaryStore(tmp_path)
    store.path.write_text(text, encoding="utf-8")
    store.load()
    assert store.cache_path.exists()
    return store


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    validated: list[str] = []

    def counting(fields: Mapping[str, object]) -> tuple[Entry | None, list[FieldProblem]]:
        validated.append(str(fields.get("id")))
        return entry_from_fields(fields)

    monkeypatch.setattr(glossary_toml, "entry_from_fields", counting)
    return validated


def test_an_edit_revalidates_only_the_edited_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _cached_store(tmp_path, WITH_TITLE)
    edited = WITH_TITLE.replace('"Person 2"', '"Person Two"')
    expected = parse_glossary(WITH_TITLE, "g.toml"), parse_glossary(edited, "g.toml")
    validated = _count_validations(monkeypatch)
    assert store.load() == expected[0] and validated == [], "the whole file as cached"
    store.path.write_text(edited, encoding="utf-8")
    loaded = store.load()
    assert validated == ["person-2"]
    assert loaded["person-2"].form("en").preferred == "Person Two"
    assert loaded == expected[1]
    validated.clear()
    store.load()  # the cache now holds the edited file
    assert validated == []


def test_an_edit_that_breaks_a_table_reports_its_line_with_a_valid_cache(tmp_path: Path) -> None:
    store = _cached_store(tmp_path, WITH_TITLE)
    number = WITH_TITLE.split("\n").index('en = "Person 3"') + 1
    for old, new, line, message in [
        ('en = "Person 3"', 'en = "Person 3', number, "en: unterminated string"),
        ('en = "Person 3"', 'en = "Person 3"\ncolour = "red"', number + 1, "unknown field 'colour'"),
        ('type = "person"\nen = "Person 3"', 'type = "people"\nen = "Person 3"', number - 1, "[person-3] type: type is 'people'"),
    ]:
        edited = WITH_TITLE.replace(old, new)
        store.path.write_text(edited, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            store.load()
        first = caught.value.problems[0]
        assert (first.file, first.line) == (str(store.path), line) and message in first.message, str(caught.value)
        with pytest.raises(InputError) as uncached:
            parse_glossary(edited, str(store.path))
        assert str(caught.value) == str(uncached.value)
    store.path.write_text(WITH_TITLE, encoding="utf-8")
    assert len(store.load()) == 6  # a failed load leaves the cache as it was


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        # the title's table is unchanged, and its holder gone
        (lambda text: text.replace('\n[person-1]\ntype = "person"\nen = "Person 1"\n', ""),
         r"glossary.toml:26: \[title\] holders: holder 'person-1' is not an entry of the glossary"),
        (lambda text: text.replace('en = "Person 1"', 'en = "Person 1"\nja = "一"').replace('[person-1]\ntype = "person"', '[person-1]\ntype = "term"'),
         r"glossary.toml:31: \[title\] holders: holder 'person-1' is a term, not a person"),
        (lambda text: text.replace("to 2021-01-01", "to 2021-06-30"),
         r"glossary.toml:30: \[title\] holders: 'person-1 from 2020-01-01 to 2021-06-30' and 'person-2 from 2021-01-01' overlap"),
        # a copy of a table: both pieces of the file are known to the cache
        (lambda text: text + PEOPLE.split("\n\n")[0] + "\n",
         r"glossary.toml:32: entry 'person-0' is defined twice \(first on line 11\)"),
        (lambda text: text.replace("format = 1\n", 'format = 1\nretired = ["person-3"]\n'),
         r"glossary.toml:24: \[person-3\] id is listed as retired"),
    ],
)
def test_an_edit_that_breaks_a_glossary_wide_rule_is_caught_with_a_valid_cache(
    tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    store = _cached_store(tmp_path, WITH_TITLE)
    edited = edit(WITH_TITLE)
    store.path.write_text(edited, encoding="utf-8")
    with pytest.raises(InputError, match=message) as cached:
        store.load()
    with pytest.raises(InputError) as uncached:
        parse_glossary(edited, str(store.path))
    assert str(cached.value) == str(uncached.value)


def test_an_old_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    store = _cached_store(tmp_path, SAMPLE)
    digest = hashlib.sha256(SAMPLE.encode()).digest()
    for content in [(1, digest, [], []), (glossary_toml.CACHE_VERSION, digest, [b"x"], []), ["not", "a", "cache"]]:
        store.cache_path.write_bytes(marshal.dumps(content))
        assert store.load()["sanae-takaichi"].form("ja").preferred == "高市早苗"


def test_a_fresh_clone_without_a_cache_loads_and_writes_one(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path / "glossary", state=tmp_path / ".translator")
    store.folder.mkdir()
    store.path.write_text(WITH_TITLE, encoding="utf-8")
    assert not store.cache_path.parent.exists()
    assert len(store.load()) == 6
    assert store.cache_path.exists() and not (store.folder / ".translator").exists()


_LINES = [
    "", "# a comment", "[person-0]", "  [person-9]", "[title", "[retired]", 'type = "person"', 'type = "title"', 'type = "term"',
    'en = "Person"', 'en = "Person', 'ja = "人"', 'holders = ["person-0"]', 'holders = ["person-3 from 2020-06-01"]',
    'retired = ["person-2"]', "format = 1", "format = 2", 'colour = "red"', 'en-admitted = ["Person"]', 'note = "a\\nb"',
]


@st.composite
def _edits(draw: st.DrawFn, text: str) -> str:
    """`text` after a few hand edits: lines deleted, copied, replaced or added."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "copy", "replace", "insert"]))
        if action == "delete":
            del lines[where]
        elif action == "copy":
            lines.insert(draw(st.integers(0, len(lines))), lines[where])
        else:
            line = draw(st.sampled_from(_LINES))
            lines[where : where + (action == "replace")] = [line]
    return "\n".join(lines)


def _outcome(load: Callable[[], Glossary]) -> object:
    try:
        glossary = load()
    except InputError as error:
        return str(error)
    return glossary.entries, glossary.retired


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_cache_made_from_other_bytes_never_changes_what_a_load_returns(tmp_path: Path, data: st.DataObject) -> None:
    store = GlossaryStore(tmp_path)
    text = WITH_TITLE
    store.path.write_text(text, encoding="utf-8")
    store.load()
    for _ in range(3):  # each load's cache is the next one's, whether that load failed or not
        text = data.draw(_edits(text))
        store.path.write_text(text, encoding="utf-8")
        assert _outcome(store.load) == _outcome(lambda: parse_glossary(text, str(store.path)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(valid_glossaries, st.data())
def test_find_over_all_texts_at_once_finds_what_text_by_text_finds(glossary: Glossary, data: st.DataObject) -> None:
    texts = [text for entry in glossary for _, _, text in entry.texts()] or ["x"]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text)))
    query = data.draw(st.sampled_from([text, text[start:], text[: start + 1], text.upper(), "zz"]))
    one_by_one = glossary.find(query)  # below FOLD_AT_ONCE entries
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(glossary_module, "FOLD_AT_ONCE", 0)
        assert glossary.find(query) == one_by_one


def _find_outcome(find: Callable[[], list[glossary_module.Match]]) -> object:
    try:
        return find()
    except InputError as error:
        return str(error)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_stores_find_after_hand_edits_finds_what_a_fresh_read_finds(tmp_path: Path, data: st.DataObject) -> None:
    """Each find keeps the folded search lines of the pieces it saw; after an edit they serve the
    pieces that stayed, and only the edited ones are folded again (the threshold is lowered so that
    these small files use the search cache)."""
    store = GlossaryStore(tmp_path)
    text = WITH_TITLE
    store.path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(glossary_toml, "FOLD_AT_ONCE", 0)
        patch.setattr(glossary_module, "FOLD_AT_ONCE", 0)
        for _ in range(3):
            query = data.draw(st.sampled_from(["person", "Person 1", "人", "PERSON", "title", "erso", "zz"]))
            found = _find_outcome(lambda: store.find(query))
            assert found == _find_outcome(lambda: parse_glossary(text, str(store.path)).find(query))
            if not isinstance(found, str):
                assert found == store.find(query)  # again, from the search cache as it was written
            text = data.draw(_edits(text))
            store.path.write_text(text, encoding="utf-8")


def test_a_find_after_an_edit_folds_the_edited_entry_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = GlossaryStore(tmp_path)
    store.save(Glossary.of(build_entry({"id": f"person-{n:03d}", "type": "person", "en": f"Person {n}"})
                           for n in range(150)))
    folded: list[int] = []
    fold_rows = glossary_toml.folded_search_lines
    monkeypatch.setattr(glossary_toml, "folded_search_lines", lambda rows: (folded.append(len(rows)), fold_rows(rows))[1])
    assert [match.entry.id for match in store.find("person 14")][:2] == ["person-014", "person-140"]
    assert folded == [150]  # the first find folds every entry
    assert store.find("Person 7")[0].entry.id == "person-007" and folded == [150]  # the second none
    store.path.write_text(store.path.read_text(encoding="utf-8").replace('"Person 77"', '"Persona 77"'), encoding="utf-8")
    assert [match.entry.id for match in store.find("persona")] == ["person-077"]
    assert folded == [150, 1]
    # The search cache is not written again for a few edited tables: each find folds them.
    assert store.find("person 77") == [] and folded == [150, 1, 1]
    monkeypatch.setattr(glossary_toml, "_SMALL_CHANGE", 0)  # more edited tables than that: written again
    assert store.find("persona")[0].entry.id == "person-077" and folded == [150, 1, 1, 1]
    assert store.find("persona")[0].entry.id == "person-077" and folded == [150, 1, 1, 1]


@pytest.mark.parametrize("content", [
    b"\x00garbage",
    marshal.dumps((glossary_toml.CACHE_VERSION, "search", b"x", [b"d"], [1, 2], "a", [0, 2])),  # counts of another length
    marshal.dumps((glossary_toml.CACHE_VERSION, "search", b"x", [b"d"], ["1"], "a", [0, 2])),  # counts not numbers
    marshal.dumps((glossary_toml.CACHE_VERSION, "search", b"x", [b"d"], [2], "a", [0, 2])),  # lines of another count
    marshal.dumps((glossary_toml.CACHE_VERSION, "search", b"x", [b"d"], [1], "a", [0, 5])),  # line starts not the text's
    marshal.dumps((glossary_toml.CACHE_VERSION, "search", b"x", [b"d"], [1], "a")),  # no line starts
    marshal.dumps((glossary_toml.CACHE_VERSION - 1, "search", b"x", [b"d"], [1], "a", [0, 2])),
])
def test_a_corrupt_or_foreign_search_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    store = GlossaryStore(tmp_path)
    store.save(Glossary.of(build_entry({"id": f"person-{n:03d}", "type": "person", "en": f"Person {n}"})
                           for n in range(120)))
    store.search_path.parent.mkdir(exist_ok=True)
    store.search_path.write_bytes(content)
    assert [match.entry.id for match in store.find("person 11")][:2] == ["person-011", "person-110"]
    assert [match.entry.id for match in store.find("person 11")][:2] == ["person-011", "person-110"]


def test_a_find_with_a_line_break_in_a_text_looks_at_every_entry(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    entries = [build_entry({"id": f"term-{n:03d}", "type": "term", "en": f"Term {n}"}) for n in range(120)]
    entries[5] = replace(entries[5], reading="two\nlines")  # built by hand: the reader refuses none of it
    store.save(Glossary.of(entries))
    assert [match.entry.id for match in store.find("two\nl")] == ["term-005"]
    assert [match.entry.id for match in store.find("lines")] == ["term-005"]


@st.composite
def _valid_edits(draw: st.DrawFn, text: str) -> str:
    """`text` after edits that keep the file valid, most of them: a value changed, a table
    removed, copied under a new id or moved, a comment added, a holder pointed elsewhere, a
    person made a term; then, half the time, bytes added or taken around a table's first line."""
    tables = text.split("\n[")
    head, tables = tables[0], ["[" + table for table in tables[1:]]
    for number in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value", "remove", "copy", "move", "comment", "holder", "retire", "retype"]))
        where = draw(st.integers(0, max(len(tables) - 1, 0)))
        if not tables:
            break
        table = tables[where]
        if action == "value":
            tables[where] = table.replace('en = "', f'en = "{draw(st.sampled_from(["New ", "Ö", "高", ""]))}', 1)
        elif action == "remove":  # (a person removed may hold a title: then the file is broken)
            del tables[where]
        elif action == "retype":  # likewise
            tables[where] = table.replace('type = "person"', 'type = "term"', 1)
        elif action == "copy" and "]" in table:
            entry_id = table[1 : table.index("]")]
            tables.insert(draw(st.integers(0, len(tables))), table.replace(f"[{entry_id}]", f"[{entry_id}-copy{number}]", 1))
        elif action == "move":
            tables.insert(draw(st.integers(0, len(tables) - 1)), tables.pop(where))
        elif action == "comment":
            tables[where] = table.rstrip("\n") + "\n# a comment\n"
        elif action == "holder":  # in the title's table, wherever it stands
            where = next((index for index, each in enumerate(tables) if each.startswith("[title")), where)
            tables[where] = tables[where].replace("person-2 from", f"person-{draw(st.integers(0, 5))} from", 1)
        elif action == "retire":
            head = head.replace("format = 1\n", f'format = 1\nretired = ["gone-{number}"]\n', 1)
    text = "\n".join([head.rstrip("\n") + "\n", *tables]).replace("\n\n\n", "\n\n")
    if draw(st.booleans()):  # bytes added or taken right around a table's first line
        breaks = [index for index in range(len(text)) if text.startswith("\n[", index)] or [0]
        at = draw(st.sampled_from(breaks)) + draw(st.integers(-2, 3))
        at = min(max(at, 0), len(text))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(["\n", "[", "\n[", "x", "]", "\n\n", "# [x]\n", "\n[new]\ntype = \"term\"\n"])) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)):]
    return text


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_an_edit_read_around_its_bytes_loads_what_a_fresh_read_does(tmp_path: Path, data: st.DataObject) -> None:
    """After a hand edit, the cache compares the file with the bytes it was made from and reads
    only the tables around what changed; edit after edit, each load equals a fresh parse."""
    store = GlossaryStore(Path(tempfile.mkdtemp(dir=tmp_path)))
    text = WITH_TITLE + "".join(f'\n[term-{n}]\ntype = "term"\nen = "Term {n}"\nja = "用語{n}"\n' for n in range(8))
    store.path.write_text(text, encoding="utf-8")
    store.load()
    for _ in range(4):
        text = data.draw(_valid_edits(text))
        store.path.write_text(text, encoding="utf-8")
        assert _outcome(store.load) == _outcome(lambda: parse_glossary(text, str(store.path)))


def test_an_edit_in_a_large_glossary_parses_the_edited_table_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = GlossaryStore(tmp_path)
    store.save(Glossary.of(build_entry({"id": f"term-{n:04d}", "type": "term", "en": f"Term {n}"}) for n in range(3000)))
    parsed: list[int] = []
    parse = glossary_toml._parse_piece
    monkeypatch.setattr(glossary_toml, "_parse_piece", lambda *a: (parsed.append(a[0].count("\n[") + 1), parse(*a))[1])
    digested: list[int] = []
    digests = glossary_toml._piece_digests
    monkeypatch.setattr(glossary_toml, "_piece_digests", lambda pieces: (digested.append(len(pieces)), digests(pieces))[1])
    text = store.path.read_text(encoding="utf-8")
    store.path.write_text(text.replace('en = "Term 1500"', 'en = "Term 1500, edited"'), encoding="utf-8")
    assert store.load()["term-1500"].form("en").preferred == "Term 1500, edited"
    assert parsed == [1] and digested == []  # one table parsed; no table digested but those around the edit
    store.path.write_text(text.replace('en = "Term 2999"', 'en = "Term 2999, edited"'), encoding="utf-8")
    assert store.load()["term-2999"].form("en").preferred == "Term 2999, edited"
    assert store.load()["term-1500"].form("en").preferred == "Term 1500"


def _fresh_or_error(text: str, store: GlossaryStore) -> object:
    return _outcome(lambda: parse_glossary(text, str(store.path)))


def test_a_bare_cr_left_at_the_end_by_an_edit_is_reported_as_a_fresh_read_reports_it(tmp_path: Path) -> None:
    """A CR that ended a table was a CRLF's while a table followed; cut there, it is a bare CR."""
    store = GlossaryStore(tmp_path)
    text = 'format = 1\r\n\r\n[a]\r\ntype = "term"\r\nen = "A"\r\n\r\n[b]\r\ntype = "term"\r\nen = "B"\r\n'
    store.path.write_bytes(text.encode())
    store.load()
    edited = text[: text.index("\n[b]")]
    store.path.write_bytes(edited.encode())
    assert "U+000D" in str(_outcome(store.load)) and _outcome(store.load) == _outcome(
        lambda: parse_glossary(edited, str(store.path)))


def test_two_byte_order_marks_are_not_taken_for_one(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    text = '\ufeff\ufeffformat = 1\n\n[a]\ntype = "term"\nen = "A"\n'
    store.path.write_text(text, encoding="utf-8")
    assert "expected 'key = value'" in str(_outcome(store.load))


@pytest.mark.parametrize(("name", "found", "changed"), [
    ("cache_path", b"Term 1", b"Terx 1"), ("source_path", b"Term 1", b"Terx 1"),
    ("changes_path", b"edited", b"edxted"), ("search_path", b"term 1", b"terx 1"),
])
def test_a_byte_changed_inside_a_cache_file_on_disk_is_caught(tmp_path: Path, name: str, found: bytes,
                                                               changed: bytes) -> None:
    """A byte changed inside a string still unmarshals, into a wrong entry: each cache file holds a
    CRC-32 of its content, and one that does not match is no cache."""
    store = GlossaryStore(tmp_path)
    store.save(Glossary.of(build_entry({"id": f"term-{n:03d}", "type": "term", "en": f"Term {n}"}) for n in range(150)))
    store.find("term")  # the search cache
    edited = store.path.read_text(encoding="utf-8").replace('"Term 77"', '"Term 77, edited"')
    store.path.write_text(edited, encoding="utf-8")
    store.load()  # the changes to the cache
    path = getattr(store, name)
    data = path.read_bytes()
    at = data.index(found)
    path.write_bytes(data[:at] + changed + data[at + len(found):])
    assert _outcome(store.load) == _fresh_or_error(edited, store)
    for query in ("terx", "term 1", "edxted"):
        assert store.find(query) == parse_glossary(edited, "g").find(query)


def test_a_source_cache_whose_table_starts_are_not_its_bytes_is_not_trusted(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    text = 'format = 1\n\n[a]\ntype = "term"\nen = "A"\n\n[b]\ntype = "term"\nen = "B"\n'
    store.path.write_text(text, encoding="utf-8")
    store.load()
    source = glossary_toml._Source.decode(store.source_path.read_bytes())
    assert source is not None
    for offsets in ([-4, *source.offsets[1:]], [0, source.offsets[1] + 1, *source.offsets[2:]], [0, 0, 0], ["x", 1, 2]):
        store.source_path.write_bytes(glossary_toml._Source(source.file_digest, source.data, offsets).encode())  # type: ignore[arg-type]
        edited = text.replace("format = 1\n", 'format = 1\nretired = ["c"]\n')
        store.path.write_text(edited, encoding="utf-8")
        assert _outcome(store.load) == _fresh_or_error(edited, store)
        store.path.write_text(text, encoding="utf-8")
        store.load()


def test_a_search_cache_whose_line_starts_are_not_its_text_is_not_trusted(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.save(Glossary.of(build_entry({"id": f"t{n:03d}", "type": "term", "en": f"Term number {n}"}) for n in range(120)))
    store.find("term")
    kept = glossary_toml._SearchLines.decode(store.search_path.read_bytes())
    assert kept is not None
    text = store.path.read_text(encoding="utf-8").replace('en = "Term number 5"', 'en = "Term number 5!"')
    store.path.write_text(text, encoding="utf-8")
    fresh = [match.entry.id for match in parse_glossary(text, "g").find("number 4")]
    for change in (lambda lines: lines.__setitem__(5, lines[5] - 3), lambda lines: lines.__setitem__(5, "x")):
        lines = list(kept.lines)
        change(lines)
        store.search_path.write_bytes(glossary_toml._SearchLines(kept.file_digest, kept.digests, kept.counts,
                                                                   kept.text, lines).encode())
        assert [match.entry.id for match in store.find("number 4")] == fresh


@given(st.one_of(st.text(), st.lists(st.text(), max_size=4), st.lists(st.text(), max_size=4).map(tuple)))
def test_values_are_written_as_json_writes_them_with_what_it_leaves_raw_escaped(value: object) -> None:
    """The writer's quick path for values that need no escape gives json.dumps's text."""
    import json

    from translator.formats.glossary_toml import _UNESCAPED, _dump, _escape

    text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    assert _dump(value) == _UNESCAPED.sub(_escape, text)  # type: ignore[arg-type]
