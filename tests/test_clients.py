"""Real clients: LibreOffice re-saves our workbook, and the re-saved file imports unchanged."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from translator.glossary import Glossary, build_entry
from translator.formats.spreadsheet import plan_import, read_spreadsheet, write_spreadsheet

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_resave_imports_without_changes(tmp_path: Path) -> None:
    glossary = Glossary()
    glossary.add(build_entry({
        "id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "en-admitted": "TAKAICHI Sanae\nTakaichi Sanae",
        "ja": "高市早苗", "ja-reading": "たかいち さなえ", "note": "=not a formula\n\tindented", "source": "-1",
    }))
    glossary.add(build_entry({"id": "taiwan", "type": "place", "en": "Taiwan", "zh-Hant": "臺灣", "zh-Hant-admitted": "台灣"}))
    original = tmp_path / "glossary.xlsx"
    write_spreadsheet(glossary, original)
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "resaved"), str(original)],
        check=True, capture_output=True, timeout=180,
    )
    plan = plan_import(read_spreadsheet(tmp_path / "resaved" / "glossary.xlsx"), glossary)
    assert plan.is_empty and plan.unchanged == 2
