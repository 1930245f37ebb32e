"""Every command against every kind of broken workspace: it succeeds, or it ends with `Error:`
lines and exit 1 or 2, never a traceback, and a failed run leaves every file as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli
from tests.conftest import REPOSITORY

ARTICLE = "articles/japan-china-talks.txt"
CATALOG = "locales/zh-Hant/LC_MESSAGES/japan-china-talks.po"


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return mutate


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / name).write_bytes(data)
    return mutate


def _folder_instead(name: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / name).unlink()
        (root / name).mkdir()
    return mutate


MUTATIONS: dict[str, Callable[[Path], None]] = {
    "impossible date": _replace(ARTICLE, "date: 2025-11-18", "date: 2025-02-30"),
    "unterminated string in a catalog": _replace(CATALOG, 'msgstr "然而', 'msgstr "然而\n'),
    "catalog is a folder": _folder_instead(CATALOG),
    "unknown segmentation unit": _replace("locales/templates/japan-china-talks.pot", "X-Segment-By: sentence",
                                          "X-Segment-By: bogus"),
    "unknown source locale in a catalog": _replace(CATALOG, "X-Source-Language: en", "X-Source-Language: xx"),
    "0-byte glossary": _write("glossary/glossary.toml", b""),
    "deeply nested glossary": _write("glossary/glossary.toml", b"format = 1\n[a]\nnote = " + b"[" * 100_000 + b"\n"),
    "huge number in the glossary": _write("glossary/glossary.toml", b"format = 1\n[a]\nnote = " + b"9" * 5000 + b"\n"),
    "glossary is a folder": _folder_instead("glossary/glossary.toml"),
    "NUL in the article": _write(ARTICLE, b"Beijing\x00talks.\n"),
    # Found by fuzzing (each was a traceback):
    "tagged value YAML cannot make": _replace(ARTICLE, "date: 2025-11-18", "date: !!timestamp x"),
    "front matter nested too deeply": _replace(ARTICLE, "date: 2025-11-18", "date: " + "[" * 600),
    "front matter number too long to show": _replace(ARTICLE, "date: 2025-11-18", "date: 0x" + "f" * 4000),
    "plural index of thousands of digits": _replace(CATALOG, 'msgstr "然而', "msgstr[" + "9" * 5000 + '] "然而'),
}

COMMANDS = [["segment", "--all"], ["lint", "--all"], ["check"], ["status"], ["build"],
            ["assemble", ARTICLE, "--locale", "ja"], ["glossary", "list"], ["glossary", "check"]]


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {path.relative_to(root).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(root.rglob("*")) if ".translator" not in path.parts}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_every_command_fails_cleanly_and_changes_nothing(sample: Path, mutation: str) -> None:
    MUTATIONS[mutation](sample)
    for command in COMMANDS:
        before = _snapshot(sample)
        arguments = [str(sample / word) if word == ARTICLE else word for word in command]
        result = CliRunner().invoke(cli, ["-w", str(sample), *arguments])
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.output)
        assert "Traceback" not in result.output, (command, result.output)
        errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
        if errors:
            assert result.exit_code in (1, 2), (mutation, command, result.output)
            assert _snapshot(sample) == before, (mutation, command)
        else:  # it ran: check and lint exit 1 for what they found, the rest 0
            assert result.exit_code in ((0, 1) if command[0] in ("check", "lint") else (0,)), (mutation, command,
                                                                                                result.output)


def test_the_sample_is_where_the_matrix_expects_it() -> None:
    assert (REPOSITORY / ARTICLE).is_file() and (REPOSITORY / CATALOG).is_file()
