"""Each check: a case that must fire and one that must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translator.checks import REGISTRY, check_catalog, context_for
from translator.glossary import Glossary, build_entry
from translator.pofile import Catalog, Entry
from tests.conftest import REPOSITORY

GLOSSARY = Glossary.of([
    build_entry({"id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "en-family": "Takaichi",
                 "en-given": "Sanae", "ja": "高市早苗", "ja-family": "高市", "ja-given": "早苗", "zh-Hans": "高市早苗",
                 "zh-Hant": "高市早苗", "ja-forbidden": ["高市早菜"]}),
    build_entry({"id": "taiwan", "type": "place", "en": "Taiwan", "ja": "台湾", "zh-Hans": "台湾", "zh-Hant": "臺灣",
                 "zh-Hant-admitted": ["台灣"]}),
    build_entry({"id": "liu-jinsong", "type": "person", "en": "Liu Jinsong", "ja": "劉勁松", "zh-Hans": "刘劲松", "zh-Hant": "劉勁松"}),
])


def _codes(msgid: str, msgstr: str, target: str, source: str = "en", reference: str = "articles/a.txt:1") -> list[str]:
    catalog = Catalog((), {}, [Entry(msgid, msgstr, references=(reference,), line=7)])
    findings = check_catalog(catalog, "a.po", context_for(GLOSSARY, source, target, {}))
    return [finding.code for finding in findings]


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr", "target", "fires"),
    [
        ("GL01", "Sanae Takaichi spoke.", "首相が話した。", "ja", True),
        ("GL01", "Sanae Takaichi spoke.", "高市早苗首相が話した。", "ja", False),
        ("GL01", "Takaichi spoke.", "高市氏が話した。", "ja", False),  # the family name alone answers a family name
        ("GL01", "Taiwan matters.", "台灣很重要。", "zh-Hant", False),  # an admitted form
        ("GL01", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hans", True),
        ("GL02", "Sanae Takaichi spoke.", "高市早菜首相が話した。", "ja", True),
        ("GL02", "Sanae Takaichi spoke.", "高市早苗首相が話した。", "ja", False),
        ("LG01", "The meeting ended without progress.", "The meeting ended without progress.", "ja", True),
        ("LG01", "The meeting ended without progress.", "Meeting ended, no progress at all.", "ja", True),
        ("LG01", "The meeting ended without progress.", "会談は進展なく終わった。", "ja", False),
        ("LG02", "The meeting ended.", "会谈在没有进展的情况下结束了。", "zh-Hans", False),
        ("LG02", "The meeting ended.", "会谈は结束了。", "zh-Hans", True),
        ("LG03", "Liu Jinsong spoke.", "刘劲松表示。", "zh-Hant", True),
        ("LG03", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hans", True),
        ("LG03", "Taiwan matters.", "台灣很重要。", "zh-Hant", False),  # 台 is in an admitted zh-Hant form
        ("LG03", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hant", False),
        ("LG04", "会談は終わった。", "会談 ended.", "en", True),
        ("LG04", "会談は終わった。", "La réunion s'est terminée sans aucun progrès cette semaine à Pékin.", "en", True),
        ("LG04", "会談は終わった。", "The meeting ended without any progress this week in Beijing.", "en", False),
        ("NM01", "It rose 3.5 percent on November 18.", "11月１８日に3.5％上昇した。", "ja", False),
        ("NM01", "It rose 3.5 percent on November 18.", "11月に3.5％上昇した。", "ja", True),
        ("NM01", "It cost 1,000 yen.", "1000円かかった。", "ja", False),
        ("BR01", "He said (quietly) no.", "彼は（静かに）いいえと言った。", "ja", False),
        ("BR01", "He said (quietly) no.", "彼は（静かにいいえと言った。", "ja", True),
        ("BR01", "He said no.", "彼は「いいえと言った。", "ja", True),
        ("WS01", "He said no.", "彼はいいえと言った。", "ja", False),
        ("WS01", "He said no.", "彼はいいえと言った。 ", "ja", True),
    ],
)
def test_each_check(code: str, msgid: str, msgstr: str, target: str, fires: bool) -> None:
    source = "ja" if target == "en" else "en"
    assert (code in _codes(msgid, msgstr, target, source)) is fires


@pytest.mark.parametrize(
    ("msgstr", "fires"),
    [
        ("**太字** と [リンク](https://example.com/a) と `code`。", False),
        ("太字 と [リンク](https://example.com/b) と `code`。", True),
        ("**太字** と [リンク](https://example.com/a) と code。", True),
    ],
)
def test_markup_check_on_markdown(msgstr: str, fires: bool) -> None:
    msgid = "**Bold** and [a link](https://example.com/a) and `code`."
    assert ("MK01" in _codes(msgid, msgstr, "ja", reference="articles/a.md:3")) is fires


def test_counts_are_reported_per_catalog() -> None:
    catalog = Catalog((), {}, [Entry("One.", ""), Entry("Two.", "二。", flags=("fuzzy",)), Entry("Three.", "三。")])
    findings = check_catalog(catalog, "a.po", context_for(GLOSSARY, "en", "ja", {}))
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("ST01", "info", "1 untranslated entry"), ("ST02", "info", "1 fuzzy entry"),
    ]


def test_codes_are_unique_and_documented() -> None:
    codes = [check.code for check in REGISTRY]
    assert len(codes) == len(set(codes))
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for check in REGISTRY:
        assert f"| `{check.code}` | `{check.name}` |" in readme, check.code


def test_check_cli_on_the_sample_and_a_broken_translation(sample: Path) -> None:
    from click.testing import CliRunner

    from translator.cli import cli

    root = sample
    clean = CliRunner().invoke(cli, ["-w", str(root), "check"])
    assert clean.exit_code == 0, clean.output
    assert clean.stdout.splitlines() == ["locales/zh-Hant/LC_MESSAGES/japan-china-talks.po:1: info ST01 untranslated: 14 untranslated entries"]
    path = root / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    path.write_text(path.read_text(encoding="utf-8").replace("劉勁松氏と会談", "刘劲松氏と会談"), encoding="utf-8")
    broken = CliRunner().invoke(cli, ["-w", str(root), "check", "--locale", "ja", "--format", "json"])
    assert broken.exit_code == 1
    finding, script = json.loads(broken.stdout)
    assert (finding["file"], finding["code"], finding["severity"]) == ("locales/ja/LC_MESSAGES/japan-china-talks.po", "GL01", "error")
    assert finding["message"] == "the source mentions liu-jinsong: write 劉勁松"
    assert (script["code"], script["line"]) == ("LG05", finding["line"])
    assert script["message"] == "characters Japanese does not write (Simplified Chinese forms): 刘劲"
    assert path.read_text(encoding="utf-8").count("\n") > 50 and finding["line"] > 20
