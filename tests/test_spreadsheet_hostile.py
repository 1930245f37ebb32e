"""Hostile and careless spreadsheets: padding bombs, cells outside the header, DTDs, near-miss
column names and fuzzed files. Each is refused fast, by cell, and changes nothing."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Run
from translator.formats import spreadsheet
from translator.errors import InputError, TranslatorError
from translator.glossary import Glossary, build_entry
from translator.formats.spreadsheet import plan_import, read_spreadsheet
from translator.workspace import Workspace

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
        '<sheets><sheet name="Glossary" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def header(*names: str) -> str:
    return '<row r="1">' + "".join(cell(f"{spreadsheet.column_letter(i)}1", n) for i, n in enumerate(names, 1)) + "</row>"


def xlsx(path: Path, rows: Iterable[str], prolog: str = '<?xml version="1.0" encoding="UTF-8"?>',
         dimension: str = "A1:C2") -> Path:
    """An XLSX written by hand: the worksheet's XML goes into the ZIP as given, rows and all."""
    sheet = f'{prolog}<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def padding_bomb(path: Path, rows: int = 6000, column: str = "XFD") -> Path:
    """The issue's bomb: every row holds a real entry and one more cell far to the right."""
    body = (f'<row r="{r}">{cell(f"A{r}", f"e{r}")}{cell(f"B{r}", "term")}{cell(f"C{r}", "X")}'
            f'{cell(f"{column}{r}", "lost")}</row>' for r in range(2, rows + 2))
    return xlsx(path, [header("id", "type", "en"), *body])


def _refusal(path: Path) -> tuple[list[str], float, int]:
    """The problems reading and planning give, the seconds they took and the peak of memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        plan_import(read_spreadsheet(path), Glossary())
    except InputError as error:
        messages = [str(problem) for problem in error.problems]
    else:
        messages = []
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return messages, elapsed, peak


# --- bounded by what rows hold -------------------------------------------------------------


def test_the_padding_bomb_is_refused_at_its_first_far_cell_fast_and_small(tmp_path: Path) -> None:
    """Before: 102 KB, 6,000 rows took 163 s and 820 MB, and was accepted without the XFD cells."""
    path = padding_bomb(tmp_path / "bomb.xlsx")
    assert 80_000 < path.stat().st_size < 150_000
    messages, elapsed, peak = _refusal(path)
    assert messages == [
        "bomb.xlsx!XFD2: a cell in column XFD; a glossary sheet has at most 1,024 columns (its fields fit in A:AB), "
        "so the file is refused",
    ]
    assert elapsed < 2.0
    assert peak < 30_000_000


def test_a_bomb_within_the_column_bound_stops_after_a_page_of_problems(tmp_path: Path) -> None:
    path = padding_bomb(tmp_path / "bomb.xlsx", rows=20_000, column="AMJ")  # column 1,024
    messages, elapsed, peak = _refusal(path)
    assert len(messages) == spreadsheet.MAX_PROBLEMS + 1
    assert messages[0] == ("bomb.xlsx!AMJ2: a value in column AMJ, which has no header; name the column (see the "
                           "'Columns' sheet) or clear the cell")
    assert messages[-1] == f"bomb.xlsx!AMJ{spreadsheet.MAX_PROBLEMS + 1}: stopped after 200 problems; fix these first"
    assert elapsed < 2.0 and peak < 30_000_000


def test_one_row_of_countless_cells_is_refused_as_it_streams(tmp_path: Path) -> None:
    row = '<row r="2">' + "".join(f"<c><v>{n}</v></c>" for n in range(500_000)) + "</row>"  # columns count up
    path = xlsx(tmp_path / "wide.xlsx", [header("id", "type", "en"), row])
    messages, elapsed, peak = _refusal(path)
    assert messages == [
        "wide.xlsx!AMK2: a cell in column AMK; a glossary sheet has at most 1,024 columns (its fields fit in A:AB), "
        "so the file is refused",
    ]
    assert elapsed < 2.0 and peak < 30_000_000


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (['<row r="2">' + cell("A2", "x") * 3 + "</row>"],
         "t.xlsx!A2: cell A2 comes after A2; the worksheet's cells are out of order (open and save the file again)"),
        (['<row r="3"></row><row r="2"></row>'],
         "t.xlsx!A2: row 2 comes after row 3; the worksheet's rows are out of order (open and save the file again)"),
        (['<row r="1048577"></row>'],
         "t.xlsx!A1048577: row 1,048,577; a glossary sheet has at most 1,000,000 rows, so the file is refused"),
        (['<row r="x2"></row>'], "t.xlsx!A2: a row numbered 'x2', which is not a row number"),
        (['<row r="2">' + cell("B3", "x") + "</row>"], "t.xlsx!B2: cell B3 is inside row 2; the worksheet is damaged"),
        (['<row r="2"><c r="A2" t="inlineStr"><is>' + "<r><t>x</t></r>" * 6000 + "</is></c></row>"],
         "t.xlsx!A2: the cell holds more than 10,000 XML elements; refused"),
        (['<row r="2">' + cell("A2", "x" * 40_000) + "</row>"],
         "t.xlsx!A2: the cell holds 40,000 characters; a cell holds at most 32,767"),
        (['<row r="2"><c r="A2" t="s"><v>7</v></c></row>'],
         "t.xlsx!A2: not a readable cell (IndexError: list index out of range)"),
        (['<row r="2"><c r="A2"><v>' + "<x>" * 80 + "</x>" * 80 + "</v></c></row>"],
         "t.xlsx!A2: xl/worksheets/sheet1.xml: XML nested more than 64 deep; refused"),
        (["<c>1</c>"], "t.xlsx!A1: xl/worksheets/sheet1.xml: a cell outside any row; the worksheet is damaged"),
    ],
)
def test_damaged_and_hostile_rows_are_refused_by_cell(tmp_path: Path, rows: list[str], message: str) -> None:
    path = xlsx(tmp_path / "t.xlsx", [header("id", "type", "en"), *rows])
    assert _refusal(path)[0] == [message]


def test_cells_and_time_are_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = xlsx(tmp_path / "t.xlsx", [header("id", "type", "en"), '<row r="2">' + cell("A2", "x") + cell("B2", "term") + "</row>"])
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 4)
    assert _refusal(path)[0] == ["t.xlsx!B2: more than 4 cells; a glossary sheet holds fewer, so the file is refused"]
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 5_000_000)
    monkeypatch.setattr(spreadsheet, "MAX_SECONDS", -1.0)
    assert _refusal(path)[0] == [
        "t.xlsx!A1: reading took more than -1 s and stopped here; the sheet holds more than a glossary can",
    ]


def test_a_csv_of_countless_cells_is_refused_before_it_is_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("id,type,en\nx,term,X\n" + "," * 2000 + "\n", encoding="utf-8")
    assert _refusal(path)[0] == [
        "wide.csv!AMK3: a cell in column AMK; a glossary sheet has at most 1,024 columns (its fields fit in A:AB), "
        "so the file is refused",
    ]
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 1000)
    assert _refusal(path)[0] == ["wide.csv:3: more than 1,000 cells; a glossary sheet holds fewer, so the file is refused"]


# --- nothing dropped without a word -----------------------------------------------------------


def test_a_csv_row_longer_than_its_header_is_an_error_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "edit.csv"
    path.write_text("id,type,en\nx,term,X,extra, ,more\ny,term,Y\n", encoding="utf-8")
    assert _refusal(path)[0] == [
        "edit.csv!D2: a value in column D, which has no header; name the column (see the 'Columns' sheet) or clear the cell",
        "edit.csv!F2: a value in column F, which has no header; name the column (see the 'Columns' sheet) or clear the cell",
    ]


def test_an_xlsx_value_under_no_header_is_an_error_by_cell(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "edit.xlsx", [
        '<row r="1">' + cell("A1", "id") + cell("B1", "type") + cell("D1", "en") + "</row>",
        '<row r="2">' + cell("A2", "x") + cell("B2", "term") + cell("C2", "between") + cell("D2", "X") + cell("AC2", "after") + "</row>",
    ])
    assert _refusal(path)[0] == [
        "edit.xlsx!C2: a value in column C, which has no header; name the column (see the 'Columns' sheet) or clear the cell",
        "edit.xlsx!AC2: a value in column AC, which has no header; name the column (see the 'Columns' sheet) or clear the cell",
    ]


def _glossary_file(workspace: Workspace) -> Path:
    with workspace.glossary.editing() as glossary:
        glossary.add(build_entry({"id": "x", "type": "term", "en": "X"}))
    return workspace.root / "glossary" / "glossary.toml"


@pytest.mark.parametrize("dry_run", [True, False])
def test_cli_refuses_cells_outside_the_header_and_changes_nothing(workspace: Workspace, run: Run, tmp_path: Path,
                                                                   dry_run: bool) -> None:
    glossary = _glossary_file(workspace)
    before = glossary.read_bytes()
    path = tmp_path / "edit.csv"
    path.write_text("id,type,en\nx,term,X!,lost\n", encoding="utf-8")
    result = run("glossary", "import", str(path), *(["--dry-run"] if dry_run else []))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {path}!D2: a value in column D, which has no header; name the column (see the "
                             "'Columns' sheet) or clear the cell\n")
    assert glossary.read_bytes() == before


def test_cli_refuses_the_padding_bomb_fast_and_changes_nothing(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    glossary = _glossary_file(workspace)
    before = glossary.read_bytes()
    path = padding_bomb(tmp_path / "bomb.xlsx")
    started = time.perf_counter()
    result = run("glossary", "import", str(path), "--dry-run")
    assert time.perf_counter() - started < 2.0
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {path}!XFD2: a cell in column XFD; a glossary sheet has at most 1,024 columns "
                             "(its fields fit in A:AB), so the file is refused\n")
    assert glossary.read_bytes() == before


# --- errors that say where ---------------------------------------------------------------------


def test_a_dtd_anywhere_in_the_prolog_names_its_part(tmp_path: Path) -> None:
    padding = "<!--" + "x" * 10_000 + "-->"  # beyond the first 4 KB a prolog check might read
    prolog = f'<?xml version="1.0"?>{padding}\n<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'
    path = xlsx(tmp_path / "dtd.xlsx", [header("id", "type", "en")], prolog=prolog)
    assert _refusal(path)[0] == [
        "dtd.xlsx: xl/worksheets/sheet1.xml: a DTD or entity declaration (line 2); an XLSX never needs one, so the "
        "file is refused (a possible XML entity attack)",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ID", "unknown column 'ID'; did you mean 'id'? (column names are lower case)"),
        ("Type", "unknown column 'Type'; did you mean 'type'? (column names are lower case)"),
        ("NOTE", "unknown column 'NOTE'; did you mean 'note'? (column names are lower case)"),
        ("tpye", "unknown column 'tpye'; did you mean 'type'? The columns are listed on the 'Columns' sheet and in docs/glossary.md"),
        ("en-admited", "unknown column 'en-admited'; did you mean 'en-admitted'? The columns are listed on the "
                       "'Columns' sheet and in docs/glossary.md"),
        ("colour", "unknown column 'colour'; the columns are listed on the 'Columns' sheet and in docs/glossary.md"),
    ],
)
def test_a_near_miss_column_name_gets_a_suggestion(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / "edit.csv"
    path.write_text(f"id,type,en,{name}\nx,term,X,y\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_spreadsheet(path)
    assert [str(problem) for problem in caught.value.problems] == [f"edit.csv!D1: {message}"]


def test_a_capitalised_locale_column_is_still_a_locale(tmp_path: Path) -> None:
    path = tmp_path / "edit.csv"
    path.write_text("id,type,EN,Ja\nx,term,X,エックス\n", encoding="utf-8")
    [entry] = plan_import(read_spreadsheet(path), Glossary()).added
    assert (entry.form("en").preferred, entry.form("ja").preferred) == ("X", "エックス")


# --- fuzz: only the project's own error ever escapes -----------------------------------------

_FUZZ = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_TEXTS = st.one_of(
    st.sampled_from(["id", "type", "en", "ja", "ID", "term", "person", "x", "=1+2", "'@x", "0042", "", " ", "\t",
                     "sanae-takaichi", "a from 2025-01-01", "2025-13-45", "\n", '"', "'", ",", "ja-reading", "holders"]),
    st.text(max_size=12),
)


def _read_and_plan(path: Path) -> None:
    glossary = Glossary()
    glossary.add(build_entry({"id": "x", "type": "term", "en": "X"}))
    try:
        plan_import(read_spreadsheet(path), glossary)
    except TranslatorError:
        pass


@_FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_raise_only_translator_errors(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _read_and_plan(path)


@_FUZZ
@given(rows=st.lists(st.lists(_TEXTS, max_size=8), max_size=6))
def test_random_csv_cells_raise_only_translator_errors(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text("\r\n".join(",".join(rows_cell for rows_cell in row) for row in rows), encoding="utf-8")
    _read_and_plan(path)


_CELL_XML = st.one_of(
    st.builds(lambda ref, text: cell(ref, text), st.sampled_from(["A1", "B1", "C1", "A2", "B2", "C2", "D2", "XFD2", "A0", "1A", ""]), _TEXTS),
    st.builds(lambda ref, kind, value: f'<c r="{ref}" t="{kind}"><v>{escape(value)}</v></c>',
              st.sampled_from(["A2", "B2", "C2", "D3"]), st.sampled_from(["n", "s", "b", "d", "e", "str", "x"]),
              st.sampled_from(["0", "1", "-1", "1e400", "nan", "x", "2025-13-45", "99999999999999999999", ""])),
    st.builds(lambda ref, formula: f'<c r="{ref}"><f>{escape(formula)}</f></c>', st.sampled_from(["A2", "C2"]), _TEXTS),
    st.sampled_from(["<c/>", "<c><v/></c>", '<c r="B2" s="99"><v>1</v></c>', "<x/>", "<c><c/></c>"]),
)


@_FUZZ
@given(rows=st.lists(st.tuples(st.sampled_from(["1", "2", "3", "", "0", "-1", "1048577"]), st.lists(_CELL_XML, max_size=5)),
                     max_size=5))
def test_random_xlsx_cells_raise_only_translator_errors(tmp_path: Path, rows: list[tuple[str, list[str]]]) -> None:
    body = [(f'<row r="{number}">' if number else "<row>") + "".join(cells) + "</row>" for number, cells in rows]
    _read_and_plan(xlsx(tmp_path / "fuzz.xlsx", [header("id", "type", "en"), *body]))


@_FUZZ
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
@example(position=18343, value=64)  # a sheet's ZIP header claiming version 6.4: zipfile's NotImplementedError
def test_a_flipped_byte_in_an_xlsx_raises_only_translator_errors(tmp_path: Path, position: int, value: int) -> None:
    path = xlsx(tmp_path / "flip.xlsx", [header("id", "type", "en"), '<row r="2">' + cell("A2", "y") + cell("B2", "term") + cell("C2", "Y") + "</row>"])
    data = bytearray(path.read_bytes())
    data[position % len(data)] = value
    path.write_bytes(bytes(data))
    _read_and_plan(path)


def test_the_hand_written_workbook_is_a_readable_glossary(tmp_path: Path) -> None:
    """The builder above makes real workbooks: a clean one imports."""
    path = xlsx(tmp_path / "ok.xlsx", [header("id", "type", "en"), '<row r="2">' + cell("A2", "y") + cell("B2", "term") + cell("C2", "Y") + "</row>"])
    [entry] = plan_import(read_spreadsheet(path), Glossary()).added
    assert (entry.id, entry.form("en").preferred) == ("y", "Y")
    assert io.BytesIO(path.read_bytes()).getvalue()[:2] == b"PK"


def test_a_workbook_whose_parts_are_marked_encrypted_is_refused_by_name(tmp_path: Path) -> None:
    """zipfile asks for a password for a part whose encryption flag is set (a flipped byte does
    it): an error naming the part, not a traceback."""
    path = xlsx(tmp_path / "locked.xlsx", [header("id", "type", "en"), '<row r="2">' + cell("A2", "y") + cell("B2", "term") + cell("C2", "Y") + "</row>"])
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")  # the first part's central directory record: flags at offset 8
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="is encrypted; save the workbook without a password"):
        read_spreadsheet(path)


def test_what_openpyxl_says_of_a_damaged_workbook_stays_out_of_the_output(workspace: Workspace, tmp_path: Path) -> None:
    """A workbook without cell styles, its cells naming styles it lacks (found by fuzzing):
    openpyxl warns on stderr, outside the `Error:` lines; the import itself reads it. Run as a
    command, since pytest catches warnings before they would reach the output."""
    import re
    import subprocess
    import sys

    _glossary_file(workspace)
    parts = {}
    with zipfile.ZipFile(io.BytesIO(spreadsheet.xlsx_bytes(workspace.glossary.load()))) as exported:
        for name in exported.namelist():
            parts[name] = exported.read(name)
    parts["xl/styles.xml"] = re.sub(rb"<cellXfs.*?</cellXfs>", b"", parts["xl/styles.xml"])
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb' s="[0-9]+"', b' s="99"', parts["xl/worksheets/sheet1.xml"])
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as damaged:
        for name, data in parts.items():
            damaged.writestr(name, data)
    result = subprocess.run([sys.executable, "-m", "translator", "-w", str(workspace.root), "glossary", "import",
                             str(path), "--dry-run"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    assert result.stdout.startswith("Would import") and "site-packages" not in result.stdout, result.stdout
