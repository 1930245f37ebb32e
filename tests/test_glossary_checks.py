"""translator glossary check: Hepburn and pinyin romanisation, scripts, suggestions."""

from __future__ import annotations

import json

import pytest

from translator.glossary import Glossary, build_entry
from translator.glossary_checks import check_glossary
from translator.romanization import hepburn_variants, macron_form, pinyin_spellings
from translator.workspace import Workspace
from tests.conftest import Run


@pytest.mark.parametrize(
    ("reading", "spellings"),
    [
        ("おおしま", {"ōshima", "oshima", "ohshima", "ooshima"}),
        ("まさあき", {"masaaki"}),
        ("しんぞう", {"shinzō", "shinzo", "shinzoh", "shinzou"}),
        ("ほんま", {"homma", "honma"}),
        ("はっとり", {"hattori"}),
        ("きょうこ", {"kyōko", "kyoko", "kyohko", "kyouko"}),
        ("ジュン", {"jun"}),
    ],
)
def test_hepburn_variants(reading: str, spellings: set[str]) -> None:
    assert hepburn_variants(reading) == spellings


def test_macron_form_and_pinyin() -> None:
    assert macron_form("おおしま ただもり") == "Ōshima Tadamori"
    assert pinyin_spellings("刘劲松", "劉勁松") == {"liujinsong", "liujingsong"}  # 劲/勁 jìn or jìng


def _codes(**fields: object) -> list[tuple[str, str]]:
    glossary = Glossary.of([build_entry({"id": "p", "type": "person", **{k.replace("_", "-"): v for k, v in fields.items()}})])
    return [(f.code, f.message) for f in check_glossary(glossary)]


JAPANESE = {"ja": "大島理森", "zh_Hans": "大岛理森", "zh_Hant": "大島理森", "romanization": "hepburn"}


@pytest.mark.parametrize("english", ["Tadamori Oshima", "Tadamori Ōshima", "OHSHIMA Tadamori", "Oshima Tadamori"])
def test_hepburn_spellings_in_either_order_pass(english: str) -> None:
    assert _codes(en=english, ja_reading="おおしま ただもり", **JAPANESE) == []


def test_a_mismatch_gives_the_reading_romanised() -> None:
    assert _codes(en="Tadamori Oshimo", ja_reading="おおしま ただもり", **JAPANESE) == [
        ("GC02", "en form 'Tadamori Oshimo' does not match the reading おおしま ただもり, which gives Ōshima Tadamori"),
    ]
    found = _codes(en="Sanae Takaichi", en_admitted=["Sanae Takai"], ja_reading="たかいち さなえ", **JAPANESE)
    assert [code for code, _ in found] == ["GC02"] and "'Sanae Takai'" in found[0][1]


def test_a_japanese_person_without_reading() -> None:
    assert _codes(en="Tadamori Oshima", **JAPANESE) == [("GC01", "no kana reading (ja-reading); the English form cannot be checked")]


CHINESE = {"zh_Hans": "刘劲松", "zh_Hant": "劉勁松", "ja": "劉勁松"}


@pytest.mark.parametrize("english", ["Liu Jinsong", "Liu Jin-song", "LIU Jinsong", "Liu Jingsong"])
def test_pinyin_accepts_every_reading_and_any_spacing(english: str) -> None:
    assert _codes(en=english, romanization="pinyin", **CHINESE) == []


def test_pinyin_mismatch_and_other_systems() -> None:
    [(code, message)] = _codes(en="Liu Chin-sung", romanization="pinyin", **CHINESE)
    assert code == "GC03" and "expected liujingsong or liujinsong" in message
    assert _codes(en="Liu Chin-sung", romanization="wade-giles", **CHINESE) == []  # not held to pinyin


def test_scripts_and_suggestions() -> None:
    found = _codes(en="Liu Jinsong", romanization="pinyin", zh_Hans="劉劲松", ja="劉勁松")
    assert ("GC04", "zh-Hans form '劉劲松' has characters of another script: 劉") in found
    assert ("GC05", "no zh-Hant form; suggestion by OpenCC conversion from zh-Hans: 劉勁松") in found
    assert _codes(en="Xue Jian", romanization="pinyin", ja="薛劍", zh_Hans="薛剑", zh_Hant="薛劍")[0] == (
        "GC04", "ja form '薛劍' has characters of another script: 劍",
    )


def test_the_sample_glossary_is_clean() -> None:
    from tests.conftest import REPOSITORY
    from translator.store import parse_glossary

    text = (REPOSITORY / "glossary" / "glossary.toml").read_text(encoding="utf-8")
    assert check_glossary(parse_glossary(text, "glossary.toml")) == []  # read only: no cache in the repository


def test_cli_check_and_add_with_suggestions(workspace: Workspace, run: Run) -> None:
    result = run("glossary", "add", "xue-jian", "--type", "person", "--form", "en=Xue Jian", "--form", "zh-Hans=薛剑",
                 "--romanization", "pinyin", "--status", "approved")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "Suggested ja form '薛剣' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor approves it",
        "Suggested zh-Hant form '薛劍' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor approves it",
    ]
    assert result.output.splitlines()[-1] == "Added xue-jian (person, draft)"
    shown = json.loads(run("glossary", "show", "xue-jian", "--format", "json").output)
    assert shown["zh-Hant"] == "薛劍" and shown["note"] == "Suggested by OpenCC, to verify: ja, zh-Hant."
    assert shown["ja"] == "薛剣"  # the Japanese form, not 劍
    check = run("glossary", "check", "--format", "json")
    assert (check.exit_code, json.loads(check.output)) == (0, [])
    run("glossary", "edit", "xue-jian", "--form", "ja=薛劍")
    broken = run("glossary", "check")
    assert broken.exit_code == 1
    assert broken.stdout == "xue-jian: error GC04 wrong-script: ja form '薛劍' has characters of another script: 劍\n"
    assert run("glossary", "add", "x", "--type", "term", "--form", "en=X", "--form", "ja=日中関係", "--no-suggest").stderr == ""


def test_every_glossary_check_is_documented() -> None:
    from tests.conftest import REPOSITORY
    from translator.glossary_checks import GLOSSARY_CHECKS

    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for check in GLOSSARY_CHECKS:
        assert f"| `{check.code}` | `{check.name}` |" in readme, check.code
