"""The README and docs/ stay true to the code: every field, command and the two fresh-machine commands."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import REPOSITORY
from translator.cli import cli
from translator.glossary import FIELDS

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
DOCS = REPOSITORY / "docs"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_field_is_in_the_columns_table() -> None:
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    for spec in FIELDS:
        assert f"| `{spec.key}` |" in glossary, spec.key


def test_the_command_reference_is_generated_from_the_commands() -> None:
    reference = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert reference == _generator().reference(), "docs/commands.md is out of date: run python docs/generate.py"
    for name, command in cli.commands.items():
        assert f"## `translator {name}`" in reference, name
        for sub in getattr(command, "commands", {}):
            assert f"## `translator {name} {sub}`" in reference, sub
            assert "Example" in reference.split(f"## `translator {name} {sub}`", 1)[1].split("\n## ", 1)[0], sub


def test_the_readme_is_short_and_links_every_doc() -> None:
    assert len(README.encode()) < 16_000
    for page in DOCS.glob("*.md"):
        assert f"](docs/{page.name})" in README, page.name


def test_links_between_docs_lead_to_files_that_exist() -> None:
    for page in [REPOSITORY / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_the_two_commands_come_first_and_ci_runs_the_test_command() -> None:
    blocks = [block.split("```", 1)[0].strip() for block in README.split("```sh\n")[1:3]]
    assert blocks[0].endswith(".venv/bin/translator build")
    assert blocks[1].endswith("python -m pytest")
    assert blocks[1] in (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
