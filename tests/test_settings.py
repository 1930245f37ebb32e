"""Each article remembers its source locale and segmentation unit, and every command uses them."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from translator.workspace import Workspace
from tests.conftest import Run

JAPANESE = """\
日本と中国の高官が北京で会談した。双方はそれぞれの立場を維持した。

会談では実質的な進展はなかった。
"""

ENGLISH = """\
The talks began on Tuesday. Both sides kept their positions.

No progress was made.
"""


def _write(workspace: Workspace, name: str, text: str) -> Path:
    path = workspace.root / "articles" / name
    path.write_text(text, encoding="utf-8")
    return path


def _catalog(workspace: Workspace, locale: str, slug: str) -> Path:
    return workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def _translate_all(path: Path, text: str = "Translated.") -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = text
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(path))


def test_a_japanese_article_keeps_its_locale_in_every_command(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks-ja.txt", JAPANESE)
    result = run("segment", str(article), "--source", "auto")
    assert result.exit_code == 0, result.output
    assert "(ja, 3 messages)" in result.output
    assert sorted(p.parent.parent.name for p in (workspace.root / "locales").glob("*/LC_MESSAGES/*.po")) == [
        "en", "zh-Hans", "zh-Hant"]

    again = run("segment", str(article))  # no --source: the remembered ja, not the workspace's en
    assert again.exit_code == 0 and "(ja, 3 messages)" in again.output
    assert "0 new, 0 changed, 3 unchanged" in again.output
    assert polib.pofile(str(_catalog(workspace, "en", "talks-ja"))).metadata["X-Source-Language"] == "ja"

    rows = json.loads(run("status", "--format", "json").output)
    assert [row["locale"] for row in rows] == ["en", "zh-Hans", "zh-Hant"]
    assert rows[0]["untranslated"] == 3 and rows[0]["total_words"] > 0

    checked = json.loads(run("check", "--format", "json").output)
    assert {"file": "locales/en/LC_MESSAGES/talks-ja.po", "code": "ST01"}.items() <= checked[0].items()
    _translate_all(_catalog(workspace, "en", "talks-ja"), "The officials of Japan and China met.")

    built = run("build")
    assert "publish  exports/talks-ja.en.txt" in built.output, built.output
    assert polib.pofile(str(_catalog(workspace, "en", "talks-ja"))).metadata["X-Source-Language"] == "ja"
    assert (workspace.root / "exports" / "talks-ja.en.txt").read_text(encoding="utf-8").startswith(
        "The officials of Japan and China met.")


def test_paragraph_segmentation_is_remembered(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks.txt", ENGLISH)
    assert "2 messages" in run("segment", str(article), "--by", "paragraph").output
    _translate_all(_catalog(workspace, "ja", "talks"), "訳。")
    again = run("segment", str(article))
    assert "2 messages" in again.output and "0 changed, 2 unchanged" in again.output
    assert "Note:" not in again.output
    assert not any(entry.fuzzy for entry in polib.pofile(str(_catalog(workspace, "ja", "talks"))))
    assert "segment  articles/talks.txt: 2 messages; ja 0 new/0 changed/0 obsolete" in run("build").output


def test_an_explicit_different_option_changes_the_setting_and_says_so(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks.txt", ENGLISH)
    run("segment", str(article), "--by", "paragraph")
    changed = run("segment", str(article), "--by", "sentence")
    assert changed.exit_code == 0
    assert "Note: articles/talks.txt: one message per sentence now, per paragraph before" in changed.output
    assert polib.pofile(str(workspace.root / "locales" / "templates" / "talks.pot")).metadata["X-Segment-By"] == "sentence"
    assert "3 messages" in run("segment", str(article)).output


def test_changing_the_source_locale_names_the_catalog_left_behind(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks.txt", JAPANESE)
    run("segment", str(article))  # as the workspace's en: a mistake
    changed = run("segment", str(article), "--source", "ja")
    assert "source locale changed from en to ja" in changed.output
    assert "locales/ja/LC_MESSAGES/talks.po is no longer updated" in changed.output


def test_lint_uses_the_remembered_locale(workspace: Workspace, run: Run) -> None:
    run("glossary", "add", "--no-suggest", "beijing", "--type", "place", "--form", "en=Beijing", "--form", "ja=北京",
        "--forbidden", "ja=北亰")
    article = _write(workspace, "talks-ja.txt", "日本の高官が北亰で会談した。\n")
    run("segment", str(article), "--source", "ja")
    result = run("lint", str(article), "--format", "json")
    assert [finding["code"] for finding in json.loads(result.output)] == ["LN02"]


def test_a_bad_remembered_setting_is_an_error_with_its_line(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks.txt", ENGLISH)
    run("segment", str(article))
    template = workspace.root / "locales" / "templates" / "talks.pot"
    text = template.read_text(encoding="utf-8")
    line = text.split("\n").index('"X-Segment-By: sentence\\n"') + 1
    template.write_text(text.replace("X-Segment-By: sentence", "X-Segment-By: bogus"), encoding="utf-8")
    before = {path: path.read_bytes() for path in (workspace.root / "locales").rglob("*.po*")}
    for command in (["segment", str(article)], ["status"], ["check"], ["build"]):
        result = run(*command)
        assert result.exit_code == 1, command
        assert f"Error: locales/templates/talks.pot:{line}: X-Segment-By 'bogus' is not one of sentence, paragraph" \
            in result.output, (command, result.output)
        assert "Traceback" not in result.output
    assert before == {path: path.read_bytes() for path in (workspace.root / "locales").rglob("*.po*")}
    template.write_text(text.replace("X-Source-Language: en", "X-Source-Language: xx"), encoding="utf-8")
    result = run("status")
    assert result.exit_code == 1 and "Error: locales/templates/talks.pot:" in result.output
    assert "X-Source-Language" in result.output


def test_assemble_reports_a_bad_catalog_header_with_its_line(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks.txt", ENGLISH)
    run("segment", str(article))
    path = _catalog(workspace, "ja", "talks")
    _translate_all(path, "訳。")
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index('"X-Source-Language: en\\n"') + 1
    path.write_text(text.replace("X-Source-Language: en", "X-Source-Language: xx"), encoding="utf-8")
    result = run("assemble", str(article), "--locale", "ja")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: locales/ja/LC_MESSAGES/talks.po:{line}: X-Source-Language: ")
    assert not (workspace.root / "exports" / "talks.ja.txt").exists()


def test_a_failing_article_leaves_every_other_article_as_it_was(workspace: Workspace, run: Run) -> None:
    first, second = _write(workspace, "a.txt", ENGLISH), _write(workspace, "b.txt", ENGLISH.replace("talks", "meeting"))
    assert run("segment", "--all").exit_code == 0
    first.write_text(ENGLISH + "\nA new sentence arrived.\n", encoding="utf-8")
    template = workspace.root / "locales" / "templates" / "b.pot"
    template.write_text(template.read_text(encoding="utf-8").replace("X-Segment-By: sentence", "X-Segment-By: words"),
                        encoding="utf-8")
    before = {path: path.read_bytes() for path in (workspace.root / "locales").rglob("*.po*")}
    result = run("segment", "--all")
    assert result.exit_code == 1 and "Error: locales/templates/b.pot:" in result.output
    assert before == {path: path.read_bytes() for path in (workspace.root / "locales").rglob("*.po*")}
    assert second.exists()


def test_assembling_an_article_in_its_own_locale_says_so(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks-ja.txt", JAPANESE)
    run("segment", str(article), "--source", "ja")
    result = run("assemble", str(article), "--locale", "ja")
    assert result.exit_code == 2
    assert "Error: articles/talks-ja.txt is written in ja (Japanese): it is its own ja version" in result.output


def test_a_catalog_without_a_source_header_takes_the_articles_locale(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "talks-ja.txt", JAPANESE)
    run("segment", str(article), "--source", "ja")
    counted = json.loads(run("status", "--format", "json").output)[0]["total_words"]
    path = _catalog(workspace, "en", "talks-ja")
    path.write_text(path.read_text(encoding="utf-8").replace('"X-Source-Language: ja\\n"\n', ""), encoding="utf-8")
    assert json.loads(run("status", "--format", "json").output)[0]["total_words"] == counted
