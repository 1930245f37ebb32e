"""Choosing a glossary file's format and options by its suffix, and refusing what does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli
from translator.errors import UsageError
from translator.exchange import Exchange, exchange_for


def test_formats_by_suffix() -> None:
    assert exchange_for(Path("g.TBX"), "en", "2") == Exchange(".tbx", tbx_version=2)
    assert exchange_for(Path("g.xlsx"), "en") == Exchange(".xlsx")
    assert exchange_for(Path("g.utf8"), "en", locale="ja") == Exchange(".utf8", source="en", target="ja")
    assert exchange_for(Path("g.tab"), "en", locale="en", source="ja") == Exchange(".tab", source="ja", target="en")


@pytest.mark.parametrize(("name", "options", "message"), [
    ("g.xlsx", {"tbx_version": "2"}, "--tbx-version is for a .tbx file"),
    ("g.tsv", {}, "name the target locale of the .tsv file with --locale"),
    ("g.tsv", {"locale": "en"}, "--locale en is the source locale of the file; name the target locale "
                                "(or another source with --source)"),
    ("g.txt", {"locale": "ja", "source": "ja"}, "--locale ja is the source locale of the file; name the target "
                                                "locale (or another source with --source)"),
    ("g.csv", {"locale": "ja"}, "--locale and --source are for an OmegaT glossary (.tsv, .utf8, .txt, .tab)"),
])
def test_options_that_do_not_fit_the_format_are_usage_errors(name: str, options: dict[str, str],
                                                             message: str) -> None:
    with pytest.raises(UsageError) as raised:
        exchange_for(Path(name), "en", **options)
    assert str(raised.value) == message


def test_an_omegat_file_in_the_source_locale_is_refused_before_anything_changes(sample: Path, tmp_path: Path) -> None:
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    omegat = tmp_path / "om.txt"
    omegat.write_text("Beijing\t北京市\n", encoding="utf-8")
    for command in (["glossary", "import", str(omegat), "--locale", "en"],
                    ["glossary", "export", str(tmp_path / "out.tsv"), "--locale", "en"]):
        result = CliRunner().invoke(cli, ["-w", str(sample), *command])
        assert result.exit_code == 2
        assert result.output.endswith("Error: --locale en is the source locale of the file; name the target locale "
                                      "(or another source with --source)\n")
    assert store.read_bytes() == before and not (tmp_path / "out.tsv").exists()
