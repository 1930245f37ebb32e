"""Start-up stays light: `translator --help`, `--version`, shell completion and `status` import no
library they do not use (issue 13: start-up ≤ 0.12 s).

The promise is checked by what a fresh interpreter has imported, not by timing, which a loaded
machine would make flaky; benchmarks/startup.py prints the times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Third-party libraries that cost real time to import, each owned by one module of the package.
HEAVY = frozenset({
    "ahocorasick", "babel", "defusedxml", "filelock", "fugashi", "jieba", "jinja2", "langdetect", "lxml",
    "markdown_it", "opencc", "openpyxl", "xlsxwriter", "pypinyin", "rapidfuzz", "sentencex", "wcwidth", "yaml", "zhon",
})
# What `status` genuinely uses on the sample: the article's front matter (yaml). Its four locale
# names are written out (locales.ENGLISH_NAMES) and its table is of one-cell characters
# (tables.ONE_CELL), so neither babel nor wcwidth is loaded.
STATUS_NEEDS = frozenset({"yaml"})
# Modules of the package that `status` does not use: segmenting (the glossary, its store, the
# sentence segmenter, the translation memory) and the script tables of Japanese and Chinese text.
STATUS_SKIPS = frozenset({
    "translator.extraction", "translator.glossary", "translator.formats.glossary_toml", "translator.memo",
    "translator.memory", "translator.matching", "translator.language.sentences", "translator.language.scripts",
})

# Runs one command in a fresh interpreter and reports its exit code and every module imported.
PROBE = """
import contextlib, io, json, sys
from translator.cli import main
quiet = io.TextIOWrapper(io.BytesIO())  # with a buffer: completion writes bytes
with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
    try:
        main(json.loads(sys.argv[1]))
        code = 0
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _imported(args: list[str], cwd: Path, **env: str) -> tuple[object, set[str]]:
    """(exit code, top-level names of the modules imported) of `translator ARGS` run in `cwd`."""
    code, modules = _imported_modules(args, cwd, **env)
    return code, {name.split(".")[0] for name in modules}


def _imported_modules(args: list[str], cwd: Path, **env: str) -> tuple[object, set[str]]:
    """(exit code, full names of the modules imported) of `translator ARGS` run in `cwd`."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **env}, check=True, timeout=120)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def _library_modules(code: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True,
                          timeout=120)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_importing_the_cli_imports_no_library_module(tmp_path: Path) -> None:
    """cli.py imports library modules inside the commands that use them."""
    loaded = _library_modules("import json, sys, translator.cli; "
                              "print(json.dumps(sorted(m for m in sys.modules if m.startswith('translator'))))",
                              tmp_path)
    assert loaded == ["translator", "translator.cli"]


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["glossary", "--help"], ["status", "--help"]])
def test_help_and_version_import_no_heavy_library(sample: Path, args: list[str]) -> None:
    code, modules = _imported(args, sample)
    assert code == 0
    assert sorted(modules & HEAVY) == []


def test_completing_a_command_name_imports_no_heavy_library(sample: Path) -> None:
    code, modules = _imported([], sample, _TRANSLATOR_COMPLETE="bash_complete", COMP_WORDS="translator glo",
                              COMP_CWORD="1")
    assert code == 0
    assert sorted(modules & HEAVY) == []


def test_completing_a_locale_imports_no_heavy_library(sample: Path) -> None:
    code, modules = _imported([], sample, _TRANSLATOR_COMPLETE="bash_complete",
                              COMP_WORDS="translator assemble a.txt --locale zh", COMP_CWORD="4")
    assert code == 0
    assert sorted(modules & HEAVY) == []  # the canonical tags need no babel


def test_status_imports_only_what_it_uses(sample: Path) -> None:
    code, modules = _imported(["--workspace", str(sample), "status"], sample)
    assert code == 0
    assert sorted((modules & HEAVY) - STATUS_NEEDS) == []


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_status_imports_none_of_the_segmenting_modules(sample: Path, output_format: str) -> None:
    code, modules = _imported_modules(["--workspace", str(sample), "status", "--format", output_format], sample)
    assert code == 0
    assert sorted(modules & STATUS_SKIPS) == []
    assert "wcwidth" not in modules and "babel" not in modules
    assert "_hashlib" not in modules  # OpenSSL's: 14 ms to load; the parse cache keys by the bytes themselves


def test_one_cell_characters_are_one_cell_for_wcwidth() -> None:
    """The table's shortcut measures these characters by their number; wcwidth must agree."""
    from wcwidth import wcswidth, wcwidth

    from translator.tables import ONE_CELL, display_width

    assert sorted(char for char in ONE_CELL if wcwidth(char) != 1) == []
    for text in ["", "articles/japan-china-talks.txt", "100% ██████████", " 42% ████░░░░░░", "cut…", "高市早苗",
                 "Chinese (Traditional) (zh-Hant)", "tab\there", "e\u0301", "\x1b[31mred"]:
        width = wcswidth(text)
        assert display_width(text) == (width if width >= 0 else len(text)), text


@pytest.mark.parametrize("args, code, where, text", [
    (["--version"], 0, "stdout", "translator, version"),
    (["status", "--format", "json"], 0, "stdout", '"article": "articles/japan-china-talks.txt"'),
    (["segment", "articles/missing.txt"], 1, "stderr", "Error: articles/missing.txt:"),
    (["--no-such-option"], 2, "stderr", "No such option"),
])
def test_the_command_exits_with_its_code_and_all_its_output(sample: Path, args: list[str], code: int, where: str,
                                                             text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m translator` (and the installed `translator`) end the process without freeing the
    run's objects: the exit code and every line written must still be there, through pipes."""
    from click.testing import CliRunner

    from translator.cli import cli

    done = subprocess.run([sys.executable, "-m", "translator", *args], cwd=sample, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == code
    assert text in getattr(done, where)
    monkeypatch.chdir(sample)
    expected = CliRunner().invoke(cli, args, prog_name="translator")
    assert (done.stdout, done.stderr) == (expected.stdout, expected.stderr)


def test_exit_handlers_still_run(sample: Path) -> None:
    code = ("import atexit, sys; from translator.cli import run; "
            "atexit.register(lambda: print('handler ran', flush=True)); sys.argv = ['translator', '--version']; run()")
    done = subprocess.run([sys.executable, "-c", code], cwd=sample, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "handler ran")
