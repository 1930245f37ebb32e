"""The editors' spreadsheet: round trips, formula safety, cell-addressed errors, hostile files, and
what import undoes of LibreOffice's and Excel's changes (numbers, guards kept as text, lost tabs)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.errors import InputError, UsageError
from translator.glossary import FIELD_KEYS, Glossary, build_entry
from translator.formats.spreadsheet import (
    FORMULA_TRIGGERS,
    Typed,
    describe_plan,
    escape_csv,
    escape_xlsx,
    plan_import,
    read_spreadsheet,
    remove_guard,
    write_spreadsheet,
    xlsx_bytes,
)
from translator.workspace import Workspace
from tests.conftest import Run
from tests.strategies import glossaries


def _sample() -> Glossary:
    glossary = Glossary()
    glossary.add(build_entry({
        "id": "sanae-takaichi", "type": "person", "status": "approved", "en": "Sanae Takaichi",
        "en-admitted": "TAKAICHI Sanae\nTakaichi Sanae", "ja": "高市早苗", "ja-reading": "たかいち さなえ",
        "note": "=not a formula\nsecond line",
    }))
    glossary.add(build_entry({
        "id": "prime-minister-japan", "type": "title", "en": "Prime Minister", "ja": "内閣総理大臣",
        "holders": "sanae-takaichi from 2025-10-21",
    }))
    return glossary


def _round_trip(glossary: Glossary, path: Path) -> Glossary:
    write_spreadsheet(glossary, path)
    plan = plan_import(read_spreadsheet(path), Glossary(retired=set(glossary.retired)))
    result = Glossary(retired=set(glossary.retired))
    plan.apply(result)
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(glossaries())
def test_xlsx_round_trip(tmp_path: Path, glossary: Glossary) -> None:
    assert _round_trip(glossary, tmp_path / "g.xlsx").entries == glossary.entries


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(glossaries())
def test_csv_round_trip(tmp_path: Path, glossary: Glossary) -> None:
    assert _round_trip(glossary, tmp_path / "g.csv").entries == glossary.entries


@pytest.mark.parametrize("value", ["=1+2", "+81", "-x", "@sum", "\tTab", "\rCR", "'quote", "'=1", "''-x", "plain", "", "'"])
def test_csv_escape_is_reversible_and_neutral(value: str) -> None:
    escaped = escape_csv(value)
    assert remove_guard(escaped) == value
    assert not escaped.startswith(FORMULA_TRIGGERS)


@given(st.text(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", "9", " "]), max_size=6))
def test_guards_are_reversible_in_both_formats(value: str) -> None:
    assert remove_guard(escape_csv(value)) == value
    assert remove_guard(escape_xlsx(value)) == value
    assert not escape_csv(value).startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'-5 percent", "-5 percent"), ("'=SUM(A1:A3)", "=SUM(A1:A3)"), ("'@handle", "@handle"), ("'+81", "+81"),
        ("'\tindented", "\tindented"), ("''@handle", "'@handle"),  # guards: one apostrophe goes
        ("'tis", "'tis"), ("'90s", "'90s"), ("''tis", "''tis"), ("'", "'"), ("=x", "=x"), ("it's", "it's"),  # text
    ],
)
def test_an_apostrophe_is_a_guard_only_before_a_formula_trigger(cell: str, value: str) -> None:
    assert remove_guard(cell) == value


def test_xlsx_is_what_editors_expect(tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    write_spreadsheet(_sample(), path)
    workbook = openpyxl.load_workbook(path)  # reopened by openpyxl itself, not our reader
    sheet = workbook["Glossary"]
    assert [cell.value for cell in sheet[1]] == list(FIELD_KEYS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:AB{sheet.max_row}"
    assert sheet.column_dimensions["A"].width >= len("prime-minister-japan")
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert lists['"person,title,organisation,place,term"'].startswith("B2:B")
    assert lists['"draft,approved"'].startswith("C2:C")
    assert all(sheet.column_dimensions[letter].number_format == "@" for letter in ("A", "D", "AA", "AB"))
    note = sheet.cell(row=3, column=FIELD_KEYS.index("note") + 1)
    assert note.value == "=not a formula\nsecond line" and note.data_type == "s"
    assert note.alignment.wrap_text
    admitted = sheet.cell(row=3, column=FIELD_KEYS.index("en-admitted") + 1)
    assert admitted.value == "TAKAICHI Sanae\nTakaichi Sanae"
    guide = workbook["Columns"]
    assert [row[0] for row in guide.iter_rows(min_row=2, max_row=len(FIELD_KEYS) + 1, values_only=True)] == list(FIELD_KEYS)
    assert all(row[1] for row in guide.iter_rows(min_row=2, max_row=len(FIELD_KEYS) + 1, values_only=True))


def test_csv_opens_in_excel_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    write_spreadsheet(_sample(), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(FIELD_KEYS)
    assert rows[2][FIELD_KEYS.index("note")] == "'=not a formula\nsecond line"
    assert data.startswith(b'\xef\xbb\xbf"id","type",')  # every field quoted: see "Format quoted field as text"


def test_unedited_export_imports_as_no_change(tmp_path: Path) -> None:
    glossary = _sample()
    for name in ("g.xlsx", "g.csv"):
        write_spreadsheet(glossary, tmp_path / name)
        plan = plan_import(read_spreadsheet(tmp_path / name), glossary)
        assert plan.is_empty and plan.unchanged == 2


def _sheet_file(tmp_path: Path, rows: list[list[object]], name: str = "edit.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Glossary"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_every_problem_is_reported_by_cell(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "ja-reading", "holders"],
        ["ok-entry", "term", "Fine", None, None],
        ["Bad Id", "term", "X", None, None],
        ["ok-entry", "term", "Again", None, None],
        ["pm", "title", "Prime Minister", None, "nobody from 2025-13-01"],
        ["takaichi", "person", "=1+2", "takaichi", None],
        ["no-form", "gadget", None, None, None],
    ])
    with pytest.raises(InputError) as caught:
        plan_import(read_spreadsheet(path), Glossary())
    assert [str(p) for p in caught.value.problems] == [
        "edit.xlsx!C6: a formula (=1+2); type the value itself",
        "edit.xlsx!A3: id 'Bad Id' must be lower-case letters, digits and single hyphens, at most 80 characters (e.g. sanae-takaichi)",
        "edit.xlsx!A4: id 'ok-entry' is also on row 2",
        "edit.xlsx!E5: holder 'nobody from 2025-13-01': '2025-13-01' is not a date of the form YYYY-MM-DD",
        "edit.xlsx!D6: reading 'takaichi' must be written in kana",
        "edit.xlsx!B7: type is 'gadget': use one of person, title, organisation, place, term",
        "edit.xlsx!C7: an entry needs a preferred form in at least one locale",
    ]


def test_formula_cells_unknown_columns_and_dates_are_refused(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [["id", "type", "en", "colour"], ["x", "term", "=CONCAT(\"a\",\"b\")", "red"]])
    with pytest.raises(InputError) as caught:
        read_spreadsheet(path)
    assert [str(p) for p in caught.value.problems] == [
        "edit.xlsx!D1: unknown column 'colour'; the columns are listed on the 'Columns' sheet and in docs/glossary.md",
    ]
    path = _sheet_file(tmp_path, [["id", "type", "en"], ["x", "term", "=CONCAT(\"a\",\"b\")"]])
    with pytest.raises(InputError, match=r"edit.xlsx!C2: a formula \(=CONCAT"):
        plan_import(read_spreadsheet(path), Glossary())


def test_missing_columns_keep_their_values(tmp_path: Path) -> None:
    glossary = _sample()
    path = _sheet_file(tmp_path, [["id", "type", "status"], ["sanae-takaichi", "person", "draft"]])
    plan = plan_import(read_spreadsheet(path), glossary)
    [(old, new)] = plan.changed
    assert new.status == "draft" and new.form("ja").preferred == "高市早苗" and new.note == old.note
    assert plan.removed == []


def test_prune_removes_absent_rows_and_retires_their_ids(tmp_path: Path) -> None:
    glossary = _sample()
    path = _sheet_file(tmp_path, [["id", "type", "en"], ["sanae-takaichi", "person", "Sanae Takaichi"]])
    plan = plan_import(read_spreadsheet(path), glossary, prune=True)
    assert [entry.id for entry in plan.removed] == ["prime-minister-japan"]
    plan.apply(glossary)
    assert "prime-minister-japan" in glossary.retired


def test_pruning_a_holder_is_refused(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [["id", "type", "en", "holders"], ["prime-minister-japan", "title", "PM", "sanae-takaichi"]])
    with pytest.raises(InputError, match="holder 'sanae-takaichi' is not an entry of the glossary"):
        plan_import(read_spreadsheet(path), _sample(), prune=True)


def test_retired_ids_are_not_reused(tmp_path: Path) -> None:
    glossary = _sample()
    glossary.retired.add("old-entry")
    path = _sheet_file(tmp_path, [["id", "type", "en"], ["old-entry", "term", "Old"]])
    with pytest.raises(InputError, match="edit.xlsx!A2: id 'old-entry' belonged to a removed entry"):
        plan_import(read_spreadsheet(path), glossary)


def test_numbers_typed_into_cells_are_read_as_text(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [["id", "type", "en", "note"], ["year-1989", "term", 1989, 2.5]])
    [entry] = plan_import(read_spreadsheet(path), Glossary()).added
    assert (entry.form("en").preferred, entry.note) == ("1989", "2.5")


# --- what LibreOffice and Excel change ------------------------------------------------------


def test_csv_guards_kept_as_text_in_an_xlsx_are_removed(tmp_path: Path) -> None:
    """A CSV opened in LibreOffice and saved as XLSX keeps the guards as text."""
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "ja", "zh-Hans", "note", "source"],
        ["x", "term", "'-5 percent", "'@handle", "''@handle", "'\tindented\n'=SUM(A1)", "'=SUM(A1:A3)"],
        ["y", "term", "'tis", "'90s", "''tis", "'", None],
    ])
    x, y = plan_import(read_spreadsheet(path), Glossary()).added
    assert (x.form("en").preferred, x.form("ja").preferred, x.form("zh-Hans").preferred, x.note, x.source) == (
        "-5 percent", "@handle", "'@handle", "\tindented\n'=SUM(A1)", "=SUM(A1:A3)")
    assert (y.form("en").preferred, y.form("ja").preferred, y.form("zh-Hans").preferred, y.note) == (
        "'tis", "'90s", "''tis", "'")


def test_a_value_that_looks_guarded_is_escaped_in_the_xlsx(tmp_path: Path) -> None:
    glossary = Glossary()
    glossary.add(build_entry({"id": "x", "type": "term", "en": "'@handle", "ja": "'tis", "note": "=1+2"}))
    path = tmp_path / "g.xlsx"
    write_spreadsheet(glossary, path)
    sheet = openpyxl.load_workbook(path)["Glossary"]
    assert [sheet[f"{letter}2"].value for letter in ("D", "I", "AA")] == ["''@handle", "'tis", "=1+2"]
    assert plan_import(read_spreadsheet(path), glossary).unchanged == 1


@pytest.mark.parametrize(
    ("value", "number_format", "shown", "described"),
    [
        (42, "General", "42", "the number 42"),
        (1989.0, "General", "1989", "the number 1989"),
        (2.5, "General", "2.5", "the number 2.5"),
        (0.1 + 0.2, "General", "0.3", "the number 0.3"),
        (1.5, "0", None, "the number 1.5"),
        (0.5, "0.00%", None, "the number 0.5 (format 0.00%)"),
        (100000, "0.00E+00", None, "the number 100000 (format 0.00E+00)"),
        (1.23456789012346e18, "General", None, "the number 1.23456789012346e+18"),
        (True, '"TRUE";"TRUE";"FALSE"', "TRUE", "the truth value TRUE"),
        (datetime(2025, 10, 21), "yyyy\\-mm\\-dd", "2025-10-21", "the date 2025-10-21"),
        (datetime(2026, 3, 4), "mm/dd/yy", None, "the date 2026-03-04"),
        (datetime(2026, 3, 4, 9, 30), "yyyy-mm-dd hh:mm", None, "the date and time 2026-03-04 09:30:00"),
        (time(12, 30), "hh:mm:ss AM/PM", None, "the time 12:30:00"),
    ],
)
def test_a_typed_cell_shows_text_only_where_that_is_beyond_doubt(
    value: bool | float | datetime | time, number_format: str, shown: str | None, described: str
) -> None:
    typed = Typed(value, number_format)
    assert (typed.shown, typed.describe()) == (shown, described)


@pytest.mark.parametrize(
    ("value", "text", "matches"),
    [
        (42, "0042", True), (42, "42", True), (42, "042x", False), (7, "007", True), (1.5, "1.50", True),
        (1000, "1,000", True), (1000, "1E3", True), (100000, "1e5", True), (0.5, "50%", True), (5, "$5", True),
        (-5, "(5)", True), (-5, "-5", True), (81, "+81", True), (1.23456789012346e18, "1234567890123456789", True),
        (12, "１２", False), (1000, "1,00", False), (12, "12 monkeys", False),
        (True, "true", True), (False, "TRUE", False),
        (datetime(2025, 10, 21), "2025-10-21", True), (datetime(2026, 3, 4), "3/4", True),
        (datetime(2025, 3, 4), "3/4/2025", True), (datetime(2025, 3, 4), "4.3.25", True),
        (datetime(2025, 3, 4), "3/4/2024", False), (datetime(2025, 3, 4), "3/5", False),
        (date(2025, 3, 4), "2025/3/4", True), (datetime(2026, 3, 4, 9, 30), "2026-03-04 09:30", True),
        (time(12, 30), "12:30", True), (time(12, 30), "12:30 PM", True), (time(0, 30), "12:30 am", True),
        (time(12, 30), "12:31", False),
    ],
)
def test_a_typed_cell_matches_the_texts_an_application_reads_as_it(
    value: bool | float | date | time, text: str, matches: bool
) -> None:
    assert Typed(value).matches(text) is matches


def _numbers_glossary() -> Glossary:
    glossary = Glossary()
    for fields in (
        {"id": "0042", "type": "term", "en": "0042", "ja": "〇〇四二", "source": "3/4/2025"},
        {"id": "1989", "type": "term", "en": "1989", "note": "50%"},
        {"id": "1e5", "type": "term", "en": "1e5"},
    ):
        glossary.add(build_entry(fields))
    return glossary


def test_numbers_and_dates_get_the_glossary_text_back(tmp_path: Path) -> None:
    """What LibreOffice and Excel make of a CSV: 0042 is 42, 1e5 is 100000, 3/4/2025 a date."""
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "ja", "note", "source"],
        [42, "term", 42, "〇〇四二", None, datetime(2025, 3, 4)],
        [1989, "term", 1989, None, 0.5, None],
        [100000, "term", 100000, None, None, None],
    ])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Glossary"]
    sheet["F2"].number_format = "mm/dd/yy"
    sheet["E3"].number_format = "0.00%"
    for cell in ("A4", "C4"):
        sheet[cell].number_format = "0.00E+00"
    workbook.save(path)
    plan = plan_import(read_spreadsheet(path), _numbers_glossary())
    assert (plan.is_empty, plan.unchanged) == (True, 3)
    made = "which is what a spreadsheet application makes of it"
    assert list(describe_plan(plan)) == [
        f"= edit.xlsx!A2: kept id '0042': the cell holds the number 42, {made}",
        f"= edit.xlsx!C2: kept '0042': the cell holds the number 42, {made}",
        f"= edit.xlsx!F2: kept '3/4/2025': the cell holds the date 2025-03-04, {made}",
        f"= edit.xlsx!E3: kept '50%': the cell holds the number 0.5 (format 0.00%), {made}",
        f"= edit.xlsx!A4: kept id '1e5': the cell holds the number 100000 (format 0.00E+00), {made}",
        f"= edit.xlsx!C4: kept '1e5': the cell holds the number 100000 (format 0.00E+00), {made}",
    ]


def test_numbers_that_stand_for_no_glossary_text_keep_what_they_show(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [["id", "type", "en", "note"], [42, "term", 43, 2.5], ["2025-10-21", "term", True, None]])
    plan = plan_import(read_spreadsheet(path), _numbers_glossary())
    assert [(old.id, new.form("en").preferred, new.note) for old, new in plan.changed] == [("0042", "43", "2.5")]
    assert [(entry.id, entry.form("en").preferred) for entry in plan.added] == [("2025-10-21", "TRUE")]


def test_numbers_and_dates_in_doubt_are_reported_by_cell(tmp_path: Path) -> None:
    glossary = _numbers_glossary()
    glossary.add(build_entry({"id": "042", "type": "term", "en": "Forty-two"}))
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "note"],
        [42, "term", "Forty-two", None],
        ["new-entry", "term", datetime(2026, 3, 4), 0.25],
        [datetime(2026, 3, 4), "term", "X", None],
    ])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Glossary"]
    sheet["C3"].number_format = sheet["A4"].number_format = "mm/dd/yy"
    sheet["D3"].number_format = "0%"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        plan_import(read_spreadsheet(path), glossary)
    assert [str(p) for p in caught.value.problems] == [
        "edit.xlsx!A2: the cell holds the number 42, which could be id '0042' or '042'; format the column as Text "
        "and type the id again",
        "edit.xlsx!C3: the cell holds the date 2026-03-04, not text; format the column as Text and type the value again",
        "edit.xlsx!D3: the cell holds the number 0.25 (format 0%), not text; format the column as Text and type the "
        "value again",
        "edit.xlsx!A4: the cell holds the date 2026-03-04, not an id; format the column as Text and type the id again",
    ]


def _tabbed() -> Glossary:
    glossary = Glossary()
    glossary.add(build_entry({"id": "x", "type": "term", "en": "X", "note": "one\ttwo\n\tthree"}))
    glossary.add(build_entry({"id": "y", "type": "term", "en": "Y", "note": "a\tb"}))
    return glossary


def test_a_note_that_lost_only_its_tabs_keeps_them(tmp_path: Path) -> None:
    """LibreOffice drops every tab of a cell when the sheet goes through .ods."""
    path = _sheet_file(tmp_path, [["id", "type", "en", "note"], ["x", "term", "X", "onetwo\nthree"], ["y", "term", "Y", "a\tb"]])
    plan = plan_import(read_spreadsheet(path), _tabbed())
    assert (plan.is_empty, plan.unchanged) == (True, 2)
    assert list(describe_plan(plan)) == [
        "= edit.xlsx!D2: kept the note's 2 tabs: the cell has the same text without tabs, as LibreOffice leaves it "
        "after an .ods file",
    ]


def test_a_note_edited_after_losing_its_tabs_is_reported(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "note"],
        ["x", "term", "X", "one two\nthree"],  # lost its tabs and was edited: refused
        ["y", "term", "Y", None],  # emptied: an edit like any other
    ])
    with pytest.raises(InputError) as caught:
        plan_import(read_spreadsheet(path), _tabbed())
    assert [str(p) for p in caught.value.problems] == [
        "edit.xlsx!D2: the note lost its 2 tabs and was edited too; LibreOffice drops tabs when a sheet goes through "
        ".ods: put the tabs back in this cell, or first remove them from the glossary "
        "(translator glossary edit x --note ...)",
    ]
    path = _sheet_file(tmp_path, [["id", "type", "en", "note"], ["x", "term", "X", "one\ttwo!\n\tthree"], ["y", "term", "Y", None]])
    plan = plan_import(read_spreadsheet(path), _tabbed())
    assert [(new.id, new.note) for _, new in plan.changed] == [("x", "one\ttwo!\n\tthree"), ("y", "")]


def _cli_glossary(workspace: Workspace) -> bytes:
    with workspace.glossary.editing() as glossary:
        for entry in [*_numbers_glossary(), *_tabbed()]:
            glossary.add(entry)
    return (workspace.root / "glossary" / "glossary.toml").read_bytes()


def test_cli_import_lists_the_cells_it_kept_before_the_summary(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    before = _cli_glossary(workspace)
    path = _sheet_file(tmp_path, [["id", "type", "en", "note"], [42, "term", "0042", None], ["x", "term", "X", "onetwo\nthree"]])
    for options, verb in ((["--dry-run"], "Would import"), ([], "Imported")):
        result = run("glossary", "import", str(path), *options)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == (
            f"= {path}!A2: kept id '0042': the cell holds the number 42, which is what a spreadsheet application "
            "makes of it\n"
            f"= {path}!D3: kept the note's 2 tabs: the cell has the same text without tabs, as LibreOffice leaves it "
            "after an .ods file\n"
            f"{verb} {path}: 0 added, 0 changed, 0 removed, 2 unchanged\n"
        )
    assert (workspace.root / "glossary" / "glossary.toml").read_bytes() == before


def test_cli_import_refuses_cells_in_doubt_and_changes_nothing(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    before = _cli_glossary(workspace)
    path = _sheet_file(tmp_path, [
        ["id", "type", "en", "note"],
        ["x", "term", "X!", "one two\nthree"],
        ["new-entry", "term", datetime(2026, 3, 4), None],
    ])
    result = run("glossary", "import", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}!D2: the note lost its 2 tabs and was edited too; LibreOffice drops tabs when a sheet goes "
        "through .ods: put the tabs back in this cell, or first remove them from the glossary "
        "(translator glossary edit x --note ...)\n"
        f"Error: {path}!C3: the cell holds the date 2026-03-04, not text; format the column as Text "
        "and type the value again\n"
    )
    assert (workspace.root / "glossary" / "glossary.toml").read_bytes() == before


def test_malformed_csv_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('id,type,en\nx,term,"unterminated\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"g.csv:\d+: malformed CSV"):
        read_spreadsheet(path)
    path.write_bytes(b"id,type,en\nx,term,\xff\n")
    with pytest.raises(InputError, match="g.csv:2: not UTF-8 text"):
        read_spreadsheet(path)


def test_wrong_extension_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_spreadsheet(Glossary(), tmp_path / "g.ods")
    with pytest.raises(UsageError):
        read_spreadsheet(tmp_path / "g.txt")


# --- hostile files ---------------------------------------------------------------------------


def _rezip(source: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return out.getvalue()


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    clean = xlsx_bytes(_sample())
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        strings = archive.read("xl/worksheets/sheet1.xml")
    body = strings.split(b"?>", 1)[-1]
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' + body
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_rezip(clean, {"xl/worksheets/sheet1.xml": bomb}))
    with pytest.raises(InputError, match="bomb.xlsx: xl/worksheets/sheet1.xml: a DTD or entity declaration"):
        read_spreadsheet(path)


def test_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "zipbomb.xlsx"
    path.write_bytes(_rezip(xlsx_bytes(_sample()), {}, {"xl/media/padding.bin": b"\0" * 60_000_000}))
    with pytest.raises(InputError, match="possible zip bomb"):
        read_spreadsheet(path)


def test_a_declared_size_far_beyond_the_data_costs_nothing(tmp_path: Path) -> None:
    """The declared dimension is never used: rows are read as they are, unpadded."""
    clean = xlsx_bytes(_sample())
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    huge = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    path = tmp_path / "huge.xlsx"
    path.write_bytes(_rezip(clean, {"xl/worksheets/sheet1.xml": huge}))
    assert plan_import(read_spreadsheet(path), Glossary()).added == list(_sample())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,type\nx,term\n", "not an XLSX file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy .xls"),
        (b"PK\x03\x04broken", "not a readable XLSX file"),
        (b"", "not an XLSX file"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_spreadsheet(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not an XLSX workbook"):
        read_spreadsheet(path)


def test_headers_accept_any_locale_spelling_and_name_bad_locales(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path, [["id", "type", "en_GB", "zh_TW", "zh-HK-admitted", "ja_JP-reading"],
                                  ["p", "person", "P", "臺", "台", "ぴー"]])
    [entry] = plan_import(read_spreadsheet(path), Glossary()).added
    assert (entry.form("zh-Hant").preferred, entry.form("zh-Hant").admitted, entry.reading) == ("臺", ("台",), "ぴー")
    path = _sheet_file(tmp_path, [["id", "type", "ko", "xx-admitted", "en-reading", "en", "en"]])
    with pytest.raises(InputError) as caught:
        read_spreadsheet(path)
    assert [str(p) for p in caught.value.problems] == [
        "edit.xlsx!C1: column 'ko': unsupported locale 'ko': use one of en, ja, zh-Hans, zh-Hant (BCP 47 such as zh-Hant or ja-JP, or POSIX such as zh_TW)",
        "edit.xlsx!D1: column 'xx-admitted': unknown locale 'xx': use one of en, ja, zh-Hans, zh-Hant (BCP 47 such as zh-Hant or ja-JP, or POSIX such as zh_TW)",
        "edit.xlsx!E1: unknown column 'en-reading'; did you mean 'ja-reading'? The columns are listed on the 'Columns' sheet and in docs/glossary.md",
        "edit.xlsx!G1: column 'en' appears twice (also F1)",
    ]


def test_a_number_in_a_new_row_is_read_as_shown_and_said_so(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from translator.cli import cli
    from translator.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws", "en", ("ja",))
    sheet_path = tmp_path / "g.xlsx"
    assert CliRunner().invoke(cli, ["-w", str(workspace.root), "glossary", "export", str(sheet_path)]).exit_code == 0
    book = load_workbook(sheet_path)
    sheet = book["Glossary"]
    header = [cell.value for cell in sheet[1]]
    row = [None] * len(header)
    row[header.index("id")], row[header.index("type")], row[header.index("en")] = 43, "term", "Code 43"
    sheet.append(row)
    book.save(sheet_path)
    result = CliRunner().invoke(cli, ["-w", str(workspace.root), "glossary", "import", str(sheet_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(f"= {sheet_path}!A2: read as '43': the cell holds the number 43; ")
    assert "+ 43 (term)" in result.output


@pytest.mark.parametrize("text", ["x005F_abc", "a_x005F_b", "_x005F_", "_x005F_x0041_", "_x0041_", "_X005f_ stays",
                                  "_x005f_x000D_", "__x0041__", "x005F_x005F_"])
def test_text_that_reads_as_an_xlsx_escape_comes_back_as_it_was(tmp_path: Path, text: str) -> None:
    """The export escapes it (XlsxWriter: `_x0041_` is written `_x005F_x0041_`); the import undoes
    exactly that, where openpyxl takes out every "x005F_" of a shared string."""
    glossary = Glossary()
    glossary.add(build_entry({"id": "code", "type": "term", "en": f"Code {text}", "note": text}))
    assert _round_trip(glossary, tmp_path / "g.xlsx").entries == glossary.entries
