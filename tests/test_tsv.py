"""OmegaT's tab-separated glossary: written per target locale, read back, errors by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings

from tests.strategies import glossaries
from tests.test_tbx import _full
from translator.cli import cli
from translator.errors import InputError
from translator.glossary import Glossary
from translator.formats.tsv import HEADER, Pair, parse_tsv, plan_tsv_import, tsv_losses, tsv_text


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=False)


def test_export_writes_omegat_lines() -> None:
    text = tsv_text(_full(), "en", "ja")
    assert text.splitlines() == [
        HEADER,
        "# translator glossary: en -> ja",
        "Prime Minister\t内閣総理大臣",
        "Sanae Takaichi\t高市早苗\tFirst woman in the office. Indented line with a tab.",
        "TAKAICHI Sanae\t高市早苗\tFirst woman in the office. Indented line with a tab.",
        "Shigeru Ishiba\t石破茂\ttranslator:status=approved looks like ours but is a note",
    ]
    assert tsv_losses(_full(), "en", "ja") == [
        "OmegaT's glossary has no place for entries without both en and ja forms, left out: 1 entry",
        "OmegaT's glossary has no place for admitted ja forms (only the preferred one is written): 1 entry",
        "OmegaT's glossary has no place for forbidden en and ja forms: 1 entry",
        "OmegaT's glossary has no place for notes with line breaks or tabs (written on one line): 1 entry",
    ]


@settings(max_examples=60, deadline=None)
@given(glossaries())
def test_round_trip_changes_nothing(glossary: Glossary) -> None:
    for source, target in (("en", "ja"), ("ja", "zh-Hant")):
        pairs = parse_tsv(tsv_text(glossary, source, target).encode("utf-8"), "g.tsv")
        expected = {(entry.form(source).preferred, entry.form(target).preferred) for entry in glossary
                    if entry.form(source).preferred and entry.form(target).preferred
                    and not entry.form(source).preferred.startswith("#")}
        assert {(pair.source, pair.target) for pair in pairs} >= expected
        try:
            plan = plan_tsv_import(pairs, glossary, source, target, "g.tsv")
        except InputError as error:  # a source form shared by entries with the same target form
            assert all("several entries" in problem.message for problem in error.problems)
            continue
        assert plan.is_empty, plan


def test_reader_takes_what_omegat_writes() -> None:
    data = ("\ufeff# Glossary in tab-separated format -*- coding: utf-8 -*-\r\n"
            "Prime Minister\t首相\r\n\r\n  Tokyo \t 東京 \t capital \n#comment\tline\n").encode("utf-8")
    assert parse_tsv(data, "g.tsv") == [Pair("Prime Minister", "首相", "", 2), Pair("Tokyo", "東京", "capital", 4)]


def test_import_updates_and_adds(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "omegat.utf8"
    path.write_text("Prime Minister\t首相\nTokyo Tower\t東京タワー\tlandmark\n", encoding="utf-8")
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    result = _invoke(sample, "glossary", "import", str(path), "--locale", "ja", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == ("+ tokyo-tower (term)\n~ prime-minister-japan: ja, ja-admitted\n"
                             f"Would import {path}: 1 added, 1 changed, 0 removed, 0 unchanged\n")
    assert store.read_bytes() == before
    assert _invoke(sample, "glossary", "import", str(path), "--locale", "ja").exit_code == 0
    result = _invoke(sample, "glossary", "show", "tokyo-tower")
    assert "東京タワー" in result.output and "landmark" in result.output


def test_cli_round_trip_changes_no_byte(sample: Path, tmp_path: Path) -> None:
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    for locale in ("ja", "zh-Hans", "zh-Hant"):
        path = tmp_path / f"glossary-{locale}.tsv"
        result = _invoke(sample, "glossary", "export", str(path), "--locale", locale)
        assert result.exit_code == 0, result.output
        assert result.output.endswith(f"Exported 27 entries to {path}\n")
        result = _invoke(sample, "glossary", "import", str(path), "--locale", locale)
        assert result.exit_code == 0, result.output
        assert ": 0 added, 0 changed, 0 removed, " in result.output
    assert store.read_bytes() == before


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"a\tb\tc\td\n", 1, "expected 2 or 3 columns separated by tabs (source, target, comment), found 4"),
    (b"# header\nonly one column\n", 2, "expected 2 or 3 columns separated by tabs (source, target, comment), found 1"),
    (b"ok\tfine\n\t\xe6\x9d\xb1\xe4\xba\xac\n", 2, "the source term is empty"),
    (b"ok\tfine\nTokyo\t \n", 2, "the target term is empty"),
    (b"ok\tfine\n\nTo\x01kyo\tx\n", 3, "the line contains a control character"),
    (b"ok\tfine\nCaf\xe9\tx\n", 2, "not valid UTF-8"),
])
def test_bad_lines_are_refused_by_line(sample: Path, tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    result = _invoke(sample, "glossary", "import", str(path), "--locale", "ja")
    assert (result.exit_code, result.output) == (1, f"Error: {path}:{line}: {message}\n")
    assert store.read_bytes() == before


def test_conflicting_lines_are_refused(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "conflict.tsv"
    path.write_text("Prime Minister\t首相\nPrime Minister\t総理\nNew Thing\tA\nNew Thing\tB\n", encoding="utf-8")
    result = _invoke(sample, "glossary", "import", str(path), "--locale", "ja")
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}:2: [prime-minister-japan] ja form '総理' differs from '首相' on line 1\n"
                             f"Error: {path}:4: 'New Thing' is given another ja form on an earlier line\n")


def test_locale_is_required(sample: Path, tmp_path: Path) -> None:
    result = _invoke(sample, "glossary", "export", str(tmp_path / "g.tsv"))
    assert result.exit_code == 2
    assert "Error: name the target locale of the .tsv file with --locale" in result.output
    result = _invoke(sample, "glossary", "export", str(tmp_path / "g.csv"), "--locale", "ja")
    assert result.exit_code == 2
