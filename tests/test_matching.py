"""Finding glossary entries in text: every form, whole words, any case, CJK."""

from __future__ import annotations

import pytest

from translator.glossary import Glossary, build_entry
from translator.matching import GlossaryMatcher

GLOSSARY = Glossary.of([
    build_entry({
        "id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "en-admitted": ["TAKAICHI Sanae"],
        "en-family": "Takaichi", "en-given": "Sanae", "ja": "高市早苗", "ja-family": "高市", "ja-given": "早苗",
        "en-forbidden": ["Sanae Takai"],
    }),
    build_entry({"id": "shinzo-abe", "type": "person", "en": "Shinzo Abe", "en-family": "Abe", "en-given": "Shinzo"}),
    build_entry({
        "id": "liu-jinsong", "type": "person", "en": "Liu Jinsong", "zh-Hans": "刘劲松", "zh-Hans-family": "刘",
        "zh-Hans-given": "劲松",
    }),
    build_entry({"id": "tadamori-oshima", "type": "person", "en": "Tadamori Oshima", "en-family": "Oshima", "en-given": "Tadamori"}),
    build_entry({"id": "prime-minister", "type": "title", "en": "Prime Minister", "ja": "内閣総理大臣", "ja-admitted": ["首相"]}),
])


def _ids(text: str, locale: str = "en") -> list[str]:
    return [entry.id for entry in GlossaryMatcher(GLOSSARY, locale).entries_in(text)]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Prime Minister Sanae Takaichi spoke.", ["prime-minister", "sanae-takaichi"]),
        ("TAKAICHI Sanae spoke.", ["sanae-takaichi"]),
        ("Takaichi Sanae spoke.", ["sanae-takaichi"]),
        ("Takaichi said so.", ["sanae-takaichi"]),
        ("Takaichi's remarks and Takaichi’s words.", ["sanae-takaichi"]),
        ("prime minister takaichi", ["prime-minister", "sanae-takaichi"]),
        ("Sanae Takai, the article says.", ["sanae-takaichi"]),
        ("Tadamori Ōshima and ŌSHIMA.", ["tadamori-oshima"]),
        ("Abenomics and Abel are not Abe.", ["shinzo-abe"]),
        ("Abenomics and Abel.", []),
        ("The Minister spoke.", []),
    ],
)
def test_english_forms(text: str, ids: list[str]) -> None:
    assert _ids(text) == ids


def test_japanese_and_chinese_forms() -> None:
    assert _ids("首相は高市早苗氏。高市氏は述べた。", "ja") == ["prime-minister", "sanae-takaichi"]
    assert _ids("刘劲松表示。", "zh-Hans") == ["liu-jinsong"]
    assert _ids("刘先生表示。", "zh-Hans") == []  # a one-character family name alone is not searched


def test_an_empty_glossary_finds_nothing() -> None:
    assert GlossaryMatcher(Glossary(), "en").entries_in("Anything") == []


def test_a_form_that_folds_to_nothing_is_not_searched_and_breaks_nothing() -> None:
    """A lone combining mark is a valid form that folding takes away: it used to crash every
    matcher (segment, lint, check, review) with an IndexError."""
    glossary = Glossary.of([*GLOSSARY, build_entry({"id": "mark", "type": "term", "en": "\u0301", "en-admitted": ["Mark"]})])
    assert [entry.id for entry in GlossaryMatcher(glossary, "en").entries_in("Mark \u0301 Abe")] == ["mark", "shinzo-abe"]
    assert GlossaryMatcher(glossary, "en", forbidden_only=True).entries_in("\u0301") == []


@pytest.mark.parametrize(
    ("text", "locale", "ids"),
    [
        ("高市氏は述べた。", "ja", ["sanae-takaichi"]),
        ("高市場の動向を見る。", "ja", []),  # 高市 is not a word here: 高 / 市場
        ("首相官邸で。", "ja", ["prime-minister"]),
    ],
)
def test_short_japanese_forms_match_whole_words(text: str, locale: str, ids: list[str]) -> None:
    assert _ids(text, locale) == ids


def test_short_chinese_forms_match_whole_words() -> None:
    glossary = Glossary.of([build_entry({"id": "beijing", "type": "place", "en": "Beijing", "zh-Hans": "北京"})])
    matcher = GlossaryMatcher(glossary, "zh-Hans")
    assert [e.id for e in matcher.entries_in("会谈在北京举行。")] == ["beijing"]
    assert matcher.entries_in("北京大学的学生。") == []  # Peking University, one word


@pytest.mark.parametrize(("text", "found"), [
    ("The U.S. said so.", True),
    ("U.S.-led talks", True),
    ("U.S.A", True),  # a form ending in a full stop needs no word boundary after it
    ("AU.S. team", False),  # but one beginning with a letter needs one before it
    ("#U.S.", True),
])
def test_only_an_end_of_a_form_that_is_a_letter_needs_a_word_boundary(text: str, found: bool) -> None:
    glossary = Glossary.of([build_entry({"id": "united-states", "type": "place", "en": "U.S."})])
    assert [entry.id for entry in GlossaryMatcher(glossary, "en").entries_in(text)] == (["united-states"] if found else [])
