"""Workspaces: creation, discovery from below, and a broken translator.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.errors import WorkspaceError
from translator.workspace import find_workspace, init_workspace, load_workspace
from tests.conftest import REPOSITORY


def test_init_creates_the_layout(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path, "ja", ("en", "zh-Hant"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".gitignore", "articles", "exports", "glossary", "locales", "memory", "translator.toml",
    ]
    assert (tmp_path / "glossary" / "glossary.toml").read_text(encoding="utf-8").startswith("# translator glossary")
    again = load_workspace(tmp_path)
    assert (again.source, again.targets) == ("ja", ("en", "zh-Hant")) == (workspace.source, workspace.targets)


def test_found_from_a_subfolder(tmp_path: Path) -> None:
    init_workspace(tmp_path, "en", ("ja",))
    deep = tmp_path / "articles" / "2025"
    deep.mkdir()
    assert find_workspace(deep).root == tmp_path.resolve()


def test_outside_any_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="not inside a translator workspace"):
        find_workspace(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('source = "en"\ntargets = ["ja"\n', "translator.toml:2: not valid TOML: Unclosed array"),
        ('source = "xx"\ntargets = ["ja"]\n', "translator.toml:1: unknown locale 'xx'"),
        ('source = "en"\ntargets = ["en"]\n', "translator.toml:2: target locale en is the source locale"),
        ('source = "en"\ntargets = "ja"\n', "translator.toml:2: 'targets' must be a list of locales"),
        ('source = "en"\ntargets = ["ja"]\n[folders]\nglossary = "../elsewhere"\n', "folders.glossary must be a relative folder inside"),
        ('source = "en"\ntargets = ["ja"]\n[folders]\nglossary = "/etc"\n', "folders.glossary must be a relative folder inside"),
        ('source = "en"\ntargets = ["ja"]\ncolour = "red"\n', "unknown setting(s) colour"),
    ],
)
def test_broken_config_is_reported(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "translator.toml").write_text(text, encoding="utf-8")
    with pytest.raises(WorkspaceError) as caught:
        load_workspace(tmp_path)
    assert message in str(caught.value)


def test_the_repository_is_the_sample_workspace() -> None:
    workspace = load_workspace(REPOSITORY)
    assert (workspace.source, workspace.targets) == ("en", ("ja", "zh-Hans", "zh-Hant"))
    assert (REPOSITORY / "articles" / "japan-china-talks.txt").is_file()
