"""Small promises of the command line: long lists capped, progress on a terminal only,
`glossary find` showing every locale's form, shell completion of ids and locales."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli
from translator.workspace import Workspace
from tests.conftest import Run, add_sample_people


def test_text_output_caps_findings_per_file_and_json_has_them_all(workspace: Workspace, run: Run) -> None:
    run("glossary", "add", "--no-suggest", "beijing", "--type", "place", "--form", "en=Beijing",
        "--forbidden", "en=Peking")
    lines = "".join(f"Line {n} mentions Peking.\n\n" for n in range(60))
    (workspace.root / "articles" / "many.txt").write_text(lines, encoding="utf-8")
    text = run("lint", "--all")
    shown = [line for line in text.output.splitlines() if " LN02 " in line]
    assert len(shown) == 50
    assert "articles/many.txt: 10 more finding(s) not shown; 'translator lint --all --format json' lists every one" \
        in text.output
    assert "60 error(s)" in text.output
    assert len(json.loads(run("lint", "--all", "--format", "json").output)) == 60


def test_glossary_find_shows_the_preferred_form_in_every_workspace_locale(run: Run) -> None:
    add_sample_people(run)
    result = run("glossary", "find", "Ōshima")
    header, _, row = result.output.splitlines()[:3]
    assert header.split() == ["id", "type", "matched", "as", "text", "en", "ja", "zh-Hans", "zh-Hant"]
    assert row.split()[:2] == ["tadamori-oshima", "person"] and "大島理森" in row and "大岛理森" in row
    found = json.loads(run("glossary", "find", "Oshima", "--format", "json").output)
    assert found[0]["forms"] == {"en": "Tadamori Oshima", "ja": "大島理森", "zh-Hans": "大岛理森", "zh-Hant": ""}


def _complete(workspace: Workspace, words: str) -> list[str]:
    tokens = words.split()
    current = 3 + len(tokens) if words.endswith(" ") else 2 + len(tokens)  # after "translator --workspace ROOT"
    env = {"COMP_WORDS": f"translator --workspace {workspace.root} {words}", "COMP_CWORD": str(current),
           "_TRANSLATOR_COMPLETE": "bash_complete"}
    result = CliRunner().invoke(cli, [], env=env, prog_name="translator", complete_var="_TRANSLATOR_COMPLETE")
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_shell_completion_of_entry_ids_and_locales(workspace: Workspace, run: Run) -> None:
    add_sample_people(run)
    assert _complete(workspace, "glossary show sa") == ["sanae-takaichi"]
    assert _complete(workspace, "glossary edit ") == ["prime-minister-japan", "sanae-takaichi", "tadamori-oshima"]
    assert _complete(workspace, "assemble articles/x.txt --locale zh") == ["zh-Hans", "zh-Hant"]
    assert _complete(workspace, "glossary add x --form j") == ["ja="]


def test_the_completion_script_is_what_the_readme_says() -> None:
    readme = (Path(__file__).resolve().parent.parent / "docs" / "workflow.md").read_text(encoding="utf-8")
    assert 'eval "$(_TRANSLATOR_COMPLETE=bash_source translator)"' in readme
    script = subprocess.run([sys.executable, "-m", "translator"], env={**os.environ, "_TRANSLATOR_COMPLETE": "bash_source"},
                            capture_output=True, text=True, check=True)
    assert "complete -o nosort -F _translator_completion translator" in script.stdout


def _run_on_terminal(sample: Path, *args: str) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal: what a person at a terminal sees."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "translator", "-w", str(sample), *args],
                               stdout=subprocess.DEVNULL, stderr=secondary, stdin=subprocess.DEVNULL)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("command, phase", [(["segment", "--all"], "segment"), (["lint", "--all"], "lint"),
                                            (["check"], "check"), (["status"], "status"), (["build"], "publish")])
def test_progress_shows_on_a_terminal_and_not_when_piped(sample: Path, command: list[str], phase: str) -> None:
    status, seen = _run_on_terminal(sample, *command)
    assert status in (0, 1)
    assert phase in seen and ("1/1" in seen or "3/3" in seen)  # one article; three catalogs to publish
    assert "articles/japan-china-talks.txt" in seen or "LC_MESSAGES/japan-china-talks.po" in seen
    piped = subprocess.run([sys.executable, "-m", "translator", "-w", str(sample), *command],
                           capture_output=True, text=True)
    assert "[####" not in piped.stderr and "1/1" not in piped.stderr
