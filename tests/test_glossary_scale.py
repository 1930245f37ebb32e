"""A glossary of any size loads fast: entries rebuilt in bulk, the cache's changes written alone,
forms folded at once; none of it changes what a load or a match returns."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator import matching
from translator.formats import glossary_toml
from translator.formats.glossary_toml import GlossaryStore, format_glossary, parse_glossary
from translator.formats.spreadsheet import ImportPlan
from translator.glossary import NO_FORMS, Entry, Forms, Glossary, entries_from_rows, entry_from_row, entry_row
from translator.language.scripts import fold
from translator.matching import GlossaryMatcher, folded_each
from translator.checks import Finding
from translator.glossary_checks import EntryFinding
from translator.lint import LintFinding
from translator.memo import sealed, unsealed
from tests.strategies import glossaries

PEOPLE = "".join(f'\n[person-{n}]\ntype = "person"\nen = "Person {n}"\nja = "人{n}"\n' for n in range(40))
TEXT = f'format = 1\n{PEOPLE}\n[title]\ntype = "title"\nen = "Minister"\nholders = ["person-1 from 2020-01-01"]\n'


@given(glossaries())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_entries_come_back_from_their_rows_equal(glossary: Glossary) -> None:
    entries = list(glossary)
    rebuilt = entries_from_rows([entry_row(entry) for entry in entries])
    assert rebuilt == entries
    alone = [entry_from_row(entry_row(entry)) for entry in entries]
    assert alone == entries and all(type(entry) is Entry and all(type(forms) is Forms for forms in entry.forms)
                                    for entry in alone)
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
    assert folded_each(texts) == {text: fold(text) for text in texts}


def test_the_matcher_keeps_an_owner_per_form_as_written() -> None:
    # "Takaichi Sanae" (family first) and "TAKAICHI Sanae" fold alike: the entry owns that key twice,
    # as it always did.
    text = ('format = 1\n\n[sanae-takaichi]\ntype = "person"\nen = "Sanae Takaichi"\nen-admitted = ["TAKAICHI Sanae"]\n'
            'en-family = "Takaichi"\nen-given = "Sanae"\n')
    matcher = GlossaryMatcher(parse_glossary(text, "g.toml"), "en")
    hits = matcher.hits("Takaichi Sanae spoke.")
    assert [(hit.entry.id, hit.form) for hit in hits] == [("sanae-takaichi", "takaichi sanae")] * 2 + [("sanae-takaichi", "takaichi")]
    assert matcher.family_keys == {"sanae-takaichi": "takaichi"} and matcher.given_keys == {"sanae-takaichi": "sanae"}


# --- matchers kept beside the cache; entries made when first needed ---------------------------


def _kept_matcher_store(tmp_path: Path, text: str = TEXT) -> GlossaryStore:
    store = GlossaryStore(tmp_path)
    store.path.write_text(text, encoding="utf-8")
    return store


def _hit_rows(matcher: GlossaryMatcher, text: str) -> list[tuple[str, str, int, int]]:
    return [(hit.entry.id, hit.form, hit.start, hit.end) for hit in matcher.hits(text)]


@given(glossaries(), st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_a_kept_matcher_finds_what_a_new_one_finds(tmp_path_factory: pytest.TempPathFactory, glossary: Glossary,
                                                   data: st.DataObject) -> None:
    store = GlossaryStore(tmp_path_factory.mktemp("kept"))
    store.save(glossary)
    forms = [text for entry in glossary for forms in entry.forms for text in (*forms.acceptable, *forms.forbidden)]
    words = st.sampled_from(forms) if forms else st.just("")
    text = " ".join(data.draw(st.lists(st.one_of(words, st.sampled_from(["said", "。", "在", "The", ","])), max_size=8)))
    locale = data.draw(st.sampled_from(["en", "ja", "zh-Hans", "zh-Hant"]))
    forbidden = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        made = GlossaryMatcher(store.load(), locale, forbidden)
        patch.setattr(matching, "_tables", _not_built)
        kept = GlossaryMatcher(store.load(), locale, forbidden)
    assert _hit_rows(kept, text) == _hit_rows(made, text)
    assert [hit.entry for hit in kept.mentions(text)] == [hit.entry for hit in made.mentions(text)]
    assert (kept.family_keys, kept.given_keys) == (made.family_keys, made.given_keys)


def _not_built(*_: object) -> NoReturn:
    raise AssertionError("the matcher was built, not loaded")


def test_a_matcher_is_kept_only_for_the_glossary_file_it_was_made_from(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = _kept_matcher_store(tmp_path)
    built: list[str] = []
    tables = matching._tables
    monkeypatch.setattr(matching, "_tables", lambda *args: built.append(args[1]) or tables(*args))
    monkeypatch.setattr(matching, "CACHED_AT", len(store.load()))
    kept = store.cache_path.parent / "matcher-en.cache"
    GlossaryMatcher(store.load(), "en")
    GlossaryMatcher(store.load(), "en")
    assert built == ["en"] and kept.exists()
    GlossaryMatcher(store.load(), "en", forbidden_only=True)
    GlossaryMatcher(store.load(), "ja")
    assert built == ["en", "en", "ja"]
    _edited(store, 'en = "Person 7"', 'en = "Person Seven"')  # (a few entries edited: the kept one is updated)
    assert [hit.entry.id for hit in GlossaryMatcher(store.load(), "en").hits("Person Seven came.")] == ["person-7"]
    assert GlossaryMatcher(store.load(), "en").hits("Person 7 came.") == []
    assert built == ["en", "en", "ja"]
    _edited(store, "\n[person-10]", "\n[person-10x]")
    _edited(store, 'en = "Person 2"', 'en = "Person Seven"')  # (now shared by person-2 and person-7)
    assert [hit.entry.id for hit in GlossaryMatcher(store.load(), "en").hits("Person Seven came.")] == ["person-2", "person-7"]
    assert [hit.entry.id for hit in GlossaryMatcher(store.load(), "en").hits("Person 10 came.")] == ["person-10x"]
    assert built == ["en", "en", "ja"]
    _edited(store, 'ja = "人', 'ja = "者')  # (many edited: made anew)
    GlossaryMatcher(store.load(), "en")
    assert built == ["en", "en", "ja", "en"]
    # A glossary changed after it was loaded is not the file's: its matchers are made, not loaded.
    for change in (lambda g: g.add(Entry("person-99", "person", forms=(Forms("Person Ninety"), NO_FORMS, NO_FORMS, NO_FORMS))),
                   lambda g: g.replace(replace(g["person-3"], forms=(Forms("Person Three"), NO_FORMS, NO_FORMS, NO_FORMS))),
                   lambda g: g.remove("person-5"),
                   lambda g: ImportPlan(changed=[(g["person-4"], replace(g["person-4"], status="approved"))]).apply(g)):
        glossary = store.load()
        change(glossary)
        assert glossary.origin is None
        GlossaryMatcher(glossary, "en")
    assert len(built) == 8
    # Other releases of the libraries, or a damaged file: made again.
    monkeypatch.setattr(matching, "matching_libraries", lambda: "pyahocorasick 99")
    GlossaryMatcher(store.load(), "en")
    assert len(built) == 9
    data = kept.read_bytes()
    for damaged in (b"", data[:100], data[:-1] + bytes([data[-1] ^ 1]), b"\0\0\0\0" + data[4:], b"not marshal at all"):
        kept.write_bytes(damaged)
        assert _hit_rows(GlossaryMatcher(store.load(), "en"), "Person 6 and Person 8.") == [
            ("person-6", "person 6", 0, 8), ("person-8", "person 8", 13, 21)]
    assert len(built) == 14
    # A file whose checksum holds but whose content is wrong (written by hand, or by anyone who can
    # write the state folder) is not loaded either, and crashes nothing.
    made_by, key, ids, digests, forms, flags, owners, family, given = unsealed(
        kept.read_bytes(), matching.MATCHER_FORMAT, "matcher", 9)
    hostile = [(ids, digests, forms[:-1], flags, owners), (ids, digests, forms, flags[:-1] + b"\x08", owners),
               (ids, digests, [*forms[:-1], 7], flags, owners), (ids, digests, forms, flags, [*owners[:-1], ("person-404",)]),
               (ids, digests, forms, flags, [*owners[:-1], "person-1"]), (ids, digests, forms, flags, [*owners[:-1], (None,)]),
               (ids, digests, forms, flags, [*owners[:-1], [["person-1"]]]), (ids[:-1], digests, forms, flags, owners),
               ([*ids[:-1], ["x"]], digests, forms, flags, owners), (ids, digests, [*forms[:-1], ["x"]], flags, owners)]
    for other_key in (key, b"an earlier glossary"):  # (loaded as they are, or updated)
        for content in hostile:
            kept.write_bytes(sealed(matching.MATCHER_FORMAT, ("matcher", made_by, other_key, *content, family, given)))
            assert _hit_rows(GlossaryMatcher(store.load(), "en"), "Person 6") == [("person-6", "person 6", 0, 8)]


def test_a_small_glossary_keeps_no_matcher(tmp_path: Path) -> None:
    store = _kept_matcher_store(tmp_path)
    GlossaryMatcher(store.load(), "en")
    assert not list(store.cache_path.parent.glob("matcher-*"))


def test_an_unwritable_state_folder_costs_time_not_a_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _kept_matcher_store(tmp_path)
    glossary = store.load()
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    assert glossary.origin is not None
    glossary.origin = (tmp_path / "glossary.toml" / "not-a-folder", glossary.origin[1])
    assert [hit.entry.id for hit in GlossaryMatcher(glossary, "en").hits("Person 3")] == ["person-3"]


def test_entries_are_made_when_first_needed_and_each_once(tmp_path: Path) -> None:
    store = _kept_matcher_store(tmp_path)
    store.load()  # (the cache written)
    glossary, parsed = store.load(), parse_glossary(TEXT, "g.toml")
    assert "entries" not in vars(glossary)
    one = glossary.entry("person-3")
    assert len(glossary) == len(parsed) and "person-3" in glossary and "person-99" not in glossary
    with pytest.raises(KeyError):
        glossary.entry("person-99")
    assert "entries" not in vars(glossary)  # (none of that made them all)
    copy = pickle.loads(pickle.dumps(glossary))
    assert glossary == parsed and copy == parsed
    assert glossary.entries["person-3"] is one and glossary.entry("person-3") is one
    assert list(glossary.entries) == list(parsed.entries)


def test_many_entries_met_one_by_one_make_them_all_and_let_the_rows_go(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A large article mentions much of the glossary: past a share of it, the rest are made at
    once and the cache's rows let go of (held beside the entries, they cost a 10 MB update 6 MB);
    the fingerprints a kept matcher is updated by stay what they were."""
    from translator import glossary as glossary_module

    monkeypatch.setattr(glossary_module, "MADE_ALONE", 3)
    store = _kept_matcher_store(tmp_path)
    store.load()  # (the cache written)
    glossary, parsed = store.load(), parse_glossary(TEXT, "g.toml")
    fingerprints = glossary.fingerprints()
    assert any(not value.startswith(b"v") for value in fingerprints.values())  # (from the pieces' digests)
    first = [glossary.entry(entry_id) for entry_id in list(parsed.entries)[:5]]  # (41 entries: an eighth is 5)
    assert sorted(vars(glossary)) == ["_fingerprints", "_made", "_pieces", "_rows", "origin", "retired"]
    assert glossary.entry("person-5") == parsed.entries["person-5"]  # the sixth: all made
    assert sorted(vars(glossary)) == ["_digests", "_fingerprints", "entries", "origin", "retired"]
    assert [glossary.entries[entry.id] for entry in first] == first and all(
        glossary.entries[entry.id] is entry for entry in first)
    assert glossary == parsed and glossary.fingerprints() == fingerprints
    assert copy.copy(glossary).fingerprints() == fingerprints
    glossary.forget_origin()
    assert "_digests" not in vars(glossary) and "_fingerprints" not in vars(glossary)


def test_fingerprints_are_made_once_for_the_file_and_follow_every_change(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A build asks for the fingerprints once per matcher: made once while the glossary is the
    file's; an added, replaced or removed entry shows at once, in this glossary and not in a copy
    taken before."""
    from translator import glossary as glossary_module

    glossary = _kept_matcher_store(tmp_path).load()
    fingerprints = glossary.fingerprints()
    made = []
    monkeypatch.setattr(glossary_module, "digests_by_id", lambda pieces: made.append(1) or {})
    again = glossary.fingerprints()
    again.clear()  # (a caller's copy)
    assert glossary.fingerprints() == fingerprints and made == []
    monkeypatch.undo()
    before = copy.copy(glossary)
    person = glossary.entry("person-3")
    glossary.replace(replace(person, reading="べつ"))
    changed = glossary.fingerprints()
    assert changed["person-3"] != fingerprints["person-3"]
    assert changed == Glossary.of(list(glossary)).fingerprints()  # (as a glossary of the same entries has them)
    glossary.remove("person-4")
    assert "person-4" not in glossary.fingerprints() and len(glossary.fingerprints()) == len(fingerprints) - 1
    assert before.fingerprints() == fingerprints


@given(glossaries(), glossaries(), st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_a_kept_matcher_updated_after_an_edit_is_the_matcher_made_anew(
        tmp_path_factory: pytest.TempPathFactory, first: Glossary, second: Glossary, data: st.DataObject) -> None:
    # Some of the first glossary's entries stay as they are, the others go; some of the second's
    # come in, in place of an entry of the same id or as new ones (holders dropped: a title may
    # lose the person it names).
    entries = {entry.id: replace(entry, holders=()) for entry in first
               if data.draw(st.booleans(), label=f"keep {entry.id}")}
    entries.update({entry.id: replace(entry, holders=()) for entry in second if data.draw(st.booleans(), label=f"take {entry.id}")})
    locale = data.draw(st.sampled_from(["en", "ja", "zh-Hans", "zh-Hant"]))
    forbidden = data.draw(st.booleans())
    store = GlossaryStore(tmp_path_factory.mktemp("updated"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        patch.setattr(matching, "_few", lambda count: 10**6)
        store.save(Glossary.of(replace(entry, holders=()) for entry in first))
        GlossaryMatcher(store.load(), locale, forbidden)
        store.save(Glossary.of(entries.values()))
        patch.setattr(matching, "_tables", _not_built)
        updated = GlossaryMatcher(store.load(), locale, forbidden)
    made = GlossaryMatcher(Glossary.of(entries.values()), locale, forbidden)
    assert dict(zip(updated._forms, updated._owners)) == dict(zip(made._forms, made._owners))
    assert (updated.family_keys, updated.given_keys) == (made.family_keys, made.given_keys)
    forms = [text for entry in entries.values() for forms in entry.forms for text in (*forms.acceptable, *forms.forbidden)]
    text = " ".join(data.draw(st.lists(st.sampled_from(forms or ["-"]), max_size=6)))
    assert _hit_rows(updated, text) == _hit_rows(made, text)
    # (and it is kept: the next load takes it as it is)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        patch.setattr(matching, "_tables", _not_built)
        again = GlossaryMatcher(store.load(), locale, forbidden)
    assert dict(zip(again._forms, again._owners)) == dict(zip(made._forms, made._owners))


@pytest.mark.parametrize("made", ["built", "not built"])
def test_a_copy_of_a_glossary_changes_alone(tmp_path: Path, made: str) -> None:
    store = _kept_matcher_store(tmp_path)
    store.load()
    glossary = store.load()
    if made == "built":
        assert len(glossary.entries) == 41
    copied = copy.copy(glossary)
    copied.remove("person-5")
    copied.add(Entry("person-99", "person", forms=(Forms("Person Ninety"), NO_FORMS, NO_FORMS, NO_FORMS)))
    assert copied.origin is None and glossary.origin is not None
    assert "person-5" in glossary and "person-99" not in glossary and "person-99" not in glossary.retired
    assert glossary == parse_glossary(TEXT, "g.toml")
    assert replace(glossary).origin is None


@pytest.mark.parametrize("finding", [
    EntryFinding("person-3", "GC04", "wrong-script", "error", "a message"),
    Finding("locales/ja/LC_MESSAGES/a.po", 12, "C01", "glossary-form", "error", "a message"),
    LintFinding("articles/a.txt", 3, 7, "Takaichi", "L01", "takaichi-sanae", "Sanae Takaichi", "a message"),
])
def test_findings_are_kept_as_astuple_gives_them(finding: object) -> None:
    """Records keep findings as the tuples of their fields (without astuple's deep copy, a
    third of the time a 100,000-entry glossary's check took)."""
    from dataclasses import astuple

    from translator.memo import fields_of

    assert fields_of(finding) == astuple(finding) and type(fields_of(finding)) is tuple  # type: ignore[arg-type]
    assert type(finding)(*fields_of(finding)) == finding  # type: ignore[arg-type]


def test_the_checked_key_is_made_from_the_rows_without_making_the_entries(tmp_path: Path) -> None:
    """lint's and check's records are kept under it: it must be what the entries give, and a
    glossary of 100,000 entries read from its cache need not make them for it (1 s)."""
    from types import SimpleNamespace

    from translator.memo import checked_glossary_key, checked_row, digest

    store = _kept_matcher_store(tmp_path)
    store.load()  # (the cache written)
    glossary, key = store.load_with_key()
    workspace = SimpleNamespace(root=tmp_path)
    made = checked_glossary_key(workspace, glossary, key)  # type: ignore[arg-type]
    assert "entries" not in vars(glossary)
    assert made == digest(b"checked", repr([checked_row(entry_row(entry)) for entry in parse_glossary(TEXT, "g.toml")]))
    assert len(glossary.entries) == len(parse_glossary(TEXT, "g.toml"))  # (made now: the rows from them)
    assert checked_glossary_key(SimpleNamespace(root=tmp_path / "other"), glossary, key) == made  # type: ignore[arg-type]
