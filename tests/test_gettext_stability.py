"""Catalogs survive the tools translators' editors run on them: GNU msgcat and
`msgmerge --previous` with the template give back the same file (dates aside), and
translate-toolkit reads and writes it unchanged."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from translator.cli import cli

MSGCAT, MSGMERGE = shutil.which("msgcat"), shutil.which("msgmerge")
needs_gettext = pytest.mark.skipif((MSGCAT is None or MSGMERGE is None) and not os.environ.get("CI"),
                                   reason="GNU gettext is not installed")
_DATES = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)

JAPANESE = """\
---
title: 日中外務当局が北京で局長級協議
date: 2025-11-18
---
# 日中局長級協議

外務省の金井正彰アジア大洋州局長は18日、北京で中国外務省の劉勁松アジア局長と会談した。双方はそれぞれの立場を維持し、実質的な進展はなかった。会談後、両氏は厳しい表情でそろって建物を出た。

- 高市早苗首相の国会答弁をめぐり、中国側は撤回を求めた。
- 日本側は「台湾に関する立場に変更はない」と説明した。

> 日本政府は一貫して台湾問題が対話により平和的に解決されることを希望している。
"""

CHINESE = """\
---
title: 中日外交部门在北京举行局长级磋商
date: 2025-11-18
---
日本外务省亚洲大洋洲局局长金井正彰18日在北京与中国外交部亚洲司司长刘劲松举行会谈。双方各自坚持立场，会谈没有取得实质性进展。会谈结束后，两人表情严肃地一同走出外交部大楼。

中方要求日方撤回高市早苗首相在国会的相关答辩，日方则表示其在台湾问题上的立场没有改变，并强调日本政府一贯希望通过对话和平解决台湾问题。
"""


def _without_dates(text: str) -> str:
    return _DATES.sub("", text)


def _assert_stable(root: Path, slug: str = "*") -> int:
    """Every catalog of `slug` under `root/locales` against msgcat and msgmerge; the number checked."""
    checked = 0
    for catalog in sorted((root / "locales").glob(f"*/LC_MESSAGES/{slug}.po")):
        template = root / "locales" / "templates" / f"{catalog.stem}.pot"
        written = catalog.read_text(encoding="utf-8")
        concatenated = subprocess.run([MSGCAT or "msgcat", str(catalog)], capture_output=True, text=True, check=True)
        assert concatenated.stdout == written, f"msgcat changes {catalog}"
        merged = subprocess.run([MSGMERGE or "msgmerge", "--quiet", "--previous", str(catalog), str(template)],
                                capture_output=True, text=True, check=True)
        assert _without_dates(merged.stdout) == _without_dates(written), f"msgmerge --previous changes {catalog}"
        checked += 1
    for template in sorted((root / "locales" / "templates").glob(f"{slug}.pot")):
        written = template.read_text(encoding="utf-8")
        assert subprocess.run([MSGCAT or "msgcat", str(template)], capture_output=True, text=True,
                              check=True).stdout == written
        checked += 1
    return checked


def _cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@needs_gettext
def test_sample_catalogs_are_stable_under_msgcat_and_msgmerge(sample: Path) -> None:
    _cli(sample, "segment", "--all")
    assert _assert_stable(sample) == 4


def _translate(path: Path, every: int, fill: str) -> None:
    """Translate every `every`-th message with long text, so strings wrap."""
    catalog = polib.pofile(str(path), wrapwidth=0)
    for index, entry in enumerate(catalog):
        if index % every == 0:
            entry.msgstr = f"{fill} {entry.msgid}" if fill.isascii() else fill + entry.msgid
    catalog.save(str(path))


@needs_gettext
@pytest.mark.parametrize("name, text, source", [("japan-talks.md", JAPANESE, "ja"), ("china-talks.md", CHINESE, "zh-Hans")])
def test_japanese_and_chinese_catalogs_with_every_kind_of_entry_are_stable(
    sample: Path, name: str, text: str, source: str
) -> None:
    article = sample / "articles" / name
    article.write_text(text, encoding="utf-8")
    _cli(sample, "segment", str(article), "--source", source)
    slug = article.stem
    for locale in ("en", "ja", "zh-Hans", "zh-Hant"):
        path = sample / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"
        if path.exists():
            _translate(path, 1, "Translated:" if locale == "en" else "訳文。")
    edited = text.replace("実質的な進展はなかった", "実質的な前進はなかった").replace("没有取得实质性进展", "没有取得实质性成果")
    edited = edited.replace("会談後、両氏は厳しい表情でそろって建物を出た。", "").replace("会谈结束后，两人表情严肃地一同走出外交部大楼。", "")
    article.write_text(edited, encoding="utf-8")
    _cli(sample, "segment", str(article))  # fuzzy entries with #| msgid, obsolete ones with #~
    written = "".join(p.read_text(encoding="utf-8") for p in (sample / "locales").glob(f"*/LC_MESSAGES/{slug}.po"))
    assert "#| msgid" in written and "#~ msgid" in written and "#, fuzzy" in written
    assert _assert_stable(sample, slug) == 4


@needs_gettext
def test_translate_toolkit_reads_and_writes_our_catalogs_unchanged(sample: Path) -> None:
    po = pytest.importorskip("translate.storage.po")
    (sample / "articles" / "japan-talks.md").write_text(JAPANESE, encoding="utf-8")
    _cli(sample, "segment", "--all")
    _cli(sample, "segment", str(sample / "articles" / "japan-talks.md"), "--source", "ja")
    for path in sorted((sample / "locales").rglob("*.po*")):
        data = path.read_bytes()
        store = po.pofile.parsestring(data)
        assert bytes(store) == data, f"translate-toolkit changes {path}"
