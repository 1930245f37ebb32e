"""The editors' spreadsheet: the glossary as XLSX or CSV, out and back in.

One row per entry and one column per field (the same names as the glossary file). Several
values in one cell go one per line. This module alone imports openpyxl, which reads every
workbook, and XlsxWriter, which writes the export (see `xlsx_bytes`); openpyxl parses XML
through defusedxml when it is installed (it is a dependency), and every XLSX is checked as a ZIP
container before openpyxl sees it, so hostile files are refused before they cost time or memory.

Editors round-trip the sheet through LibreOffice and Excel, which read `0042` as the number 42,
keep CSV guards as literal apostrophes and drop tabs on the way through .ods; import undoes
what can be undone without doubt and reports every other such cell before anything changes.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import math
import re
import time as _time
import xml.parsers.expat
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from translator.errors import InputError, Problem, UsageError
from translator.files import write_atomic
from translator.glossary import (
    FIELD_KEYS,
    FIELD_KIND,
    FIELDS,
    ROMANIZATIONS,
    STATUSES,
    TYPES,
    Entry,
    Glossary,
    entry_fields,
    entry_from_fields,
)
from translator.language.locales import normalize_locale

SHEET_TITLE = "Glossary"
HELP_TITLE = "Columns"
FORMATS = (".xlsx", ".csv")

# Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's
# CSV-injection list). In XLSX such values are stored as typed strings; in CSV they get a
# leading apostrophe (the guard), which import removes again, from CSV and XLSX alike: a CSV
# opened in LibreOffice and saved as XLSX keeps the apostrophe as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Limits that keep a hostile file from costing time or memory.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000
MAX_ROWS = 1_000_000


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_texts(entry: Entry) -> list[str]:
    """The entry's row: one string per column, lists one value per line."""
    fields = entry_fields(entry)
    row = []
    for key in FIELD_KEYS:
        value = fields.get(key, "")
        row.append("\n".join(value) if isinstance(value, tuple) else value)
    return row


# --- writing --------------------------------------------------------------------------------


def write_spreadsheet(glossary: Glossary, path: Path, root: Path | None = None) -> None:
    """Export the whole glossary to `path`, an .xlsx or .csv file, atomically (never outside
    `root` through a symbolic link)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_atomic(path, xlsx_bytes(glossary), root)
    elif suffix == ".csv":
        stream = io.StringIO(newline="")
        write_csv(glossary, stream, quote_all=True)
        write_atomic(path, stream.getvalue().encode("utf-8-sig"), root)
    else:
        raise UsageError(f"cannot export to '{path.name}': the file name must end in .xlsx or .csv")


def _looks_guarded(value: str) -> bool:
    """True for apostrophes followed by a formula trigger: what a guard looks like."""
    return value.lstrip("'").startswith(FORMULA_TRIGGERS)


def escape_csv(value: str) -> str:
    """Neutralise a formula-like CSV value; `remove_guard` gives it back.

    Values that look guarded already (`'=x`) get one more apostrophe, so a guard is never
    ambiguous; any other apostrophe (`'tis`, `'90s`) is text and left alone.
    """
    return "'" + value if _looks_guarded(value) else value


def escape_xlsx(value: str) -> str:
    """A value as an XLSX cell holds it: typed strings need no guard, except against a misreading."""
    return "'" + value if value.startswith("'") and _looks_guarded(value) else value


def remove_guard(value: str) -> str:
    """Undo `escape_csv` or `escape_xlsx`: one apostrophe before a formula trigger goes."""
    return value[1:] if value.startswith("'") and _looks_guarded(value) else value


def write_csv(glossary: Iterable[Entry], stream: IO[str], *, quote_all: bool = False) -> None:
    """CSV with a header row; Excel-compatible quoting and CRLF rows (the caller adds a BOM).

    `quote_all` quotes every field, so LibreOffice's "Format quoted field as text" keeps `0042`,
    `2025-10-21` and `50%` as text.
    """
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(FIELD_KEYS)
    for entry in glossary:
        writer.writerow([escape_csv(text) for text in cell_texts(entry)])


def xlsx_bytes(glossary: Glossary) -> bytes:
    """The glossary as an XLSX workbook: a data sheet and a sheet that explains every column.

    Written with XlsxWriter, which writes a workbook a row at a time from plain values: a
    100,000-entry glossary in a quarter of openpyxl's time, whose cells are objects each with
    its own style looked up by hashing (openpyxl still reads every workbook)."""
    import xlsxwriter

    buffer = io.BytesIO()
    # Every cell is written with write_string: nothing is taken for a number, formula or link.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(SHEET_TITLE)
    bold = workbook.add_format({"bold": True})
    # Text format: LibreOffice and Excel keep 0042 as typed; a quote prefix keeps a value that
    # begins like a formula text when the cell is edited in Excel.
    styles = {(wrap, quoted): workbook.add_format({"num_format": "@", "valign": "top", "text_wrap": wrap,
                                                   "quote_prefix": quoted})
              for wrap in (False, True) for quoted in (False, True)}
    widths = [len(key) + 4 for key in FIELD_KEYS]  # room for the filter button
    for column, key in enumerate(FIELD_KEYS):
        sheet.write_string(0, column, key, bold)
    row_number = 0
    for row_number, entry in enumerate(glossary, start=1):
        for column, text in enumerate(cell_texts(entry)):
            if not text:
                continue
            sheet.write_string(row_number, column, escape_xlsx(text),
                               styles["\n" in text, text.startswith(FORMULA_TRIGGERS)])
            if widths[column] < _WIDEST and 2 * len(text) + 2 > widths[column]:  # (else it would be no wider)
                widths[column] = max(widths[column], _shown_width(text) + 2)
    last_row = max(row_number + 1, 2)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, last_row - 1, len(FIELD_KEYS) - 1)
    text_columns = workbook.add_format({"num_format": "@"})  # cells typed into new rows are text too
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width, _WIDEST), text_columns)
    for key, choices in (("type", TYPES), ("status", STATUSES), ("romanization", ROMANIZATIONS)):
        column = FIELD_KEYS.index(key)
        sheet.data_validation(1, column, max(last_row, 1000) - 1, column, {
            "validate": "list", "source": list(choices), "ignore_blank": True, "show_error": True,
            "error_title": f"Unknown {key}", "error_message": f"Choose one of: {', '.join(choices)}"})

    guide = workbook.add_worksheet(HELP_TITLE)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, heading in enumerate(("column", "meaning", "example")):
        guide.write_string(0, column, heading, bold)
    for row_number, spec in enumerate(FIELDS, start=1):
        for column, text in enumerate((spec.key, spec.meaning, spec.example)):
            guide.write_string(row_number, column, text, wrap)
    for offset, text in enumerate(("Several values in one cell: one per line (Alt+Enter in Excel, Ctrl+Enter in "
                                   "LibreOffice).", "Import with: translator glossary import FILE (add --dry-run "
                                   "to preview, --prune to delete rows you removed)."), start=len(FIELDS) + 2):
        guide.write_string(offset, 1, text)
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 90)
    guide.set_column(2, 2, 36)
    guide.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


_WIDEST = 60  # the widest a column is made, in characters


def _shown_width(text: str) -> int:
    """The columns the widest line of a cell takes on screen (wide characters count two)."""
    lines = text.split("\n")
    if text.isascii():  # (a glossary's text has no control characters but tabs: one column each)
        return max(map(len, lines))
    from wcwidth import wcswidth

    return max(width if (width := wcswidth(line)) >= 0 else len(line) for line in lines)


# --- cells that are not text ---------------------------------------------------------------

# Formats under which a number shows as its plain digits (openpyxl's and LibreOffice's spelling).
_PLAIN_FORMATS = frozenset({"general", "@", "0"})
_ISO_DATE_FORMATS = frozenset({"yyyy-mm-dd", "yyyy-mm-dd;@"})
# Numbers as LibreOffice and Excel read them in an English locale: 1,000  1.50  1e5  .5
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?", re.ASCII)
_CURRENCIES = ("$", "€", "£", "¥")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", re.ASCII)
_SHORT_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?", re.ASCII)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", re.ASCII)


@dataclass(frozen=True, slots=True)
class Typed:
    """A cell a spreadsheet application stored as a number, date, time or truth value, not text.

    LibreOffice and Excel make `0042` the number 42 and `3/4` a date when they open a CSV; the
    glossary holds only text, so import needs to know which cells were changed so.
    """

    value: bool | int | float | date | time | timedelta  # a datetime is a date
    number_format: str = "General"

    @property
    def shown(self) -> str | None:
        """The text the cell shows, where that does not depend on the format or the locale."""
        value, form = self.value, self.number_format.replace("\\", "").lower()
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            if form not in _PLAIN_FORMATS:
                return None
            if isinstance(value, int) or value.is_integer():
                return str(int(value)) if abs(value) < 1e15 else None  # beyond, digits are lost
            text = f"{value:.15g}"
            return None if form == "0" or "e" in text else text
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == time() and form in _ISO_DATE_FORMATS else None
        if isinstance(value, date):
            return value.isoformat() if form in _ISO_DATE_FORMATS else None
        return None

    def describe(self) -> str:
        value = self.value
        if isinstance(value, bool):
            return f"the truth value {self.shown}"
        if isinstance(value, (int, float)):
            number = str(value) if isinstance(value, int) else f"{value:.15g}"
            plain = self.number_format.lower() in _PLAIN_FORMATS
            return f"the number {number}" + ("" if plain else f" (format {self.number_format})")
        if isinstance(value, datetime):
            if value.time() == time():
                return f"the date {value.date().isoformat()}"
            return f"the date and time {value.isoformat(sep=' ')}"
        if isinstance(value, date):
            return f"the date {value.isoformat()}"
        if isinstance(value, time):
            return f"the time {value.isoformat()}"
        return f"the duration {value}"

    def matches(self, text: str) -> bool:
        """True when a spreadsheet application that reads `text` stores this value."""
        value, text = self.value, text.strip()
        if isinstance(value, bool):
            return text.upper() == self.shown
        if isinstance(value, (int, float)):
            number = _number(text)
            return number is not None and math.isclose(number, value, rel_tol=1e-14)  # 15 digits kept
        if isinstance(value, datetime):
            if value.time() == time():
                return _is_date(text, value.date())
            day, _, clock = text.replace("T", " ", 1).partition(" ")
            return _is_date(day, value.date()) and _is_time(clock.strip(), value.time())
        if isinstance(value, date):
            return _is_date(text, value)
        if isinstance(value, time):
            return _is_time(text, value)
        return False


def _number(text: str) -> float | None:
    """The number a spreadsheet application reads in `text` (English locale), or None."""
    negative = text.startswith("(") and text.endswith(")")  # accounting style: (5) is -5
    if negative:
        text = text[1:-1].strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    sign = text[0] if text.startswith(("+", "-")) else ""
    text = text[len(sign):]
    if text.startswith(_CURRENCIES):
        text = text[1:]
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text.replace(",", "")) * (-1 if negative or sign == "-" else 1)
    return number / 100 if percent else number


def _is_date(text: str, day: date) -> bool:
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        return (int(iso[1]), int(iso[2]), int(iso[3])) == (day.year, day.month, day.day)
    short = _SHORT_DATE.fullmatch(text)  # 3/4, 4.3.2026: month and day in either order
    if not short or (int(short[1]), int(short[2])) not in ((day.month, day.day), (day.day, day.month)):
        return False
    return short[3] is None or int(short[3]) in (day.year, day.year % 100)


def _is_time(text: str, moment: time) -> bool:
    clock = _CLOCK.fullmatch(text)
    if not clock:
        return False
    hour = int(clock[1])
    if clock[4]:
        if not 1 <= hour <= 12:
            return False
        hour = hour % 12 + (12 if clock[4].lower() == "pm" else 0)
    return (hour, int(clock[2]), int(clock[3] or 0)) == (moment.hour, moment.minute, moment.second)


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One data row as read: its number, the cell of each column, the texts (guards removed) and
    the cells a spreadsheet application stored as numbers, dates or truth values."""

    number: int
    values: dict[str, str]
    columns: Mapping[str, str]  # field key -> column letter
    typed: Mapping[str, Typed] = field(default_factory=dict)  # their texts in `values` are a best guess

    def cell(self, key: str) -> str:
        return f"{self.columns.get(key, 'A')}{self.number}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """What a spreadsheet file holds, before it is checked against the glossary."""

    name: str
    columns: dict[str, str]
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...] = ()  # cells unusable as they stand (formulas)


def read_spreadsheet(path: Path, shown: str | None = None) -> Sheet:
    """Read an .xlsx or .csv glossary sheet; InputError with every cell that is wrong.

    Rows are streamed and bounded by what they hold (columns used, cells, time), so a hostile
    file is refused at its first offending cell, before the rest of it is read.
    """
    shown = shown or path.name
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"cannot import '{path.name}': the file name must end in .xlsx or .csv")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", file=shown) from None
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB", file=shown)
    if suffix == ".csv":
        return _read_csv(path.read_bytes(), shown)
    return _read_xlsx(path, shown)


_LOCALE_SUFFIXES = ("-admitted", "-forbidden", "-family", "-given", "-reading", "")


def _suggestion(name: str) -> str | None:
    """The column a near-miss header most likely meant (`ID` -> `id`, `tpye` -> `type`)."""
    folded = {key.lower(): key for key in FIELD_KEYS}
    if name.lower() in folded:
        return folded[name.lower()]
    close = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.7)
    return folded[close[0]] if close else None


def _column_key(name: str) -> str:
    """The field a header names, accepting any locale spelling (`zh_TW-admitted`)."""
    try:
        return _locale_column_key(name)
    except UsageError:
        suggestion = _suggestion(name)
        if suggestion is not None and suggestion.lower() == name.lower():
            # `ID` is Indonesian to a locale parser, but here it is the id column in capitals
            raise UsageError(f"unknown column '{name}'; did you mean '{suggestion}'? (column names are lower case)") from None
        raise


def _locale_column_key(name: str) -> str:
    if name in FIELD_KIND:
        return name
    for suffix in _LOCALE_SUFFIXES:
        locale = name.removesuffix(suffix) if suffix else name
        if not locale or (suffix and locale == name):
            continue
        try:
            key = normalize_locale(locale) + suffix
        except UsageError as error:
            if suffix or not error.problems[0].message.startswith("invalid locale"):
                raise UsageError(f"column '{name}': {error}") from None
            break  # not a locale at all: an unknown column
        suggestion = _suggestion(name)
        if not suffix and suggestion not in (None, key) and key.lower() != name.lower().replace("_", "-"):
            break  # `en-admited` parses as English with a variant; it is a misspelt column
        if key in FIELD_KIND:
            return key
        break
    suggestion = _suggestion(name)
    hint = f"; did you mean '{suggestion}'? The" if suggestion is not None else "; the"
    raise UsageError(f"unknown column '{name}'{hint} columns are listed on the '{HELP_TITLE}' sheet and in docs/glossary.md")


def _header(names: Sequence[str], shown: str) -> dict[str, str]:
    problems = []
    columns: dict[str, str] = {}
    for index, raw in enumerate(names, start=1):
        letter = column_letter(index)
        if not raw.strip():
            continue
        try:
            name = _column_key(raw.strip())
        except UsageError as error:
            problems.append(Problem(str(error), shown, cell=f"{letter}1"))
            continue
        if name in columns:
            problems.append(Problem(f"column '{name}' appears twice (also {columns[name]}1)", shown, cell=f"{letter}1"))
        else:
            columns[name] = letter
    for required in ("id", "type"):
        if required not in columns and not problems:
            problems.append(Problem(f"the header row has no '{required}' column", shown, cell="A1"))
    if problems:
        raise InputError(problems=problems)
    return columns


def _text(cell: str | Typed) -> str:
    if isinstance(cell, str):
        return cell
    shown = cell.shown
    return shown if shown is not None else _cell_text(cell.value)


# What a sheet's rows may actually hold. The glossary's fields fit in a few dozen columns; these
# bounds are far above any real glossary and far below what would cost minutes or gigabytes.
MAX_COLUMNS = 1024
MAX_CELLS = 5_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_CELL_PARTS = 10_000  # XML elements inside one cell (rich-text runs and their properties)
MAX_DEPTH = 64  # nesting of XML elements in a worksheet
MAX_SECONDS = 60.0
MAX_PROBLEMS = 200  # cells reported before reading stops

SparseRow = tuple[int, list[tuple[int, "str | Typed"]]]  # row number, (column number, cell) in column order


class _Bounds:
    """Counts what the rows hold as they stream in; refuses at the first cell beyond a bound."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.cells = 0
        self.deadline = _time.monotonic() + MAX_SECONDS

    def refuse(self, message: str, row: int, column: int = 1) -> InputError:
        return InputError(message, file=self.shown, cell=f"{column_letter(max(column, 1))}{max(row, 1)}")

    def row(self, number: int, previous: int) -> None:
        if number > MAX_ROWS:
            raise self.refuse(f"row {number:,}; a glossary sheet has at most {MAX_ROWS:,} rows, so the file is refused", number)
        if number <= previous:
            raise self.refuse(f"row {number} comes after row {previous}; the worksheet's rows are out of order "
                              "(open and save the file again)", number)

    def cell(self, row: int, column: int, previous: int) -> None:
        if column > MAX_COLUMNS:
            raise self.refuse(
                f"a cell in column {column_letter(column)}; a glossary sheet has at most {MAX_COLUMNS:,} columns "
                f"(its fields fit in A:{column_letter(len(FIELD_KEYS))}), so the file is refused", row, column)
        if column <= previous:
            raise self.refuse(f"cell {column_letter(column)}{row} comes after {column_letter(previous)}{row}; the "
                              "worksheet's cells are out of order (open and save the file again)", row, column)
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self.refuse(f"more than {MAX_CELLS:,} cells; a glossary sheet holds fewer, so the file is refused",
                              row, column)
        self.tick(row, column)

    def tick(self, row: int, column: int = 1) -> None:
        if _time.monotonic() > self.deadline:
            raise self.refuse(f"reading took more than {MAX_SECONDS:.0f} s and stopped here; the sheet holds more "
                              "than a glossary can", row, column)


def _assemble(shown: str, rows: Iterator[SparseRow], problems: list[Problem]) -> Sheet:
    """The header, the data rows and a problem for every value in a column without a header."""
    first = next(rows, None)
    while first is not None and not any(_text(cell).strip() for _, cell in first[1]):
        first = next(rows, None)
    if first is None or first[0] != 1:
        raise InputError("the first row must be the header row (id, type, ...)", file=shown, cell="A1")
    names = [""] * (first[1][-1][0] if first[1] else 0)
    for column, cell in first[1]:
        names[column - 1] = _text(cell)
    columns = _header(names, shown)
    keys = {letter: key for key, letter in columns.items()}
    result = []
    for number, cells in rows:
        values = dict.fromkeys(columns, "")
        typed: dict[str, Typed] = {}
        for column, cell in cells:
            letter = column_letter(column)
            key = keys.get(letter)
            text = _text(cell)
            if key is None:
                if text.strip():
                    problems.append(Problem(
                        f"a value in column {letter}, which has no header; name the column (see the "
                        f"'{HELP_TITLE}' sheet) or clear the cell", shown, cell=f"{letter}{number}"))
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append(Problem(f"stopped after {MAX_PROBLEMS} problems; fix these first", shown,
                                                cell=f"{letter}{number}"))
                        raise InputError(problems=problems)
                continue
            values[key] = text
            if isinstance(cell, Typed):
                typed[key] = cell
        if any(text.strip() for text in values.values()):
            result.append(Row(number, values, columns, typed))
    return Sheet(shown, columns, tuple(result), tuple(problems))


def _read_csv(data: bytes, shown: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text; save the CSV as 'CSV UTF-8'", file=shown, line=line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("contains a NUL byte; this is not a CSV text file", file=shown, line=line)
    if text.count(",") >= MAX_CELLS:  # every comma may start a cell: refuse before csv makes them
        comma = next(itertools.islice(re.finditer(",", text), MAX_CELLS - 1, None))
        line = text[: comma.start()].count("\n") + 1
        raise InputError(f"more than {MAX_CELLS:,} cells; a glossary sheet holds fewer, so the file is refused",
                         file=shown, line=line)
    return _assemble(shown, _csv_rows(text, shown), [])


def _csv_rows(text: str, shown: str) -> Iterator[SparseRow]:
    bounds = _Bounds(shown)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for number, record in enumerate(reader, start=1):
            bounds.row(number, number - 1)
            if len(record) > MAX_COLUMNS:
                bounds.cell(number, MAX_COLUMNS + 1, 0)
            cells: list[tuple[int, str | Typed]] = []
            for column, value in enumerate(record, start=1):
                if value:
                    bounds.cell(number, column, column - 1)
                    cells.append((column, remove_guard(value)))
            bounds.tick(number)
            yield number, cells
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", file=shown, line=reader.line_num) from None


class _Prolog(Exception):
    """Raised from expat's callbacks: the root element has started, or a DTD was found."""


def _refuse_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str) -> None:
    """Refuse an XML part that declares a DTD or entities (XLSX never does); only the prolog is read."""
    parser = xml.parsers.expat.ParserCreate()

    def found(*_: object) -> None:
        raise _Prolog("dtd")

    def root(*_: object) -> None:
        raise _Prolog("root")

    parser.StartDoctypeDeclHandler = found
    parser.EntityDeclHandler = found
    parser.StartElementHandler = root
    with archive.open(member) as part:
        try:
            while chunk := part.read(65536):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Prolog as stop:
            if str(stop) == "dtd":
                raise InputError(
                    f"{member.filename}: a DTD or entity declaration (line {parser.CurrentLineNumber}); an XLSX "
                    "never needs one, so the file is refused (a possible XML entity attack)", file=shown) from None
        except xml.parsers.expat.ExpatError as error:
            raise InputError(f"{member.filename}: not well-formed XML ({error})", file=shown) from None


def _check_container(path: Path, shown: str) -> None:
    """Refuse what is not an XLSX workbook, or a ZIP that would expand beyond reason."""
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "this is a legacy .xls or a password-protected workbook; save it as an unprotected .xlsx", file=shown
        )
    if not magic.startswith(b"PK"):
        raise InputError("not an XLSX file (an XLSX is a ZIP archive; this is not one)", file=shown)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise InputError(f"not a readable XLSX file: {error}", file=shown) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputError(f"the archive holds {len(members):,} files; refusing more than {MAX_MEMBERS:,}", file=shown)
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise InputError("a ZIP archive but not an XLSX workbook (no xl/workbook.xml)", file=shown)
        total = sum(member.file_size for member in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(
                f"would expand to {total / 1e6:,.0f} MB (limit {MAX_UNCOMPRESSED_BYTES / 1e6:,.0f} MB); refusing a possible zip bomb",
                file=shown,
            )
        for member in members:
            if member.flag_bits & 0x1:  # zipfile would ask for a password
                raise InputError(f"{member.filename} is encrypted; save the workbook without a password", file=shown)
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO:
                raise InputError(
                    f"{member.filename} is compressed {ratio:,.0f} to 1; refusing a possible zip bomb", file=shown
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                try:
                    _refuse_dtd(archive, member, shown)
                except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError, RuntimeError,
                        zlib.error) as error:
                    raise InputError(f"{member.filename}: not readable ({error})", file=shown) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, shown: str) -> Sheet:
    """The sheet of an XLSX workbook. What openpyxl says of a damaged one on its own (warnings on
    stderr, a bare line on stdout for a style it cannot find) is kept out of the output, where
    it would stand outside translator's `Error:` lines; what matters is reported as they are."""
    import io
    import warnings
    from contextlib import redirect_stdout

    with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return _read_xlsx_quietly(path, shown)


def _read_xlsx_quietly(path: Path, shown: str) -> Sheet:
    _check_container(path, shown)
    from openpyxl import load_workbook

    bounds = _Bounds(shown)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputError(f"not a readable XLSX workbook: {error}", file=shown) from None
    try:
        sheet: Any
        if SHEET_TITLE in workbook.sheetnames:
            sheet = workbook[SHEET_TITLE]
        elif workbook.worksheets:
            sheet = workbook.worksheets[0]
        else:
            raise InputError("the workbook has no worksheet", file=shown)
        problems: list[Problem] = []
        return _assemble(shown, _xlsx_rows(workbook, sheet, bounds, problems), problems)
    finally:
        workbook.close()


def _shared_strings(workbook: Any) -> list[str]:
    """The workbook's shared strings, read as openpyxl reads them but for one escape: `_x005F_`
    (an underscore escaped, so that the text after it is not taken for an escape: `_x005F_x000D_`
    is the text `_x000D_`) becomes `_`, where openpyxl takes out every "x005F_", escaped or not,
    so that a text holding those letters (`x005F_abc`) would come back without them."""
    from openpyxl.cell.text import Text
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import fromstring, iterparse

    archive = workbook._archive
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    found = manifest.find(SHARED_STRINGS) if manifest is not None else None  # type: ignore[no-untyped-call]
    if found is None:
        return []
    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    with archive.open(found.PartName[1:]) as source:
        for _, node in iterparse(source):
            if node.tag == tag:
                text = Text.from_tree(node)
                strings.append(_ESCAPED_UNDERSCORE.sub("_", text.content if text is not None else ""))
                node.clear()
    return strings


_ESCAPED_UNDERSCORE = re.compile("_x005[Ff]_")  # (an escape is "_x" and four hex digits of either case)


def _xlsx_rows(workbook: Any, sheet: Any, bounds: _Bounds, problems: list[Problem]) -> Iterator[SparseRow]:
    """The worksheet's rows as its XML holds them: only the cells present, never padded.

    openpyxl's read-only rows are padded from column A to the row's last cell, so one cell in
    column XFD costs 16,384; here openpyxl's own parser reads each cell as its element ends,
    and the bounds are checked as each row and cell element starts, before it is parsed.
    """
    from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser

    part = sheet._worksheet_path
    source = workbook._archive.open(part)
    parser = WorkSheetParser(source, _shared_strings(workbook), data_only=False, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    stack: list[Any] = []
    in_cell = 0  # depth inside the current cell element, 0 outside
    parts = row = previous_row = column = previous_column = 0
    in_row = False
    cells: list[tuple[int, str | Typed]] = []
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                stack.append(element)
                if len(stack) > MAX_DEPTH:
                    raise bounds.refuse(f"{part}: XML nested more than {MAX_DEPTH} deep; refused", row or 1, column or 1)
                if in_cell:
                    in_cell += 1
                    parts += 1
                    if parts > MAX_CELL_PARTS:
                        raise bounds.refuse(f"the cell holds more than {MAX_CELL_PARTS:,} XML elements; refused", row, column)
                elif element.tag == ROW_TAG:
                    previous_row, row = row, _row_number(element.get("r"), row, bounds)
                    bounds.row(row, previous_row)
                    parser.row_counter, parser.col_counter = row, 0
                    previous_column, cells, in_row = 0, [], True
                elif element.tag == CELL_TAG:
                    if not in_row:
                        raise bounds.refuse(f"{part}: a cell outside any row; the worksheet is damaged", row or 1)
                    in_cell, parts = 1, 0
                    reference = element.get("r")
                    if reference:
                        try:
                            cell_row, column = coordinate_to_tuple(reference)
                        except (ValueError, TypeError):
                            raise bounds.refuse(f"a cell named '{reference[:20]}', which is not a cell reference",
                                                row, previous_column + 1) from None
                        if cell_row != row:
                            raise bounds.refuse(f"cell {reference} is inside row {row}; the worksheet is damaged",
                                                row, min(column, MAX_COLUMNS + 1))
                    else:
                        column = previous_column + 1
                    bounds.cell(row, column, previous_column)
                continue
            stack.pop()
            if element.tag == CELL_TAG and in_cell == 1:
                cells.append((column, _xlsx_cell(parser, element, sheet, row, column, bounds, problems)))
                previous_column, in_cell = column, 0
            elif in_cell:
                in_cell -= 1
                continue  # the cell's parts stay until the cell is parsed
            elif element.tag == ROW_TAG:
                in_row = False
                yield row, cells
            if stack:
                stack[-1].remove(element)  # only the element being read is ever held in memory
    except InputError:
        raise
    except DefusedXmlException:
        raise bounds.refuse(f"{part}: a DTD or entity declaration; refused", row or 1) from None
    except ParseError as error:
        raise bounds.refuse(f"{part}: not well-formed XML ({error})", row or 1, column or 1) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as error:
        raise bounds.refuse(f"{part}: damaged ZIP data ({error})", row or 1, column or 1) from None
    finally:
        source.close()


def _row_number(attribute: str | None, previous: int, bounds: _Bounds) -> int:
    if attribute is None:
        return previous + 1
    if not attribute.isdigit() or len(attribute) > 9:
        raise bounds.refuse(f"a row numbered '{attribute[:20]}', which is not a row number", previous + 1)
    return int(attribute)


def _xlsx_cell(parser: Any, element: Any, sheet: Any, row: int, column: int, bounds: _Bounds,
               problems: list[Problem]) -> str | Typed:
    """One cell's value as the glossary reads it: text, a Typed value, or a formula's text."""
    from openpyxl.cell.read_only import ReadOnlyCell

    place = f"{column_letter(column)}{row}"
    try:
        data = parser.parse_cell(element)
        cell = ReadOnlyCell(sheet, row, column, data["value"], data["data_type"], data["style_id"])
        value = cell.value
        number_format = cell.number_format if cell.data_type in ("n", "d") else "General"
    except Exception as error:  # a damaged cell: openpyxl raises what its parsing meets; refuse it
        raise InputError(f"not a readable cell ({type(error).__name__}: {error})", file=bounds.shown, cell=place) from None
    if cell.data_type == "f":
        problems.append(Problem(f"a formula ({value}); type the value itself", bounds.shown, cell=place))
        return _cell_text(value)  # a formula's text: no knock-on errors
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise InputError(f"the cell holds {len(value):,} characters; a cell holds at most {MAX_CELL_CHARS:,}",
                             file=bounds.shown, cell=place)
        return remove_guard(value)  # a CSV's guard that LibreOffice kept as text
    if isinstance(value, (bool, int, float, date, time, timedelta)):
        return Typed(value, number_format or "General")
    return _cell_text(value)


# --- import ---------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import changes: entries added, changed (old, new) and removed; and the cells a
    spreadsheet application had changed, whose glossary text was kept (one note each, by cell)."""

    added: list[Entry] = field(default_factory=list)
    changed: list[tuple[Entry, Entry]] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    unchanged: int = 0
    kept: list[Problem] = field(default_factory=list)
    retired: set[str] = field(default_factory=set)  # removed ids a file (TBX) adds to the glossary's
    notes: list[str] = field(default_factory=list)  # what the file's format could not carry

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.retired)

    def apply(self, glossary: Glossary) -> None:
        glossary.forget_origin()
        glossary.retired |= self.retired
        for entry in self.added:
            glossary.entries[entry.id] = entry
        for _, entry in self.changed:
            glossary.entries[entry.id] = entry
        for entry in self.removed:
            del glossary.entries[entry.id]
            glossary.retired.add(entry.id)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _restored_id(row: Row, glossary: Glossary, digit_ids: Sequence[str], file: str,
                 kept: list[Problem], problems: list[Problem]) -> str | None:
    """The id of a row whose id cell a spreadsheet application made a number or a date.

    Restored when exactly one id of the glossary reads as that value (42 is 0042); taken as the
    cell shows it when none does; None, with a problem, when that is in doubt.
    """
    typed = row.typed["id"]
    shown = typed.shown
    if shown is not None and shown in glossary.entries:
        return shown
    candidates = [entry_id for entry_id in digit_ids if typed.matches(entry_id)]
    if len(candidates) == 1:
        kept.append(Problem(f"kept id '{candidates[0]}': the cell holds {typed.describe()}, which is what "
                            "a spreadsheet application makes of it", file, cell=row.cell("id")))
        return candidates[0]
    if candidates:
        ids = " or ".join(f"'{entry_id}'" for entry_id in candidates)
        problems.append(Problem(f"the cell holds {typed.describe()}, which could be id {ids}; format the column "
                                "as Text and type the id again", file, cell=row.cell("id")))
        return None
    if shown is None:
        problems.append(Problem(f"the cell holds {typed.describe()}, not an id; format the column as Text "
                                "and type the id again", file, cell=row.cell("id")))
    else:
        kept.append(_read_as(shown, typed, file, row.cell("id")))
    return shown


def _read_as(shown: str, typed: Typed, file: str, cell: str) -> Problem:
    """The note for a number or date taken as the text it shows: a leading zero or another
    spelling may have been lost on the way, and nothing in the cell says which."""
    return Problem(f"read as '{shown}': the cell holds {typed.describe()}; if it was typed otherwise (a leading "
                   "zero, another spelling), format the column as Text and type it again", file, cell=cell)


def _undone(row: Row, existing: Entry | None, file: str, kept: list[Problem], problems: list[Problem]) -> dict[str, str]:
    """The row's texts with what a spreadsheet application did to them undone where that is beyond
    doubt (a note per cell in `kept`), and a problem per cell where it is not.

    Numbers and dates go back to the glossary's text they stand for (0042, not 42; 3/4, not a
    date); a note that lost every tab but is otherwise the glossary's (LibreOffice drops tabs
    when a sheet goes through .ods) keeps the glossary's. Other numbers keep the text they show.
    """
    values = dict(row.values)
    old = entry_fields(existing) if existing is not None else {}
    for key, typed in row.typed.items():
        if key == "id":
            continue
        value = old.get(key, "")
        text = "\n".join(value) if isinstance(value, tuple) else value
        if typed.shown is not None and typed.shown == text:
            continue
        if text and typed.matches(text):
            values[key] = text
            kept.append(Problem(f"kept '{text}': the cell holds {typed.describe()}, which is what a spreadsheet "
                                "application makes of it", file, cell=row.cell(key)))
        elif typed.shown is None:
            problems.append(Problem(f"the cell holds {typed.describe()}, not text; format the column as Text and "
                                    "type the value again", file, cell=row.cell(key)))
        else:
            kept.append(_read_as(typed.shown, typed, file, row.cell(key)))
    note = values.get("note")
    if existing is not None and note is not None and "\t" in existing.note:
        note = note.replace("\r\n", "\n").replace("\r", "\n")
        tabs = _plural(existing.note.count("\t"), "tab")
        if note == existing.note.replace("\t", ""):
            values["note"] = existing.note
            kept.append(Problem(f"kept the note's {tabs}: the cell has the same text without tabs, as LibreOffice "
                                "leaves it after an .ods file", file, cell=row.cell("note")))
        elif note and "\t" not in note:  # emptied on purpose is an edit like any other
            problems.append(Problem(
                f"the note lost its {tabs} and was edited too; LibreOffice drops tabs when a sheet goes "
                f"through .ods: put the tabs back in this cell, or first remove them from the glossary "
                f"(translator glossary edit {existing.id} --note ...)", file, cell=row.cell("note")))
    return values


def plan_import(sheet: Sheet, glossary: Glossary, prune: bool = False) -> ImportPlan:
    """Check every row against the glossary and say what importing would do.

    A column missing from the sheet keeps that field as it is; rows missing from the sheet keep
    their entries unless `prune`. Cells a spreadsheet application turned into numbers or dates,
    or whose tabs it dropped, get the glossary's text back where that is beyond doubt
    (`plan.kept` says which). Raises InputError with every problem, by cell.
    """
    problems: list[Problem] = list(sheet.problems)
    plan = ImportPlan()
    seen: dict[str, str] = {}
    sheet_entries: dict[str, tuple[Entry, Row]] = {}
    digit_ids: list[str] = []
    if any("id" in row.typed for row in sheet.rows):
        digit_ids = [entry_id for entry_id in glossary.entries if entry_id[:1].isdigit()]
    for row in sheet.rows:
        if "id" in row.typed:
            restored = _restored_id(row, glossary, digit_ids, sheet.name, plan.kept, problems)
            if restored is None:
                continue
            row = replace(row, values={**row.values, "id": restored})
        entry_id = row.values.get("id", "").strip()
        existing = glossary.entries.get(entry_id)
        fields: dict[str, object] = {}
        if existing is not None:
            fields.update(entry_fields(existing))
            for key in FIELD_KEYS:
                if key in sheet.columns:
                    fields.pop(key, None)
        fields.update(_undone(row, existing, sheet.name, plan.kept, problems))
        entry, field_problems = entry_from_fields(fields)
        for problem in field_problems:
            problems.append(Problem(problem.message, sheet.name, cell=row.cell(problem.field)))
        if entry_id in seen:
            problems.append(Problem(f"id '{entry_id}' is also on row {seen[entry_id]}", sheet.name, cell=row.cell("id")))
            continue
        if entry_id:
            seen[entry_id] = str(row.number)
        if entry_id in glossary.retired:
            problems.append(
                Problem(f"id '{entry_id}' belonged to a removed entry and is never reused", sheet.name, cell=row.cell("id"))
            )
            continue
        if entry is None:
            continue
        sheet_entries[entry.id] = (entry, row)
        if existing is None:
            plan.added.append(entry)
        elif existing != entry:
            plan.changed.append((existing, entry))
        else:
            plan.unchanged += 1
    if prune:
        plan.removed = [entry for entry in glossary if entry.id not in seen]
    if not problems:
        after = Glossary(dict(glossary.entries), set(glossary.retired))
        plan.apply(after)
        for entry in after.entries.values():
            messages = after.holder_problems(entry)
            if not messages:
                continue
            if entry.id in sheet_entries:
                place = sheet_entries[entry.id][1].cell("holders")
                problems.extend(Problem(message, sheet.name, cell=place) for message in messages)
            else:
                problems.extend(Problem(f"[{entry.id}] {message} (its row was pruned)", sheet.name) for message in messages)
    if problems:
        raise InputError(problems=problems)
    return plan


def describe_plan(plan: ImportPlan) -> Iterator[str]:
    """Human lines for a plan: '= file!cell: kept ...', '+ id', '~ id: fields', '- id'."""
    for note in plan.kept:
        yield f"= {note}"
    for entry in plan.added:
        yield f"+ {entry.id} ({entry.type})"
    for old, new in plan.changed:
        before, after = entry_fields(old), entry_fields(new)
        keys = [key for key in FIELD_KEYS if before.get(key) != after.get(key)]
        yield f"~ {new.id}: {', '.join(keys)}"
    for entry in plan.removed:
        yield f"- {entry.id} ({entry.type})"
    for entry_id in sorted(plan.retired):
        yield f"- {entry_id} (a removed id, never to be reused)"
