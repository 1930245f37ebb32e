"""Which old translation an updated catalog offers as a draft: an edited sentence its own previous
version, found by place; a new sentence only a close one that names no other glossary entry."""

from __future__ import annotations

import pytest

from translator import catalog as catalog_module
from translator.catalog import CatalogMemory, Message, TranslationMemory, merge_catalog
from translator.formats.po import Catalog, Entry

PATH = "articles/news.txt"


def _notes(*ids: str) -> tuple[str, ...]:
    return tuple(f"glossary: {entry_id} (person)" for entry_id in ids)


def _old(*rows: tuple[str, int, tuple[str, ...]]) -> Catalog:
    """A translated catalog: (source, line, glossary ids) per entry."""
    return Catalog(entries=[Entry(msgid=text, msgstr=f"訳：{text}", references=(f"{PATH}:{line}",),
                                  extracted_comments=_notes(*ids)) for text, line, ids in rows])


def _merge(messages: list[Message], old: Catalog, memory: TranslationMemory | None = None) -> dict[str, Entry]:
    merged, _ = merge_catalog(messages, old, "news", "ja", "en", memory or TranslationMemory())
    return {entry.msgid: entry for entry in merged.entries if not entry.obsolete}


def _message(text: str, line: int, *ids: str) -> Message:
    return Message(text, (f"{PATH}:{line}",), _notes(*ids))


def test_an_edited_sentence_gets_its_own_previous_version_after_lines_moved() -> None:
    own = "Mr. Suzuki5 told reporters on Tuesday that talks would go on."
    old = _old(("Opening line.", 1, ()),
               ("A paragraph that stays.", 3, ()),
               (own, 5, ("suzuki5",)),
               ("Mr. Suzuki5 told reporters on Wednesday that talks would go on soon.", 7, ("suzuki5",)))  # removed
    messages = [
        _message("Opening line.", 1),
        _message("A paragraph added above the edit.", 3),
        _message("A paragraph that stays.", 5),
        _message("Mr. Suzuki5 told reporters on Wednesday that talks would go on.", 7, "suzuki5"),
    ]
    merged = _merge(messages, old)
    # The removed sentence that stood on line 7 is closer, but the edited one stood on line 5.
    edited = merged["Mr. Suzuki5 told reporters on Wednesday that talks would go on."]
    assert (edited.previous_msgid, edited.flags) == (own, ("fuzzy",))
    assert merged["A paragraph added above the edit."].msgstr == ""


def test_a_sentence_that_still_stands_elsewhere_is_the_previous_version_of_its_edited_copy() -> None:
    text = "Mr. Suzuki5 told reporters on Tuesday that talks would go on."
    old = Catalog(entries=[
        Entry(msgid=text, msgstr="鈴木5氏", references=(f"{PATH}:1", f"{PATH}:9"), extracted_comments=_notes("suzuki5")),
        Entry(msgid="Mr. Suzuki6 told reporters on Tuesday that talks would go on.", msgstr="鈴木6氏",
              references=(f"{PATH}:5",), extracted_comments=_notes("suzuki6")),
    ])
    messages = [_message("Mr. Suzuki5 told reporters on Wednesday that talks would go on.", 1, "suzuki5"),
                _message("Nothing like it at all, a new line.", 5),
                _message(text, 9, "suzuki5")]
    edited = _merge(messages, old)["Mr. Suzuki5 told reporters on Wednesday that talks would go on."]
    assert (edited.previous_msgid, edited.msgstr) == (text, "鈴木5氏")


def test_a_neighbour_that_stays_or_a_paragraph_that_moved_is_never_a_previous_version() -> None:
    old = _old(("Mr. Suzuki5 told reporters on Tuesday that talks would go on.", 1, ("suzuki5",)),
               ("Mr. Suzuki6 told reporters on Tuesday that talks would go on.", 3, ("suzuki6",)))
    messages = [_message("Mr. Suzuki6 told reporters on Tuesday that talks would go on.", 1, "suzuki6"),
                _message("Mr. Suzuki6 told reporters on Thursday that talks would go on.", 1, "suzuki6"),
                _message("Mr. Suzuki5 told reporters on Tuesday that talks would go on.", 3, "suzuki5")]
    merged = _merge(messages, old)
    assert merged["Mr. Suzuki6 told reporters on Thursday that talks would go on."].msgstr == ""


def test_a_new_sentence_is_offered_no_sentence_about_another_person() -> None:
    old = _old(("Suzuki383 told reporters on Tuesday that talks would go on.", 1, ("suzuki383",)),
               ("Kept.", 3, ()),
               ("They told reporters on Tuesday that talks would end.", 5, ()))
    messages = [_message("Kept.", 1),
                _message("Mr. Suzuki519 told reporters on Tuesday that talks would go on.", 3, "suzuki519"),
                _message("Kept again.", 5)]
    merged = _merge(messages, old)
    new = merged["Mr. Suzuki519 told reporters on Tuesday that talks would go on."]
    # Not Suzuki383's sentence, though it is closer: one that names no other entry.
    assert (new.previous_msgid, new.flags) == ("They told reporters on Tuesday that talks would end.", ("fuzzy",))


def test_the_memory_offers_no_sentence_about_another_person() -> None:
    memory = CatalogMemory()
    memory.add("other.po", _old(("Suzuki383 told reporters on Tuesday that talks would go on.", 1, ("suzuki383",))))
    offered = TranslationMemory(memory, "news.po")
    text = "Mr. Suzuki519 told reporters on Tuesday that talks would go on."
    assert offered.close(text, frozenset({"suzuki519"})) is None
    assert offered.close(text, frozenset({"suzuki383", "suzuki519"})) is not None
    assert offered.close(text) is not None  # without ids, as before
    merged = _merge([_message(text, 1, "suzuki519")], _old(("Gone.", 1, ())), offered)
    assert merged[text].msgstr == ""


def test_the_pairing_is_worked_out_once_for_all_locales(monkeypatch: pytest.MonkeyPatch) -> None:
    old = _old(("Mr. Suzuki5 told reporters on Tuesday that talks would go on.", 1, ("suzuki5",)))
    messages = [_message("Mr. Suzuki5 told reporters on Wednesday that talks would go on.", 1, "suzuki5")]
    calls = []
    original = catalog_module._in_place
    monkeypatch.setattr(catalog_module, "_in_place", lambda *args: calls.append(1) or original(*args))
    untranslated = Catalog(entries=[Entry(msgid=e.msgid, references=e.references,
                                          extracted_comments=e.extracted_comments) for e in old.entries])
    results = [_merge(messages, catalog) for catalog in (old, untranslated, old)]
    assert len(calls) == 1
    text = messages[0].text
    assert [result[text].msgstr for result in results] == [f"訳：{old.entries[0].msgid}", "", f"訳：{old.entries[0].msgid}"]


def test_a_first_merge_holds_nothing_per_sentence_for_pairings_it_cannot_make() -> None:
    """With no old catalog (a first segment) nothing is gone to offer a new sentence: the pairing,
    kept while the article's locales are merged, holds nothing per sentence (a 10 MB article has
    100,000; they cost its first segment 15 MB at the peak)."""
    messages = [_message(f"Sentence number {number} about the talks.", number) for number in range(200)]
    merged, summary = merge_catalog(messages, None, "news", "ja", "en", TranslationMemory())
    assert summary.new == 200 and all(not entry.msgstr for entry in merged.entries)
    assert catalog_module._last_pairing is not None
    pairing = catalog_module._last_pairing[1]
    assert (pairing.in_place, pairing._notes, pairing._elsewhere) == ({}, {}, {})
    catalog_module.forget_pairing()
