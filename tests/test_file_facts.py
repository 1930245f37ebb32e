"""What a run found in files (a catalog's digest, a template's settings), kept by each file's
signature for the next run: a change is never missed, and a damaged record is ignored."""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator import files, memo, workspace
from translator.cli import cli
from translator.errors import TranslatorError

CATALOG = Path("locales") / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
TEMPLATE = Path("locales") / "templates" / "japan-china-talks.pot"


@pytest.fixture(autouse=True)
def fresh_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no facts in this process, as a new run does."""
    monkeypatch.setattr(files, "_FACTS", {})
    monkeypatch.setattr(files, "_facts_loaded", {})
    monkeypatch.setattr(files, "_facts_used", set())


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as written (else a test's files, all new, are never kept)."""
    monkeypatch.setattr(files, "SETTLED_NS", -10**18)


def _build(root: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["-w", str(root), "build", *options])
    assert result.exit_code == 0, result.output
    return result.output.replace(str(root), "")


def _segment_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("segment ") and " messages; " in line)


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process found, as the next command in a new process would."""
    monkeypatch.setattr(files, "_FACTS", {})
    monkeypatch.setattr(files, "_facts_used", set())


def _replace(path: Path, old: str, new: str) -> None:
    """Edit a file in place (the same inode), as an editor saving over it may."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    with open(path, "r+", encoding="utf-8") as stream:
        stream.write(text.replace(old, new, 1))
        stream.truncate()


def test_a_file_rewritten_at_once_in_place_to_the_same_size_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"first")
    first = memo.file_digest(path)
    with open(path, "r+b") as stream:  # same inode, same size, likely the same coarse time stamp
        stream.write(b"other")
    assert memo.file_digest(path) != first
    assert memo.file_digest(path) == memo.digest(b"other")


def test_a_file_changed_within_one_tick_of_the_clock_is_not_taken_for_unchanged(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the clock that stamps files ticks coarsely, a file rewritten in place to the same
    size within one tick keeps its signature: nothing is kept of a file so recently changed."""
    import time

    stamped = time.time_ns()
    monkeypatch.setattr(memo, "signature", lambda path: (5, stamped, stamped, 1, 1))  # one tick: the same stamp
    path = tmp_path / "a.po"
    path.write_bytes(b"first")
    assert memo.file_digest(path) == memo.digest(b"first")
    path.write_bytes(b"other")
    assert memo.file_digest(path) == memo.digest(b"other")


def _counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files opened from now on (the list grows as they are)."""
    reads: list[str] = []
    real_open = open

    def counting_open(name: str, *args: object, **kwargs: object) -> object:
        reads.append(name)
        return real_open(name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", counting_open)
    return reads


def test_within_a_run_a_file_written_a_moment_ago_is_read_once_while_its_signature_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Check, publish and review all ask for the digest of a catalog segment just wrote: within a
    run (`file_facts`) it is read once; outside one, and in the next run, it is read again."""
    path = tmp_path / "a.po"
    path.write_bytes(b"first")
    reads = _counted_reads(monkeypatch)
    with files.run_facts():
        assert [memo.file_digest(path) for _ in range(3)] == [memo.digest(b"first")] * 3
        assert len(reads) == 1
        (tmp_path / "b.po").write_bytes(b"other")  # made while a.po is there: another inode
        os.replace(tmp_path / "b.po", path)  # in its place, as translator writes files: another signature
        assert memo.file_digest(path) == memo.digest(b"other") and len(reads) == 2
    assert memo.file_digest(path) == memo.digest(b"other") and len(reads) == 3  # the run is over
    with files.run_facts():
        assert memo.file_digest(path) == memo.digest(b"other") and len(reads) == 4


def test_within_a_run_where_a_catalog_is_looked_up_once_and_the_next_run_sees_a_new_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every phase of a build asks where the same catalogs are: within a run each path is looked
    up once; a link made after the run is seen by the next one (and outside a run, at once)."""
    ws = workspace.init_workspace(tmp_path / "ws", "en", ("ja",))
    looked: list[str] = []
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda name, *args, **kwargs: (looked.append(str(name)),
                                                                     real_lstat(name, *args, **kwargs))[1])
    with files.run_facts():
        first = workspace.catalog_paths(ws, "talks", ["ja"])
        asked = len(looked)
        assert asked and workspace.catalog_paths(ws, "talks", ["ja"]) == first and len(looked) == asked
    outside = tmp_path / "outside"
    outside.mkdir()
    ja = ws.folder("locales") / "ja" / "LC_MESSAGES"
    ja.mkdir(parents=True)
    (ja / "talks.po").symlink_to(outside / "talks.po")
    for run in (files.run_facts, contextlib.nullcontext):
        with run(), pytest.raises(TranslatorError, match="a symbolic link leads it outside"):
            workspace.catalog_paths(ws, "talks", ["ja"])


def test_a_folder_moved_outside_and_linked_back_is_refused_by_the_next_run_in_the_same_process(
        tmp_path: Path) -> None:
    """A library caller (or a test) runs command after command in one process: where a folder
    really is is not remembered past a run, for neither its name nor its inode, which a moved
    folder keeps, tells that it now lies outside, through a link."""
    ws = workspace.init_workspace(tmp_path / "ws", "en", ("ja",))
    ja = ws.folder("locales") / "ja"
    (ja / "LC_MESSAGES").mkdir(parents=True)
    catalog = ja / "LC_MESSAGES" / "talks.po"
    with files.run_facts():
        workspace.catalog_paths(ws, "talks", ["ja"])
        files.write_atomic(catalog, b"inside", ws.root)
    outside = tmp_path / "outside"
    ja.rename(outside)
    ja.symlink_to(outside, target_is_directory=True)
    with pytest.raises(TranslatorError, match="a symbolic link leads it outside"):
        workspace.catalog_paths(ws, "talks", ["ja"])
    with files.run_facts(), pytest.raises(TranslatorError, match="a symbolic link leads it outside the workspace"):
        files.write_atomic(catalog, b"changed", ws.root)
    assert (outside / "LC_MESSAGES" / "talks.po").read_bytes() == b"inside"


def test_the_digests_segment_makes_of_what_it_writes_are_those_of_the_files(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Segment tells the run the digests of the template and catalogs it wrote (check, publish
    and review ask for them next): each is the digest of the file's bytes, and none is read."""
    from translator.changes import checked_glossary
    from translator.extraction import segment_articles
    from translator.workspace import all_articles, load_workspace

    loaded = load_workspace(sample)
    glossary = checked_glossary(loaded)[0]
    for catalog in (sample / "locales").rglob("*.po*"):
        catalog.unlink()
    article = next((sample / "articles").iterdir())
    for round_ in range(3):  # written anew, then changed, then unchanged
        if round_ == 1:
            article.write_text(article.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
        with memo.file_facts(sample):
            results = segment_articles(loaded, all_articles(loaded), glossary)
            written = [path for result in results for path in (result.template, *(c.path for c in result.catalogs))]
            assert len(written) == 4
            reads = _counted_reads(monkeypatch)
            digests = [memo.file_digest(path) for path in written]
            assert reads == [], round_
            monkeypatch.undo()
            assert digests == [memo.digest(path.read_bytes()) for path in written]


def test_the_settings_segment_tells_the_run_are_those_its_template_records(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Segment tells the run the settings of each template it wrote (check, publish and review
    ask which locale each article is in): they are what the template's header says, and no
    header is read for them."""
    import translator.catalog
    from translator.catalog import catalog_settings, read_header
    from translator.changes import checked_glossary
    from translator.extraction import segment_articles
    from translator.formats.article import read_article
    from translator.workspace import all_articles, load_workspace, remembered_settings

    loaded = load_workspace(sample)
    glossary = checked_glossary(loaded)[0]
    for catalog in (sample / "locales").rglob("*.po*"):
        catalog.unlink()
    path = next((sample / "articles").iterdir())
    for by in ("paragraph", "sentence"):
        with memo.file_facts(sample):
            results = segment_articles(loaded, all_articles(loaded), glossary, by=by)
            headers: list[Path] = []
            monkeypatch.setattr(translator.catalog, "read_header", lambda *a: headers.append(a[0]))
            article = read_article(path, f"articles/{path.name}")
            settings = remembered_settings(loaded, article)
            assert headers == [], by
            monkeypatch.undo()
            template = results[0].template
            header = read_header(template, "template")
            assert header is not None
            assert settings == catalog_settings(header, template, "template", "") and settings.by == by


def test_a_settled_file_is_read_once_and_again_after_any_change(tmp_path: Path, settled_at_once: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"first")
    assert memo.file_digest(path) == memo.digest(b"first")
    reads = _counted_reads(monkeypatch)
    assert memo.file_digest(path) == memo.digest(b"first") and reads == []
    path.write_bytes(b"second, longer")
    assert memo.file_digest(path) == memo.digest(b"second, longer") and len(reads) == 1
    path.unlink()
    assert memo.file_digest(path) is None


def test_a_build_after_edits_finds_them_all_when_the_files_are_settled(sample: Path, settled_at_once: None,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The next build takes each file's signature, not its bytes: an edit in place, a file
    replaced, and a template's changed settings are all seen, and the result is a fresh build's."""
    _build(sample)
    assert (sample / ".translator" / memo.FACTS_FILE).exists()
    _new_run(monkeypatch)
    before = _build(sample)
    assert "Published 2 article version(s)" in before
    _replace(sample / CATALOG, 'msgstr ""\n"', 'msgstr ""\n"X')  # a translation changed: the ja version is new
    template = sample / TEMPLATE
    template.write_text(template.read_text(encoding="utf-8").replace("X-Segment-By: sentence", "X-Segment-By: paragraph"),
                        encoding="utf-8")
    _new_run(monkeypatch)
    output = _build(sample)
    assert _segment_line(output) != _segment_line(before)  # paragraphs now: fewer messages
    fresh = sample.parent / "fresh"
    _new_run(monkeypatch)
    import shutil

    shutil.copytree(sample, fresh, ignore=shutil.ignore_patterns(".translator"))
    assert _build(sample) == _build(fresh)
    published = sample / "exports" / "japan-china-talks.ja.txt"
    assert published.read_bytes() == (fresh / "exports" / "japan-china-talks.ja.txt").read_bytes()


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps(((0, "old"), {})),
                                    marshal.dumps(((memo.FORMAT, "0"), {("digest", "/x"): ((1, 2, 3, 4, 5), b"d")})),
                                    marshal.dumps([1, 2, 3])])
def test_a_damaged_or_foreign_record_is_ignored(sample: Path, settled_at_once: None, monkeypatch: pytest.MonkeyPatch,
                                                damage: bytes) -> None:
    expected = _build(sample)
    (sample / ".translator" / memo.FACTS_FILE).write_bytes(damage)
    _new_run(monkeypatch)
    assert _build(sample) == expected


def test_a_record_naming_the_wrong_facts_for_a_file_is_not_trusted_past_its_signature(
        sample: Path, settled_at_once: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record holds what was found under a signature; once the file has another, it is read."""
    _build(sample)
    cache = sample / ".translator" / memo.FACTS_FILE
    version, records = marshal.loads(cache.read_bytes())
    name = os.path.abspath(sample / CATALOG)
    signature, _ = records[("digest", name)]
    records[("digest", name)] = (signature, memo.digest(b"something else"))
    cache.write_bytes(marshal.dumps((version, records)))
    _replace(sample / CATALOG, 'msgstr ""\n"', 'msgstr ""\n"X')  # now it has another signature
    _new_run(monkeypatch)
    output = _build(sample)
    fresh = sample.parent / "fresh"
    import shutil

    shutil.copytree(sample, fresh, ignore=shutil.ignore_patterns(".translator"))
    _new_run(monkeypatch)
    assert output == _build(fresh)


def test_settings_read_from_a_template_follow_the_workspace_source(sample: Path, settled_at_once: None) -> None:
    """A template without X-Source-Language takes the workspace's source: a fact kept under
    one source is not used under another."""
    from translator.catalog import Settings
    from translator.formats.article import read_article
    from translator.workspace import load_workspace, remembered_settings

    _build(sample)
    template = sample / TEMPLATE
    template.write_text(re.sub(r'"X-Source-Language: [^"]*"\n', "", template.read_text(encoding="utf-8")),
                        encoding="utf-8")
    ws = load_workspace(sample)
    article = read_article(sample / "articles" / "japan-china-talks.txt", "articles/japan-china-talks.txt")
    assert remembered_settings(ws, article) == Settings(ws.source, "sentence")
    other = workspace.Workspace(ws.root, "ja", tuple(t for t in (*ws.targets, ws.source) if t != "ja"), ws.folder_names)
    remembered = remembered_settings(other, article)
    assert remembered is not None and remembered.source == "ja"


def test_the_record_keeps_only_what_the_last_run_asked_about(sample: Path, settled_at_once: None,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog deleted (its article gone) leaves the record with the next build."""
    _build(sample)
    cache = sample / ".translator" / memo.FACTS_FILE
    article = sample / "articles" / "japan-china-talks.txt"
    assert any("japan-china-talks" in name for _, name in marshal.loads(cache.read_bytes())[1])
    article.unlink()
    _new_run(monkeypatch)
    CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert not any("japan-china-talks" in name for _, name in marshal.loads(cache.read_bytes())[1])


def test_the_umask_is_read_without_being_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads write files while the mode of new files is asked for: reading the umask must not
    set it, even for a moment, where the system says what it is."""
    if not os.path.exists("/proc/self/status"):
        pytest.skip("no /proc: the umask is read by setting it")
    previous = os.umask(0o027)
    try:
        changes: list[int] = []
        real = os.umask
        monkeypatch.setattr(os, "umask", lambda mask: changes.append(mask) or real(mask))
        assert files._default_mode() == 0o640 and changes == []
    finally:
        os.umask(previous)


@pytest.mark.parametrize("command", [["segment", "--all"], ["check"], ["lint", "--all"]])
def test_segment_check_and_lint_keep_what_they_found_and_still_see_an_edit(
        sample: Path, settled_at_once: None, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    def run() -> str:
        _new_run(monkeypatch)
        result = CliRunner().invoke(cli, ["-w", str(sample), *command])
        assert result.exit_code in (0, 1), result.output
        return result.output.replace(str(sample), "")

    assert CliRunner().invoke(cli, ["-w", str(sample), "segment", "--all"]).exit_code == 0
    first = run()
    assert (sample / ".translator" / memo.FACTS_FILE).exists()
    assert run() == first
    _replace(sample / CATALOG, "北京で中国", "ペキンで中国")  # in place: Beijing's form is missing now
    _replace(sample / "articles" / "japan-china-talks.txt", "Liu Jingsong", "Liu Jinsong")  # a near miss mended
    fresh = sample.parent / "fresh"
    import shutil

    shutil.copytree(sample, fresh, ignore=shutil.ignore_patterns(".translator"))
    edited = run()
    _new_run(monkeypatch)
    expected = CliRunner().invoke(cli, ["-w", str(fresh), *command]).output.replace(str(fresh), "")
    assert edited == expected and edited != first
