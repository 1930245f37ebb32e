"""The README stays true to the code: every field, command and the two fresh-machine commands."""

from __future__ import annotations

from tests.conftest import REPOSITORY
from translator.cli import cli
from translator.glossary import FIELDS

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_every_field_is_in_the_columns_table() -> None:
    for spec in FIELDS:
        assert f"| `{spec.key}` |" in README, spec.key


def test_every_command_is_documented() -> None:
    for name in ("init", "segment", "assemble", "check", "status", "build", "lint"):
        assert f"### `translator {name}" in README, name
    for name in cli.commands["glossary"].commands:  # type: ignore[attr-defined]
        assert f"### `translator glossary {name}" in README, name


def test_the_two_commands_come_first_and_ci_runs_the_test_command() -> None:
    blocks = [block.split("```", 1)[0].strip() for block in README.split("```sh\n")[1:3]]
    assert blocks[0].endswith(".venv/bin/translator build")
    assert blocks[1].endswith("python -m pytest")
    assert blocks[1] in (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
