"""Unlucky and hostile workspaces: impossible dates, failing disks, links out of the workspace,
files killed runs left behind. Each ends in one `Error:` line per problem, never a traceback,
and leaves the workspace's files as they were."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner, Result

from translator import files
from translator.cli import cli
from translator.workspace import Workspace
from tests.conftest import SMALL_ARTICLE as ARTICLE, Run



def _snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file() and ".translator" not in path.parts}


def _clean_failure(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert all(line.startswith("Error: ") for line in result.output.splitlines() if line.strip()), result.output



@pytest.mark.parametrize("day", ["2025-13-45", "2025-02-30"])
@pytest.mark.parametrize("command", [["segment", "--all"], ["lint", "--all"], ["check"], ["status"], ["build"],
                                     ["assemble", "ARTICLE", "--locale", "ja"], ["glossary", "suggest", "--all"]])
def test_an_impossible_front_matter_date_is_an_error_in_every_command(
    segmented: Workspace, run: Run, command: list[str], day: str
) -> None:
    article = segmented.root / "articles" / "talks.md"
    article.write_text(f"---\ntitle: Talks\ndate: {day}\n---\n{ARTICLE}", encoding="utf-8")
    before = _snapshot(segmented.root)
    result = run(*[str(article) if word == "ARTICLE" else word for word in command])
    _clean_failure(result)
    assert result.output.startswith("Error: articles/talks.md:3: ")
    assert _snapshot(segmented.root) == before


def _failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int, when: int) -> None:
    """Make the `when`-th call of os.replace, or the `when`-th creation of a new (temporary) file,
    fail as a full or read-only disk would."""
    original = getattr(os, {"replace": "replace", "create": "open"}[name])
    calls = {"count": 0}

    def fake(*args: object, **kwargs: object) -> object:
        creates = name == "replace" or (len(args) > 1 and isinstance(args[1], int) and bool(args[1] & os.O_EXCL))
        if creates:
            calls["count"] += 1
        if creates and calls["count"] == when:
            raise OSError(code, os.strerror(code))
        return original(*args, **kwargs)

    monkeypatch.setattr(os, {"replace": "replace", "create": "open"}[name], fake)


@pytest.mark.parametrize("name, code, when, reason", [
    ("replace", errno.ENOSPC, 3, "no space left on device"),
    ("create", errno.EROFS, 4, "read-only file system"),
    ("replace", errno.EPERM, 1, "operation not permitted"),
])
def test_a_failing_disk_in_the_middle_of_segment_changes_nothing(
    segmented: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch, name: str, code: int, when: int, reason: str
) -> None:
    (segmented.root / "articles" / "talks.md").write_text(ARTICLE + "\nA new sentence.\n", encoding="utf-8")
    before = _snapshot(segmented.root)
    _failing(monkeypatch, name, code, when)
    result = run("segment", "--all")
    _clean_failure(result)
    assert f": cannot write: {reason}" in result.output
    assert _snapshot(segmented.root) == before
    assert not list(segmented.root.rglob("*.tmp"))


def test_a_catalog_that_is_a_folder(segmented: Workspace, run: Run) -> None:
    catalog = segmented.root / "locales" / "ja" / "LC_MESSAGES" / "talks.po"
    catalog.unlink()
    catalog.mkdir()
    for command in (["segment", "--all"], ["status"], ["check"], ["assemble", str(segmented.root / "articles" / "talks.md"), "-l", "ja"]):
        result = run(*command)
        _clean_failure(result)
        assert "talks.po" in result.output and ("directory" in result.output or "folder" in result.output)


def test_links_out_of_the_workspace_are_never_written_through(segmented: Workspace, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    exports = segmented.root / "exports"
    exports.rmdir()
    exports.symlink_to(outside, target_is_directory=True)
    result = run("assemble", str(segmented.root / "articles" / "talks.md"), "-l", "ja", "--fallback", "source")
    _clean_failure(result)
    assert "refusing to write: a symbolic link leads it outside the workspace" in result.output
    assert list(outside.iterdir()) == []


def test_a_state_folder_linked_outside_is_not_written_through(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "state"
    outside.mkdir()
    state = workspace.root / ".translator"
    if state.exists():
        for path in state.iterdir():
            path.unlink()
        state.rmdir()
    state.symlink_to(outside, target_is_directory=True)
    result = run("glossary", "add", "beijing", "--type", "place", "--form", "en=Beijing", "--no-suggest")
    _clean_failure(result)
    assert list(outside.iterdir()) == []


def test_a_linked_glossary_file_is_written_through_inside_and_refused_outside(
    workspace: Workspace, run: Run, tmp_path: Path
) -> None:
    glossary = workspace.root / "glossary" / "glossary.toml"
    shared = workspace.root / "glossary" / "shared.toml"
    glossary.rename(shared)
    glossary.symlink_to(shared)
    assert run("glossary", "add", "beijing", "--type", "place", "--form", "en=Beijing", "--no-suggest").exit_code == 0
    assert glossary.is_symlink() and "[beijing]" in shared.read_text(encoding="utf-8")
    outside = tmp_path / "elsewhere.toml"
    outside.write_bytes(shared.read_bytes())
    glossary.unlink()
    glossary.symlink_to(outside)
    before = outside.read_bytes()
    result = run("glossary", "add", "tokyo", "--type", "place", "--form", "en=Tokyo", "--no-suggest")
    _clean_failure(result)
    assert "refusing to write: a symbolic link leads it outside the workspace" in result.output
    assert outside.read_bytes() == before and glossary.is_symlink()


def test_leftovers_of_a_killed_run_are_removed_by_the_next(segmented: Workspace, run: Run) -> None:
    folder = segmented.root / "locales" / "ja" / "LC_MESSAGES"
    old = folder / ".talks.po.a1b2c3d4.tmp"
    young = folder / ".talks.po.e5f6g7h8.tmp"  # perhaps another run's, still being written
    for path in (old, young):
        path.write_bytes(b"x" * 1000)
    stale = time.time() - files.LEFTOVER_AGE_SECONDS - 60
    os.utime(old, (stale, stale))
    result = run("status")
    assert result.exit_code == 0
    assert f"Removed {old}, left by a run that was stopped while writing" in result.output
    assert not old.exists() and young.exists()


@pytest.mark.parametrize("name", [".agency.tmx.a1b2c3d4.tmp", ".glossary.tbx.a1b2c3d4.tmp", ".talks.ja.html.a1b2c3d4.tmp",
                                  ".glossary-ja.utf8.a1b2c3d4.tmp"])
def test_leftovers_of_every_kind_of_file_translator_writes_are_removed(segmented: Workspace, run: Run,
                                                                       name: str) -> None:
    folder = segmented.root / ("memory" if ".tmx." in name else "exports")
    folder.mkdir(exist_ok=True)
    old = folder / name
    old.write_bytes(b"x")
    stale = time.time() - files.LEFTOVER_AGE_SECONDS - 60
    os.utime(old, (stale, stale))
    assert run("status").exit_code == 0
    assert not old.exists()


def test_write_all_is_all_or_nothing_and_keeps_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a", encoding="utf-8")
    first.chmod(0o640)
    second.write_text("old b", encoding="utf-8")
    assert files.write_all([(first, "new a"), (second, "new b")]) == [True, True]
    assert first.read_text(encoding="utf-8") == "new a" and (first.stat().st_mode & 0o777) == 0o640
    assert files.write_all([(first, "new a"), (second, "newer b")]) == [False, True]
    _failing(monkeypatch, "replace", errno.EIO, 2)
    with pytest.raises(files.TranslatorError, match="cannot write: input/output error"):
        files.write_all([(first, "third a"), (second, "third b")])
    assert first.read_text(encoding="utf-8") == "new a" and second.read_text(encoding="utf-8") == "newer b"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "b.txt"]  # no temporary file left


def test_an_article_that_is_a_folder_is_a_usage_error(segmented: Workspace) -> None:
    article = segmented.root / "articles" / "talks.md"
    article.unlink()
    article.mkdir()
    result = CliRunner().invoke(cli, ["-w", str(segmented.root), "lint", str(article)])
    assert result.exit_code == 2 and "Traceback" not in result.output and "is a directory" in result.output


@pytest.mark.parametrize("text, name, line", [
    ("---\nslug: con\n---\nText here.\n", "talks.md", 2),
    ("Text here.\n", "NUL.md", 1),
    ("---\nslug: com1\n---\nText here.\n", "talks.md", 2),
])
def test_slugs_windows_cannot_hold_are_refused(workspace: Workspace, run: Run, text: str, name: str, line: int) -> None:
    article = workspace.root / "articles" / name
    article.write_text(text, encoding="utf-8")
    result = run("segment", str(article))
    _clean_failure(result)
    assert result.output.startswith(f"Error: articles/{name}:{line}: slug '")
    assert not list((workspace.root / "locales").rglob("*.po*"))


def test_a_broken_memory_catalog_is_named_with_its_folder(segmented: Workspace, run: Run) -> None:
    other = segmented.root / "locales" / "zh-Hant" / "LC_MESSAGES" / "other.po"
    other.write_text('msgid ""\nmsgstr ""\n\nmsgid "x\n', encoding="utf-8")
    (segmented.root / "articles" / "talks.md").write_text(ARTICLE + "\nOne more.\n", encoding="utf-8")
    result = run("segment", "--all")
    _clean_failure(result)
    assert "Error: locales/zh-Hant/LC_MESSAGES/other.po:4: " in result.output


@pytest.mark.parametrize("config, expected", [
    ('source = "en"\ntargets = ["ja"]\n\n[folders]\nlocales = "../elsewhere"\n',
     "translator.toml:5: folders.locales must be a relative folder inside the workspace"),
    ('source = "en"\ntargets = ["ja"]\n[folders]\nexport = "out"\n', "translator.toml:4: unknown folder key(s) export"),
    ('targets = ["ja"]\nsource = "xx"\n', "translator.toml:2: unknown locale 'xx'"),
    ('source = "en"\ntargets = "ja"\n', "translator.toml:2: 'targets' must be a list of locales"),
])
def test_settings_errors_name_their_line(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "translator.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "status"])
    _clean_failure(result)
    assert expected in result.output


def test_build_never_exports_through_a_link_out_of_the_workspace(segmented: Workspace, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    exports = segmented.root / "exports"
    exports.rmdir()
    exports.symlink_to(outside, target_is_directory=True)
    result = run("build")
    assert "Traceback" not in result.output
    assert "refusing to write: a symbolic link leads it outside the workspace" in result.output
    assert list(outside.iterdir()) == []


def test_build_publishes_all_or_nothing(segmented: Workspace, run: Run) -> None:
    assert "publish  exports/talks.ja.md" in run("build", "--fallback", "source").output  # it would publish...
    shutil.rmtree(segmented.root / "exports")
    (segmented.root / "exports" / "glossary.xlsx").mkdir(parents=True)  # ...but the glossary export cannot be written
    result = run("build", "--fallback", "source")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: exports/glossary.xlsx: cannot write: it is a folder" in result.output
    assert [path for path in (segmented.root / "exports").rglob("*") if path.is_file()] == []  # no article, no page


def test_a_datetime_the_clock_refuses_is_reported_on_its_line(workspace: Workspace, run: Run) -> None:
    article = workspace.root / "articles" / "talks.md"
    article.write_text(f"---\ntitle: Talks\ndate: 2025-11-18T25:00:00\n---\n{ARTICLE}", encoding="utf-8")
    result = run("status")
    _clean_failure(result)
    assert result.output.startswith("Error: articles/talks.md:3: front matter has an impossible date or time")


@pytest.mark.parametrize("asked_before", [False, True])
def test_a_locale_folder_linked_outside_is_an_error(segmented: Workspace, run: Run, tmp_path: Path,
                                                    asked_before: bool) -> None:
    """`asked_before`: a command of the same process (as a library caller or a test runs them, one
    after another) found the folder inside first; now moved outside and linked back, the same
    folder (its inode) is found outside all the same."""
    if asked_before:
        assert run("status").exit_code == 0  # (asks where every catalog is)
    folder = segmented.root / "locales" / "ja"
    outside = tmp_path / "ja-outside"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    result = run("segment", "--all")
    _clean_failure(result)
    assert "Error: locales/ja/LC_MESSAGES/talks.po: refusing to write: a symbolic link leads it outside locales" \
        in result.output
    assert _snapshot(outside) == before


@pytest.mark.parametrize("command", [["lint", "--all"], ["segment", "--all"], ["check"], ["status"]])
def test_a_template_linked_to_nothing_outside_is_an_error(workspace: Workspace, run: Run, tmp_path: Path,
                                                          command: list[str]) -> None:
    """A new article's template is a link to a file that does not exist outside the workspace:
    every command that asks the article's settings refuses it, as for a link to a file that does."""
    (workspace.root / "articles" / "talks.md").write_text(ARTICLE, encoding="utf-8")
    template = workspace.root / "locales" / "templates" / "talks.pot"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.symlink_to(tmp_path / "nowhere" / "talks.pot")
    result = run(*command)
    _clean_failure(result)
    assert "Error: locales/templates/talks.pot: refusing to write: a symbolic link leads it outside locales" \
        in result.output
    assert not (tmp_path / "nowhere").exists()


def test_files_that_only_look_like_leftovers_are_kept(segmented: Workspace, run: Run) -> None:
    mine = segmented.root / "glossary" / ".my-notes.20250101.tmp"
    mine.write_text("notes", encoding="utf-8")
    stale = time.time() - files.LEFTOVER_AGE_SECONDS - 60
    os.utime(mine, (stale, stale))
    assert run("status").exit_code == 0 and mine.exists()


def test_two_settings_for_one_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "translator.toml").write_text('source = "en"\ntargets = ["ja"]\n[folders]\nexports = "locales"\n',
                                              encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "status"])
    _clean_failure(result)
    assert "translator.toml:4: folders.exports is 'locales', the folder of folders.locales too" in result.output


def test_a_failed_write_among_many_leaves_no_file_changed_and_no_temporary(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are written to their temporary files as they are added; one failing undoes all."""
    targets = [tmp_path / f"{number:02d}.txt" for number in range(30)]
    for target in targets:
        target.write_text("old", encoding="utf-8")
    stage = files._stage

    def failing(target: Path, payload: bytes, *mode: int | None) -> str:
        if target.name in ("07.txt", "21.txt"):
            raise files.TranslatorError(f"cannot write {target.name}", file=str(target))
        return stage(target, payload, *mode)

    monkeypatch.setattr(files, "_stage", failing)
    with pytest.raises(files.TranslatorError, match="cannot write 07.txt"):  # the first in order
        files.write_all([(target, f"new {target.name}") for target in targets])
    assert [target.read_text(encoding="utf-8") for target in targets] == ["old"] * 30
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name for target in targets]
    monkeypatch.setattr(files, "_stage", stage)
    assert files.write_all([(target, f"new {target.name}") for target in targets]) == [True] * 30
    assert [target.read_text(encoding="utf-8") for target in targets] == [f"new {target.name}" for target in targets]


@pytest.mark.parametrize("when", ["written", "flushed"])
def test_ctrl_c_while_files_are_written_or_flushed_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Files are written to their temporary files one after another as they are added, and
    flushed to disk side by side (threads) by the commit: Ctrl-C in either removes them all."""
    targets = [tmp_path / f"{number:02d}.txt" for number in range(20)]
    stage, flush = files._stage, files._flush
    begun, flushed = [], []

    def interrupted_stage(target: Path, *rest: object) -> str:
        if target.name == "07.txt":
            raise KeyboardInterrupt
        return stage(target, *rest)  # type: ignore[arg-type]

    def interrupted_flush(unflushed: tuple[Path, str, int]) -> None:
        begun.append(unflushed[0].name)
        if unflushed[0].name == "07.txt":
            raise KeyboardInterrupt
        flush(unflushed)
        flushed.append(unflushed[0].name)

    if when == "written":
        monkeypatch.setattr(files, "_stage", interrupted_stage)
    else:
        monkeypatch.setattr(files, "_flush", interrupted_flush)
    with pytest.raises(KeyboardInterrupt):
        files.write_all([(target, "new") for target in targets])
    assert list(tmp_path.iterdir()) == []
    if when == "flushed":
        # Every flush begun ended before the files were removed; those not begun were dropped.
        assert "07.txt" in begun and sorted(flushed) == sorted(set(begun) - {"07.txt"})


def test_files_staged_as_they_are_made_are_moved_into_place_only_on_commit(tmp_path: Path) -> None:
    targets = [tmp_path / f"{number:02d}.txt" for number in range(12)]
    for target in targets[:6]:
        target.write_text("old", encoding="utf-8")
    with files.Staging(tmp_path) as staging:
        staging.add([(target, "new") for target in targets[:6]])
        staging.add([(target, "new") for target in targets[6:]])
        assert [target.read_text(encoding="utf-8") for target in targets[:6]] == ["old"] * 6  # not yet
        assert not any(target.exists() for target in targets[6:])
        assert staging.commit() == [True] * 12
    assert [target.read_text(encoding="utf-8") for target in targets] == ["new"] * 12
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name for target in targets]


@pytest.mark.parametrize("stop", [RuntimeError("the run failed"), KeyboardInterrupt()])
def test_files_staged_and_never_committed_leave_nothing_behind(tmp_path: Path, stop: BaseException) -> None:
    """An error or Ctrl-C while the rest is still being made: no file changes, no temporary stays."""
    targets = [tmp_path / f"{number:02d}.txt" for number in range(20)]
    targets[0].write_text("old", encoding="utf-8")
    with pytest.raises(type(stop)), files.Staging(tmp_path) as staging:
        staging.add([(target, "new") for target in targets])
        raise stop
    assert targets[0].read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == [targets[0].name]


def _in_a_child(work: object) -> None:
    """Run `work()` in a forked process, as a `--jobs` worker runs: it shares nothing written back."""
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        try:
            work()  # type: ignore[operator]
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def test_files_a_worker_process_stages_are_moved_into_place_by_the_staging_that_adopts_them(tmp_path: Path) -> None:
    import pickle

    targets = [tmp_path / f"{number:02d}.txt" for number in range(6)]
    targets[0].write_text("old", encoding="utf-8")
    with files.Staging(tmp_path) as staging:
        staging.add([(targets[0], "first")])
        read, write = os.pipe()
        part = staging.part()

        def worker() -> None:
            part.add([(target, f"made by a worker: {target.name}") for target in targets[1:]])
            os.write(write, pickle.dumps(part))

        _in_a_child(worker)
        os.close(write)
        with os.fdopen(read, "rb") as stream:
            staging.adopt(pickle.loads(stream.read()))
        assert targets[0].read_text(encoding="utf-8") == "old" and not targets[1].exists()  # not yet
        assert staging.commit() == [True] * 6
    assert [target.read_text(encoding="utf-8") for target in targets] == \
        ["first"] + [f"made by a worker: {target.name}" for target in targets[1:]]
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name for target in targets]


def test_a_worker_that_never_hands_its_files_back_leaves_nothing_behind(tmp_path: Path) -> None:
    """A worker killed (out of memory) or stopped by Ctrl-C after writing some of its files: the
    staging it belonged to removes them, though it never heard of them."""
    targets = [tmp_path / "sub" / f"{number:02d}.txt" for number in range(5)]
    (tmp_path / "sub").mkdir()
    targets[2].write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), files.Staging(tmp_path) as staging:
        staging.expect(targets)
        part = staging.part()
        _in_a_child(lambda: part.add([(target, "new") for target in targets[:4]]))
        assert len(list((tmp_path / "sub").glob(".*.tmp"))) == 4  # written, and never reported
        raise KeyboardInterrupt
    assert [path.name for path in (tmp_path / "sub").iterdir()] == [targets[2].name]
    assert targets[2].read_text(encoding="utf-8") == "old"


def test_one_file_staged_twice_by_workers_that_never_report_leaves_nothing_behind(tmp_path: Path) -> None:
    """Two paths to one file (a link), each staged by a worker that is stopped before reporting:
    the second temporary file has a name of its own, and the staging finds both."""
    (tmp_path / "b.txt").write_text("old", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to("b.txt")
    with pytest.raises(KeyboardInterrupt), files.Staging(tmp_path) as staging:
        staging.expect([tmp_path / "a.txt", tmp_path / "b.txt"])
        for name in ("a.txt", "b.txt"):
            part = staging.part()
            _in_a_child(lambda part=part, name=name: part.add([(tmp_path / name, f"new through {name}")]))
        assert len(list(tmp_path.glob(".b.txt.*.tmp"))) == 2
        raise KeyboardInterrupt
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "old"


def test_a_part_that_cannot_write_a_file_fails_the_commit_after_the_parts_before_it(tmp_path: Path) -> None:
    targets = [tmp_path / f"{number:02d}.txt" for number in range(6)]
    targets[4].mkdir()  # a folder where a file should go
    with pytest.raises(files.TranslatorError, match="04.txt: cannot write: it is a folder"), \
            files.Staging(tmp_path) as staging:
        first, second, third = staging.part(), staging.part(), staging.part()
        first.add([(target, "new") for target in targets[:3]])
        second.add([(target, "new") for target in targets[3:5]])
        third.add([(targets[5], "new")])
        for part in (first, second, third):
            staging.adopt(part)
        staging.commit()
    assert sorted(path.name for path in tmp_path.iterdir()) == [targets[4].name]


def test_a_staged_file_that_cannot_be_written_fails_the_commit_and_nothing_is_written(tmp_path: Path) -> None:
    targets = [tmp_path / f"{number:02d}.txt" for number in range(6)]
    targets[3].mkdir()  # a folder where a file should go
    with pytest.raises(files.TranslatorError, match="it is a folder"), files.Staging(tmp_path) as staging:
        staging.add([(target, "new") for target in targets])
        staging.commit()
    assert sorted(path.name for path in tmp_path.iterdir()) == [targets[3].name]


def test_a_build_that_fails_while_making_review_pages_writes_none_of_what_it_made(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build writes its published articles and pages as they are made, into temporary files; a
    failure after some were made moves none into place and leaves no temporary file."""
    from translator import build

    assert CliRunner().invoke(cli, ["-w", str(sample), "build"]).exit_code == 0
    catalog = sample / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("高市早苗", "高市", 1), encoding="utf-8")
    shutil.rmtree(sample / "exports")
    (sample / "exports").mkdir()

    def failing(review: object) -> str:
        raise build.TranslatorError("the page could not be made")

    monkeypatch.setattr(build, "render_review", failing)
    result = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert result.exit_code != 0 and "the page could not be made" in result.output
    assert list((sample / "exports").rglob("*")) == []


def test_a_flush_that_fails_leaves_no_file_changed_and_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk refusing a flush (a full disk, an I/O error) at the commit undoes every file."""
    import errno
    import os

    targets = [tmp_path / f"{number:02d}.txt" for number in range(12)]
    for target in targets:
        target.write_text("old", encoding="utf-8")
        target.chmod(0o640)

    def refused(descriptor: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", refused)
    with pytest.raises(files.TranslatorError, match="cannot write: input/output error"):
        files.write_all([(target, "new") for target in targets], tmp_path)
    assert [target.read_text(encoding="utf-8") for target in targets] == ["old"] * 12
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name for target in targets]
    monkeypatch.undo()
    assert files.write_all([(target, "new") for target in targets], tmp_path) == [True] * 12
    assert {oct(target.stat().st_mode & 0o777) for target in targets} == {"0o640"}  # each keeps its mode


def test_ctrl_c_as_the_staged_files_are_to_be_moved_leaves_no_temporary_file(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    targets = [tmp_path / f"{number:02d}.txt" for number in range(5)]

    def interrupted(staged: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_move_all", interrupted)
    with pytest.raises(KeyboardInterrupt), files.Staging(tmp_path) as staging:
        staging.add([(target, "new") for target in targets])
        staging.commit()
    assert list(tmp_path.iterdir()) == []


def test_staging_takes_files_in_several_groups_and_commits_them_all(tmp_path: Path) -> None:
    """As a build adds published articles, forks the review's workers, then adds their pages."""
    targets = [tmp_path / f"{number:02d}.txt" for number in range(6)]
    with files.Staging(tmp_path) as staging:
        staging.add([(target, "first") for target in targets[:3]])
        assert sorted(path.name.endswith(".tmp") for path in tmp_path.iterdir()) == [True] * 3  # written at once
        staging.add([(target, "then") for target in targets[3:]])
        assert staging.commit() == [True] * 6
    assert [target.read_text(encoding="utf-8") for target in targets] == ["first"] * 3 + ["then"] * 3
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name for target in targets]


def test_a_file_found_unchanged_when_staged_and_edited_before_the_commit_gets_what_was_staged(
        tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("made", encoding="utf-8")
    with files.Staging(tmp_path) as staging:
        staging.add([(target, "made"), (tmp_path / "other.txt", "new")])
        # both staged: the page found unchanged
        target.write_text("edited by hand meanwhile", encoding="utf-8")
        assert staging.commit() == [True, True]
    assert target.read_text(encoding="utf-8") == "made"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.txt", "page.html"]


@pytest.mark.parametrize("links", [True, False])
def test_a_move_that_fails_puts_back_every_file_moved_before_it_large_ones_from_a_second_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    """What a file held is kept for the commit: a small one in memory, a large one as a hard link
    (or in memory where the file system has none); a failed move puts all back as they were, and
    no second name or temporary file stays."""
    large, small, new, failing = (tmp_path / name for name in ("large.po", "small.po", "new.po", "failing.po"))
    large.write_bytes(b"old large\n" * 200_000)  # 2 MB
    small.write_text("old small", encoding="utf-8")
    failing.write_text("old failing", encoding="utf-8")
    replace = os.replace
    linked: list[str] = []

    def failing_replace(source: str, target: object) -> None:
        if str(target).endswith("failing.po"):
            raise OSError(5, "Input/output error")
        replace(source, target)  # type: ignore[arg-type]

    def link(source: object, target: str, **options: object) -> None:
        if not links:
            raise OSError(1, "Operation not permitted")
        linked.append(target)
        os_link(source, target, **options)  # type: ignore[arg-type]

    os_link = os.link
    monkeypatch.setattr(files.os, "replace", failing_replace)
    monkeypatch.setattr(files.os, "link", link)
    with pytest.raises(files.TranslatorError), files.Staging(tmp_path) as staging:
        staging.add([(large, "new large"), (small, "new small"), (new, "new"), (failing, "new failing")])
        staging.commit()
    assert large.read_bytes() == b"old large\n" * 200_000
    assert small.read_text(encoding="utf-8") == "old small" and failing.read_text(encoding="utf-8") == "old failing"
    assert not new.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["failing.po", "large.po", "small.po"]
    assert len(linked) == (1 if links else 0)  # the large file alone


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.none(), st.binary(max_size=60)), st.binary(max_size=60), st.lists(st.integers(0, 60), max_size=6),
       st.booleans())
def test_a_file_streamed_in_chunks_lands_whole_and_unchanged_bytes_are_not_rewritten(
        tmp_path: Path, old: bytes | None, new: bytes, cuts: list[int], similar: bool) -> None:
    """Chunks are compared with the file as they come; from the first that differs, what the file
    shared with them is copied into the temporary file and the rest written after it."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    target = folder / "large.po"
    if similar and old is not None:
        new = old[: len(old) // 2] + new  # the same start, then anything
    if old is not None:
        target.write_bytes(old)
        target.chmod(0o640)
    bounds = sorted({0, len(new), *(min(cut, len(new)) for cut in cuts)})
    chunks = [new[start:end] for start, end in zip(bounds, bounds[1:])]
    with files.Staging(folder) as staging:
        where = staging.add_streamed(target, iter(chunks))
        assert where.read_bytes() == new
        assert staging.commit() == [old != new]
    assert target.read_bytes() == new
    assert sorted(path.name for path in folder.iterdir()) == ["large.po"]
    if old is not None:
        assert target.stat().st_mode & 0o777 == 0o640


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.none(), st.binary(max_size=40)), st.binary(min_size=1, max_size=8), st.binary(max_size=8),
       st.binary(max_size=40), st.lists(st.integers(0, 40), max_size=4), st.sampled_from(["none", "same", "half"]))
def test_a_streamed_file_whose_head_changes_with_it_gets_the_new_head_only_if_it_changed(
        tmp_path: Path, old: bytes | None, kept: bytes, changed: bytes, rest: bytes, cuts: list[int], like: str) -> None:
    """A head given as (as it is, if changed): the file keeps its bytes if they are the head as
    it is then the chunks, and gets the changed head then the chunks otherwise."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    target = folder / "large.pot"
    if like != "none" and old is not None:
        old = kept + rest if like == "same" else (kept + rest)[: len(kept + rest) // 2] + old
    if old is not None:
        target.write_bytes(old)
    bounds = sorted({0, len(rest), *(min(cut, len(rest)) for cut in cuts)})
    chunks = [rest[start:end] for start, end in zip(bounds, bounds[1:])]
    expected = old if old == kept + rest else changed + rest
    with files.Staging(folder) as staging:
        where = staging.add_streamed(target, iter(chunks), (kept, changed))
        assert where.read_bytes() == expected
        assert staging.commit() == [old != kept + rest]  # "changed": not as it is
    assert target.read_bytes() == expected
    assert sorted(path.name for path in folder.iterdir()) == ["large.pot"]


def test_a_stream_that_fails_midway_leaves_the_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "large.po"
    target.write_bytes(b"old content\n" * 100)

    def chunks() -> Iterator[bytes]:
        yield b"old content\n" * 10
        yield b"new content\n"
        raise RuntimeError("the catalog could not be made")

    with pytest.raises(RuntimeError, match="could not be made"), files.Staging(tmp_path) as staging:
        staging.add([(tmp_path / "other.txt", "new")])
        staging.add_streamed(target, chunks())
    assert target.read_bytes() == b"old content\n" * 100
    assert sorted(path.name for path in tmp_path.iterdir()) == ["large.po"]


def test_a_streamed_file_found_unchanged_and_edited_before_the_commit_gets_what_was_streamed(tmp_path: Path) -> None:
    target = tmp_path / "large.po"
    target.write_bytes(b"made")
    with files.Staging(tmp_path) as staging:
        assert staging.add_streamed(target, iter([b"ma", b"de"])) == target  # unchanged: no temporary file
        target.write_bytes(b"edited by hand meanwhile")
        assert staging.commit() == [True]
    assert target.read_bytes() == b"made"


def test_a_temporary_file_of_every_glossary_state_file_is_one_a_later_run_sweeps(tmp_path: Path) -> None:
    from translator.formats.glossary_toml import GlossaryStore

    store = GlossaryStore(tmp_path)
    for path in (store.path, store.cache_path, store.changes_path, store.source_path, store.search_path):
        assert files.TEMPORARY.match(f".{path.name}.ab12cd34.tmp"), path.name
