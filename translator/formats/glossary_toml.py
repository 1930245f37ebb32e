"""The glossary on disk: `glossary/glossary.toml`, read and written deterministically.

The file is valid TOML (so editors get highlighting and any TOML reader can check it) in a
restricted shape that this module reads line by line, fast and with exact line numbers: one
`[id]` table per entry in id order, one `key = value` line per non-empty field, strings and
one-line arrays of strings in JSON-compatible escapes. Saving an unchanged glossary writes the
same bytes, and editing one entry changes only that entry's lines.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
import marshal
import re
import stat
from collections.abc import Callable, Iterator, KeysView, Mapping, Sequence
from functools import partial
from itertools import accumulate, chain, compress, repeat
from operator import add, itemgetter, lt, methodcaller, ne, sub
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AnyStr, cast

from translator.batch import collector_paused
from translator.errors import InputError, Problem, TranslatorError
from translator.files import locked, write_atomic
from translator.memo import Items, mapped, sealed, sealed_items, unsealed, unsealed_items
from translator.glossary import (
    FIELD_KIND,
    LIST_FIELDS,
    Entry,
    FOLD_AT_ONCE,
    EntryRow,
    FieldValue,
    Glossary,
    ID_PATTERN,
    Match,
    best_matches,
    digests_by_id,
    entries_from_rows,
    entry_fields,
    entry_from_fields,
    entry_row,
    folded_search_lines,
    holder_problems,
    line_starts,
    search_candidates,
    search_key,
)
from translator.workspace import STATE_FOLDER

FORMAT_VERSION = 1
FILE_NAME = "glossary.toml"
LOCK_NAME = "glossary.lock"
CACHE_NAME = "glossary.cache"
CHANGES_NAME = "glossary-changes.cache"  # what edits changed since the cache was written
SOURCE_NAME = "glossary-source.cache"  # the bytes the cache was made from (see _Source)
SEARCH_NAME = "glossary-search.cache"  # per piece, its entries' folded search lines (for find)
ROWS_NAME = "glossary-rows.cache"  # each entry's record on its own, for a run that reads a few (see _RowView)
CACHE_VERSION = 4

HEADER = """\
# translator glossary: one [entry-id] table per entry, in id order.
# Fields are described in docs/glossary.md ("The glossary file"); edit by hand or with
# `translator glossary`; any translator command reports a broken edit with its line.
"""

_TABLE = re.compile(r"\[\s*([^\[\]\s]+)\s*\]\s*(?:#.*)?")
# TOML allows no control character but tab outside escapes, in strings and comments alike (a CR
# only before LF); one search of the whole text keeps the common case fast.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
_MAYBE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # the same or any CR: a search twice as fast
# What json.dumps leaves raw but this file never holds raw: DEL, the C1 controls and lone
# surrogates (which no UTF-8 file can hold).
_UNESCAPED = re.compile("[\x7f-\x9f\ud800-\udfff]")
# Values are strings, one-line lists of strings and the format number: nothing nests, and no
# number has more digits than this (int() of thousands of digits is slow, then refused).
_MAX_DIGITS = 9
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')
MAX_REPORTED_LINES = 20
# A truncated file must not pass for an empty glossary: segment would drop every glossary note.
_EMPTY_HINT = (
    f" (an empty glossary still holds its header line 'format = {FORMAT_VERSION}'): restore it with "
    "'git checkout -- {filename}', or write that line, as 'translator init' does"
)
_KEY = re.compile(r"[A-Za-z0-9_-]+")
_decoder = json.JSONDecoder()


def format_glossary(glossary: Glossary) -> str:
    """The glossary as the text of the store file."""
    out = [HEADER, f"format = {FORMAT_VERSION}\n"]
    if glossary.retired:
        out.append(f"retired = {_dump(sorted(glossary.retired))}\n")
    for entry in glossary:
        out.append(f"\n[{entry.id}]\n")
        for key, value in entry_fields(entry).items():
            if key != "id":
                out.append(f"{key} = {_dump(value)}\n")
    return "".join(out)


def _dump(value: FieldValue | list[str]) -> str:
    if type(value) is str:
        if not _ESCAPED.search(value):  # (most values: as json.dumps writes them, without its call)
            return f'"{value}"'
    elif not any(map(_ESCAPED.search, value)):
        return "[" + ", ".join([f'"{item}"' for item in value]) + "]"
    text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    return _UNESCAPED.sub(_escape, text) if _UNESCAPED.search(text) else text


# A character json.dumps escapes (quote, backslash, controls) or `_UNESCAPED` does.
_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f-\x9f\ud800-\udfff]')


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


@dataclass
class _Table:
    entry_id: str
    line: int
    fields: dict[str, object]


# Keys whose value is one string, for the fast path below.
_STRING_KEYS = frozenset(key for key in FIELD_KIND if key not in LIST_FIELDS and key != "id")

# The file is read in *pieces*: the text before the first line that starts with "[", then from one
# such line to the next. A piece means the same wherever it stands (its first line is a table
# header, which resets the reader), so a piece whose bytes the cache knows needs no parsing and no
# validation: an edit to one entry parses and validates that entry alone. Only the ids seen so far
# (for "defined twice") cross pieces, and the glossary-wide checks run on the whole.
_PIECE_BREAK = "\n["


@dataclass
class _Piece:
    """What a piece of the file (or a run of them) holds, parsed and validated (problems with file lines)."""

    entries: list[Entry]
    problems: list[Problem]
    has_format: bool
    retired: list[str]
    header_offsets: list[int]  # per entry: its header's line, counted from the piece's first line


class _Reading:
    """One read of the store file, piece by piece, in file order.

    `known` maps a piece's digest to the record of what it held when it was last read without a
    problem; such a piece is rebuilt from the record unless one of its ids was already defined
    above it (then it is parsed, to report the duplicate exactly as a full read would).
    """

    def __init__(self, filename: str, known: dict[bytes, _PieceRecord] | _Known | None = None,
                 inside: bool = False) -> None:
        """`inside`: the pieces to read begin after the file's first (a part of the file, read
        alone: every one of them then begins with the "[" the split removed)."""
        self.filename = filename
        self.inside = inside
        self.known = known if known is not None else {}
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, int] = {}  # id -> line of its first header
        self.has_format = False
        self.retired: list[str] = []
        self.entries: list[_Record] = []  # the record of every entry, in file order
        self.parsed: list[Entry] = []  # the entries parsed (all of them, or a few beside records)
        self.records: list[_PieceRecord | None] = []  # per piece; None for a piece with a problem
        self.first_lines: list[int] = []  # per piece
        self.pieces: Sequence[str] | Sequence[bytes] = ()
        self.texts: dict[int, str] = {}

    def read(self, pieces: Sequence[str] | Sequence[bytes], digests: Sequence[bytes] | None = None,
             texts: dict[int, str] | None = None, check: bool = True) -> None:
        """Read every piece: from its record when its digest is known, else from its text (`texts`
        holds the decoded ones; pieces given as text need none); raise InputError with every problem.
        Consecutive pieces to parse are parsed as one text: a first read costs what it always did."""
        self.pieces, self.texts = pieces, texts if texts is not None else {}
        seen_ids, entries, records = self.seen_ids, self.entries, self.records
        newline: str | bytes = b"\n" if pieces and isinstance(pieces[0], bytes) else "\n"
        # per piece, its first line and its record if known (bulk operations: most pieces are known)
        self.first_lines = first_lines = list(map(add, accumulate(map(methodcaller("count", newline), pieces), initial=1),
                                                  range(len(pieces) + 1)))
        found = list(map(self.known.get, digests)) if digests is not None else [None] * len(pieces)
        # The pieces that are not one known entry, between runs of pieces that are (most of them).
        others = [index for index, record in enumerate(found) if type(record) is not tuple]
        unread: int | None = None  # the first of the pieces waiting to be parsed
        start = 0
        for index in [*others, len(found)]:
            if start < index:
                if unread is not None:
                    self._parse(unread, start)
                    unread = None
                self._known_run(found, start, index)  # type: ignore[arg-type]  # a run holds only entry records
            start = index + 1
            if index == len(found):
                break
            record = found[index]
            if record is None:
                if unread is None:
                    unread = index
                continue
            if unread is not None:
                self._parse(unread, index)
                unread = None
            has_format, retired, offsets, entry_records = cast("tuple[bool, list[str], list[int], list[_Record]]", record)
            if any(entry[0] in seen_ids for entry in entry_records):
                self._parse(index, index + 1)
            else:
                for offset, entry_record in zip(offsets, entry_records):
                    seen_ids[entry_record[0]] = first_lines[index] + offset
                    entries.append(entry_record)
                if has_format:
                    self.has_format = True
                self.retired.extend(retired)
                records.append(record)
        if unread is not None:
            self._parse(unread, len(pieces))
        if check:
            self._check()

    def _known_run(self, found: list[_Record], start: int, stop: int) -> None:
        """Take pieces[start:stop], each one known entry, from their records: at once when no id
        among them was seen before, else one by one, parsing each whose id was."""
        run = found[start:stop]
        ids = list(map(itemgetter(0), run))
        seen_ids = self.seen_ids
        if len(set(ids)) == len(ids) and seen_ids.keys().isdisjoint(ids):
            seen_ids.update(zip(ids, self.first_lines[start:stop]))
            self.entries.extend(run)
            self.records.extend(run)
            return
        for index, record in enumerate(run, start):
            if record[0] in seen_ids:
                self._parse(index, index + 1)  # to report the duplicate as a full read does
            else:
                seen_ids[record[0]] = self.first_lines[index]
                self.entries.append(record)
                self.records.append(record)

    def _text(self, index: int) -> str:
        text = self.texts.get(index)
        if text is None:
            piece = self.pieces[index]
            text = piece.decode("utf-8") if isinstance(piece, bytes) else piece  # cached: valid UTF-8
            text = "[" + text if index or self.inside else text
        return text

    def _parse(self, start: int, stop: int) -> None:
        """Parse pieces[start:stop] as one text, and record each piece without a problem."""
        pieces, first_lines = self.pieces, self.first_lines
        if isinstance(pieces[0], str):
            text = ("[" if start else "") + _PIECE_BREAK.join(cast("Sequence[str]", pieces[start:stop]))
        else:
            text = "\n".join([self._text(index) for index in range(start, stop)])
        first_line = first_lines[start]
        parsed = _parse_piece(text, first_line, self.filename, self.seen_ids)
        rows = list(map(entry_row, parsed.entries))
        self.entries.extend(rows)
        self.parsed.extend(parsed.entries)
        self.problems.extend(parsed.problems)
        self.has_format = self.has_format or parsed.has_format
        self.retired.extend(parsed.retired)
        broken = {bisect.bisect_right(first_lines, problem.line or 0, start, stop) - 1 for problem in parsed.problems}
        # Only the first piece can hold top-level keys: every other one starts with a table header.
        top: tuple[bool, list[str]] = (parsed.has_format, parsed.retired)
        index, offsets, entry_records = start, list[int](), list[_Record]()
        for row, offset in zip(rows, parsed.header_offsets):
            header = first_line + offset
            while index + 1 < stop and first_lines[index + 1] <= header:
                self._record(index, broken, top, offsets, entry_records)
                index, top, offsets, entry_records = index + 1, (False, []), [], []
            offsets.append(header - first_lines[index])
            entry_records.append(row)
        self._record(index, broken, top, offsets, entry_records)
        for index in range(index + 1, stop):
            self._record(index, broken, (False, []), [], [])

    def _record(self, index: int, broken: set[int], top: tuple[bool, list[str]], offsets: list[int],
                entry_records: list[_Record]) -> None:
        if index in broken:
            self.records.append(None)
        elif offsets == [0] and top == (False, []):
            self.records.append(entry_records[0])
        else:
            self.records.append([*top, offsets, entry_records])

    def _check(self) -> None:
        """Raise InputError with every problem: the pieces' own, then those of the checks that
        look at more than one entry (on the records, so that a read from records builds no entry)."""
        problems, filename, rows = self.problems, self.filename, self.entries
        if not rows and not self.has_format and not problems:
            problems.append(Problem(f"no 'format' line and no entries{_EMPTY_HINT.format(filename=filename)}", filename, 1))
        if _holders_wrong(rows):  # (then each title's problems are listed)
            types = dict(zip(map(_ID, rows), map(_TYPE, rows)))
            for row in compress(rows, map(_HOLDERS, rows)):
                for message in holder_problems([holder[0] for holder in row[6]], types.get):
                    problems.append(Problem(f"[{row[0]}] holders: {message}", filename, self._line_of(row[0], "holders")))
        for entry_id in self.seen_ids.keys() & set(self.retired):
            problems.append(Problem(f"[{entry_id}] id is listed as retired", filename, self.seen_ids[entry_id]))
        if problems:
            problems.sort(key=lambda problem: problem.line or 0)
            raise InputError(problems=problems)

    def glossary(self) -> Glossary:
        """The glossary of all pieces (once `read` found no problem)."""
        if len(self.parsed) == len(self.entries):
            return Glossary.of(self.parsed, self.retired)
        return Glossary.of(entries_from_rows(self.entries), self.retired)  # in bulk, the few parsed entries too

    def _line_of(self, entry_id: str, key: str) -> int:
        """The line that sets `key` in the entry's table (found only for errors)."""
        header = self.seen_ids[entry_id]
        index = bisect.bisect_right(self.first_lines, header) - 1
        return _line_in(self._text(index).split("\n"), self.first_lines[index], header, key)


def parse_glossary(text: str, filename: str) -> Glossary:
    """Read the store file's text; raise InputError listing every problem with its line."""
    reading = _Reading(filename)
    reading.read(_checked(text, filename).split(_PIECE_BREAK))
    return reading.glossary()


_ID, _TYPE, _HOLDERS = itemgetter(0), itemgetter(1), itemgetter(6)  # of an entry's row


def _checked(text: str, filename: str) -> str:
    """The text without its BOM, once the checks of the whole text pass."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"the glossary file is empty{_EMPTY_HINT.format(filename=filename)}", file=filename, line=1)
    if _MAYBE_CONTROL.search(text) and _RAW_CONTROL.search(text):
        raise InputError(problems=_control_problems(text, filename))
    return text


def _parse_piece(text: str, first_line: int, filename: str, seen_ids: dict[str, int]) -> _Piece:
    """Parse and validate a piece, or consecutive pieces, starting on `first_line`; `seen_ids`
    (the ids defined above, with their header lines) gains the ids defined here."""
    lines = text.split("\n")
    problems: list[Problem] = []
    tables: list[_Table] = []
    retired: list[str] = []
    current: _Table | None = None
    fields: dict[str, object] = {}
    skipping = False  # below a broken table header, whose keys belong to no entry
    has_format = False

    for number, raw in enumerate(lines, first_line):
        # The fast path: a line exactly as format_glossary writes a plain string field.
        key, separator, rest = raw.partition(' = "')
        if (
            separator
            and current is not None
            and key in _STRING_KEYS
            and rest.count('"') == 1
            and rest[-1] == '"'
            and "\\" not in rest
            and key not in fields
        ):
            fields[key] = rest[:-1]
            continue
        line = raw.strip()
        if not line or line[0] == "#":
            continue
        if line[0] == "[":
            match = _TABLE.fullmatch(line)
            if match is None:
                problems.append(Problem("expected a table header such as [sanae-takaichi]", filename, number))
                current, skipping = None, True
                continue
            entry_id = match.group(1)
            if entry_id in seen_ids:
                problems.append(
                    Problem(f"entry '{entry_id}' is defined twice (first on line {seen_ids[entry_id]})", filename, number)
                )
                current, skipping = None, True
                continue
            seen_ids[entry_id] = number
            fields = {"id": entry_id}
            current, skipping = _Table(entry_id, number, fields), False
            tables.append(current)
            continue
        key, equals, rest = line.partition("=")
        key = key.strip()
        if not equals or not _KEY.fullmatch(key):
            problems.append(Problem("expected 'key = value' or a table header", filename, number))
            continue
        text_value = rest.strip()
        try:
            value = _parse_value(text_value)
        except _ValueProblem as error:
            column = raw.find(text_value, raw.find("=") + 1) + error.column
            problems.append(Problem(f"{key}: {error.message.replace('{column}', str(column))}", filename, number))
            continue
        if skipping:
            continue
        if current is None:
            if key == "format":
                has_format = True
                if value != FORMAT_VERSION:
                    problems.append(Problem(f"unsupported glossary format {value!r}; expected {FORMAT_VERSION}", filename, number))
            elif key == "retired":
                if isinstance(value, list) and all(ID_PATTERN.fullmatch(item) for item in value):
                    retired.extend(value)
                else:
                    problems.append(Problem("retired must be a list of entry ids", filename, number))
            else:
                problems.append(Problem(f"unknown top-level key '{key}' (entries start with [id])", filename, number))
            continue
        if key not in FIELD_KIND or key == "id":
            problems.append(Problem(f"unknown field '{key}'", filename, number))
            continue
        if key in fields:
            problems.append(Problem(f"field '{key}' is set twice in [{current.entry_id}]", filename, number))
            continue
        if isinstance(value, list) != (key in LIST_FIELDS):
            expected = "a list of strings" if key in LIST_FIELDS else "a string"
            problems.append(Problem(f"{key} must be {expected}", filename, number))
            continue
        fields[key] = value

    entries = []
    offsets = []
    for table in tables:
        entry, field_problems = entry_from_fields(table.fields)
        for problem in field_problems:
            where = _line_in(lines, first_line, table.line, problem.field)
            problems.append(Problem(f"[{table.entry_id}] {problem.field}: {problem.message}", filename, where))
        if entry is not None:
            entries.append(entry)
            offsets.append(table.line - first_line)
    return _Piece(entries, problems, has_format, retired, offsets)


def _control_problems(text: str, filename: str) -> list[Problem]:
    """One problem per line holding a raw control character, the first few lines only."""
    problems: list[Problem] = []
    last_line = 0
    for match in _RAW_CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line == last_line:
            continue
        if len(problems) == MAX_REPORTED_LINES:
            problems.append(Problem("more lines hold control characters", filename))
            break
        last_line = line
        column = match.start() - text.rfind("\n", 0, match.start())
        code = f"U+{ord(match.group()[0]):04X}"
        problems.append(
            Problem(f"a raw control character ({code}) at column {column}: TOML allows none (in a string write \\u{code[2:]})", filename, line)
        )
    return problems


def _line_in(lines: list[str], first_line: int, header_line: int, key: str) -> int:
    """The line that sets `key` in the table whose header is on `header_line`, or that line;
    `lines` are the piece's, the first of them on `first_line`."""
    for index in range(header_line - first_line + 1, len(lines)):
        line = lines[index].strip()
        if line.startswith("["):
            break
        if line.partition("=")[0].strip() == key:
            return first_line + index
    return header_line


class _ValueProblem(Exception):
    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.message = message  # may hold {column}: the column in the line
        self.column = column


def _parse_value(text: str) -> object:
    """A JSON-compatible TOML string or one-line array of strings, or an integer."""
    if not text:
        raise _ValueProblem("missing value")
    first = text[0]
    if first == "[" and text.startswith('["') and text.endswith('"]') and "\\" not in text:
        items = text[2:-2].split('", "')  # the common list, without the decoder
        if text.count('"') == 2 * len(items):
            return items
    if first == "[":
        _refuse_nesting(text)
    if first == "'":
        end = text.find("'", 1)
        if end < 0:
            raise _ValueProblem("unterminated string")
        value: object = text[1:end]
        rest = text[end + 1 :]
    elif first in '"[':
        if "\\/" in text:
            slash = _JSON_ONLY_ESCAPE.search(text)
            if slash is not None:
                raise _ValueProblem("\\/ is not an escape in TOML: write / itself, at column {column}",
                                    slash.end() - 1)
        if "\\U" in text:
            text = _LONG_ESCAPE.sub(_as_json_escape, text)
        try:
            value, end = _decoder.raw_decode(text)
        except json.JSONDecodeError as error:
            hint = " (arrays must stay on one line)" if first == "[" else ""
            message = error.msg.lower().removesuffix(" at")
            raise _ValueProblem(f"{message} at column {{column}}{hint}", error.colno) from None
        except ValueError:  # a number in a list too long for int(), which the decoder refuses to make
            raise _ValueProblem("a list holds only strings") from None
        rest = text[end:]
    elif text.isascii() and text.isdigit():
        if len(text) > _MAX_DIGITS:
            raise _ValueProblem(f"a number of {len(text)} digits; the only number here is format = {FORMAT_VERSION}")
        return int(text)
    else:
        raise _ValueProblem("values are quoted strings or [\"lists\", \"of strings\"]")
    rest = rest.strip()
    if rest and rest[0] != "#":
        raise _ValueProblem(f"unexpected text after the value: {rest[:20]!r}")
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        raise _ValueProblem("a list holds only strings")
    if not isinstance(value, (str, list)):
        raise _ValueProblem("values are quoted strings or lists of strings")
    return value


# TOML's \UXXXXXXXX escape, which the JSON decoder used for strings does not know; an even run
# of backslashes before it is escaped backslashes, not an escape.
_LONG_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\U([0-9A-Fa-f]{8})")
# JSON's \/, which TOML does not have (an even run of backslashes before it is escaped backslashes).
_JSON_ONLY_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\/")


def _as_json_escape(match: re.Match[str]) -> str:
    code = int(match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise _ValueProblem(f"\\U{match.group(2)} is not a Unicode scalar value")
    return match.group(1) + json.dumps(chr(code), ensure_ascii=True)[1:-1]


def _refuse_nesting(text: str) -> None:
    """Refuse a list inside a list (or an object) before the recursive decoder sees it."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket == "[":
            depth += 1
            if depth > 1:
                raise _ValueProblem("a list holds only strings, not lists, at column {column}", token.start() + 1)
        elif bracket == "]":
            depth -= 1
            if depth == 0:
                return
        elif bracket == "{":
            raise _ValueProblem("a list holds only strings, not tables, at column {column}", token.start() + 1)


# --- the load cache -------------------------------------------------------------------------
# Parsing and validating 100,000 entries takes seconds in Python; rebuilding them from a cache
# of already validated records takes a fraction of that. The cache (in the gitignored state
# folder) keeps, for each piece of the file (see _Reading), a digest of its bytes and the record
# of the entries it held when it was read without a problem, plus the digest of the whole file:
# - the whole file as cached: every entry is rebuilt from its record, no check runs;
# - a hand edit, a checkout or a merge: the pieces whose bytes the cache knows are rebuilt, the
#   others parsed and validated, and the glossary-wide checks (holders, retired ids, ids defined
#   twice) run on the whole, so the result is what reading without a cache gives.
# After an edit of a few pieces, only the changes to the cache are written (see _Changes), beside it.
# A cache is written only after a read without problems, and deleting it loses nothing.
# Bump CACHE_VERSION whenever the records' shape or the rules that validated them change.

_Record = EntryRow  # one entry: see glossary.entry_row
# One piece: the record of its one entry (the usual piece: one table, no top-level key), or
# [has format line, retired ids, per entry the line of its header counted from the piece's first line, entry records].
_PieceRecord = _Record | list[object]


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()  # (as `memo.glossary_key` takes it)


def _piece_digests(pieces: list[bytes]) -> list[bytes]:
    """One digest per piece; the first piece is read from the reader's initial state, the others
    after a "[" that the split removed, so the first is told apart by its own personalisation."""
    first = hashlib.blake2b(pieces[0], digest_size=16, person=b"preamble").digest()
    digests = list(map(_DIGEST, map(partial(hashlib.blake2b, digest_size=16), pieces)))
    digests[0] = first
    return digests


_DIGEST = methodcaller("digest")


@dataclass
class _Cache:
    """The cache file's content: the digest of the file it was made from, and per piece of that
    file its digest and record."""

    file_digest: bytes
    digests: list[bytes]
    records: list[_PieceRecord]
    _rows: list[_Record] | None = field(default=None, repr=False, compare=False)
    # Per piece, the index of the piece of the same digest in the cache it was read against, if
    # known (`_read_region` knows it at no cost; `changes_to` would index every digest).
    _positions: tuple[_Cache, list[int | None]] | None = field(default=None, repr=False, compare=False)

    def encode(self) -> bytes:
        return _sealed(("cache", self.file_digest, self.digests, self.records))

    @classmethod
    def decode(cls, data: bytes) -> _Cache | None:
        """The cache in `data`; None for one that is corrupt, foreign or of another version."""
        content = _unmarshal(data, "cache", 3)
        if content is None:
            return None
        file_digest, digests, records = content
        if not (
            isinstance(file_digest, bytes)
            and isinstance(digests, list)
            and isinstance(records, list)
            and len(digests) == len(records)
        ):
            return None
        return cls(file_digest, digests, records)

    def glossary(self) -> Glossary:
        """The glossary of the file the cache was made from."""
        return Glossary.of_rows(self.rows(), self.retired(), (self.records, self.digests))

    def rows(self) -> list[_Record]:
        """The record of every entry, in file order (made once)."""
        if self._rows is None:
            self._rows = list(chain.from_iterable(map(_piece_rows, self.records)))
        return self._rows

    def retired(self) -> list[str]:
        return [entry_id for record in self.records if type(record) is not tuple
                for entry_id in cast("list[str]", record[1])]

    def changes_to(self, cache: _Cache) -> _Changes | None:
        """`cache` (of an edited file) as changes to this one, None when they would not be small."""
        if cache._positions is not None and cache._positions[0] is self:
            positions = list(cache._positions[1])
        else:
            positions = list(map(dict(zip(self.digests, range(len(self.digests)))).get, cache.digests))
        added = [position for position, known in enumerate(positions) if known is None]
        if len(added) > max(_SMALL_CHANGE, len(positions) // 8):
            return None
        for number, position in enumerate(added, len(self.records)):
            positions[position] = number
        digests = [cache.digests[position] for position in added]
        return _Changes(self.file_digest, cache.file_digest, positions, digests,  # type: ignore[arg-type]
                        [cache.records[position] for position in added])


def _sealed(content: tuple[Any, ...]) -> bytes:
    """A cache file's bytes: the content (a kind, then values) after the version (`memo.sealed`)."""
    return sealed(CACHE_VERSION, content)


def _unmarshal(data: bytes, kind: str, size: int) -> tuple[Any, ...] | None:
    """The `size` values after the version and `kind` that `data` (made by `_sealed`) holds
    (unchecked: the caller checks them); None for data that is corrupt, foreign or of another
    version."""
    return unsealed(data, CACHE_VERSION, kind, size)


# A glossary file of this many bytes (about 4,000 entries), and this many times the text a run
# searches, is read entry by entry from its rows file by a run that needs no entry but those the
# text mentions (`GlossaryStore.load_with_key`); else read whole, which then costs less than
# reading most entries one by one (1 MB of text mentions most of a 10,000-entry glossary).
ROWS_FROM = 1_000_000
ROWS_SHARE = 8
# Pieces an edit may add before the whole cache is written again rather than the changes to it.
_SMALL_CHANGE = 1000


@dataclass
class _Changes:
    """The cache of an edited file, as changes to the cache of the file before the edit (its
    *base*), so that an edit of a few entries writes kilobytes rather than the whole cache again:
    the digest of the base's file and of the edited one, per piece of the edited file the index
    of its record among the base's records followed by the added ones, and the added pieces'
    digests and records. Edits that follow add to the changes, always to the same base."""

    base_digest: bytes
    file_digest: bytes
    positions: list[int]
    digests: list[bytes]
    records: list[_PieceRecord]

    def encode(self) -> bytes:
        return _sealed(("changes", self.base_digest, self.file_digest, self.positions,
                              self.digests, self.records))

    @classmethod
    def decode(cls, data: bytes) -> _Changes | None:
        """The changes in `data`; None for changes that are corrupt, foreign or of another version."""
        content = _unmarshal(data, "changes", 5)
        if content is None:
            return None
        base_digest, file_digest, positions, digests, records = content
        if not (
            isinstance(base_digest, bytes)
            and isinstance(file_digest, bytes)
            and isinstance(positions, list)
            and isinstance(digests, list)
            and isinstance(records, list)
            and len(digests) == len(records)
        ):
            return None
        return cls(base_digest, file_digest, positions, digests, records)

    def applied(self, base: _Cache) -> _Cache | None:
        """The cache of the edited file; None when these are not changes to `base`."""
        records, digests = base.records + self.records, base.digests + self.digests
        try:
            if self.base_digest != base.file_digest or (self.positions and not
                                                        0 <= min(self.positions) <= max(self.positions) < len(records)):
                return None
        except TypeError:  # not all numbers
            return None
        return _Cache(self.file_digest, list(map(digests.__getitem__, self.positions)),
                      list(map(records.__getitem__, self.positions)))


def _piece_rows(record: _PieceRecord) -> list[_Record]:
    return [record] if type(record) is tuple else record[3]  # type: ignore[return-value]


_UNKNOWN = -2  # the position of a piece the search cache does not know (never one less than a known one)


def _entry_counts(records: list[_PieceRecord]) -> list[int]:
    """How many entries each piece holds."""
    if records and set(map(type, records[1:])) <= {tuple}:  # the usual file, quickly
        return [len(_piece_rows(records[0]))] + [1] * (len(records) - 1)
    return [len(_piece_rows(record)) for record in records]


def _runs(cache: _Cache, kept: _SearchLines | None) -> tuple[list[str], list[tuple[int, list[_Record]]]] | None:
    """The parts of the cache's search text, each of whole lines, in order: what `kept` holds of
    them, in runs of pieces it holds in the same order (an edit leaves a few runs), as slices of
    its text; and, per piece it does not hold, an empty part and the entries to fold into it.
    None when a slice would not begin and end at `kept`'s line breaks."""
    parts: list[str] = []
    missing: list[tuple[int, list[_Record]]] = []
    starts, positions = [], [_UNKNOWN] * len(cache.digests)
    if kept is not None:
        starts = list(accumulate(kept.counts, initial=0))  # per kept piece, its first line
        positions = list(map(dict(zip(kept.digests, range(len(kept.digests)))).get, cache.digests, repeat(_UNKNOWN)))
    # A run starts where a piece does not follow the one before it in `kept`.
    firsts = [0, *compress(range(1, len(positions)), map(ne, map(sub, positions[1:], positions[:-1]), repeat(1)))]
    for first, end in zip(firsts, [*firsts[1:], len(positions)]):
        if positions[first] != _UNKNOWN:
            assert kept is not None
            top, bottom = kept.lines[starts[positions[first]]], kept.lines[starts[positions[end - 1] + 1]]
            if top < bottom:
                if not (_is_break(kept.text, top, "\n") and kept.text[bottom - 1 : bottom] in ("\n", "")):
                    return None
                parts.append(kept.text[top : bottom - 1])
        elif rows := _piece_rows(cache.records[first]):  # (alone in its run)
            missing.append((len(parts), rows))
            parts.append("")
    return parts, missing


@dataclass
class _SearchLines:
    """The search cache: the digest of the file it was made for, its pieces' digests, how many
    entries each piece holds, and every entry's folded search line
    (glossary.folded_search_lines), one a line, in file order, with where each line begins."""

    file_digest: bytes
    digests: list[bytes]
    counts: list[int]
    text: str
    lines: list[int]  # where each line of the text begins, then the text's length and one

    @classmethod
    def of(cls, file_digest: bytes, digests: list[bytes], counts: list[int], text: str) -> _SearchLines:
        return cls(file_digest, digests, counts, text, [*line_starts(text), len(text) + 1])

    def encode(self) -> bytes:
        return _sealed(("search", self.file_digest, self.digests, self.counts, self.text,
                              self.lines))

    @classmethod
    def decode(cls, data: bytes) -> _SearchLines | None:
        """The search cache in `data`; None for one that is corrupt, foreign or of another version."""
        content = _unmarshal(data, "search", 5)
        if content is None:
            return None
        file_digest, digests, counts, text, lines = content
        try:
            if not (isinstance(file_digest, bytes) and isinstance(digests, list) and isinstance(text, str)
                    and isinstance(counts, list) and set(map(type, counts)) <= {int}
                    and len(digests) == len(counts) and min(counts, default=0) >= 0
                    and isinstance(lines, list) and len(lines) == sum(counts) + 1 == text.count("\n") + 2
                    and lines[0] == 0 and lines[-1] == len(text) + 1):
                return None
        except TypeError:  # counts not a list of numbers
            return None
        return cls(file_digest, digests, counts, text, lines)


def _read_pieces(data: bytes, file_digest: bytes, filename: str,
                 known: dict[bytes, _PieceRecord] | _Known) -> tuple[_Reading, _Cache]:
    """Read the file's bytes (of this digest) with the records of the pieces a cache knows: the
    reading (its glossary not built yet), and the cache of these bytes."""
    whole = data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    pieces = data.split(_PIECE_BREAK.encode())
    digests = _piece_digests(pieces)
    reading = _Reading(filename, known)
    unknown = [index for index, digest in enumerate(digests) if digest not in known]
    if len(pieces) == 1 or 2 * len(unknown) > len(pieces):
        # Most of the file is new (or it is one piece: empty, tiny or unusual): read it whole.
        text = _checked(_decode(whole, filename, 1), filename)  # (which takes the byte-order mark off)
        reading.read(text.split(_PIECE_BREAK), digests)
    else:
        texts: dict[int, str] = {}
        for index in unknown:  # decoded in file order before anything else is reported, as above
            try:
                texts[index] = pieces[index].decode("utf-8")
            except UnicodeDecodeError:
                first_line = sum(piece.count(b"\n") + 1 for piece in pieces[:index]) + 1
                _decode(pieces[index], filename, first_line)
            if index:
                texts[index] = "[" + texts[index]
        if any(_has_raw_control(pieces[index]) for index in unknown) or data.endswith(b"\r"):
            _checked(data.decode("utf-8"), filename)  # (a CR that ends a piece may be a CRLF's, but not the last)
        reading.read(pieces, digests, texts)
    return reading, _Cache(file_digest, digests, reading.records)  # type: ignore[arg-type]  # no problem: no None


def _read_region(data: bytes, file_digest: bytes, filename: str, base: _Cache, source: _Source,
                 known: _Known) -> _Cache | None:
    """The cache of the file's bytes (of this digest) when they differ from the bytes `base` was
    made from (`source`) in one stretch: the pieces around it are split, digested and looked up
    (and those `known` knows not, parsed), the others taken from `base` as they are; None when
    anything is not as a valid glossary has it (a problem, a byte-order mark, a piece that
    shares an id with another...), for `_read_pieces` to read and report."""
    old, offsets = source.data, source.offsets
    if (old.startswith(b"\xef\xbb\xbf") or data.startswith(b"\xef\xbb\xbf") or data.endswith(b"\r")
            or len(offsets) != len(base.records)):
        return None  # (a CR that ends a known piece was a CRLF's; at the end of the file it is not)
    if not _may_be_breaks(old, offsets, _PIECE_BREAK.encode()):
        return None
    prefix = _common_prefix(old, data)
    suffix = _common_suffix(old, data, min(len(old), len(data)) - prefix)
    # The pieces whose bytes, or the breaks around them, the changed stretch touches.
    first = max(bisect.bisect_right(offsets, prefix - 2) - 1, 0)
    last = bisect.bisect_right(offsets, len(old) - suffix + 2) - 1
    start = offsets[first]
    end = offsets[last + 1] - len(_PIECE_BREAK) if last + 1 < len(offsets) else len(old)
    end += len(data) - len(old)  # where the untouched pieces after them begin in the edited bytes
    if first and data[start - len(_PIECE_BREAK) : start] != _PIECE_BREAK.encode() or (
            last + 1 < len(offsets) and data[end : end + len(_PIECE_BREAK)] != _PIECE_BREAK.encode()):
        return None  # (the breaks around them are in the unchanged bytes: these starts are not the file's)
    region = data[start:end]
    pieces = region.split(_PIECE_BREAK.encode())
    digests = list(map(_DIGEST, map(partial(hashlib.blake2b, digest_size=16), pieces)))
    if first == 0:
        digests[0] = _piece_digests(pieces[:1])[0]
    unknown = [index for index, digest in enumerate(digests) if digest not in known]
    if any(_has_raw_control(pieces[index]) for index in unknown):
        return None
    texts: dict[int, str] = {}
    for index in unknown:
        try:
            texts[index] = ("[" if index or first else "") + pieces[index].decode("utf-8")
        except UnicodeDecodeError:
            return None
    reading = _Reading(filename, known, inside=first > 0)
    reading.read(pieces, digests, texts, check=False)
    if reading.problems or None in reading.records:
        return None
    cache = _Cache(file_digest, base.digests[:first] + digests + base.digests[last + 1:],
                   base.records[:first] + cast("list[_PieceRecord]", reading.records) + base.records[last + 1:])
    if len(digests) <= _SEARCHED:
        found = [_index_of(base.digests, digest) for digest in digests]
    else:
        found = list(map(dict(zip(base.digests, range(len(base.digests)))).get, digests))
    cache._positions = (base, [*range(first), *found, *range(last + 1, len(base.digests))])
    rows = cache.rows()
    ids = list(map(_ID, rows))
    if len(set(ids)) != len(ids) or not set(cache.retired()).isdisjoint(ids):
        return None
    # The file before was valid: a title's holder can be wrong now only if the title is new, or
    # if a person is gone from (or no longer a person in) the pieces read.
    before = [row for record in base.records[first : last + 1] for row in _piece_rows(record)]
    after = [row for record in cast("list[_PieceRecord]", reading.records) for row in _piece_rows(record)]
    if {row[0] for row in before if row[1] == "person"} - {row[0] for row in after if row[1] == "person"}:
        if _holders_wrong(rows):
            return None
    elif any(row[6] for row in after) and _holders_wrong(rows, [row for row in after if row[6]]):
        return None
    if not rows and not (type(cache.records[0]) is not tuple and cache.records[0][0]):
        return None  # (no entries and no format line)
    return cache


class _Known:
    """The records of pieces by digest, from caches (the last first): each looked up where it
    stands until so many are asked for that an index pays (a read of a few edited pieces looks up
    a few, and an index of 100,000 digests costs more than those searches)."""

    def __init__(self, caches: Sequence[_Cache]) -> None:
        self.caches = caches
        self.index: dict[bytes, _PieceRecord] | None = None
        self.asked = 0

    def get(self, digest: bytes, default: None = None) -> _PieceRecord | None:
        if self.index is None:
            self.asked += 1
            if self.asked <= _SEARCHED:
                for cache in reversed(self.caches):
                    if (index := _index_of(cache.digests, digest)) is not None:
                        return cache.records[index]
                return None
            self.index = {}
            for cache in self.caches:
                self.index.update(zip(cache.digests, cache.records))
        return self.index.get(digest)

    def __contains__(self, digest: bytes) -> bool:
        return self.get(digest) is not None


_SEARCHED = 16  # digests looked up one by one before an index is made


def _index_of(digests: list[bytes], digest: bytes) -> int | None:
    try:
        return digests.index(digest)
    except ValueError:
        return None


def _holders_wrong(rows: list[_Record], titles: list[_Record] | None = None) -> bool:
    """Whether a title (of `titles`, or any) names as its holder an id that is not a person's
    (see `_Reading._check`)."""
    titles = list(compress(rows, map(_HOLDERS, rows))) if titles is None else titles
    if not titles:
        return False
    types = dict(zip(map(_ID, rows), map(_TYPE, rows)))
    return any(types.get(person) != "person" for person in {holder[0] for row in titles for holder in row[6]})


def _may_be_breaks(text: AnyStr, starts: list[int], separator: AnyStr) -> bool:
    """Whether `starts` may be where the pieces of `text` split at `separator` begin: the first
    at 0, rising, as many as the pieces. (A cache file's CRC-32 rules out a change on disk; this
    rules out a record of another text, cheaply. Those of them a read uses are checked too.)"""
    try:
        return starts[:1] == [0] and all(map(lt, starts, starts[1:])) and text.count(separator) == len(starts) - 1
    except TypeError:  # not all numbers
        return False


def _is_break(text: AnyStr, start: int, separator: AnyStr) -> bool:
    """Whether a piece of `text` split at `separator` begins at `start`."""
    return start == 0 or text[start - len(separator) : start] == separator


_BLOCK = 1 << 20  # bytes compared at once when looking for where two versions of the file differ


def _common_prefix(one: bytes, other: bytes) -> int:
    """How many bytes the two begin with alike."""
    size, at = min(len(one), len(other)), 0
    while at < size and one[at : at + _BLOCK] == other[at : at + _BLOCK]:
        at += _BLOCK
    if at >= size:
        return size
    low, high = at, min(at + _BLOCK, size)  # alike up to low; not up to high, or high is the end
    while high - low > 64:
        middle = (low + high) // 2
        if one[low:middle] == other[low:middle]:
            low = middle
        else:
            high = middle
    while low < size and one[low] == other[low]:
        low += 1
    return low


def _common_suffix(one: bytes, other: bytes, limit: int) -> int:
    """How many bytes (at most `limit`) the two end with alike."""
    ones, others, alike = len(one), len(other), 0
    while alike < limit:
        step = min(_BLOCK, limit - alike)
        if one[ones - alike - step : ones - alike] != other[others - alike - step : others - alike]:
            break
        alike += step
    else:
        return limit
    low, high = alike, alike + min(_BLOCK, limit - alike)  # alike for low bytes, not for high
    while high - low > 64:
        middle = (low + high) // 2
        if one[ones - middle : ones - low] == other[others - middle : others - low]:
            low = middle
        else:
            high = middle
    while low < limit and one[ones - low - 1] == other[others - low - 1]:
        low += 1
    return low


class _RowView(Mapping[str, EntryRow]):
    """The records of a glossary file's entries by id, each read from the rows file (`ROWS_NAME`)
    and unmarshalled when first asked: what a run that meets a few entries of a large glossary (a
    segment of one article) reads of it, rather than the whole cache (for 100,000 entries, 0.1 s
    of unmarshalling, and as long again to free it all on the way out). A record whose bytes are
    not what was written (a damaged file) is taken from the glossary read whole (`whole`)."""

    def __init__(self, at: dict[str, int], items: Items, whole: Callable[[], Mapping[str, EntryRow]]) -> None:
        self._at = at  # each entry's id, and its record's item
        self._items = items
        self._whole = whole
        self._made: dict[str, EntryRow] = {}

    def __getitem__(self, entry_id: str) -> EntryRow:
        row = self._made.get(entry_id)
        if row is None:
            item = self._items[self._at[entry_id]]
            row = self._made[entry_id] = marshal.loads(item) if item is not None else self._whole()[entry_id]
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._at

    def keys(self) -> KeysView[str]:
        return self._at.keys()  # (a dict's: set operations with it are made in C)

    def __reduce__(self) -> tuple[type[dict[str, EntryRow]], tuple[dict[str, EntryRow]]]:
        return dict, (dict(self.items()),)  # (pickled as the rows themselves)


class _Digests(Mapping[str, bytes]):
    """`digests_by_id` of the cache the rows file was made from (its last item), read when first
    asked: only the fingerprints (`Glossary.fingerprints`) need them."""

    def __init__(self, item: Callable[[], memoryview | None], whole: Callable[[], Mapping[str, bytes]]) -> None:
        self._item = item
        self._whole = whole
        self._digests: Mapping[str, bytes] | None = None

    def _made(self) -> Mapping[str, bytes]:
        if self._digests is None:
            item = self._item()
            made = marshal.loads(item) if item is not None else None
            self._digests = made if isinstance(made, dict) else self._whole()
        return self._digests

    def __getitem__(self, entry_id: str) -> bytes:
        return self._made()[entry_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __reduce__(self) -> tuple[type[dict[str, bytes]], tuple[dict[str, bytes]]]:
        return dict, (dict(self._made()),)


def _rows_file(cache: _Cache) -> bytes:
    """The rows file of the cache's file (`ROWS_NAME`): its digest, every entry's id, the retired
    ids; then, one item each, every entry's record, and last the digests `Glossary.fingerprints`
    takes."""
    rows = cache.rows()
    return sealed_items(CACHE_VERSION, ("rows", cache.file_digest, [row[0] for row in rows], cache.retired()),
                        [*map(marshal.dumps, rows), marshal.dumps(digests_by_id((cache.records, cache.digests)))])


def _row_view_glossary(data: memoryview | None, file_digest: bytes, whole: Callable[[], Glossary]) -> Glossary | None:
    """The glossary of the rows file in `data` if it was made from the file of this digest; `whole`
    reads the glossary whole, for a record the rows file has lost."""
    content = unsealed_items(data, CACHE_VERSION, "rows", 3) if data is not None else None
    if content is None:
        return None
    (made_from, ids, retired), items = content
    if not (made_from == file_digest and isinstance(ids, list) and len(items) == len(ids) + 1 and isinstance(retired, list)
            and set(map(type, chain(ids, retired))) <= {str}):
        return None
    at = dict(zip(ids, range(len(ids))))
    if len(at) < len(ids):  # (an id twice)
        return None
    read: list[Glossary] = []

    def read_whole() -> Glossary:
        if not read:
            read.append(whole())
        return read[0]

    return Glossary.of_row_view(_RowView(at, items, lambda: read_whole().rows()), retired,
                                _Digests(lambda: items[len(ids)], lambda: read_whole().fingerprints()))


@dataclass
class _Source:
    """The bytes the cache was made from, beside it (`SOURCE_NAME`), and where each of its pieces
    begins: what an edit changed is then found by comparing bytes, and only the pieces around it
    are split and digested (a piece's digest costs a call, and there are 100,000)."""

    file_digest: bytes
    data: bytes
    offsets: list[int]

    @classmethod
    def of(cls, file_digest: bytes, data: bytes) -> _Source:
        lengths = map(len, data.split(_PIECE_BREAK.encode())[:-1])
        return cls(file_digest, data, list(accumulate(map(add, lengths, repeat(len(_PIECE_BREAK))), initial=0)))

    def encode(self) -> bytes:
        return _sealed(("source", self.file_digest, self.data, self.offsets))

    @classmethod
    def decode(cls, data: bytes) -> _Source | None:
        content = _unmarshal(data, "source", 3)
        if content is None:
            return None
        file_digest, source, offsets = content
        if not (isinstance(file_digest, bytes) and isinstance(source, bytes) and isinstance(offsets, list)):
            return None  # (offsets that are not all numbers make `_read_region` decline)
        return cls(file_digest, source, offsets)


def _bytes_of(path: Path) -> bytes:
    """A cache file's bytes; none when it cannot be read (a missing cache is an empty one)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _has_raw_control(data: bytes) -> bool:
    """Whether the bytes hold a control character that TOML refuses raw, or any CR (a quick test:
    deleting bytes from a string runs far faster than any regular expression)."""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


_CONTROL_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])


def _decode(data: bytes, filename: str, first_line: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data[: error.start].count(b"\n")
        raise InputError("not valid UTF-8", file=filename, line=line) from None


def _to_oldest_generation() -> None:
    """Move every tracked object to the collector's oldest generation, at no cost.

    A glossary lives as long as the command, but its hundreds of thousands of entries, born while
    the collector was paused, would all be scanned by its next young collection (a third of a
    cached load's time), then again as they age. Freezing and unfreezing moves them to the oldest
    generation at once, which only full collections scan. Skipped when someone else froze objects,
    which unfreezing would release.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


class GlossaryStore:
    """The glossary of one workspace: its file, lock and atomic saves."""

    def __init__(self, folder: Path, display_root: Path | None = None, state: Path | None = None) -> None:
        """`folder` holds glossary.toml; `state` (default `folder/.translator`) the lock and cache,
        which a workspace keeps outside glossary/ so that only the glossary itself lives there."""
        self.folder = folder
        self.path = folder / FILE_NAME
        state = state if state is not None else folder / STATE_FOLDER
        self.lock_path = state / LOCK_NAME
        self.cache_path = state / CACHE_NAME
        self.changes_path = state / CHANGES_NAME
        self.search_path = state / SEARCH_NAME
        self.source_path = state / SOURCE_NAME
        self.rows_path = state / ROWS_NAME
        self._display_root = display_root

    @property
    def display_path(self) -> str:
        """The file's name as error messages show it: relative to the workspace when possible."""
        if self._display_root is not None:
            try:
                return str(self.path.relative_to(self._display_root))
            except ValueError:
                pass
        return str(self.path)

    def load(self) -> Glossary:
        """The glossary as saved; an empty one when the file does not exist yet. Its `origin` is
        the state folder and the digest of the bytes read."""
        return self._load(self._read())

    def load_with_key(self, searched: int | None = None) -> tuple[Glossary, bytes]:
        """`load`, and the digest of the bytes it read (as `memo.glossary_digest` makes it): the key
        of records made from this glossary, which holds even if the file changes meanwhile.
        `searched`: how many bytes of text the caller searches for entries (a segment of one
        article), if it needs no others; when the file is large beside them (`ROWS_FROM`,
        `ROWS_SHARE`), its entries are read one by one when asked, from the rows file, which is
        written if it was not the file's."""
        data = self._read()
        few = searched is not None and data is not None and len(data) >= max(ROWS_FROM, ROWS_SHARE * searched)
        glossary = self._load(data, few)
        assert glossary.origin is not None
        return glossary, glossary.origin[1]

    def _load(self, data: bytes | None, few: bool = False) -> Glossary:
        from translator.memo import glossary_key

        if data is None:
            glossary = Glossary()
            glossary.origin = (self.cache_path.parent, glossary_key(b""))
            return glossary
        file_digest = _digest(data)
        with collector_paused():
            glossary = self._load_data(data, file_digest, few)
            _to_oldest_generation()
        glossary.origin = (self.cache_path.parent, glossary_key(data, file_digest))
        return glossary

    def _load_data(self, data: bytes, file_digest: bytes, few: bool) -> Glossary:
        if few:
            viewed = _row_view_glossary(mapped(self.rows_path), file_digest,
                                        lambda: self._load_data(data, file_digest, False))
            if viewed is not None:
                return viewed
        cache, reading = self._validated(data, file_digest)
        if few:
            self._write(self.rows_path, _rows_file(cache))
        if reading is None:
            return cache.glossary()
        glossary = reading.glossary()
        glossary.read_from((cache.records, cache.digests))  # (the fingerprints a read from the cache gives)
        return glossary

    def find(self, query: str) -> list[Match]:
        """What `Glossary.find` finds in the saved glossary, with no entry built but those that
        hold the query: each entry's folded search line is kept per piece of the file (beside the
        cache), so that a search after an edit folds the edited entries alone."""
        key = search_key(query)
        data = self._read()
        if data is None:
            return []
        with collector_paused():
            cache, _ = self._validated(data)  # (a broken file is reported whatever the query)
            if not key:
                return []
            rows = cache.rows()
            lines = self._search_lines(cache) if len(rows) >= FOLD_AT_ONCE else None
            found = rows if lines is None else [rows[index] for index in search_candidates(key, lines, len(rows))]
            del cache, rows
            _to_oldest_generation()
        return best_matches(key, entries_from_rows(found))

    def _search_lines(self, cache: _Cache) -> str | None:
        """The folded search lines of the cache's entries, one a line, from the search cache where
        it knows a piece (it is rewritten when it knew not all); None when an entry's texts hold
        a line break (only an entry built by hand has one: then every entry is a candidate)."""
        counts = _entry_counts(cache.records)
        kept = _SearchLines.decode(_bytes_of(self.search_path))
        if kept is not None and kept.file_digest == cache.file_digest and kept.counts == counts:
            return kept.text
        if kept is not None and not _may_be_breaks(kept.text, kept.lines[:-1], "\n"):
            kept = None  # (its line starts are not its text's: not to be trusted)
        runs = _runs(cache, kept)
        if runs is None:  # (a line start the text does not have: as above)
            kept, runs = None, _runs(cache, None)
            assert runs is not None
        parts, missing = runs
        folded = folded_search_lines([row for _, rows in missing for row in rows]).split("\n")
        if len(folded) != sum(len(rows) for _, rows in missing) and missing:
            return None
        at = 0
        for index, rows in missing:
            parts[index] = "\n".join(folded[at : at + len(rows)])
            at += len(rows)
        text = "\n".join(parts)
        if kept is None or len(missing) > _SMALL_CHANGE:  # (a few edited pieces are folded again each time)
            self._write(self.search_path, _SearchLines.of(cache.file_digest, cache.digests, counts, text).encode())
        return text

    def _validated(self, data: bytes, digest: bytes | None = None) -> tuple[_Cache, _Reading | None]:
        """The cache of the file's bytes (`digest`: theirs, if known), from the cache (and the
        changes to it) when they were made from these bytes, else from the pieces they know and the
        others read (then with the reading, which may have built entries already); InputError with
        every problem."""
        digest = digest if digest is not None else _digest(data)
        base = _Cache.decode(_bytes_of(self.cache_path))
        if base is None:
            reading, cache = _read_pieces(data, digest, self.display_path, {})
            self._write_cache(cache, data)
            return cache, reading
        if base.file_digest == digest:
            return base, None
        changes = _Changes.decode(_bytes_of(self.changes_path))
        edited = changes.applied(base) if changes is not None else None
        if edited is not None and edited.file_digest == digest:
            return edited, None
        known = _Known([base] if edited is None else [base, edited])
        source = _Source.decode(_bytes_of(self.source_path))
        if source is not None and source.file_digest != base.file_digest:
            source = None
        try:
            found = _read_region(data, digest, self.display_path, base, source, known) if source is not None else None
        except TypeError:  # a damaged source: offsets that are not all numbers
            found = None
        read: _Reading | None = None
        if found is None:
            read, found = _read_pieces(data, digest, self.display_path, known)
        cache = found
        # Without the bytes the cache was made from, the next edit could not be read around: the
        # cache is written again, with them.
        smaller = base.changes_to(cache) if source is not None else None
        del known, edited, changes, source
        if smaller is None:
            self._write_cache(cache, data)
        else:
            self._write(self.changes_path, smaller.encode())
        return cache, read

    def _read(self) -> bytes | None:
        """The file's bytes, None when there is no file; InputError for anything but a regular file."""
        try:
            kind = self.path.stat().st_mode
        except FileNotFoundError:
            return None
        except OSError as error:
            raise InputError(f"cannot read the glossary: {error.strerror}", file=self.display_path) from None
        if stat.S_ISDIR(kind):
            raise InputError("is a folder, not the glossary file", file=self.display_path)
        if not stat.S_ISREG(kind):  # a FIFO or a device would block or never end
            raise InputError("is not a regular file", file=self.display_path)
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read the glossary: {error.strerror}", file=self.display_path) from None

    def save(self, glossary: Glossary) -> bool:
        """Write the glossary atomically; False when the file already held exactly this."""
        data = format_glossary(glossary).encode("utf-8")
        changed = write_atomic(self.path, data, self._display_root)
        with collector_paused():
            cache = self._saved_cache(glossary, data)
            if cache is not None:
                self._write_cache(cache, data)
        return changed

    def _saved_cache(self, glossary: Glossary, data: bytes) -> _Cache | None:
        """The cache of the file `format_glossary` wrote: its pieces are the header and then one
        per entry in id order."""
        pieces = data.split(_PIECE_BREAK.encode())
        if len(pieces) != len(glossary) + 1:
            return None
        records: list[_PieceRecord] = [[True, sorted(glossary.retired), [], []]]
        records.extend(map(entry_row, glossary))
        return _Cache(_digest(data), _piece_digests(pieces), records)

    def _write_cache(self, cache: _Cache, data: bytes) -> None:
        """Write the cache of the file's bytes `data`, and the bytes beside it (`_Source`)."""
        self._write(self.cache_path, cache.encode())
        self._write(self.source_path, _Source.of(cache.file_digest, data).encode())
        if self.changes_path.exists():  # changes to the cache it replaced, which apply no more
            self._write(self.changes_path, b"")  # (emptied, not deleted: a write checks where links lead)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomic(path, data, self._display_root)
        except (OSError, TranslatorError):
            pass  # a read-only workspace (or a state folder linked outside it) still loads, only more slowly

    @contextmanager
    def editing(self) -> Iterator[Glossary]:
        """Lock, load, let the caller change the glossary, save; nothing is saved on error, and
        nothing is written when the caller changed nothing (a file edited by hand keeps its
        comments and spelling until the glossary itself changes)."""
        with locked(self.lock_path, root=self._display_root):
            glossary = self.load()
            before = (dict(glossary.entries), set(glossary.retired))
            yield glossary
            if (glossary.entries, glossary.retired) != before:
                self.save(glossary)
