"""translator glossary suggest: what the glossary lacks, most frequent first, with the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translator.formats.article import parse_article
from translator.glossary import Glossary, build_entry
from translator.suggest import Suggestion, suggest_entries
from translator.workspace import Workspace
from tests.conftest import Run

GLOSSARY = Glossary.of([
    build_entry({"id": "fumio-kishida", "type": "person", "en": "Fumio Kishida", "en-family": "Kishida", "en-given": "Fumio",
                 "ja": "岸田文雄", "ja-family": "岸田", "ja-given": "文雄"}),
    build_entry({"id": "pm", "type": "title", "en": "Prime Minister", "ja": "首相"}),
])


def _suggested(text: str, locale: str) -> list[tuple[str, str, int]]:
    article = parse_article(text + "\n", "a.txt", "text", "a")
    return [(s.text, s.type, s.count) for s in suggest_entries([article], GLOSSARY, locale)]


def _ids(text: str, locale: str) -> dict[str, str]:
    article = parse_article(text + "\n", "a.txt", "text", "a")
    return {s.text: s.entry_id for s in suggest_entries([article], GLOSSARY, locale)}


def test_english_names_titles_and_organisations() -> None:
    text = ("Prime Minister Fumio Kishida met Defence Minister Gen Nakatani at the Ministry of Defence. "
            "Gen Nakatani spoke. The Japan Coast Guard and Nikkei Radio reported on Tuesday. Kishidda said so.")
    assert _suggested(text, "en") == [
        ("Gen Nakatani", "person", 2), ("Defence Minister", "title", 1), ("Japan Coast Guard", "organisation", 1),
        ("Ministry of Defence", "organisation", 1), ("Nikkei Radio", "organisation", 1),
    ]


def test_known_forms_and_near_misses_are_not_suggested() -> None:
    assert _suggested("Prime Minister Fumio Kishida spoke. Fumio Kishidda agreed. Kishida's aide left.", "en") == []


# --- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "locale", "entry_id"), [
    ("大洋洲", "zh-Hans", "dayangzhou"),  # 洋 in its phrase, not the first reading of the character (xiang)
    ("厦门大学", "zh-Hans", "xiamendaxue"),  # 厦 is xia in 厦门, not sha
    ("廈門大學", "zh-Hant", "xiamendaxue"),  # Traditional text is read as its Simplified form
    ("长沙银行", "zh-Hans", "changsha-yinhang"),  # one jieba word, one part of the id
    ("函館市長", "ja", "hakodate-shicho"),  # Japanese by the word's reading, not as pinyin (han-guan)
    ("大洋州", "ja", "taiyo-shu"),  # plain Hepburn: no macron, long vowel unwritten
    ("日本経済新聞", "ja", "nippon-keizai-shimbun"),
    ("ラクソン", "ja", "rakuson"),  # a katakana name whole, however the dictionary cuts it
    ("G7外相", "ja", "g7-gaisho"),
    ("Velmora Ministry of Tides", "en", "velmora-ministry-of-tides"),
])
def test_ids_are_whole_word_readings(text: str, locale: str, entry_id: str) -> None:
    assert Suggestion(text, "term", 1, locale).entry_id == entry_id


def test_ids_in_the_add_command() -> None:
    assert _ids("挪威外交部发言人汉森表示。", "zh-Hans") == {
        "挪威外交部发言人": "nuowei-waijiaobu-fayanren", "汉森": "hansen"}
    assert _ids("函館で佐々木健太氏と会った。", "ja") == {"函館": "hakodate", "佐々木健太": "sasaki-kenta"}
    assert Suggestion("大洋洲", "place", 1, "zh-Hans").command == \
        'translator glossary add dayangzhou --type place --form zh-Hans="大洋洲"'


# --- possessives -----------------------------------------------------------------------------


def test_a_possessive_ends_a_name() -> None:
    text = "Velmora's Ministry of Fisheries met officials. Velmora’s Office of Tides agreed."
    assert _suggested(text, "en") == [("Ministry of Fisheries", "organisation", 1), ("Office of Tides", "organisation", 1)]
    # the possessor is suggested only when it qualifies as a single word (here it opens both sentences)


def test_the_possessor_when_it_qualifies_on_its_own() -> None:
    text = "Velmora's Ministry of Fisheries met officials. They later flew from Velmora’s capital to Brisk."
    assert _suggested(text, "en") == [("Velmora", "place", 2), ("Ministry of Fisheries", "organisation", 1)]


def test_a_possessor_after_and_is_a_name_of_its_own() -> None:
    assert _suggested("The Velmora Navy and Karsk’s Office of Tides met.", "en") == [
        ("Office of Tides", "organisation", 1), ("Velmora Navy", "organisation", 1)]


# --- recurring single words ------------------------------------------------------------------


def test_recurring_single_words_are_places_organisations_or_terms() -> None:
    text = ("Envoys met in Velmora on Monday. Velmora hosted the Brannock in March, and the Brannock agreed. "
            "Talks resumed on Monday in March. Zeltrin lies north. Zeltrin is cold. Harrowgate sent a note; "
            "so did Harrowgate.")
    assert _suggested(text, "en") == [("Brannock", "organisation", 2), ("Harrowgate", "term", 2), ("Velmora", "place", 2)]
    # Monday and March are dates; Zeltrin only ever opens a sentence, so its capital says nothing


def test_single_words_capitalised_for_another_reason() -> None:
    text = ("The Summit went well, said the Summit chair; the next summit is in May. "
            "Norwegian ships met Norwegian boats. As I said, I agree, and so do We. "
            "The U.S. agreed and the U.S. paid. Mr. Haldane spoke. Later Mr. Haldane left.")
    assert _suggested(text, "en") == [("Haldane", "person", 2)]  # after Mr.: a person, not a sentence opener


def test_a_persons_single_name_refers_to_the_full_name() -> None:
    text = "Ilse Marwick arrived. Later, Marwick said no, and Marwick left."
    assert _suggested(text, "en") == [("Ilse Marwick", "person", 1)]


def test_headings_capitalise_every_word() -> None:
    text = "# Harbour Talks Resume\n\nHarbour Talks Resume in Velmora\n\nThe harbour reopened. Talks resume in Velmora today.\n"
    article = parse_article(text, "a.md", "markdown", "a")
    assert suggest_entries([article], GLOSSARY, "en") == []


# --- Japanese and Chinese --------------------------------------------------------------------


def test_japanese_and_chinese_patterns() -> None:
    assert _suggested("岸田文雄首相と山田太郎氏が会談した。山田太郎氏は語った。トランプ大統領も。", "ja") == [
        ("山田太郎", "person", 2), ("トランプ", "person", 1),
    ]
    found = _suggested("外交部发言人毛宁表示。美国总统特朗普在白宫表示。", "zh-Hans")
    assert {(text, kind) for text, kind, _ in found} >= {
        ("外交部发言人", "title"), ("毛宁", "person"), ("特朗普", "person"), ("美国总统", "title"),
    }  # the type is jieba's guess: it also calls 白宫 a person
    assert _suggested("日中外相会談で茂木敏充外相は王毅外相と会談した。", "ja") == [
        ("王毅", "person", 1), ("茂木敏充", "person", 1),
    ]  # 日中 before 外相 is not a name


def test_japanese_fragments_of_compounds_are_not_names() -> None:
    text = "外務省アジア大洋州局長と欧州局長の佐々木健太氏がオスロで会見した。ノルウェー北部の港も。"
    assert _suggested(text, "ja") == [
        ("アジア大洋州局長", "title", 1), ("オスロ", "place", 1), ("佐々木健太", "person", 1), ("欧州局長", "title", 1),
    ]  # not アジア, 欧州 or ノルウェー: each is part of a longer noun


def test_japanese_compounds_named_by_their_ending() -> None:
    text = "ノルウェー外務省のストーレ報道官は佐々木前首相とオーストラリア外相に会った。"
    assert _suggested(text, "ja") == [
        ("オーストラリア外相", "title", 1), ("ストーレ", "person", 1), ("ノルウェー外務省", "organisation", 1),
        ("佐々木", "person", 1),
    ]  # a country before a title is a title, not a person; a name before 前首相 is a person


def test_chinese_fragments_of_compounds_are_not_names() -> None:
    assert _suggested("新西兰外长访问南美洲国家。挪威外交部发言人汉森表示。", "zh-Hans") == [
        ("挪威外交部发言人", "title", 1), ("新西兰外长", "title", 1), ("汉森", "person", 1),
    ]  # not 新西兰, 南美洲 (南美洲国家 names nothing) or 挪威; the person after a title stays


def test_traditional_chinese_is_segmented_as_simplified() -> None:
    found = _suggested("臺灣外交部表示。", "zh-Hant")
    assert found == [("臺灣外交部", "organisation", 1)]


# --- the command -----------------------------------------------------------------------------


def test_cli_prints_the_add_command(workspace: Workspace, run: Run) -> None:
    article = workspace.root / "articles" / "a.txt"
    article.write_text("Gen Nakatani met Gen Nakatani's aides at Nikkei Radio.\n", encoding="utf-8")
    result = run("glossary", "suggest", str(article))
    assert result.output.splitlines()[:2] == [
        "   2  Gen Nakatani  [person]",
        '      translator glossary add gen-nakatani --type person --form en="Gen Nakatani"',
    ]
    data = json.loads(run("glossary", "suggest", "--all", "--format", "json").output)
    assert data[1] == {"text": "Nikkei Radio", "type": "organisation", "count": 1,
                       "command": 'translator glossary add nikkei-radio --type organisation --form en="Nikkei Radio"'}
    assert run("glossary", "suggest").exit_code == 2


def test_the_sample_article(sample: Path) -> None:
    from click.testing import CliRunner

    from translator.cli import cli

    result = CliRunner().invoke(cli, ["-w", str(sample), "glossary", "suggest", "--all", "--format", "json"])
    found = {item["text"]: item["type"] for item in json.loads(result.output)}
    assert list(found)[:3] == ["Japan", "China", "Ministry of Foreign Affairs"] and "Nikkei Radio" in found
    assert found["Japan"] == found["China"] == "place"
    assert not any("Takai" in text or "Kanai" in text for text in found)  # misspellings are lint's
    assert not {"U.S", "U.S.", "Tuesday", "November", "Chinese", "However"} & set(found)
