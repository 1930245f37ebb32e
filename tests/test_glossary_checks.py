"""translator glossary check: Hepburn and pinyin romanisation, scripts, suggestions, name splits."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from translator.glossary import Entry, Glossary, build_entry
from translator.glossary_checks import DerivedSplit, check_glossary, with_derived_names
from translator.language.locales import LOCALES
from translator.language.romanization import hepburn_key, hepburn_variants, macron_form, pinyin_spellings
from translator.workspace import Workspace
from tests.conftest import Run
from tests.strategies import glossaries


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


def _person(**fields: object) -> Entry:
    return build_entry({"id": "p", "type": "person", **{k.replace("_", "-"): v for k, v in fields.items()}})


def _findings(**fields: object) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check_glossary(Glossary.of([_person(**fields)]))]


def _codes(**fields: object) -> list[tuple[str, str]]:
    """Findings other than missing name splits (GC06, tested on its own below)."""
    return [(code, message) for code, message in _findings(**fields) if code != "GC06"]


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


KONO = {"ja": "河野太郎", "zh_Hans": "河野太郎", "zh_Hant": "河野太郎", "ja_reading": "こうの たろう",
        "romanization": "hepburn"}


def test_hepburn_key_keeps_long_vowel_marks() -> None:
    assert hepburn_key("KŌNO") == hepburn_key("Kôno") == hepburn_key("Ko\u0304no") == "kōno"
    assert hepburn_key("Ｋｏｎｏ") == "kono"


@pytest.mark.parametrize("english", ["Taro Kono", "Tarō Kōno", "Tarô Kôno", "KŌNO Tarō", "Taro Kohno", "Tarou Kouno"])
def test_macrons_where_the_reading_has_long_vowels_pass(english: str) -> None:
    assert _codes(en=english, **KONO) == []


@pytest.mark.parametrize("english", ["Tārō Kono", "Taro Kōnō", "Târo Kono", "Tāro Kono"])
def test_a_macron_the_reading_does_not_support_is_a_mismatch(english: str) -> None:
    assert _codes(en=english, **KONO) == [
        ("GC02", f"en form '{english}' marks a long vowel that the reading こうの たろう does not have; "
                 "it gives Kōno Tarō"),
    ]


def test_a_short_reading_allows_no_macron() -> None:
    fields = {"ja": "菅義偉", "zh_Hans": "菅义伟", "zh_Hant": "菅義偉", "ja_reading": "すが よしひで", "romanization": "hepburn"}
    assert _codes(en="Yoshihide Suga", en_admitted=["SUGA Yoshihide"], **fields) == []
    assert [message for _, message in _codes(en="Yoshihide Sūga", **fields)] == [
        "en form 'Yoshihide Sūga' marks a long vowel that the reading すが よしひで does not have; it gives Suga Yoshihide",
    ]


def test_english_family_and_given_names_are_held_to_the_reading() -> None:
    assert _codes(en="Taro Kono", en_family="Kōno", en_given="TARO", **KONO) == []
    assert _codes(en="Taro Kono", en_family="Kano", en_given="Tāro", **KONO) == [
        ("GC02", "en family name 'Kano' is not a Hepburn spelling of こうの, which gives Kōno"),
        ("GC02", "en given name 'Tāro' marks a long vowel that たろう does not have; it gives Tarō"),
    ]


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
    assert _codes(en="Xue Jian", romanization="pinyin", ja="薛剑", zh_Hans="薛剑", zh_Hant="薛劍")[0] == (
        "GC04", "ja form '薛剑' has characters of another script: 剑",
    )  # a Chinese form Japanese does not write at all
    assert _codes(en="Xue Jian", romanization="pinyin", ja="薛劍", zh_Hans="薛剑", zh_Hant="薛劍")[0] == (
        "GC07", "ja form '薛劍' has 劍, which Japanese now writes 剣; keep it only if the name is written so",
    )  # an old form: a name may keep it (龍 in 林佳龍), so a warning


def test_kana_in_a_chinese_form_or_name_is_the_wrong_script() -> None:
    found = _codes(en="Taro Kono", ja="河野たろう", zh_Hans="河野たろう", zh_Hant="河野太郎", zh_Hant_given="タロウ",
                   ja_reading="こうの たろう", romanization="hepburn")
    assert found == [  # ja may write kana
        ("GC04", "zh-Hans form '河野たろう' has kana, which Chinese does not write: たろう"),
        ("GC04", "zh-Hant given name 'タロウ' has kana, which Chinese does not write: タロウ"),
    ]


@pytest.mark.parametrize(("locale", "form"), [("zh-Hant", "台北"), ("zh-Hant", "岩崎"), ("zh-Hans", "台北"), ("zh-Hans", "岩崎")])
def test_characters_both_chinese_scripts_write_are_not_the_wrong_script(locale: str, form: str) -> None:
    entry = build_entry({"id": "x", "type": "place", "en": "X", locale: form})
    assert [f for f in check_glossary(Glossary.of([entry])) if f.code == "GC04"] == []
    person = _person(en="Ken Iwasaki", ja="岩崎健", zh_Hans="岩崎健", zh_Hant="岩崎健", zh_Hant_family="岩崎",
                     ja_reading="いわさき けん", romanization="hepburn")
    assert [f for f in check_glossary(Glossary.of([person])) if f.code == "GC04"] == []


def test_a_missing_name_split_gives_the_derived_one() -> None:
    assert _findings(en="Taro Kono", ja_family="河野", **KONO) == [
        ("GC06", "en has no family/given name; derived: Kono / Taro (the family name romanises the ja reading)"),
        ("GC06", "ja has no given name; derived: 河野 / 太郎 (the given name is the ja form without the family name)"),
        ("GC06", "zh-Hans has no family/given name; derived: 河野 / 太郎 (split like the ja form)"),
        ("GC06", "zh-Hant has no family/given name; derived: 河野 / 太郎 (split like the ja form)"),
    ]
    assert _findings(en="Hu Jintao", zh_Hans="胡锦涛", zh_Hans_family="胡", zh_Hans_given="锦涛", romanization="pinyin") == [
        ("GC05", "no ja form; suggestion by OpenCC conversion from zh-Hans: 胡錦涛"),
        ("GC05", "no zh-Hant form; suggestion by OpenCC conversion from zh-Hans: 胡錦濤"),
        ("GC06", "en has no family/given name; derived: Hu / Jintao (the family name is the pinyin of 胡)"),
    ]


def test_a_name_split_that_cannot_be_derived() -> None:
    assert _findings(en="Tsai Ing-wen", zh_Hant="蔡英文", zh_Hans="蔡英文", ja="蔡英文", zh_Hant_given="英文",
                     romanization="wade-giles") == [
        ("GC06", "en has no family/given name, and it cannot be derived from the other forms"),
        ("GC06", "ja has no family/given name, and it cannot be derived from the other forms"),
        ("GC06", "zh-Hans has no family/given name, and it cannot be derived from the other forms"),
        ("GC06", "zh-Hant has no family name, and it cannot be derived from the other forms"),
    ]
    # a derived split that contradicts a recorded given name is not offered
    assert _findings(en="Hu Jintao", en_family="Hu", en_given="Jintao", zh_Hans="胡锦涛", zh_Hans_family="胡",
                     zh_Hans_given="锦涛", zh_Hant="胡錦濤", zh_Hant_given="濤", ja="胡錦涛", ja_family="胡",
                     ja_given="錦涛", romanization="pinyin") == [
        ("GC06", "zh-Hant has no family name, and it cannot be derived from the other forms"),
    ]
    organisation = build_entry({"id": "o", "type": "organisation", "en": "Kono Office", "ja": "河野事務所"})
    assert [f for f in check_glossary(Glossary.of([organisation])) if f.code == "GC06"] == []


def test_with_derived_names_fills_what_it_can_and_keeps_the_status() -> None:
    entry = _person(en="Taro Kono", ja_family="河野", status="approved", **KONO)
    filled, derived = with_derived_names(entry)
    assert derived == [
        DerivedSplit("en", "Kono", "Taro", "family/given name", "the family name romanises the ja reading"),
        DerivedSplit("ja", "河野", "太郎", "given name", "the given name is the ja form without the family name"),
        DerivedSplit("zh-Hans", "河野", "太郎", "family/given name", "split like the ja form"),
        DerivedSplit("zh-Hant", "河野", "太郎", "family/given name", "split like the ja form"),
    ]
    assert [str(split) for split in derived[1:3]] == [
        "ja given name '太郎' (the given name is the ja form without the family name)",
        "zh-Hans family/given name '河野' / '太郎' (split like the ja form)",
    ]
    assert (filled.status, filled.note) == ("approved", "")
    assert [(filled.form(locale).family, filled.form(locale).given) for locale in ("en", "ja", "zh-Hans", "zh-Hant")] == [
        ("Kono", "Taro"), ("河野", "太郎"), ("河野", "太郎"), ("河野", "太郎"),
    ]
    assert check_glossary(Glossary.of([filled])) == []
    assert with_derived_names(filled) == (filled, [])
    tsai = _person(en="Tsai Ing-wen", zh_Hant="蔡英文", romanization="wade-giles")
    assert with_derived_names(tsai) == (tsai, [])


def test_with_derived_names_never_replaces_a_recorded_name() -> None:
    entry = _person(en="Hu Jintao", zh_Hans="胡锦涛", zh_Hans_family="胡", zh_Hant="胡錦濤", zh_Hant_given="濤",
                    romanization="pinyin")
    filled, derived = with_derived_names(entry)
    assert [split.locale for split in derived] == ["en", "zh-Hans"]
    assert (filled.form("zh-Hant").family, filled.form("zh-Hant").given) == ("", "濤")


def test_the_sample_glossary_is_clean() -> None:
    from tests.conftest import REPOSITORY
    from translator.formats.glossary_toml import parse_glossary

    text = (REPOSITORY / "glossary" / "glossary.toml").read_text(encoding="utf-8")
    assert check_glossary(parse_glossary(text, "glossary.toml")) == []  # read only: no cache in the repository


def test_cli_check_and_add_with_suggestions(workspace: Workspace, run: Run) -> None:
    result = run("glossary", "add", "xue-jian", "--type", "person", "--form", "en=Xue Jian", "--form", "zh-Hans=薛剑",
                 "--family", "zh-Hans=薛", "--romanization", "pinyin", "--status", "approved")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "Suggested ja form '薛剣' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor approves it",
        "Suggested zh-Hant form '薛劍' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor approves it",
        "Derived en family/given name 'Xue' / 'Jian' (the family name is the pinyin of 薛)",
        "Derived ja family/given name '薛' / '剣' (split like the zh-Hans form)",
        "Derived zh-Hans given name '剑' (the given name is the zh-Hans form without the family name)",
        "Derived zh-Hant family/given name '薛' / '劍' (split like the zh-Hans form)",
    ]
    assert result.output.splitlines()[-1] == "Added xue-jian (person, draft)"
    shown = json.loads(run("glossary", "show", "xue-jian", "--format", "json").output)
    assert shown["zh-Hant"] == "薛劍" and shown["note"] == "Suggested by OpenCC, to verify: ja, zh-Hant."
    assert shown["ja"] == "薛剣"  # the Japanese form, not 劍
    check = run("glossary", "check", "--format", "json")
    assert (check.exit_code, json.loads(check.output)) == (0, [])
    run("glossary", "edit", "xue-jian", "--form", "ja=薛剑")
    broken = run("glossary", "check")
    assert broken.exit_code == 1
    assert broken.stdout == "xue-jian: error GC04 wrong-script: ja form '薛剑' has characters of another script: 剑\n"
    assert run("glossary", "add", "x", "--type", "term", "--form", "en=X", "--form", "ja=日中関係", "--no-suggest").stderr == ""


def test_every_glossary_check_is_documented() -> None:
    from tests.conftest import REPOSITORY
    from translator.glossary_checks import GLOSSARY_CHECKS

    readme = (REPOSITORY / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in GLOSSARY_CHECKS:
        assert f"| `{check.code}` | `{check.name}` |" in readme, check.code


@given(glossaries())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_derived_names_only_fill_gaps_and_settle(glossary: Glossary) -> None:
    check_glossary(glossary)  # every check copes with any valid entry
    for entry in glossary:
        filled, derived = with_derived_names(entry)
        assert (filled.status, filled.note, filled.reading) == (entry.status, entry.note, entry.reading)
        for locale, before, after in zip(LOCALES, entry.forms, filled.forms):
            assert (after.preferred, after.admitted, after.forbidden) == (before.preferred, before.admitted, before.forbidden)
            assert after.family == (before.family or after.family) and after.given == (before.given or after.given)
            if after != before:
                assert locale in [split.locale for split in derived] and after.family and after.given
        assert with_derived_names(filled) == (filled, [])
