"""`translator segment`: catalogs that gettext tools accept, glossary notes, and merges that
never lose a translator's work."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from translator.workspace import Workspace
from tests.conftest import REPOSITORY, Run, add_sample_people

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None and not os.environ.get("CI"), reason="GNU gettext is not installed")

ARTICLE = """\
Prime Minister Sanae Takaichi spoke on Tuesday. The U.S. envoy listened.
Takaichi's remarks drew a response. The U.S. envoy listened.
Tadamori Oshima was not there.
"""


def _write(workspace: Workspace, name: str, text: str) -> Path:
    path = workspace.root / "articles" / name
    path.write_text(text, encoding="utf-8")
    return path


def _po(workspace: Workspace, locale: str, slug: str = "talks") -> polib.POFile:
    return polib.pofile(str(workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"))


def _save(workspace: Workspace, catalog: polib.POFile, locale: str, slug: str = "talks") -> None:
    catalog.save(str(workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"))


def _all_catalogs(workspace: Workspace) -> list[Path]:
    return sorted((workspace.root / "locales").rglob("*.po")) + sorted((workspace.root / "locales").rglob("*.pot"))


@pytest.fixture
def segmented(workspace: Workspace, run: Run) -> Workspace:
    add_sample_people(run)
    _write(workspace, "talks.txt", ARTICLE)
    result = run("segment", str(workspace.root / "articles" / "talks.txt"))
    assert result.exit_code == 0, result.output
    return workspace


def test_writes_a_template_and_a_catalog_per_target(segmented: Workspace, run: Run) -> None:
    names = [p.relative_to(segmented.root / "locales").as_posix() for p in _all_catalogs(segmented)]
    assert names == [
        "ja/LC_MESSAGES/talks.po", "zh-Hans/LC_MESSAGES/talks.po", "zh-Hant/LC_MESSAGES/talks.po", "templates/talks.pot",
    ]


def test_summary_output(workspace: Workspace, run: Run) -> None:
    _write(workspace, "talks.txt", ARTICLE)
    result = run("segment", str(workspace.root / "articles" / "talks.txt"))
    assert result.output.splitlines() == [
        "articles/talks.txt (en, 4 messages) -> locales/templates/talks.pot",
        "  ja       4 new, 0 changed, 0 unchanged, 0 obsolete, 0 from memory  locales/ja/LC_MESSAGES/talks.po",
        "  zh-Hans  4 new, 0 changed, 0 unchanged, 0 obsolete, 0 from memory  locales/zh-Hans/LC_MESSAGES/talks.po",
        "  zh-Hant  4 new, 0 changed, 0 unchanged, 0 obsolete, 0 from memory  locales/zh-Hant/LC_MESSAGES/talks.po",
    ]


def test_one_entry_per_distinct_segment_with_every_reference(segmented: Workspace) -> None:
    catalog = _po(segmented, "ja")
    assert [e.msgid for e in catalog] == [
        "Prime Minister Sanae Takaichi spoke on Tuesday.", "The U.S. envoy listened.",
        "Takaichi's remarks drew a response.", "Tadamori Oshima was not there.",
    ]
    assert catalog.find("The U.S. envoy listened.").occurrences == [("articles/talks.txt", "1"), ("articles/talks.txt", "2")]
    assert all(entry.msgctxt is None for entry in catalog)


def test_headers(segmented: Workspace) -> None:
    ja, hant = _po(segmented, "ja").metadata, _po(segmented, "zh-Hant").metadata
    assert ja["Language"] == "ja" and hant["Language"] == "zh_Hant"
    assert ja["Plural-Forms"] == "nplurals=1; plural=0;"
    assert ja["Content-Type"] == "text/plain; charset=UTF-8"
    assert ja["Project-Id-Version"] == "talks" and ja["X-Generator"].startswith("translator ")
    assert ja["POT-Creation-Date"] and ja["PO-Revision-Date"] and ja["X-Source-Language"] == "en"
    template = polib.pofile(str(segmented.root / "locales" / "templates" / "talks.pot")).metadata
    assert template["Language"] == "en" and template["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_glossary_notes_name_every_target_locale_in_template_and_catalogs(segmented: Workspace) -> None:
    first = _po(segmented, "ja").find("Prime Minister Sanae Takaichi spoke on Tuesday.")
    assert first.comment.split("\n") == [
        "type: paragraph",
        "glossary: prime-minister-japan (title, draft)",
        "- ja: 内閣総理大臣; also correct: 首相",
        "- zh-Hans, zh-Hant: no form yet",
        "glossary: sanae-takaichi (person)",
        "- ja, zh-Hans, zh-Hant: 高市早苗",
    ]
    missing = _po(segmented, "zh-Hant").find("Tadamori Oshima was not there.")
    assert "- zh-Hant: no form yet" in missing.comment.split("\n")
    template = polib.pofile(str(segmented.root / "locales" / "templates" / "talks.pot"))
    for locale in ("ja", "zh-Hans", "zh-Hant"):  # a merge with the template keeps them
        for entry in _po(segmented, locale):
            assert entry.comment == template.find(entry.msgid).comment


@needs_msgfmt
def test_every_file_passes_msgfmt_check(segmented: Workspace) -> None:
    for path in _all_catalogs(segmented):
        result = subprocess.run([MSGFMT or "msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)],
                                capture_output=True, text=True)
        assert (result.returncode, result.stderr) == (0, ""), path


def test_polib_and_babel_read_the_same(segmented: Workspace, run: Run) -> None:
    catalog = _po(segmented, "ja")
    catalog.find("The U.S. envoy listened.").msgstr = "米国の特使は耳を傾けた。"
    _save(segmented, catalog, "ja")
    _write(segmented, "talks.txt", ARTICLE.replace("Tadamori Oshima was not there.", "Oshima was absent."))
    run("segment", str(segmented.root / "articles" / "talks.txt"))
    for path in _all_catalogs(segmented):
        ours = polib.pofile(str(path))
        theirs = read_po(io.BytesIO(path.read_bytes()))
        babel_messages = {m.id: m for m in theirs if m.id}
        assert len(babel_messages) == len([e for e in ours if not e.obsolete])
        for entry in ours:
            if entry.obsolete:
                assert entry.msgid in {m.id for m in theirs.obsolete.values()}
                continue
            message = babel_messages[entry.msgid]
            assert message.string == entry.msgstr
            assert list(message.auto_comments) == (entry.comment.split("\n") if entry.comment else [])
            assert [(p, int(n)) for p, n in entry.occurrences] == list(message.locations)
            assert set(message.flags) == set(entry.flags)
        assert theirs.language_team == ours.metadata["Language-Team"]


def test_rerun_without_changes_writes_nothing(segmented: Workspace, run: Run) -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in _all_catalogs(segmented)}
    result = run("segment", str(segmented.root / "articles" / "talks.txt"))
    assert "0 new, 0 changed, 4 unchanged, 0 obsolete, 0 from memory" in result.output
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in _all_catalogs(segmented)} == before


def test_update_rules(segmented: Workspace, run: Run) -> None:
    catalog = _po(segmented, "ja")
    kept = catalog.find("Prime Minister Sanae Takaichi spoke on Tuesday.")
    kept.msgstr, kept.tcomment, kept.flags = "高市早苗首相は火曜日に発言した。", "checked by editor", ["no-wrap"]
    edited = catalog.find("Takaichi's remarks drew a response.")
    edited.msgstr = "高市氏の発言は反響を呼んだ。"
    removed = catalog.find("Tadamori Oshima was not there.")
    removed.msgstr = "大島理森氏はいなかった。"
    _save(segmented, catalog, "ja")
    article = ARTICLE.replace("Takaichi's remarks drew a response.", "Takaichi's remarks drew a strong response.")
    article = article.replace("Tadamori Oshima was not there.", "A completely different closing line appears.")
    _write(segmented, "talks.txt", article)
    result = run("segment", str(segmented.root / "articles" / "talks.txt"))
    assert "  ja       1 new, 1 changed, 2 unchanged, 1 obsolete, 0 from memory" in result.output
    catalog = _po(segmented, "ja")
    kept = catalog.find("Prime Minister Sanae Takaichi spoke on Tuesday.")
    assert (kept.msgstr, kept.tcomment, kept.flags) == ("高市早苗首相は火曜日に発言した。", "checked by editor", ["no-wrap"])
    fuzzy = catalog.find("Takaichi's remarks drew a strong response.")
    assert (fuzzy.msgstr, fuzzy.flags, fuzzy.previous_msgid) == (
        "高市氏の発言は反響を呼んだ。", ["fuzzy"], "Takaichi's remarks drew a response.",
    )
    new = catalog.find("A completely different closing line appears.")
    assert (new.msgstr, new.flags) == ("", [])
    [obsolete] = catalog.obsolete_entries()
    assert (obsolete.msgid, obsolete.msgstr) == ("Tadamori Oshima was not there.", "大島理森氏はいなかった。")
    assert "#~ msgid \"Tadamori Oshima was not there.\"" in (segmented.root / "locales/ja/LC_MESSAGES/talks.po").read_text()
    # Restoring the sentence brings its translation back from the obsolete entry.
    _write(segmented, "talks.txt", ARTICLE)
    run("segment", str(segmented.root / "articles" / "talks.txt"))
    assert _po(segmented, "ja").find("Tadamori Oshima was not there.").msgstr == "大島理森氏はいなかった。"


def test_translation_memory_fills_from_other_catalogs(segmented: Workspace, run: Run) -> None:
    catalog = _po(segmented, "ja")
    catalog.find("The U.S. envoy listened.").msgstr = "米国の特使は耳を傾けた。"
    catalog.find("Tadamori Oshima was not there.").msgstr = "大島理森氏はいなかった。"
    _save(segmented, catalog, "ja")
    _write(segmented, "other.txt", "The U.S. envoy listened.\nTadamori Oshima was not there today.\nSomething else entirely.\n")
    result = run("segment", str(segmented.root / "articles" / "other.txt"))
    assert "  ja       1 new, 0 changed, 0 unchanged, 0 obsolete, 2 from memory" in result.output
    other = _po(segmented, "ja", "other")
    exact = other.find("The U.S. envoy listened.")
    assert (exact.msgstr, exact.flags, exact.tcomment) == ("米国の特使は耳を傾けた。", [], "from translation memory: talks.po")
    close = other.find("Tadamori Oshima was not there today.")
    assert (close.msgstr, close.flags, close.previous_msgid) == ("大島理森氏はいなかった。", ["fuzzy"], "Tadamori Oshima was not there.")
    assert close.tcomment == "close match from translation memory: talks.po"


def test_paragraph_mode(workspace: Workspace, run: Run) -> None:
    _write(workspace, "talks.txt", ARTICLE)
    assert run("segment", str(workspace.root / "articles" / "talks.txt"), "--by", "paragraph").exit_code == 0
    assert len(_po(workspace, "ja")) == 3


def test_all_and_markdown(workspace: Workspace, run: Run) -> None:
    _write(workspace, "talks.txt", ARTICLE)
    _write(workspace, "brief.md", "---\ntitle: Brief\nslug: brief-news\n---\n# Heading\n\n- Item one.\n\n```\ncode\n```\n")
    result = run("segment", "--all")
    assert result.exit_code == 0, result.output
    assert [e.msgid for e in _po(workspace, "ja", "brief-news")] == ["Brief", "Heading", "Item one."]


def test_auto_detects_the_source(workspace: Workspace, run: Run) -> None:
    _write(workspace, "ja.txt", "日本と中国の高官は北京で会談し、最近の論争の緩和を図った。大きな進展はなかった。\n")
    result = run("segment", str(workspace.root / "articles" / "ja.txt"), "--source", "auto")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "articles/ja.txt (ja, 2 messages) -> locales/templates/ja.pot"
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == ["en", "zh-Hans", "zh-Hant"]
    assert _po(workspace, "en", "ja").metadata["X-Source-Language"] == "ja"


def test_auto_refuses_short_han(workspace: Workspace, run: Run) -> None:
    _write(workspace, "short.txt", "北京大阪\n")
    result = run("segment", str(workspace.root / "articles" / "short.txt"), "--source", "auto")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: articles/short.txt: the text is too short to tell its language")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "Error: name an article, or pass --all"),
        (["--source", "xx", "articles/talks.txt"], 2, "Invalid value for '--source'"),
        (["--by", "word", "articles/talks.txt"], 2, "Invalid value for '--by'"),
        (["articles/missing.txt"], 1, "Error: articles/missing.txt: no such article"),
        (["articles/notes.docx"], 1, "not an article"),
    ],
)
def test_usage_errors(workspace: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch,
                      args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(workspace.root)
    _write(workspace, "talks.txt", ARTICLE)
    (workspace.root / "articles" / "notes.docx").write_bytes(b"x")
    result = run("segment", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr


@pytest.mark.parametrize("command", ["segment", "lint"])
def test_all_with_no_articles_says_where_it_looked(workspace: Workspace, run: Run, command: str) -> None:
    """--all over an empty or missing articles folder (found by fuzzing: it asked for --all)."""
    result = run(command, "--all")
    assert result.exit_code == 2, result.output
    assert "Error: --all found no articles in articles/: add a .txt or .md file there" in result.stderr
    config = workspace.root / "translator.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('articles = "articles"', 'articles = "stories"'),
                      encoding="utf-8")
    result = run(command, "--all")
    assert result.exit_code == 2, result.output
    assert "Error: --all found no articles: there is no folder stories/ (folders.articles in translator.toml)" \
        in result.stderr


def test_article_outside_the_workspace(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Some text here.\n", encoding="utf-8")
    result = run("segment", str(outside))
    assert result.exit_code == 2 and "articles must be inside the workspace" in result.stderr


def test_a_slug_cannot_escape_the_locales_folder(workspace: Workspace, run: Run) -> None:
    _write(workspace, "bad.md", "---\nslug: ../../../etc/x\n---\nText.\n")
    result = run("segment", str(workspace.root / "articles" / "bad.md"))
    assert result.exit_code == 1 and "slug '../../../etc/x' must be lower-case letters" in result.stderr
    assert not (workspace.root / "locales" / "templates").exists()


def test_a_broken_catalog_is_reported_and_nothing_is_written(segmented: Workspace, run: Run) -> None:
    path = segmented.root / "locales" / "ja" / "LC_MESSAGES" / "talks.po"
    path.write_text(path.read_text(encoding="utf-8") + "\nmsgid \"x\"\nmsgstr \"y\"\ngarbage\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in _all_catalogs(segmented)}
    result = run("segment", str(segmented.root / "articles" / "talks.txt"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: locales/ja/LC_MESSAGES/talks.po:")
    assert {p: p.read_bytes() for p in _all_catalogs(segmented)} == before


def test_a_catalog_for_another_language_is_refused(segmented: Workspace, run: Run) -> None:
    catalog = _po(segmented, "ja")
    catalog.metadata["Language"] = "zh_TW"
    _save(segmented, catalog, "ja")
    result = run("segment", str(segmented.root / "articles" / "talks.txt"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: locales/ja/LC_MESSAGES/talks.po: this catalog is for 'zh_TW', but it sits in the folder for ja\n"
    )


@pytest.mark.parametrize("streamed", [False, True])
def test_two_articles_with_one_slug_are_refused(workspace: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch,
                                                streamed: bool) -> None:
    from translator import extraction

    if streamed:  # a large template, which its own article's merge compares instead of reading
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)
    _write(workspace, "a.md", "---\nslug: same\n---\nOne.\n")
    _write(workspace, "b.md", "---\nslug: same\n---\nTwo.\n")
    result = run("segment", "--all")
    assert (result.exit_code, result.stderr) == (
        1, "Error: articles/b.md: has the slug 'same' of articles/a.md; give one of them another 'slug:' in its front matter\n",
    )
    assert not (workspace.root / "locales" / "templates").exists()
    run("segment", str(workspace.root / "articles" / "a.md"))
    result = run("segment", str(workspace.root / "articles" / "b.md"))
    assert (result.exit_code, result.stderr) == (
        1, "Error: locales/templates/same.pot: the slug 'same' belongs to articles/a.md; "
        "give articles/b.md another 'slug:' in its front matter\n",
    )


def test_concurrent_segment_runs_lose_nothing(segmented: Workspace) -> None:
    import subprocess
    import sys

    from tests.conftest import REPOSITORY

    catalog = _po(segmented, "ja")
    catalog.find("The U.S. envoy listened.").msgstr = "米国の特使は耳を傾けた。"
    _save(segmented, catalog, "ja")
    _write(segmented, "other.txt", "A second article.\nWith two lines.\n")
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    processes = [
        subprocess.Popen([sys.executable, "-m", "translator", "-w", str(segmented.root), "segment", "--all"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(4)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert _po(segmented, "ja").find("The U.S. envoy listened.").msgstr == "米国の特使は耳を傾けた。"
    assert len(_po(segmented, "ja", "other")) == 2


def test_catalogs_written_as_they_are_encoded_are_the_catalogs_written_whole(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large catalog is written as it is encoded (in this process), a small one encoded whole
    and written by staging's threads: the same files either way, and an update too."""
    from click.testing import CliRunner

    from translator import extraction
    from translator.cli import cli

    streamed = tmp_path / "streamed"
    shutil.copytree(sample, streamed)
    for root, limit in ((sample, extraction.STREAMED_ENTRIES), (streamed, 0)):
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", limit)
        for _ in range(2):  # the second time after an edit: an update
            result = CliRunner().invoke(cli, ["-w", str(root), "segment", "--all"])
            assert result.exit_code == 0, result.output
            article = next((root / "articles").iterdir())
            article.write_text(article.read_text(encoding="utf-8").replace("Takaichi", "Takaichi Sanae", 1),
                               encoding="utf-8")
    assert [path.relative_to(streamed) for path in _all_catalogs(_workspace_at(streamed))] == [
        path.relative_to(sample) for path in _all_catalogs(_workspace_at(sample))]
    for path in _all_catalogs(_workspace_at(sample)):
        assert _stripped_dates((streamed / path.relative_to(sample)).read_text(encoding="utf-8")) == \
            _stripped_dates(path.read_text(encoding="utf-8"))


def test_a_large_template_its_article_wrote_is_compared_not_read(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large template that the article's last merge wrote is read only for its header; the new
    one is compared with the file as it is written. The files are those a full read makes: the
    dates kept when no entry changed, stamped when one did, after any edit of any file."""
    from click.testing import CliRunner

    from translator import catalog, extraction
    from translator.cli import cli

    monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)  # every template is large
    read: list[str] = []
    monkeypatch.setattr(extraction, "read_catalog",
                        lambda path, *args, **kwargs: read.append(path.suffix) or catalog.read_catalog(path, *args, **kwargs))
    compared = tmp_path / "compared"
    shutil.copytree(sample, compared)
    pot = Path("locales/templates/japan-china-talks.pot")
    edits = [  # (the date now, the edit, whether the template is read whole where it is the one last written)
        ("2026-01-01 00:00+0000", lambda root: None, True),  # the sample's own template: no record of who wrote it
        ("2026-02-01 00:00+0000", lambda root: _edit(root / "locales/zh-Hant/LC_MESSAGES/japan-china-talks.po",
                                                     'msgstr ""\n\n', 'msgstr "訳"\n\n'), False),
        ("2026-03-01 00:00+0000", lambda root: _edit(root / "articles/japan-china-talks.txt", "On Tuesday", "On that Tuesday"),
         False),
        ("2026-04-01 00:00+0000", lambda root: _edit(root / pot, "\n#.", "\n#. \n#."), True),  # edited by hand
        ("2026-05-01 00:00+0000", lambda root: _edit(root / "locales/ja/LC_MESSAGES/japan-china-talks.po",
                                                     "\n#.", "\n# checked\n#."), False),
    ]
    dates = []
    for stamp, edit, whole in edits:
        monkeypatch.setattr(catalog, "_now", lambda stamp=stamp: stamp)
        for root in (sample, compared):
            edit(root)
            if root == sample:  # no record of what wrote the template: it is read whole every time
                (root / ".translator" / "segmented.cache").unlink(missing_ok=True)
            read.clear()
            result = CliRunner().invoke(cli, ["-w", str(root), "segment", "--all"])
            assert result.exit_code == 0, result.output
            assert read.count(".pot") == (1 if root == sample or whole else 0), (stamp, root.name)
        for path in _all_catalogs(_workspace_at(sample)):
            assert (compared / path.relative_to(sample)).read_bytes() == path.read_bytes(), (stamp, path.name)
        dates.append(next(line for line in (compared / pot).read_text(encoding="utf-8").splitlines()
                          if line.startswith('"POT-Creation-Date:')))
    first = dates[0]  # the sample's template is as a merge makes it: its date kept
    assert first in (REPOSITORY / pot).read_text(encoding="utf-8")
    assert [date[20:27] for date in dates[2:]] == ["2026-03", "2026-04", "2026-04"] and dates[1] == first


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _workspace_at(root: Path) -> Workspace:
    from translator.workspace import load_workspace

    return load_workspace(root)


def _stripped_dates(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if "-Date:" not in line)


@pytest.mark.parametrize("streamed", [False, True])
def test_a_sentence_twice_on_a_line_leaves_the_template_dates_alone_when_nothing_changed(
        workspace: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    """Each place is kept once, as the PO file keeps it: the template read back is the one made."""
    from translator import catalog, extraction

    if streamed:
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)
    article = _write(workspace, "dup.txt", "Yes. Yes. Yes.\n\nNo.\n\nThe talks went on.\n")
    monkeypatch.setattr(catalog, "_now", lambda: "2026-01-01 00:00+0000")
    assert run("segment", str(article)).exit_code == 0
    ja = workspace.root / "locales" / "ja" / "LC_MESSAGES" / "dup.po"
    ja.write_text(ja.read_text(encoding="utf-8").replace('msgid "No."\nmsgstr ""', 'msgid "No."\nmsgstr "いいえ。"'),
                  encoding="utf-8")
    monkeypatch.setattr(catalog, "_now", lambda: "2026-02-01 00:00+0000")
    assert run("segment", str(article)).exit_code == 0
    template = (workspace.root / "locales" / "templates" / "dup.pot").read_text(encoding="utf-8")
    assert '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"' in template
    assert "#: articles/dup.txt:1\nmsgid \"Yes.\"" in template


def test_an_article_whose_name_has_spaces_owns_its_catalogs(workspace: Workspace, run: Run) -> None:
    article = _write(workspace, "my article.txt", "One sentence here.\n")
    assert run("segment", str(article)).exit_code == 0
    article.write_text("One sentence here. Another one.\n", encoding="utf-8")
    result = run("segment", str(article))
    assert result.exit_code == 0, result.stderr
    other = _write(workspace, "other story.md", "---\nslug: my-article\n---\nTwo.\n")
    result = run("segment", str(other))
    assert (result.exit_code, result.stderr) == (
        1, "Error: locales/templates/my-article.pot: the slug 'my-article' belongs to articles/my article.txt; "
        "give articles/other story.md another 'slug:' in its front matter\n")


def test_a_sentence_in_several_places_and_kinds_is_one_message_with_all_of_them() -> None:
    """Each place once, in order (twice on one line is one place), and each kind of place once,
    in the order met: what `type:` and `#:` say of a sentence the article repeats."""
    from translator.extraction import messages_of
    from translator.formats.article import parse_article

    text = ("# Talks resume.\n\nTalks resume. Talks resume.\n\n- Talks resume.\n- Once only.\n\n"
            "Talks resume.\n\n> Talks resume.\n")
    article = parse_article(text, "articles/talks.md", "markdown", "talks")
    found = {message.text: message for message in messages_of(article, "en", "sentence")}
    repeated = found["Talks resume."]
    assert repeated.references == ("articles/talks.md:1", "articles/talks.md:3", "articles/talks.md:5",
                                   "articles/talks.md:8", "articles/talks.md:10")
    assert repeated.notes == ("type: heading, paragraph, list item, quotation",)
    assert found["Once only."].references == ("articles/talks.md:6",)
    assert found["Once only."].notes == ("type: list item",)
