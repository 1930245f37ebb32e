"""A run that meets few entries of a large glossary reads only those: its entries one by one from
the rows file, and of its kept matcher only the forms that may stand in the texts searched (the
index). Neither changes what a load or a search finds."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator import matching
from translator.cli import cli
from translator.formats import glossary_toml
from translator.formats.glossary_toml import GlossaryStore
from translator.glossary import Entry, Forms, Glossary
from translator.matching import GlossaryMatcher
from translator.memo import Items, mapped, sealed_items, unsealed, unsealed_items
from tests.strategies import glossaries

PEOPLE = "".join(f'\n[person-{n}]\ntype = "person"\nen = "Person {n}"\nja = "人{n}"\nen-family = "Person{n}"\n'
                 for n in range(40))
TEXT = f'format = 1\n{PEOPLE}\n[title]\ntype = "title"\nen = "Minister"\nholders = ["person-1 from 2020-01-01"]\n'
SCRIPTS = ["said", "。", "在", "The", ",", "'s", "x", "7", "-", " ", "高", "市", "ー", "é", "\n", "Ａ", "·"]


def _hit_rows(matcher: GlossaryMatcher, text: str) -> list[tuple[str, str, int, int]]:
    return [(hit.entry.id, hit.form, hit.start, hit.end) for hit in matcher.hits(text)]


def _not_read_whole(*_: object) -> NoReturn:
    raise AssertionError("the kept matcher was read whole, not its index")


# --- the sealed format with items ---------------------------------------------------------


def _item(items: Items | list[object], index: int) -> bytes:
    item = items[index]
    assert isinstance(item, memoryview)
    return bytes(item)


def test_items_come_back_one_by_one_and_a_damaged_one_not_at_all(tmp_path: Path) -> None:
    items = [b"first", b"", "二つ目".encode(), b"last"]
    data = sealed_items(3, ("kind", [1, 2], b"x"), items)
    content, read = unsealed_items(data, 3, "kind", 2) or ((), [])
    assert content == ([1, 2], b"x") and len(read) == 4 and [_item(read, i) for i in range(4)] == items
    with pytest.raises(IndexError):
        read[4]
    assert unsealed_items(data, 4, "kind", 2) is None and unsealed_items(data, 3, "other", 2) is None
    assert unsealed_items(data, 3, "kind", 1) is None
    for damaged in (b"", data[:11], data[:-1], data + b"!", b"\0\0\0\0" + data[4:], data[:20] + bytes([data[20] ^ 1]) + data[21:]):
        assert unsealed_items(damaged, 3, "kind", 2) is None
    flipped = data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]  # (in the last item: the others still read)
    _, read = unsealed_items(flipped, 3, "kind", 2) or ((), [])
    assert read[3] is None and _item(read, 2) == items[2]
    assert unsealed(data, 3, "kind", 2) is None  # (not a sealed file of the other kind)
    path = tmp_path / "items"
    path.write_bytes(data)
    assert bytes(mapped(path) or b"") == data
    path.write_bytes(b"")
    assert mapped(path) is None and mapped(tmp_path / "missing") is None


# --- the rows file ----------------------------------------------------------------------------


def _store(tmp_path: Path, text: str = TEXT) -> GlossaryStore:
    store = GlossaryStore(tmp_path)
    store.path.write_text(text, encoding="utf-8")
    return store


def test_a_glossary_read_entry_by_entry_is_the_glossary_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glossary_toml, "ROWS_FROM", 0)
    store = _store(tmp_path)
    store.load()  # (the cache written: a load from it takes the pieces' digests as fingerprints)
    whole, key = store.load_with_key()
    assert not store.rows_path.exists()  # (only a run that meets few entries writes it)
    first, first_key = store.load_with_key(searched=0)
    assert store.rows_path.exists() and type(vars(first)["_rows"]) is dict  # (read whole, rows file written)
    viewed, viewed_key = store.load_with_key(searched=0)
    assert type(vars(viewed)["_rows"]).__name__ == "_RowView"
    assert key == first_key == viewed_key and viewed.origin == whole.origin
    assert len(viewed) == len(whole) and list(viewed.ids()) == list(whole.ids()) and "person-3" in viewed
    assert viewed.entry("person-3") == whole.entry("person-3") and "entries" not in vars(viewed)
    with pytest.raises(KeyError):
        viewed.entry("person-99")
    assert viewed.fingerprints() == whole.fingerprints() and viewed.value_fingerprints() == whole.value_fingerprints()
    assert viewed.retired == whole.retired and viewed == whole  # (the rest made when all are asked for)
    assert list(viewed.entries) == list(whole.entries)


def test_a_rows_file_of_another_glossary_file_or_damaged_is_not_used(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glossary_toml, "ROWS_FROM", 0)
    store = _store(tmp_path)
    store.load_with_key(searched=0)
    kept = store.rows_path.read_bytes()
    store.path.write_text(TEXT.replace('en = "Person 7"', 'en = "Person Seven"'), encoding="utf-8")
    edited, _ = store.load_with_key(searched=0)
    assert edited.entry("person-7").forms[0].preferred == "Person Seven"
    assert store.rows_path.read_bytes() != kept  # (written again, for the edited file)
    viewed, _ = store.load_with_key(searched=0)
    assert type(vars(viewed)["_rows"]).__name__ == "_RowView" and viewed == edited
    (content, items) = unsealed_items(store.rows_path.read_bytes(), glossary_toml.CACHE_VERSION, "rows", 3) or ((), [])
    digest, ids, retired = content
    records = [_item(items, number) for number in range(len(items))]
    hostile = [((digest, ids[:-1], retired), records), ((digest, ids, retired), records[:-1]),
               ((digest, "ids", retired), records), ((digest, ids, "retired"), records),
               ((b"another file", ids, retired), records), ((digest, [*ids[:-1], ["x"]], retired), records),
               ((digest, [*ids[:-1], 7], retired), records), ((digest, [*ids[:-1], ids[0]], retired), records),
               ((digest, ids, [["x"]]), records)]
    for values, kept_records in hostile:
        store.rows_path.write_bytes(sealed_items(glossary_toml.CACHE_VERSION, ("rows", *values), kept_records))
        loaded, _ = store.load_with_key(searched=0)
        assert type(vars(loaded)["_rows"]) is dict and loaded == edited  # (read whole, and the file written again)
    # A record damaged on disk after the file was written: taken from the glossary read whole.
    data = store.rows_path.read_bytes()
    at = data.index(records[7]) + len(records[7]) - 2
    store.rows_path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    damaged, _ = store.load_with_key(searched=0)
    assert type(vars(damaged)["_rows"]).__name__ == "_RowView"
    assert damaged.entry(ids[7]) == edited.entry(ids[7]) and damaged.fingerprints() == edited.fingerprints()
    assert damaged == edited
    for damaged in (b"", b"junk", store.rows_path.read_bytes()[:-3]):
        store.rows_path.write_bytes(damaged)
        assert store.load_with_key(searched=0)[0] == edited


def test_the_first_read_of_a_file_gives_the_fingerprints_every_later_read_gives(tmp_path: Path) -> None:
    """The kept matchers and indexes are updated by them: a first read that gave others would have
    every entry taken for edited at the next run."""
    store = _store(tmp_path)
    first = store.load()  # (no cache yet: every table parsed)
    assert first.fingerprints() == store.load().fingerprints()
    assert not any(value.startswith(b"v") for value in first.fingerprints().values())


def test_a_small_glossary_is_read_whole_and_writes_no_rows_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    glossary, _ = store.load_with_key(searched=0)
    assert type(vars(glossary).get("_rows", {})) is dict and not store.rows_path.exists()


# --- the matcher's index ----------------------------------------------------------------------


_WITHOUT_WORD_CHARACTERS = st.text(st.sampled_from(list("高市早苗劉勁松刘劲松臺灣たかいちカタナー・「」。、（）")),
                                   min_size=1, max_size=5).map(str.strip).filter(bool)


@st.composite
def _glossaries_without_word_characters(draw: st.DrawFn) -> Glossary:
    """People and terms whose forms have no letter or digit a word boundary is looked for at (the
    forms anchored by their first characters)."""
    entries = []
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["person", "term"]))
        forms = []
        for _ in range(4):
            preferred = draw(_WITHOUT_WORD_CHARACTERS)
            family = draw(_WITHOUT_WORD_CHARACTERS) if kind == "person" else ""
            given = draw(_WITHOUT_WORD_CHARACTERS) if kind == "person" else ""
            forbidden = tuple(form for form in draw(st.lists(_WITHOUT_WORD_CHARACTERS, max_size=2, unique=True))
                              if form != preferred)
            forms.append(Forms(preferred, (), forbidden, family, given))
        entries.append(Entry(f"entry-{number}", kind, forms=tuple(forms)))
    return Glossary.of(entries)


@given(st.one_of(glossaries(), _glossaries_without_word_characters()), st.data())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_a_matcher_of_a_few_texts_finds_in_them_what_the_whole_matcher_finds(
        tmp_path_factory: pytest.TempPathFactory, glossary: Glossary, data: st.DataObject) -> None:
    """Forms glued to anything (letters, digits, other forms, CJK, marks): the index must never
    leave out a form the whole matcher finds."""
    store = GlossaryStore(tmp_path_factory.mktemp("index"))
    store.save(glossary)
    forms = [text for entry in glossary for forms in entry.forms
             for text in (*forms.acceptable, *forms.forbidden, forms.family, forms.given) if text]
    piece = st.one_of(st.sampled_from(forms or ["-"]), st.sampled_from(SCRIPTS))
    texts = data.draw(st.lists(st.lists(piece, max_size=8).map("".join), min_size=1, max_size=4))
    locale = data.draw(st.sampled_from(["en", "ja", "zh-Hans", "zh-Hant"]))
    forbidden = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        patch.setattr(matching, "_FEW_PAIRS", data.draw(st.sampled_from([0, 64])))
        patch.setattr(matching, "INDEXED_SHARE", 10**9)  # (the texts, however long, read by the index)
        whole = GlossaryMatcher(store.load(), locale, forbidden)
        GlossaryMatcher(store.load(), locale, forbidden, within=["(the index written)"])
        patch.setattr(matching, "_kept_tables", _not_read_whole)
        few = GlossaryMatcher(store.load(), locale, forbidden, within=texts)
    for text in texts:
        assert _hit_rows(few, text) == _hit_rows(whole, text)
        mentioned = few.mentions(text)
        assert [hit.entry for hit in mentioned] == [hit.entry for hit in whole.mentions(text)]
        for hit in mentioned:
            assert few.family_keys.get(hit.entry.id) == whole.family_keys.get(hit.entry.id)
            assert few.given_keys.get(hit.entry.id) == whole.given_keys.get(hit.entry.id)
    # Asked about a text it was not made for, it reads all the forms first.
    other = data.draw(st.lists(piece, max_size=8).map("".join).filter(lambda text: text not in texts))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        assert _hit_rows(few, other) == _hit_rows(whole, other)
        assert [_hit_rows(few, text) for text in texts] == [_hit_rows(whole, text) for text in texts]


def test_a_matcher_of_a_few_texts_reads_only_their_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    first = GlossaryMatcher(store.load(), "en", within=["Person 3 met Person 12."])
    assert len(first._forms) > 40  # (no index yet: the whole matcher, and its index written)
    assert (tmp_path / ".translator" / "matcher-en.index").exists()
    monkeypatch.setattr(matching, "_kept_tables", _not_read_whole)
    few = GlossaryMatcher(store.load(), "en", within=["Person 3 met Person 12."])
    assert [hit.entry.id for hit in few.mentions("Person 3 met Person 12.")] == ["person-3", "person-12"]
    assert {"person 3", "person 12"} <= set(few._forms) and len(few._forms) < len(first._forms) / 4

def test_a_matcher_made_before_its_texts_are_known_is_made_only_where_it_reads_every_form(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`before_texts`: texts long beside the glossary get the whole matcher at once (and no index
    is made for them); short ones none, so that they are searched with the forms the index picks
    once they are known."""
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    whole = GlossaryMatcher(store.load(), "en")
    size = matching.INDEXED_SHARE * len(whole._forms)
    long = GlossaryMatcher.before_texts(store.load(), "en", size + 1)
    assert long is not None and long._forms == whole._forms and long._whole is None
    assert not (tmp_path / ".translator" / "matcher-en.index").exists()
    GlossaryMatcher(store.load(), "en", within=["(the index written)"])
    assert (tmp_path / ".translator" / "matcher-en.index").exists()
    assert GlossaryMatcher.before_texts(store.load(), "en", size) is None
    assert GlossaryMatcher.before_texts(store.load(), "en", size + 1) is not None


def test_a_matcher_made_for_no_text_still_finds_what_it_is_asked_about(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    GlossaryMatcher(store.load(), "en", within=["(the index written)"])
    empty = GlossaryMatcher(store.load(), "en", within=[])
    assert empty._forms == [] and [hit.entry.id for hit in empty.hits("Person 3 came.")] == ["person-3"]


def test_texts_long_beside_the_glossary_are_searched_with_all_its_forms(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the anchors of 1 MB of text costs more than reading a small glossary's matcher."""
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    monkeypatch.setattr(glossary_toml, "ROWS_FROM", 0)
    store = _store(tmp_path)
    GlossaryMatcher(store.load(), "en", within=["(the index written)"])
    forms = len(GlossaryMatcher(store.load(), "en")._forms)
    short, long = "Person 3 met Person 12.", "Person 3 met Person 12. " * (forms * matching.INDEXED_SHARE // 24 + 1)
    assert len(GlossaryMatcher(store.load(), "en", within=[short])._forms) < forms
    assert len(GlossaryMatcher(store.load(), "en", within=[long])._forms) == forms
    store.load_with_key(searched=len(short))  # (the rows file written)
    assert type(vars(store.load_with_key(searched=len(short))[0])["_rows"]).__name__ == "_RowView"
    size = store.path.stat().st_size
    assert type(vars(store.load_with_key(searched=size // glossary_toml.ROWS_SHARE + 1)[0])["_rows"]) is dict


def test_an_index_of_other_releases_or_damaged_is_not_used_and_of_an_earlier_file_is_updated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    text = ["Person 6 and Person 8."]
    expected = [("person-6", "person 6", 0, 8), ("person-8", "person 8", 13, 21)]
    GlossaryMatcher(store.load(), "en", within=text)
    index = tmp_path / ".translator" / "matcher-en.index"
    kept = index.read_bytes()
    read_whole: list[int] = []
    kept_tables = matching._kept_tables
    monkeypatch.setattr(matching, "_kept_tables", lambda *args: read_whole.append(1) or kept_tables(*args))
    store.path.write_text(TEXT.replace('en = "Person 8"', 'en = "Person Eight"'), encoding="utf-8")
    assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0]) == expected[:1]
    assert read_whole == [] and index.read_bytes() != kept  # (updated for the edit, and kept)
    assert _hit_rows(GlossaryMatcher(store.load(), "en", within=["Person Eight"]), "Person Eight") == [
        ("person-8", "person eight", 0, 12)]
    store.path.write_text(TEXT, encoding="utf-8")
    index.write_bytes(kept)
    monkeypatch.setattr(matching, "matching_libraries", lambda: "pyahocorasick 99")
    assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0]) == expected
    assert read_whole == [1]
    monkeypatch.undo()
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    monkeypatch.setattr(matching, "_kept_tables", lambda *args: read_whole.append(1) or kept_tables(*args))
    for damaged in (b"", kept[:100], kept[:-1] + bytes([kept[-1] ^ 1]), b"junk"):
        index.write_bytes(damaged)
        assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0]) == expected
    assert len(read_whole) in (4, 5)  # (a damaged last group is read whole only if the text picks it)
    # Groups whose checksum holds but whose content is not what the index writes crash nothing.
    (made_by, key, forms, pairs), groups = unsealed_items(kept, matching.INDEX_FORMAT, "index", 4) or ((), [])
    entries = _item(groups, len(groups) - 1)
    import marshal

    read: list[object] = []
    folded_tables = matching._Index.folded_tables
    monkeypatch.setattr(matching._Index, "folded_tables", lambda *args: read.append(folded_tables(*args)) or read[-1])
    for group in ([["person 6"], b"\x08", [("person-6",)], {}, {}], [["person 6"], b"\x06", [("person-404",)], {}, {}],
                  [["person 6"], b"\x06", ["person-6"], {}, {}], [["person 6"], b"", [("person-6",)], {}, {}],
                  [[6], b"\x06", [("person-6",)], {}, {}], [["person 6"], b"\x06", [("person-6",)], [], {}], "junk"):
        index.write_bytes(sealed_items(matching.INDEX_FORMAT, ("index", made_by, key, forms, pairs),
                                       [marshal.dumps(group)] * (len(groups) - 1) + [entries]))
        assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0]) == expected
        assert read.pop() is None  # (the index was read, and its groups declined)


@given(st.one_of(glossaries(), _glossaries_without_word_characters()),
       st.one_of(glossaries(), _glossaries_without_word_characters()), st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_an_index_updated_after_an_edit_finds_what_the_whole_matcher_of_the_edit_finds(
        tmp_path_factory: pytest.TempPathFactory, first: Glossary, second: Glossary, data: st.DataObject) -> None:
    """Some of the first glossary's entries stay, the others go; some of the second's come in, in
    place of an entry of the same id or as new ones: the index made for the first is updated, not
    made again, and finds what a matcher of the edited glossary finds, then and when read again."""
    entries = {entry.id: replace(entry, holders=()) for entry in first if data.draw(st.booleans(), label=f"keep {entry.id}")}
    entries.update({entry.id: replace(entry, holders=()) for entry in second
                    if data.draw(st.booleans(), label=f"take {entry.id}")})
    locale = data.draw(st.sampled_from(["en", "ja", "zh-Hans", "zh-Hant"]))
    forbidden = data.draw(st.booleans())
    store = GlossaryStore(tmp_path_factory.mktemp("updated"))
    forms = [text for entry in entries.values() for forms in entry.forms
             for text in (*forms.acceptable, *forms.forbidden, forms.family, forms.given) if text]
    piece = st.one_of(st.sampled_from(forms or ["-"]), st.sampled_from(SCRIPTS))
    texts = data.draw(st.lists(st.lists(piece, max_size=8).map("".join), min_size=1, max_size=4))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "CACHED_AT", 0)
        patch.setattr(matching, "INDEXED_SHARE", 10**9)
        patch.setattr(matching, "_few", lambda count: 10**6)
        store.save(Glossary.of(replace(entry, holders=()) for entry in first))
        GlossaryMatcher(store.load(), locale, forbidden, within=["(the index written)"])
        store.save(Glossary.of(entries.values()))
        patch.setattr(matching, "_kept_tables", _not_read_whole)
        updated = GlossaryMatcher(store.load(), locale, forbidden, within=texts)
        again = GlossaryMatcher(store.load(), locale, forbidden, within=texts)
    whole = GlossaryMatcher(Glossary.of(entries.values()), locale, forbidden)
    for text in texts:
        assert _hit_rows(updated, text) == _hit_rows(whole, text) == _hit_rows(again, text)
        mentioned = updated.mentions(text)
        assert [hit.entry for hit in mentioned] == [hit.entry for hit in whole.mentions(text)]
        for hit in mentioned:
            assert updated.family_keys.get(hit.entry.id) == whole.family_keys.get(hit.entry.id)
            assert updated.given_keys.get(hit.entry.id) == whole.given_keys.get(hit.entry.id)


def test_an_updated_index_keeps_an_entry_once_for_each_of_its_forms_that_fold_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Abe" and "ABE" fold alike: the whole matcher names the entry twice for the one form (once
    per form as written), and so must an index updated for the entry."""
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    GlossaryMatcher(store.load(), "en", within=["(the index written)"])
    store.path.write_text(TEXT + '\n[abe]\ntype = "person"\nen = "Abe"\nen-admitted = ["ABE"]\n', encoding="utf-8")
    monkeypatch.setattr(matching, "_kept_tables", _not_read_whole)
    text = "Abe met Person 1"
    updated = GlossaryMatcher(store.load(), "en", within=[text])
    monkeypatch.undo()
    whole = GlossaryMatcher(store.load(), "en")
    assert _hit_rows(updated, text) == _hit_rows(whole, text) and [row[0] for row in _hit_rows(whole, text)][:2] == ["abe"] * 2


def test_an_index_with_a_damaged_group_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    text = ["Person 6 and Person 8."]
    GlossaryMatcher(store.load(), "en", within=text)
    index = tmp_path / ".translator" / "matcher-en.index"
    kept = index.read_bytes()
    at = kept.index(b"person 6")
    index.write_bytes(kept[:at] + b"P" + kept[at + 1:])  # (a group's bytes damaged: its check fails)
    assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0])[0][0] == "person-6"
    assert index.read_bytes() == kept  # (made again, as it was)
    monkeypatch.setattr(matching, "_kept_tables", _not_read_whole)
    assert _hit_rows(GlossaryMatcher(store.load(), "en", within=text), text[0])[0][0] == "person-6"


# --- from the command line ----------------------------------------------------------------------


def test_segment_of_one_article_reads_few_entries_and_writes_what_a_whole_read_writes(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    monkeypatch.setattr(matching, "INDEXED_SHARE", 10**9)  # (the sample's glossary is small beside its articles)
    monkeypatch.setattr(glossary_toml, "ROWS_FROM", 0)
    monkeypatch.setattr(glossary_toml, "ROWS_SHARE", 0)
    article = next(path for path in sorted((sample / "articles").iterdir()) if path.suffix in (".md", ".txt"))
    pristine = tmp_path / "pristine"
    shutil.copytree(sample, pristine)
    first = CliRunner().invoke(cli, ["-w", str(sample), "segment", str(article)])  # (read whole: nothing kept yet)
    assert first.exit_code == 0, first.output
    written = _files(sample)
    state = sample / ".translator"
    assert (state / "glossary-rows.cache").exists() and list(state.glob("matcher-*.index"))
    shutil.rmtree(sample / "locales")
    shutil.copytree(pristine / "locales", sample / "locales")
    for path in state.iterdir():  # every record but the glossary's and the matchers' forgotten
        if not path.name.startswith(("matcher-", "glossary")):
            path.unlink()
    monkeypatch.setattr(matching, "_kept_tables", _not_read_whole)
    monkeypatch.setattr(glossary_toml.GlossaryStore, "_validated", _not_read_whole)
    again = CliRunner().invoke(cli, ["-w", str(sample), "segment", str(article)])
    assert (again.exit_code, again.output) == (0, first.output)
    assert _files(sample) == written


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "locales").rglob("*.po*"))}


def test_the_runs_an_index_anchors_by_are_runs_of_word_characters() -> None:
    runs = matching._word_runs()
    assert all(bool(runs.fullmatch(char)) == matching.is_word_char(char) for char in map(chr, range(0x110000)))


# --- a check of one catalog ---------------------------------------------------------------------


def test_a_title_resolver_makes_no_entry_until_a_mention_asks(tmp_path: Path) -> None:
    from translator.titles import TitleResolver

    store = _store(tmp_path)
    store.load()  # (the cache written)
    glossary = store.load()
    resolver = TitleResolver(glossary, "en")
    assert "entries" not in vars(glossary)
    assert resolver.country("person-3") is None and resolver.country("nobody") is None
    assert resolver.person_countries("person-1") == set()  # (the title has no country)
    whole = TitleResolver(store.load(), "en")
    assert [whole.country(entry_id) for entry_id in glossary.ids()] == [resolver.country(entry_id) for entry_id in glossary.ids()]


def test_the_allowed_characters_of_a_large_glossary_are_kept_by_its_file(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from translator.checks import allowed_characters

    monkeypatch.setattr(matching, "CACHED_AT", 0)
    store = _store(tmp_path)
    expected = {target: frozenset("".join(form for entry in store.load() for form in entry.form(target).acceptable))
                for target in ("en", "ja")}
    kept = tmp_path / ".translator" / "allowed-characters.cache"
    assert {target: allowed_characters(store.load(), target) for target in expected} == expected and kept.exists()
    glossary = store.load()
    assert allowed_characters(glossary, "ja") == expected["ja"] and "entries" not in vars(glossary)  # (from the file)
    store.path.write_text(TEXT.replace('ja = "人7"', 'ja = "人七"'), encoding="utf-8")
    assert "七" in allowed_characters(store.load(), "ja")  # (another glossary file: worked out again)
    changed = store.load()
    changed.remove("person-7")  # (a glossary changed since it was read is not the file's)
    assert "七" not in allowed_characters(changed, "ja")
    for damaged in (b"", b"junk", kept.read_bytes()[:-1]):
        kept.write_bytes(damaged)
        assert "七" in allowed_characters(store.load(), "ja")


def test_check_of_one_article_reads_few_entries_and_finds_what_a_whole_read_finds(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translator import checks

    monkeypatch.setattr(matching, "CACHED_AT", 0)
    monkeypatch.setattr(matching, "INDEXED_SHARE", 10**9)  # (the sample's glossary is small beside its articles)
    monkeypatch.setattr(glossary_toml, "ROWS_FROM", 0)
    monkeypatch.setattr(glossary_toml, "ROWS_SHARE", 0)
    article = sample / "articles" / "japan-china-talks.txt"
    catalog = sample / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    text = catalog.read_text(encoding="utf-8")
    assert "劉勁松氏は改めて" in text
    catalog.write_text(text.replace("劉勁松氏は改めて", "刘劲松氏は改めて"), encoding="utf-8")  # (a name in the wrong script)
    with monkeypatch.context() as patch:
        patch.setattr(checks, "_texts_within", lambda todo: None)  # (every matcher whole)
        whole = CliRunner().invoke(cli, ["-w", str(sample), "check", str(article)])
    assert "GL01" in whole.output and "LG05" in whole.output  # (findings of the matchers and of the characters)
    for path in (sample / ".translator").iterdir():
        if path.name.startswith("check"):
            path.unlink()  # (nothing remembered of the whole run's findings)
    first = CliRunner().invoke(cli, ["-w", str(sample), "check", str(article)])  # (the indexes made)
    for path in (sample / ".translator").iterdir():
        if path.name.startswith("check"):
            path.unlink()
    monkeypatch.setattr(matching, "_kept_tables", _not_read_whole)
    monkeypatch.setattr(glossary_toml.GlossaryStore, "_validated", _not_read_whole)
    again = CliRunner().invoke(cli, ["-w", str(sample), "check", str(article)])
    assert (whole.exit_code, whole.output) == (first.exit_code, first.output) == (again.exit_code, again.output)
