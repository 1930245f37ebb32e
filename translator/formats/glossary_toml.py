"""The glossary on disk: `glossary/glossary.toml`, read and written deterministically.

The file is valid TOML (so editors get highlighting and any TOML reader can check it) in a
restricted shape that this module reads line by line, fast and with exact line numbers: one
`[id]` table per entry in id order, one `key = value` line per non-empty field, strings and
one-line arrays of strings in JSON-compatible escapes. Saving an unchanged glossary writes the
same bytes, and editing one entry changes only that entry's lines.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from translator.batch import collector_paused
from translator.errors import InputError, Problem, TranslatorError
from translator.files import locked, write_atomic
from translator.glossary import (
    FIELD_KIND,
    LIST_FIELDS,
    NO_FORMS,
    Entry,
    FieldValue,
    Forms,
    Glossary,
    ID_PATTERN,
    Holder,
    entry_fields,
    entry_from_fields,
)

FORMAT_VERSION = 1
FILE_NAME = "glossary.toml"
LOCK_NAME = "glossary.lock"
CACHE_NAME = "glossary.cache"
CACHE_VERSION = 1
STATE_FOLDER = ".translator"  # gitignored: locks and caches, never content

HEADER = """\
# translator glossary: one [entry-id] table per entry, in id order.
# Fields are described in docs/glossary.md ("The glossary file"); edit by hand or with
# `translator glossary`; any translator command reports a broken edit with its line.
"""

_TABLE = re.compile(r"\[\s*([^\[\]\s]+)\s*\]\s*(?:#.*)?")
# TOML allows no control character but tab outside escapes, in strings and comments alike (a CR
# only before LF); one search of the whole text keeps the common case fast.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
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
    text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    return _UNESCAPED.sub(_escape, text) if _UNESCAPED.search(text) else text


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


@dataclass
class _Table:
    entry_id: str
    line: int
    fields: dict[str, object]


# Keys whose value is one string, for the fast path below.
_STRING_KEYS = frozenset(key for key in FIELD_KIND if key not in LIST_FIELDS and key != "id")


def parse_glossary(text: str, filename: str) -> Glossary:
    """Read the store file's text; raise InputError listing every problem with its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"the glossary file is empty{_EMPTY_HINT.format(filename=filename)}", file=filename, line=1)
    if _RAW_CONTROL.search(text):
        raise InputError(problems=_control_problems(text, filename))
    lines = text.split("\n")
    problems: list[Problem] = []
    tables: list[_Table] = []
    retired: list[str] = []
    current: _Table | None = None
    fields: dict[str, object] = {}
    skipping = False  # below a broken table header, whose keys belong to no entry
    seen_ids: dict[str, int] = {}
    has_format = False

    for number, raw in enumerate(lines, 1):
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

    if not tables and not has_format and not problems:
        problems.append(Problem(f"no 'format' line and no entries{_EMPTY_HINT.format(filename=filename)}", filename, 1))
    entries = []
    for table in tables:
        entry, field_problems = entry_from_fields(table.fields)
        for problem in field_problems:
            where = _line_of(lines, table, problem.field)
            problems.append(Problem(f"[{table.entry_id}] {problem.field}: {problem.message}", filename, where))
        if entry is not None:
            entries.append(entry)
    glossary = Glossary.of(entries, retired)
    for table in tables:
        entry = glossary.entries.get(table.entry_id)
        if entry is None:
            continue
        for message in glossary.holder_problems(entry):
            problems.append(Problem(f"[{entry.id}] holders: {message}", filename, _line_of(lines, table, "holders")))
        if entry.id in glossary.retired:
            problems.append(Problem(f"[{entry.id}] id is listed as retired", filename, table.line))
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise InputError(problems=problems)
    return glossary


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


def _line_of(lines: list[str], table: _Table, key: str) -> int:
    """The line that sets `key` in `table`, or the table's header line (found only for errors)."""
    for number in range(table.line, len(lines)):
        line = lines[number].strip()
        if line.startswith("["):
            break
        if line.partition("=")[0].strip() == key:
            return number + 1
    return table.line


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
        if "\\U" in text:
            text = _LONG_ESCAPE.sub(_as_json_escape, text)
        try:
            value, end = _decoder.raw_decode(text)
        except json.JSONDecodeError as error:
            hint = " (arrays must stay on one line)" if first == "[" else ""
            message = error.msg.lower().removesuffix(" at")
            raise _ValueProblem(f"{message} at column {{column}}{hint}", error.colno) from None
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
# of already validated records takes a fraction of that. The cache (in the gitignored state folder)
# is used only when it was made from exactly the bytes now in the file, so a hand edit, a
# checkout or a merge is always parsed and validated in full.

_Record = tuple[object, ...]


def _record(entry: Entry) -> _Record:
    return (
        entry.id,
        entry.type,
        entry.status,
        tuple(
            (forms.preferred, forms.admitted, forms.forbidden, forms.family, forms.given) if forms else None
            for forms in entry.forms
        ),
        entry.reading,
        entry.romanization,
        tuple(
            (h.person, h.start.isoformat() if h.start else None, h.end.isoformat() if h.end else None)
            for h in entry.holders
        ),
        entry.note,
        entry.source,
    )


def _entry(record: _Record) -> Entry:
    entry_id, entry_type, status, forms, reading, romanization, holders, note, source = record
    return Entry(
        entry_id,  # type: ignore[arg-type]
        entry_type,  # type: ignore[arg-type]
        status,  # type: ignore[arg-type]
        tuple(Forms(*values) if values else NO_FORMS for values in forms),  # type: ignore[attr-defined]
        reading,  # type: ignore[arg-type]
        romanization,  # type: ignore[arg-type]
        tuple(
            Holder(person, start and date.fromisoformat(start), end and date.fromisoformat(end))
            for person, start, end in holders  # type: ignore[attr-defined]
        ),
        note,  # type: ignore[arg-type]
        source,  # type: ignore[arg-type]
    )


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _encode_cache(glossary: Glossary, digest: bytes) -> bytes:
    return marshal.dumps((CACHE_VERSION, digest, sorted(glossary.retired), [_record(e) for e in glossary]))


def _decode_cache(data: bytes, digest: bytes) -> Glossary | None:
    try:
        version, cached_digest, retired, records = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if version != CACHE_VERSION or cached_digest != digest:
        return None
    return Glossary.of(map(_entry, records), retired)


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
        """The glossary as saved; an empty one when the file does not exist yet."""
        data = self._read()
        if data is None:
            return Glossary()
        digest = _digest(data)
        with collector_paused():
            try:
                cached = _decode_cache(self.cache_path.read_bytes(), digest)
            except OSError:
                cached = None
            if cached is not None:
                return cached
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                raise InputError("not valid UTF-8", file=self.display_path, line=line) from None
            glossary = parse_glossary(text, self.display_path)
            self._write_cache(glossary, digest)
        return glossary

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
            self._write_cache(glossary, _digest(data))
        return changed

    def _write_cache(self, glossary: Glossary, digest: bytes) -> None:
        try:
            write_atomic(self.cache_path, _encode_cache(glossary, digest), self._display_root)
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

