"""translator glossary suggest: what the glossary lacks, most frequent first, with the command."""

from __future__ import annotations

import json
from pathlib import Path

from translator.article import parse_article
from translator.glossary import Glossary, build_entry
from translator.suggest import suggest_entries
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


def test_english_names_titles_and_organisations() -> None:
    text = ("Prime Minister Fumio Kishida met Defence Minister Gen Nakatani at the Ministry of Defence. "
            "Gen Nakatani spoke. The Japan Coast Guard and Nikkei Radio reported on Tuesday. Kishidda said so.")
    assert _suggested(text, "en") == [
        ("Gen Nakatani", "person", 2), ("Defence Minister", "title", 1), ("Japan Coast Guard", "organisation", 1),
        ("Ministry of Defence", "organisation", 1), ("Nikkei Radio", "organisation", 1),
    ]


def test_known_forms_and_near_misses_are_not_suggested() -> None:
    assert _suggested("Prime Minister Fumio Kishida spoke. Fumio Kishidda agreed. Kishida's aide left.", "en") == []


def test_japanese_and_chinese_patterns() -> None:
    assert _suggested("岸田文雄首相と山田太郎氏が会談した。山田太郎氏は語った。トランプ大統領も。", "ja") == [
        ("山田太郎", "person", 2), ("トランプ", "person", 1),
    ]
    found = _suggested("外交部发言人毛宁表示。美国总统特朗普在白宫表示。", "zh-Hans")
    assert {(text, kind) for text, kind, _ in found} >= {
        ("外交部", "organisation"), ("毛宁", "person"), ("特朗普", "person"), ("美国", "place"),
    }  # the type is jieba's guess: it also calls 白宫 a person
    assert _suggested("日中外相会談で茂木敏充外相は王毅外相と会談した。", "ja") == [
        ("王毅", "person", 1), ("茂木敏充", "person", 1),
    ]  # 日中 before 外相 is not a name


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
    texts = [item["text"] for item in json.loads(result.output)]
    assert texts[0] == "Ministry of Foreign Affairs" and "Nikkei Radio" in texts
    assert not any("Takai" in text or "Kanai" in text for text in texts)  # misspellings are lint's
