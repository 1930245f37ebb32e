"""translator glossary add and check on people's names: derived family/given names, long vowels,
kana in Chinese forms."""

from __future__ import annotations

import json

from tests.conftest import Run

KONO = ("--type", "person", "--status", "approved", "--form", "en=Taro Kono", "--form", "ja=河野太郎",
        "--family", "ja=河野", "--reading", "こうの たろう", "--form", "zh-Hans=河野太郎", "--form", "zh-Hant=河野太郎",
        "--romanization", "hepburn")


def test_add_derives_family_and_given_names_and_keeps_the_status(run: Run) -> None:
    result = run("glossary", "add", "taro-kono", *KONO)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "Derived en family/given name 'Kono' / 'Taro' (the family name romanises the ja reading)",
        "Derived ja given name '太郎' (the given name is the ja form without the family name)",
        "Derived zh-Hans family/given name '河野' / '太郎' (split like the ja form)",
        "Derived zh-Hant family/given name '河野' / '太郎' (split like the ja form)",
    ]
    assert result.stdout == "Added taro-kono (person, approved)\n"
    shown = json.loads(run("glossary", "show", "taro-kono", "--format", "json").output)
    assert [(shown[f"{locale}-family"], shown[f"{locale}-given"]) for locale in ("en", "ja", "zh-Hans", "zh-Hant")] == [
        ("Kono", "Taro"), ("河野", "太郎"), ("河野", "太郎"), ("河野", "太郎"),
    ]
    assert "note" not in shown
    check = run("glossary", "check")
    assert (check.exit_code, check.stdout, check.stderr) == (0, "", "0 error(s), 0 warning(s)\n")


def test_add_derives_nothing_it_cannot_and_never_replaces_a_name(run: Run) -> None:
    result = run("glossary", "add", "tsai-ing-wen", "--type", "person", "--form", "en=Tsai Ing-wen", "--form", "zh-Hant=蔡英文",
                 "--romanization", "wade-giles", "--no-suggest")
    assert (result.exit_code, result.stderr) == (0, "")
    result = run("glossary", "add", "hu-jintao", "--type", "person", "--form", "en=Hu Jintao", "--form", "zh-Hans=胡锦涛",
                 "--family", "zh-Hans=胡", "--form", "zh-Hant=胡錦濤", "--given", "zh-Hant=濤", "--romanization", "pinyin",
                 "--no-suggest")
    assert result.stderr.splitlines() == [
        "Derived en family/given name 'Hu' / 'Jintao' (the family name is the pinyin of 胡)",
        "Derived zh-Hans given name '锦涛' (the given name is the zh-Hans form without the family name)",
    ]
    shown = json.loads(run("glossary", "show", "hu-jintao", "--format", "json").output)
    assert "zh-Hant-family" not in shown and shown["zh-Hant-given"] == "濤"
    term = run("glossary", "add", "kono-office", "--type", "organisation", "--form", "en=Kono Office", "--no-suggest")
    assert (term.exit_code, term.stderr) == (0, "")


def test_add_announces_suggested_forms_before_the_names_derived_for_them(run: Run) -> None:
    result = run("glossary", "add", "hanako-yamada", "--type", "person", "--form", "en=Hanako Yamada",
                 "--form", "zh-Hans=山田花子", "--family", "zh-Hans=山田", "--given", "zh-Hans=花子",
                 "--reading", "やまだ はなこ", "--romanization", "hepburn")
    assert result.stderr.splitlines() == [
        "Suggested ja form '山田花子' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor approves it",
        "Suggested zh-Hant form '山田花子' (OpenCC conversion of the zh-Hans form); the entry is a draft until an editor "
        "approves it",
        "Derived en family/given name 'Yamada' / 'Hanako' (the family name romanises the ja reading)",
        "Derived ja family/given name '山田' / '花子' (split like the zh-Hans form)",
        "Derived zh-Hant family/given name '山田' / '花子' (split like the zh-Hans form)",
    ]
    assert result.stdout == "Added hanako-yamada (person, draft)\n"  # a draft for the suggested forms only
    check = run("glossary", "check")
    assert (check.exit_code, check.stdout) == (0, "")


def test_check_passes_characters_both_chinese_scripts_write(run: Run) -> None:
    run("glossary", "add", "ken-iwasaki", "--type", "person", "--form", "en=Ken Iwasaki", "--form", "ja=岩崎健",
        "--form", "zh-Hans=岩崎健", "--form", "zh-Hant=岩崎健", "--family", "ja=岩崎", "--reading", "いわさき けん",
        "--romanization", "hepburn", "--no-suggest")
    run("glossary", "add", "taipei", "--type", "place", "--form", "en=Taipei", "--form", "ja=台北", "--form", "zh-Hans=台北",
        "--form", "zh-Hant=台北", "--no-suggest")
    result = run("glossary", "check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "0 error(s), 0 warning(s)\n")


def test_check_reports_unsupported_macrons_kana_and_missing_splits(run: Run) -> None:
    run("glossary", "add", "taro-kono", *KONO, "--admitted", "en=Tārō Kōno", "--form", "zh-Hant=河野たろう")
    run("glossary", "add", "yoshihide-suga", "--type", "person", "--form", "en=Yoshihide Suga", "--form", "ja=菅義偉",
        "--reading", "すが よしひで", "--romanization", "hepburn", "--no-suggest")
    result = run("glossary", "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "taro-kono: error GC02 hepburn-mismatch: en form 'Tārō Kōno' marks a long vowel that the reading こうの たろう "
        "does not have; it gives Kōno Tarō",
        "taro-kono: error GC04 wrong-script: zh-Hant form '河野たろう' has kana, which Chinese does not write: たろう",
        "taro-kono: warning GC06 name-split-missing: zh-Hant has no family/given name, and it cannot be derived from "
        "the other forms",
        "yoshihide-suga: info GC05 form-missing: no zh-Hans form; suggestion by OpenCC conversion from ja: 菅义伟",
        "yoshihide-suga: info GC05 form-missing: no zh-Hant form; suggestion by OpenCC conversion from ja: 菅義偉",
    ]  # 菅義偉 was split on add: the word segmenter tags 菅 a family name
    assert result.stderr == "2 error(s), 1 warning(s)\n"
    found = json.loads(run("glossary", "check", "--format", "json").output)
    assert found[2] == {"entry": "taro-kono", "code": "GC06", "check": "name-split-missing", "severity": "warning",
                        "message": "zh-Hant has no family/given name, and it cannot be derived from the other forms"}


def test_warnings_alone_exit_zero(run: Run) -> None:
    # No reading and no romanisation: nothing tells where the family name ends.
    run("glossary", "add", "taro-kono", "--type", "person", "--form", "en=Taro Kono", "--form", "ja=河野太郎",
        "--romanization", "other", "--no-suggest")
    result = run("glossary", "check")
    assert result.exit_code == 0
    assert result.stdout == (
        "taro-kono: info GC05 form-missing: no zh-Hans form; suggestion by OpenCC conversion from ja: 河野太郎\n"
        "taro-kono: info GC05 form-missing: no zh-Hant form; suggestion by OpenCC conversion from ja: 河野太郎\n"
        "taro-kono: warning GC06 name-split-missing: en has no family/given name, and it cannot be derived from the "
        "other forms\n"
        "taro-kono: warning GC06 name-split-missing: ja has no family/given name, and it cannot be derived from the "
        "other forms\n"
    )