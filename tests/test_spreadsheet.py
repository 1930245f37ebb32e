"""The editors' spreadsheet: round trips, formula safety, cell-addressed errors, hostile files."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from translator.errors import InputError, UsageError
from translator.glossary import FIELD_KEYS, Glossary, build_entry
from translator.spreadsheet import (
    FORMULA_TRIGGERS,
    escape_csv,
    plan_import,
    read_spreadsheet,
    unescape_csv,
    write_spreadsheet,
    xlsx_bytes,
)
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


@pytest.mark.parametrize("value", ["=1+2", "+81", "-x", "@sum", "\tTab", "\rCR", "'quote", "plain", ""])
def test_csv_escape_is_reversible_and_neutral(value: str) -> None:
    escaped = escape_csv(value)
    assert unescape_csv(escaped) == value
    assert not escaped.startswith(FORMULA_TRIGGERS)


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


def test_unedited_export_imports_as_no_change(tmp_path: Path) -> None:
    glossary = _sample()
    for name in ("g.xlsx", "g.csv"):
        write_spreadsheet(glossary, tmp_path / name)
        plan = plan_import(read_spreadsheet(tmp_path / name), glossary)
        assert plan.is_empty and plan.unchanged == 2


def _sheet_file(tmp_path: Path, rows: list[list[object]], name: str = "edit.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
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
        "edit.xlsx!D1: unknown column 'colour'; the columns are listed on the 'Columns' sheet and in README.md",
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
    with pytest.raises(InputError, match="declares a DTD or entities"):
        read_spreadsheet(path)


def test_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "zipbomb.xlsx"
    path.write_bytes(_rezip(xlsx_bytes(_sample()), {}, {"xl/media/padding.bin": b"\0" * 60_000_000}))
    with pytest.raises(InputError, match="possible zip bomb"):
        read_spreadsheet(path)


def test_declared_size_far_beyond_the_data_is_refused(tmp_path: Path) -> None:
    clean = xlsx_bytes(_sample())
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    huge = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    path = tmp_path / "huge.xlsx"
    path.write_bytes(_rezip(clean, {"xl/worksheets/sheet1.xml": huge}))
    with pytest.raises(InputError, match="declares 1,048,576 rows x 16,384 columns"):
        read_spreadsheet(path)


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
        "edit.xlsx!E1: unknown column 'en-reading'; the columns are listed on the 'Columns' sheet and in README.md",
        "edit.xlsx!G1: column 'en' appears twice (also F1)",
    ]
