"""LibreOffice round trips of the editors' spreadsheet, each imported back into a workspace.

What LibreOffice 7.4 does, as these tests pin it: a CSV opened with the default import options
turns 0042 into the number 42, 1.50 into 1.5 and 3/4/2025 into a date, and keeps the export's
guard apostrophe as text; an XLSX saved as .ods and back loses every tab in its cells; an XLSX
saved as CSV is written as shown, without guards. Import undoes each of these or reports the cell.
Skipped where LibreOffice (soffice) is not installed; each test has its own LibreOffice profile.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Run
from translator.glossary import FIELD_KEYS, build_entry
from translator.formats.spreadsheet import column_letter
from translator.workspace import Workspace

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

CSV_UTF8 = "CSV:44,34,76,1"  # comma, double quote, UTF-8, from line 1: the dialog's defaults otherwise
CSV_QUOTED_AS_TEXT = "CSV:44,34,76,1,,,true"  # ... and "Format quoted field as text" ticked
# Long, in paragraphs: one 10,000-character line takes LibreOffice 30 s to read from .ods.
LONG_NOTE = "\n".join(f"{number}. 外務省の説明：" + "長い説明文です。" * 100 for number in range(12)) + "\nlast line"

HARD_CASES: list[dict[str, str]] = [
    {"id": "0042", "type": "term", "en": "0042", "ja": "〇〇四二", "zh-Hans": "第42号",
     "note": "leading zeros\tmatter", "source": "-5 percent"},
    {"id": "1989", "type": "term", "en": "1989", "zh-Hant": "一九八九年", "note": "=SUM(A1:A3)", "source": "@handle"},
    {"id": "2025-report", "type": "term", "en": "2025 report", "en-admitted": "2025\nFY2025", "ja": "2025年報告書",
     "note": "line one\nline two\n\tindented line", "source": "+81 3 1234 5678"},
    {"id": "code-007", "type": "term", "en": "007", "en-admitted": "1.50", "ja": "ダブルオーセブン",
     "source": "3/4/2025"},
    {"id": "jp-13", "type": "place", "en": "Tokyo", "en-admitted": "JP-13", "ja": "東京都", "zh-Hans": "东京都",
     "zh-Hant": "東京都", "note": "\ttab first\tthen\t\ttwo", "source": "'@handle"},
    {"id": "mofa-china", "type": "organisation", "en": "'tis the ministry", "zh-Hans": "中华人民共和国外交部",
     "zh-Hant": "中華人民共和國外交部", "note": LONG_NOTE, "source": "'=kept as typed"},
    {"id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "ja": "高市早苗", "ja-reading": "たかいち さなえ",
     "zh-Hant": "高市早苗", "note": "=not a formula\n\tindented\nline three", "source": "+81"},
]


def _letter(key: str) -> str:
    return column_letter(FIELD_KEYS.index(key) + 1)


def _fill(workspace: Workspace, cases: list[dict[str, str]]) -> bytes:
    with workspace.glossary.editing() as glossary:
        for fields in cases:
            glossary.add(build_entry(fields))
    return _glossary_bytes(workspace)


def _glossary_bytes(workspace: Workspace) -> bytes:
    return (workspace.root / "glossary" / "glossary.toml").read_bytes()


def _row(workspace: Workspace, entry_id: str) -> int:
    """The sheet row of an entry: the export writes them in the glossary's order after the header."""
    return [entry.id for entry in workspace.glossary.load()].index(entry_id) + 2


def _convert(source: Path, target: str, profile: Path, infilter: str | None = None) -> Path:
    """`soffice --convert-to` into a fresh folder; the converted file, which must exist."""
    assert SOFFICE is not None
    extension = target.split(":", 1)[0]
    outdir = source.parent / f"{source.suffix[1:]}-to-{extension}"
    command = [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    result = outdir / f"{source.stem}.{extension}"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr  # soffice exits 0 on some failures
    return result


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """A LibreOffice user profile of this test's own, so parallel runs never share one."""
    return tmp_path / "libreoffice-profile"


def _export(run: Run, path: Path) -> Path:
    result = run("glossary", "export", str(path))
    assert result.exit_code == 0, result.output
    return path


def _import(run: Run, path: Path) -> tuple[list[str], str]:
    """Import; the lines before the summary, and the summary."""
    result = run("glossary", "import", str(path))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    *lines, summary = result.stdout.splitlines()
    return lines, summary


def _kept_number(path: Path, cell: str, text: str, number: str) -> str:
    return f"= {path}!{cell}: kept {text}: the cell holds the number {number}, which is what a spreadsheet application makes of it"


def test_csv_saved_as_xlsx_by_libreoffice_imports_unchanged(workspace: Workspace, run: Run, tmp_path: Path,
                                                            profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    xlsx = _convert(_export(run, tmp_path / "glossary.csv"), "xlsx:Calc MS Excel 2007 XML", profile, CSV_UTF8)

    sheet = openpyxl.load_workbook(xlsx).worksheets[0]  # what LibreOffice made of the CSV
    row, code = _row(workspace, "0042"), _row(workspace, "code-007")
    assert (sheet[f"A{row}"].value, sheet[f"D{row}"].value, sheet[f"D{code}"].value) == (42, 42, 7)
    assert sheet[f"{_letter('source')}{code}"].is_date
    assert sheet[f"{_letter('source')}{row}"].value == "'-5 percent"  # the guard, kept as text
    assert sheet[f"{_letter('source')}{_row(workspace, 'jp-13')}"].value == "''@handle"

    lines, summary = _import(run, xlsx)
    admitted, source = _letter("en-admitted"), _letter("source")
    assert lines == [
        f"= {xlsx}!A{row}: kept id '0042': the cell holds the number 42, which is what a spreadsheet application makes of it",
        _kept_number(xlsx, f"D{row}", "'0042'", "42"),
        _kept_number(xlsx, f"D{code}", "'007'", "7"),
        _kept_number(xlsx, f"{admitted}{code}", "'1.50'", "1.5"),
        f"= {xlsx}!{source}{code}: kept '3/4/2025': the cell holds the date 2025-03-04, which is what a spreadsheet "
        "application makes of it",
    ]
    assert summary == f"Imported {xlsx}: 0 added, 0 changed, 0 removed, 7 unchanged"
    assert _glossary_bytes(workspace) == before


def test_csv_opened_with_quoted_fields_as_text_keeps_every_cell_text(workspace: Workspace, run: Run,
                                                                      tmp_path: Path, profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    xlsx = _convert(_export(run, tmp_path / "glossary.csv"), "xlsx:Calc MS Excel 2007 XML", profile, CSV_QUOTED_AS_TEXT)
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert sheet[f"A{_row(workspace, '0042')}"].value == "0042"
    assert _import(run, xlsx) == ([], f"Imported {xlsx}: 0 added, 0 changed, 0 removed, 7 unchanged")
    assert _glossary_bytes(workspace) == before


def test_xlsx_saved_as_xlsx_by_libreoffice_imports_unchanged(workspace: Workspace, run: Run, tmp_path: Path,
                                                             profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    original = _export(run, tmp_path / "glossary.xlsx")
    xlsx = _convert(original, "xlsx:Calc MS Excel 2007 XML", profile)
    sheet = openpyxl.load_workbook(xlsx)["Glossary"]
    assert sheet[f"A{_row(workspace, '0042')}"].value == "0042"  # text cells stay text
    assert sheet.column_dimensions["A"].number_format == "@"  # and so do cells typed in new rows
    assert _import(run, xlsx) == ([], f"Imported {xlsx}: 0 added, 0 changed, 0 removed, 7 unchanged")
    assert _glossary_bytes(workspace) == before


def test_xlsx_through_ods_loses_tabs_and_import_keeps_them(workspace: Workspace, run: Run, tmp_path: Path,
                                                           profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    ods = _convert(_export(run, tmp_path / "glossary.xlsx"), "ods", profile)
    xlsx = _convert(ods, "xlsx:Calc MS Excel 2007 XML", profile)

    sheet = openpyxl.load_workbook(xlsx)["Glossary"]
    note = _letter("note")
    assert sheet[f"{note}{_row(workspace, '0042')}"].value == "leading zerosmatter"  # the tab is gone
    assert sheet[f"{note}{_row(workspace, '2025-report')}"].value == "line one\nline two\nindented line"
    assert sheet[f"{note}{_row(workspace, 'mofa-china')}"].value == LONG_NOTE  # newlines and length survive

    lines, summary = _import(run, xlsx)
    kept = "the cell has the same text without tabs, as LibreOffice leaves it after an .ods file"
    assert lines == [
        f"= {xlsx}!{note}{_row(workspace, '0042')}: kept the note's 1 tab: {kept}",
        f"= {xlsx}!{note}{_row(workspace, '2025-report')}: kept the note's 1 tab: {kept}",
        f"= {xlsx}!{note}{_row(workspace, 'jp-13')}: kept the note's 4 tabs: {kept}",
        f"= {xlsx}!{note}{_row(workspace, 'sanae-takaichi')}: kept the note's 1 tab: {kept}",
    ]
    assert summary == f"Imported {xlsx}: 0 added, 0 changed, 0 removed, 7 unchanged"
    assert _glossary_bytes(workspace) == before


def test_a_note_edited_in_ods_that_lost_its_tabs_is_reported(workspace: Workspace, run: Run, tmp_path: Path,
                                                             profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    ods = _convert(_export(run, tmp_path / "glossary.xlsx"), "ods", profile)
    edited = tmp_path / "edited" / "glossary.ods"  # the editor changes one note in LibreOffice and saves
    edited.parent.mkdir()
    with zipfile.ZipFile(ods) as old, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "content.xml":
                assert data.count(b"line two") == 2  # the paragraph, and the cell's string-value
                data = data.replace(b"line two", b"line 2")
            new.writestr(item, data)
    xlsx = _convert(edited, "xlsx:Calc MS Excel 2007 XML", profile)

    result = run("glossary", "import", str(xlsx))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {xlsx}!{_letter('note')}{_row(workspace, '2025-report')}: the note lost its 1 tab and was edited "
        "too; LibreOffice drops tabs when a sheet goes through .ods: put the tabs back in this cell, or first "
        "remove them from the glossary (translator glossary edit 2025-report --note ...)\n"
    )
    assert _glossary_bytes(workspace) == before


def test_xlsx_saved_as_csv_by_libreoffice_imports_unchanged(workspace: Workspace, run: Run, tmp_path: Path,
                                                            profile: Path) -> None:
    before = _fill(workspace, HARD_CASES)
    csv_file = _convert(_export(run, tmp_path / "glossary.xlsx"), "csv:Text - txt - csv (StarCalc):44,34,76,1", profile)
    text = csv_file.read_text(encoding="utf-8")
    assert '"=SUM(A1:A3)"' in text and '"-5 percent"' in text  # written as shown: no guards
    assert "\"''@handle\"" in text  # the XLSX's own escape of a value that looks guarded
    assert "\ttab first\tthen\t\ttwo" in text
    assert _import(run, csv_file) == ([], f"Imported {csv_file}: 0 added, 0 changed, 0 removed, 7 unchanged")
    assert _glossary_bytes(workspace) == before


def test_csv_cells_that_cannot_be_restored_are_reported_by_cell(workspace: Workspace, run: Run, tmp_path: Path,
                                                                profile: Path) -> None:
    before = _fill(workspace, [{"id": "042", "type": "term", "en": "Forty-two, three digits"},
                               {"id": "0042", "type": "term", "en": "Forty-two, four digits"}])
    path = _export(run, tmp_path / "glossary.csv")
    with path.open("a", encoding="utf-8", newline="") as stream:  # an editor adds a row in a text editor
        stream.write('"march-fourth","term","draft","3/4/2025"\r\n')
    xlsx = _convert(path, "xlsx:Calc MS Excel 2007 XML", profile, CSV_UTF8)

    result = run("glossary", "import", str(xlsx))
    assert result.exit_code == 1
    ambiguous = ("the cell holds the number 42, which could be id '0042' or '042'; format the column as Text "
                 "and type the id again")
    assert result.stderr.splitlines() == [
        f"Error: {xlsx}!A2: {ambiguous}",
        f"Error: {xlsx}!A3: {ambiguous}",
        f"Error: {xlsx}!D4: the cell holds the date 2025-03-04, not text; format the column as Text and type "
        "the value again",
    ]
    assert _glossary_bytes(workspace) == before



def test_text_that_looks_like_an_xlsx_escape_stays_text_through_libreoffice(workspace: Workspace, run: Run,
                                                                            tmp_path: Path, profile: Path) -> None:
    """In an XLSX string `_x0041_` stands for "A": text that looks like that must be written
    escaped (`_x005F_x0041_`), or LibreOffice and Excel show, and save, another note."""
    before = _fill(workspace, [{"id": "code-x", "type": "term", "en": "Code _x0041_", "ja": "コード",
                                "note": "_x000D_ is a carriage return; _xD83D_ half of one"}])
    xlsx = _convert(_export(run, tmp_path / "glossary.xlsx"), "xlsx:Calc MS Excel 2007 XML", profile)
    sheet = openpyxl.load_workbook(xlsx)["Glossary"]
    row = _row(workspace, "code-x")
    assert sheet[f"{_letter('en')}{row}"].value == "Code _x0041_"
    assert sheet[f"{_letter('note')}{row}"].value == "_x000D_ is a carriage return; _xD83D_ half of one"
    assert _import(run, xlsx) == ([], f"Imported {xlsx}: 0 added, 0 changed, 0 removed, 1 unchanged")
    assert _glossary_bytes(workspace) == before
