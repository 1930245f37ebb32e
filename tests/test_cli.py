"""Every command through click's CliRunner, as users run them, with their error paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from translator.cli import cli
from translator.workspace import Workspace
from tests.conftest import REPOSITORY, Run, add_sample_people


def _glossary_bytes(workspace: Workspace) -> bytes:
    return (workspace.root / "glossary" / "glossary.toml").read_bytes()


# --- init and workspace discovery -------------------------------------------------------------


def test_init_creates_a_workspace(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "news"), "--source", "ja_JP", "--targets", "en,zh_TW"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Created workspace {(tmp_path / 'news').resolve()}: source ja, targets en, zh-Hant\n"
    assert 'targets = ["en", "zh-Hant"]' in (tmp_path / "news" / "translator.toml").read_text(encoding="utf-8")


def test_init_refuses_an_existing_workspace(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path)])
    before = (tmp_path / "translator.toml").read_bytes()
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--source", "ja", "--targets", "en"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'translator.toml'}: a workspace already exists here; nothing was changed\n"
    assert (tmp_path / "translator.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "xx"], "Invalid value for '--source': unknown locale 'xx'"),
        (["--targets", "ja,../x"], "Error: invalid locale '../x'"),
        (["--targets", "en"], "Error: target locale en is the source locale"),
        (["--targets", ","], "Error: name at least one target locale"),
    ],
)
def test_init_rejects_bad_locales_as_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "translator.toml").exists()


def test_commands_find_the_workspace_from_a_subfolder(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace.root / "articles")
    result = CliRunner().invoke(cli, ["glossary", "list"])
    assert result.exit_code == 0 and "0 entries" in result.stderr


def test_outside_a_workspace_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["glossary", "list"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path}: not inside a translator workspace")


def test_broken_config_names_its_line(workspace: Workspace, run: Run) -> None:
    (workspace.root / "translator.toml").write_text('source = "en"\ntargets = [ja]\n', encoding="utf-8")
    result = run("glossary", "list")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {workspace.root / 'translator.toml'}:2: not valid TOML: Invalid value\n"


# --- add, edit, remove ----------------------------------------------------------------------------


def test_add_writes_the_entry(workspace: Workspace, run: Run) -> None:
    add_sample_people(run)
    text = _glossary_bytes(workspace).decode("utf-8")
    assert '[sanae-takaichi]\ntype = "person"\nstatus = "approved"\nen = "Sanae Takaichi"\n' in text
    assert 'zh-Hant = "高市早苗"' in text  # zh_TW was normalised
    assert run("glossary", "show", "prime-minister-japan").output.splitlines()[-1] == (
        f"{'holders':<17}  sanae-takaichi from 2025-10-21"
    )


def test_add_prints_what_it_did(run: Run) -> None:
    result = run("glossary", "add", "beijing", "--type", "place", "--form", "en=Beijing", "--form", "ja=北京", "--no-suggest")
    assert (result.exit_code, result.output) == (0, "Added beijing (place, draft)\n")


def test_add_refuses_a_duplicate_id(workspace: Workspace, run: Run) -> None:
    add_sample_people(run)
    before = _glossary_bytes(workspace)
    result = run("glossary", "add", "sanae-takaichi", "--type", "person", "--form", "en=Other")
    assert result.exit_code == 1
    assert result.stderr == "Error: an entry with id 'sanae-takaichi' already exists; use 'glossary edit'\n"
    assert _glossary_bytes(workspace) == before


def test_add_warns_about_a_form_another_entry_has(run: Run) -> None:
    run("glossary", "add", "osaka", "--type", "place", "--form", "ja=大阪", "--no-suggest")
    result = run("glossary", "add", "osaka-city", "--type", "place", "--form", "ja=大阪", "--form", "en=Osaka City", "--no-suggest")
    assert result.exit_code == 0
    assert result.stderr == "Warning: ja form '大阪' is also a form of 'osaka'\n"
    assert "osaka-city" in run("glossary", "list").output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["x", "--form", "en=X"], 2, "Error: --type is required: person, title, organisation, place, term"),
        (["x", "--type", "person", "--form", "xx=X"], 2, "Invalid value for '--form': unknown locale 'xx'"),
        (["x", "--type", "person", "--form", "Sanae"], 2, "'Sanae' is not LOCALE=TEXT"),
        (["x", "--type", "gadget"], 2, "Invalid value for '--type'"),
        (["Bad_Id", "--type", "term", "--form", "en=X"], 1, "Error: id: id 'Bad_Id' must be lower-case letters"),
        (["x", "--type", "person", "--form", "en=X", "--reading", "Takaichi"], 1,
         "Error: ja-reading: reading 'Takaichi' must be written in kana"),
        (["x", "--type", "title", "--form", "en=X", "--holder", "nobody"], 1,
         "Error: holders: holder 'nobody' is not an entry of the glossary"),
        (["x", "--type", "term"], 1, "Error: en: an entry needs a preferred form in at least one locale"),
    ],
)
def test_add_error_paths(workspace: Workspace, run: Run, args: list[str], code: int, message: str) -> None:
    before = _glossary_bytes(workspace)
    result = run("glossary", "add", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _glossary_bytes(workspace) == before


def test_edit_sets_appends_removes_and_clears(run: Run) -> None:
    add_sample_people(run)
    result = run(
        "glossary", "edit", "tadamori-oshima", "--status", "approved", "--admitted", "en=OSHIMA Tadamori",
        "--remove-form", "en=Tadamori Ōshima", "--form", "zh-Hant=大島理森", "--note", "Speaker 2015-2021",
    )
    assert (result.exit_code, result.output) == (0, "Changed tadamori-oshima\n")
    shown = json.loads(run("glossary", "show", "tadamori-oshima", "--format", "json").output)
    assert shown["status"] == "approved"
    assert shown["en-admitted"] == ["OSHIMA Tadamori"]
    assert shown["zh-Hant"] == "大島理森" and shown["note"] == "Speaker 2015-2021"
    assert run("glossary", "edit", "tadamori-oshima", "--clear", "note", "--note", "").exit_code == 0
    assert "note" not in json.loads(run("glossary", "show", "tadamori-oshima", "--format", "json").output)
    assert run("glossary", "edit", "tadamori-oshima", "--status", "approved").output == "No change to tadamori-oshima\n"
    assert run("glossary", "edit", "prime-minister-japan", "--remove-holder", "sanae-takaichi").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nobody", "--status", "approved"], 1, "Error: no glossary entry with id 'nobody'\n"),
        (["tadamori-oshima", "--remove-form", "en=Nope"], 1, "Error: tadamori-oshima has no admitted or forbidden en form 'Nope'\n"),
        (["tadamori-oshima", "--forbidden", "en=Tadamori Oshima"], 1,
         "Error: en-forbidden: 'Tadamori Oshima' is both an accepted and a forbidden form in en\n"),
        (["sanae-takaichi", "--type", "term"], 1, "only people have family and given names"),
        (["prime-minister-japan", "--remove-holder", "nobody"], 1, "Error: holders has no 'nobody' to remove\n"),
        (["tadamori-oshima", "--clear", "colour"], 2, "Invalid value for '--clear'"),
    ],
)
def test_edit_error_paths_change_nothing(workspace: Workspace, run: Run, args: list[str], code: int, message: str) -> None:
    add_sample_people(run)
    before = _glossary_bytes(workspace)
    result = run("glossary", "edit", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _glossary_bytes(workspace) == before


def test_remove_retires_the_id(run: Run) -> None:
    add_sample_people(run)
    assert run("glossary", "remove", "prime-minister-japan").output == "Removed prime-minister-japan (title); the id is retired\n"
    again = run("glossary", "add", "prime-minister-japan", "--type", "title", "--form", "en=PM")
    assert again.exit_code == 1
    assert again.stderr == "Error: id 'prime-minister-japan' belonged to a removed entry and is never reused\n"


def test_remove_refuses_a_title_holder_and_unknown_ids(workspace: Workspace, run: Run) -> None:
    add_sample_people(run)
    before = _glossary_bytes(workspace)
    result = run("glossary", "remove", "sanae-takaichi")
    assert (result.exit_code, result.stderr) == (1, "Error: cannot remove 'sanae-takaichi': it is a holder of prime-minister-japan\n")
    assert run("glossary", "remove", "nobody").stderr == "Error: no glossary entry with id 'nobody'\n"
    assert _glossary_bytes(workspace) == before


# --- show, list, find -----------------------------------------------------------------------------


def test_show_text_and_json(run: Run) -> None:
    add_sample_people(run)
    text = run("glossary", "show", "sanae-takaichi").output.splitlines()
    assert text[:4] == [
        f"{'id':<17}  sanae-takaichi", f"{'type':<17}  person", f"{'status':<17}  approved", f"{'en':<17}  Sanae Takaichi",
    ]
    assert f"{'ja-reading':<17}  たかいち さなえ" in text
    data = json.loads(run("glossary", "show", "sanae-takaichi", "--format", "json").output)
    assert data["en-admitted"] == ["TAKAICHI Sanae"] and data["ja-family"] == "高市"
    assert run("glossary", "show", "nobody").exit_code == 1


def test_list_table_filters_and_formats(run: Run) -> None:
    add_sample_people(run)
    table = run("glossary", "list")
    assert table.output.splitlines()[0].split() == ["id", "type", "status", "en", "ja", "zh-Hans", "zh-Hant"]
    assert table.stderr == "3 entries\n"
    missing = run("glossary", "list", "--missing", "zh_TW", "--format", "json")
    assert [e["id"] for e in json.loads(missing.output)] == ["prime-minister-japan", "tadamori-oshima"]
    people = run("glossary", "list", "--type", "person", "--status", "approved", "--format", "csv")
    lines = people.output.splitlines()
    assert lines[0].startswith("id,type,status,en,en-admitted") and lines[1].startswith("sanae-takaichi,person,approved")
    assert len(lines) == 2
    assert run("glossary", "list", "--missing", "xx").exit_code == 2


def test_find_by_any_form(run: Run) -> None:
    add_sample_people(run)
    result = run("glossary", "find", "Ōshima")
    assert result.exit_code == 0
    assert result.output.splitlines()[2].split()[:2] == ["tadamori-oshima", "person"]
    assert json.loads(run("glossary", "find", "首相", "--format", "json").output)[0]["id"] == "prime-minister-japan"
    none = run("glossary", "find", "Kishida")
    assert (none.exit_code, none.stderr) == (1, "No glossary entry matches 'Kishida'\n")


# --- export and import ----------------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_then_import_changes_no_byte(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    add_sample_people(run)
    before = _tree(workspace.root / "glossary")
    assert list(before) == ["glossary.toml"]
    for name in ("g.xlsx", "g.csv"):
        path = tmp_path / name
        assert run("glossary", "export", str(path)).output == f"Exported 3 entries to {path}\n"
        result = run("glossary", "import", str(path))
        assert result.output == f"Imported {path}: 0 added, 0 changed, 0 removed, 3 unchanged\n"
        assert _tree(workspace.root / "glossary") == before


def test_import_applies_edits_made_in_the_sheet(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    add_sample_people(run)
    path = tmp_path / "g.xlsx"
    run("glossary", "export", str(path))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Glossary"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=4, column=header.index("zh-Hant") + 1, value="大島理森")  # tadamori-oshima's row
    sheet.append(["beijing", "place", "approved", "Beijing"])
    workbook.save(path)
    dry = run("glossary", "import", str(path), "--dry-run")
    assert dry.output == (
        "+ beijing (place)\n~ tadamori-oshima: zh-Hant\n"
        f"Would import {path}: 1 added, 1 changed, 0 removed, 2 unchanged\n"
    )
    assert "beijing" not in _glossary_bytes(workspace).decode()
    assert run("glossary", "import", str(path)).exit_code == 0
    assert json.loads(run("glossary", "show", "tadamori-oshima", "--format", "json").output)["zh-Hant"] == "大島理森"


def test_import_prune(run: Run, tmp_path: Path) -> None:
    add_sample_people(run)
    path = tmp_path / "g.csv"
    path.write_text("id,type,en\nsanae-takaichi,person,Sanae Takaichi\nprime-minister-japan,title,Prime Minister\n", encoding="utf-8")
    result = run("glossary", "import", str(path), "--prune")
    assert result.output.splitlines()[0] == "- tadamori-oshima (person)"
    assert "tadamori-oshima" not in run("glossary", "list").output


def test_import_errors_name_cells_and_change_nothing(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    add_sample_people(run)
    before = _glossary_bytes(workspace)
    path = tmp_path / "edit.csv"
    path.write_text("id,type,en,status\nx,term,X,final\ny,gadget,Y,draft\n", encoding="utf-8")
    result = run("glossary", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}!D2: status 'final' is not one of draft, approved\n"
        f"Error: {path}!B3: type is 'gadget': use one of person, title, organisation, place, term\n"
    )
    assert _glossary_bytes(workspace) == before


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("g.xlsx", b"not a zip", 1, "not an XLSX file"),
        ("g.ods", b"", 2, "the file name must end in .xlsx or .csv"),
        ("missing.csv", None, 1, "no such file"),
    ],
)
def test_import_refuses_bad_files(workspace: Workspace, run: Run, tmp_path: Path, name: str,
                                  content: bytes | None, code: int, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = _glossary_bytes(workspace)
    result = run("glossary", "import", str(path))
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output
    assert _glossary_bytes(workspace) == before


def test_export_refuses_an_unknown_format(run: Run, tmp_path: Path) -> None:
    result = run("glossary", "export", str(tmp_path / "g.json"))
    assert (result.exit_code, result.stderr) == (2, "Error: cannot export to 'g.json': the file name must end in .xlsx or .csv\n")


# --- a broken glossary file -----------------------------------------------------------------------


def test_a_broken_hand_edit_is_reported_by_every_command(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    add_sample_people(run)
    path = workspace.root / "glossary" / "glossary.toml"
    broken = path.read_text(encoding="utf-8").replace('status = "approved"', 'status = approved', 1)
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("status = approved") + 1
    for args in (["list"], ["find", "x"], ["show", "sanae-takaichi"], ["export", str(tmp_path / "g.xlsx")],
                 ["add", "y", "--type", "term", "--form", "en=Y"], ["remove", "tadamori-oshima"]):
        result = run("glossary", *args)
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"Error: glossary/glossary.toml:{line}: status: values are quoted strings or [\"lists\", \"of strings\"]\n"
        ), args
    assert path.read_text(encoding="utf-8") == broken
    assert not (tmp_path / "g.xlsx").exists()


# --- help and the real console script -------------------------------------------------------------


def test_every_command_documents_an_example() -> None:
    commands = [["init"], ["glossary"]] + [["glossary", name] for name in cli.commands["glossary"].commands]
    for path in commands:
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, path


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "translator", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("translator, version ")


def test_concurrent_adds_from_real_processes_all_land(workspace: Workspace) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "translator", "--workspace", str(workspace.root), "glossary", "add",
             f"entry-{n}", "--type", "term", "--form", f"en=Term {n}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        for n in range(8)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "glossary", "list", "--format", "json"])
    assert sorted(entry["id"] for entry in json.loads(result.output)) == [f"entry-{n}" for n in range(8)]
