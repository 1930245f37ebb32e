"""A glossary of any size loads fast: entries rebuilt in bulk, the cache's changes written alone,
forms folded at once; none of it changes what a load or a match returns."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.formats import glossary_toml
from translator.formats.glossary_toml import GlossaryStore, format_glossary, parse_glossary
from translator.glossary import NO_FORMS, Entry, Forms, Glossary, entries_from_rows, entry_row
from translator.language.scripts import fold
from translator.matching import GlossaryMatcher, _folded
from tests.strategies import glossaries

PEOPLE = "".join(f'\n[person-{n}]\ntype = "person"\nen = "Person {n}"\nja = "人{n}"\n' for n in range(40))
TEXT = f'format = 1\n{PEOPLE}\n[title]\ntype = "title"\nen = "Minister"\nholders = ["person-1 from 2020-01-01"]\n'


@given(glossaries())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_entries_come_back_from_their_rows_equal(glossary: Glossary) -> None:
    entries = list(glossary)
    rebuilt = entries_from_rows([entry_row(entry) for entry in entries])
    assert rebuilt == entries
    assert all(type(entry) is Entry and all(type(forms) is Forms for forms in entry.forms) for entry in rebuilt)
    assert [hash(entry) for entry in rebuilt] == [hash(entry) for entry in entries]


def test_rows_of_entries_made_by_hand_come_back_too() -> None:
    entries = [Entry("a", "term", forms=(Forms("A"),)), Entry("b", "term", forms=()), Entry("c", "term")]
    rebuilt = entries_from_rows([entry_row(entry) for entry in entries])
    assert rebuilt == entries and rebuilt[2].forms[1] is NO_FORMS


def _edited(store: GlossaryStore, old: str, new: str) -> str:
    text = store.path.read_text(encoding="utf-8").replace(old, new)
    store.path.write_text(text, encoding="utf-8")
    return text


def test_an_edit_writes_the_changes_not_the_whole_cache(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(TEXT, encoding="utf-8")
    store.load()
    cache = store.cache_path.read_bytes()
    for number, (old, new) in enumerate([('"Person 7"', '"Person Seven"'), ('"人9"', '"人九"'), ('"Person Seven"', '"Person 7"')]):
        text = _edited(store, old, new)
        assert store.load() == parse_glossary(text, "g.toml")
        assert store.cache_path.read_bytes() == cache, "the cache itself is left as it was"
        assert store.changes_path.exists(), number
        assert store.load() == parse_glossary(text, "g.toml")  # from the cache and its changes


def test_the_changes_are_used_only_with_their_cache_and_file(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(TEXT, encoding="utf-8")
    store.load()
    text = _edited(store, '"Person 7"', '"Person Seven"')
    store.load()
    store.changes_path.write_bytes(b"\x00garbage")
    assert store.load() == parse_glossary(text, "g.toml")
    text = _edited(store, '"Person 8"', '"Person Eight"')
    store.load()
    store.cache_path.unlink()  # changes without their cache
    assert store.load() == parse_glossary(text, "g.toml")
    assert store.changes_path.read_bytes() == b"", "a new cache empties the changes to the old one"


def test_a_large_edit_writes_the_whole_cache_again(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    many = "format = 1\n" + "".join(f'\n[term-{n}]\ntype = "term"\nen = "Term {n}"\n' for n in range(3 * glossary_toml._SMALL_CHANGE))
    store.path.write_text(many, encoding="utf-8")
    store.load()
    text = _edited(store, '"Term ', '"Word ')
    assert store.load() == parse_glossary(text, "g.toml")
    assert not store.changes_path.exists()
    assert store.load() == parse_glossary(text, "g.toml")


def test_save_empties_the_changes(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.path.write_text(TEXT, encoding="utf-8")
    store.load()
    _edited(store, '"Person 7"', '"Person Seven"')
    glossary = store.load()
    assert store.changes_path.exists()
    glossary.remove("person-9")
    store.save(glossary)
    assert store.changes_path.read_bytes() == b""
    assert store.load() == parse_glossary(format_glossary(glossary), "g.toml")


@given(st.sets(st.text(min_size=1, max_size=12), max_size=30))
def test_forms_folded_at_once_fold_as_one_by_one(texts: set[str]) -> None:
    assert _folded(texts) == {text: fold(text) for text in texts}


def test_the_matcher_keeps_an_owner_per_form_as_written() -> None:
    # "Takaichi Sanae" (family first) and "TAKAICHI Sanae" fold alike: the entry owns that key twice,
    # as it always did.
    text = ('format = 1\n\n[sanae-takaichi]\ntype = "person"\nen = "Sanae Takaichi"\nen-admitted = ["TAKAICHI Sanae"]\n'
            'en-family = "Takaichi"\nen-given = "Sanae"\n')
    matcher = GlossaryMatcher(parse_glossary(text, "g.toml"), "en")
    hits = matcher.hits("Takaichi Sanae spoke.")
    assert [(hit.entry.id, hit.form) for hit in hits] == [("sanae-takaichi", "takaichi sanae")] * 2 + [("sanae-takaichi", "takaichi")]
    assert matcher.family_keys == {"sanae-takaichi": "takaichi"} and matcher.given_keys == {"sanae-takaichi": "sanae"}
