"""Articles: plain text or Markdown, with optional front matter, read into translatable blocks.

Markdown is parsed with markdown-it-py, a CommonMark-compliant parser: headings, paragraphs,
list items, block quotes and table cells are translatable blocks, their inline markup kept as
written; code, HTML blocks and reference definitions are not. Front matter is YAML (PyYAML's
safe loader). Every block knows the file line its text starts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from translator.batch import collector_paused
from translator.errors import InputError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# PyYAML and markdown-it are imported where they are used: a plain-text article without front
# matter needs neither, and `translator --help` needs no article at all.

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX_LENGTH = 100
# File names Windows reserves for devices (in any case, with any extension): catalogs named so
# could not be checked out there.
RESERVED_SLUGS = frozenset(["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                            *(f"lpt{n}" for n in range(1, 10))])

_URL = re.compile(r"<?https?://[^\s>)]+>?|\]\([^)]*\)|\]\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Block:
    """A translatable run of text: its kind, its text as written, the line it starts on."""

    kind: str  # title, heading, paragraph, list_item, blockquote, table_cell
    text: str
    line: int
    markdown: bool = False  # inline Markdown markup may occur in the text
    columns: tuple[int, ...] = ()  # per line of text, where it starts in its file line (0 if absent)

    def position(self, offset: int) -> tuple[int, int]:
        """The file line and column (from 1) of `offset` in the block's text."""
        index = self.text.count("\n", 0, offset)
        start = self.columns[index] if index < len(self.columns) else 0
        return self.line + index, start + offset - (self.text.rfind("\n", 0, offset) + 1) + 1


@dataclass(frozen=True, slots=True)
class Article:
    """A source article: where it is, its identity from the front matter, its blocks."""

    name: str  # as messages and references show it, e.g. articles/japan-china-talks.txt
    format: str  # "text" or "markdown"
    slug: str
    title: str | None
    date: date | None
    blocks: tuple[Block, ...]
    # The digest of the bytes it was parsed from, with its name, format and file stem (all its
    # parse depends on), when it was read from a file: what `memo.article_digest` keys by.
    origin: bytes = field(default=b"", compare=False, repr=False)


def article_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"not an article: use .txt for plain text or .md for Markdown (got '{path.suffix or 'no extension'}')",
            file=str(path),
        ) from None


def decode_article(data: bytes, name: str) -> str:
    """Text of an article file: UTF-8 with a BOM dropped and line ends normalised to LF.

    A NUL byte or undecodable bytes are errors naming the line.
    """
    if b"\x00" in data:
        raise InputError("contains a NUL byte; an article is a UTF-8 text file", file=name, line=data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not valid UTF-8", file=name, line=data[: error.start].count(b"\n") + 1) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def slug_from(stem: str) -> str:
    """A safe slug from a file name: lower case, runs of other characters become hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:SLUG_MAX_LENGTH].strip("-")


def parse_article(text: str, name: str, format: str, stem: str, origin: bytes = b"") -> Article:
    """Read an article's text into blocks; InputError with file and line for anything wrong.
    `origin`: see `Article.origin`."""
    front, body, offset = _split_front_matter(text, name)
    meta = _front_matter(front, name) if front is not None else {}
    slug = meta.get("slug")
    if slug is None:
        slug = slug_from(stem)
        if not slug:
            raise InputError("cannot make a slug from the file name; add 'slug:' to the front matter", file=name, line=1)
    elif not isinstance(slug, str) or not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise InputError(
            f"slug {_shown(slug)} must be lower-case letters, digits and single hyphens (e.g. japan-china-talks)",
            file=name, line=_key_line(front or "", "slug"),
        )
    if slug in RESERVED_SLUGS:
        where = _key_line(front or "", "slug") if meta.get("slug") is not None else 1
        raise InputError(f"slug '{slug}' names a device on Windows, where a checkout could not hold its catalogs; "
                         "choose another 'slug:'", file=name, line=where)
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError("title must be text", file=name, line=_key_line(front or "", "title"))
    published = _date(meta.get("date"), name, _key_line(front or "", "date"))
    blocks: list[Block] = []
    if title and title.strip():
        title_line = _key_line(front or "", "title")
        written = (front or "").split("\n")[title_line - 2] if title_line > 1 else ""
        blocks.append(Block("title", title.strip(), title_line, columns=(max(written.find(title.strip()), 0),)))
    with collector_paused():  # a large article is many blocks and no cycles
        blocks.extend(_markdown_blocks(body, offset) if format == "markdown" else _text_blocks(body, offset))
    return Article(name, format, slug, title, published, tuple(blocks), origin)


def _split_front_matter(text: str, name: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, number of lines before the body)."""
    if not text.startswith("---\n"):
        return None, text, 0
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise InputError("front matter starts with '---' but has no closing '---' line", file=name, line=1)
    front = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :]
    rest = rest[1:] if rest.startswith("\n") else rest
    return front, rest, front.count("\n") + 2


# Front matter of `key: value` lines whose values YAML can read only one way, a lower-case word
# such as a slug or an ISO date, is read without PyYAML, whose import costs more than `status` takes
# to run; anything else (a title, quotes, a comment, an impossible date) goes to PyYAML.
_PLAIN_LINE = re.compile(r"([a-z_]+):[ ]+(?:([a-z][a-z0-9-]*)|([0-9]{4}-[0-9]{2}-[0-9]{2}))[ ]*")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})  # YAML 1.1 booleans and null


def _plain_front_matter(front: str) -> dict[str, object] | None:
    """What PyYAML's safe loader reads from plain `key: value` front matter, or None for any other."""
    meta: dict[str, object] = {}
    for line in front.split("\n"):
        if not line:
            continue
        found = _PLAIN_LINE.fullmatch(line)
        if found is None or found[1] in _YAML_WORDS or found[2] in _YAML_WORDS:
            return None
        if found[3] is None:
            meta[found[1]] = found[2]
            continue
        try:
            meta[found[1]] = date.fromisoformat(found[3])
        except ValueError:
            return None
    return meta


def _front_matter(front: str, name: str) -> dict[str, object]:
    plain = _plain_front_matter(front)
    if plain is not None:
        return plain
    import yaml

    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"front matter is not valid YAML: {problem}", file=name, line=line) from None
    except RecursionError:
        raise InputError("front matter is nested too deeply", file=name, line=_unreadable_line(front)) from None
    except Exception as error:  # noqa: BLE001  # PyYAML's constructors fail in their own ways on bad tagged values
        if isinstance(error, ValueError) and _CALENDAR.search(str(error)):  # YAML's date, not the calendar's: 2025-02-30
            raise InputError(f"front matter has an impossible date or time: {error}", file=name,
                             line=_unreadable_line(front)) from None
        raise InputError("front matter has a value YAML cannot read (a tag such as !!int on a value it does not fit?)",
                         file=name, line=_unreadable_line(front)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("front matter must be 'key: value' lines (title, date, slug)", file=name, line=2)
    return {str(key): value for key, value in data.items()}


# What the calendar and the clock say of a date or time they do not have.
_CALENDAR = re.compile(r"\b(?:year|month|day|hour|minute|second)\b.*\b(?:range|must be)\b")


def _unreadable_line(front: str) -> int:
    """The file line of the first front matter line that YAML reads alone and cannot make a
    value of (an impossible date, a bad tagged value, brackets nested too deeply)."""
    import yaml

    for number, line in enumerate(front.split("\n"), start=2):
        try:
            yaml.safe_load(line)
        except yaml.YAMLError:
            continue
        except Exception:  # noqa: BLE001  # as in _front_matter
            return number
    return 1


def _shown(value: object) -> str:
    """A front matter value as a message shows it: its repr, cut short."""
    try:
        text = repr(value)
    except ValueError:  # an int of thousands of digits, which Python will not write in decimal
        return "(a number too long to show)"
    return text if len(text) <= 60 else text[:57] + "..."


def _key_line(front: str, key: str) -> int:
    for number, line in enumerate(front.split("\n"), start=2):
        if re.match(rf"{key}\s*:", line):
            return number
    return 1


def _date(value: object, name: str, line: int) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(f"date {_shown(value)} is not a date of the form YYYY-MM-DD", file=name, line=line)


def is_translatable(text: str) -> bool:
    """False for text with no letters outside URLs and link targets (a bare link, '---', '1.')."""
    if "http" in text or "](" in text or "][" in text:  # what every match of _URL holds: most text has none
        text = _URL.sub("", text)
    found = _LETTER_OR_NUMERAL.search(text)
    while found is not None and not found.group().isalpha():  # (a numeral such as ² or Ⅷ)
        found = _LETTER_OR_NUMERAL.search(text, found.end())
    return found is not None


# Every character `str.isalpha` accepts, and the numerals of other than decimal digits: a letter
# is found by the regular expression engine, not a Python loop over the characters before it.
_LETTER_OR_NUMERAL = re.compile(r"[^\W\d_]")


def _text_blocks(body: str, offset: int) -> list[Block]:
    """Paragraphs separated by blank lines; with no blank line at all, one paragraph per line.
    (A line is blank when it holds only whitespace, as `str.strip` finds it; the paragraphs are
    found by a regular expression, each line's number by counting line ends from the last:
    a 10 MB article's lines are not each looked at in Python.)"""
    lines = body[:-1] if body.endswith("\n") else body  # (a final line end starts no line)
    whole_lines = _BLANK_LINE.search(lines) is None
    blocks: list[Block] = []
    number, counted = 1 + offset, 0
    for found in (_LINE if whole_lines else _PARAGRAPH).finditer(lines):
        start = found.start()
        number += lines.count("\n", counted, start)
        counted = start
        text = found.group()
        if is_translatable(text):
            blocks.append(Block("paragraph", text, number))
    return blocks


_BLANK_LINE = re.compile(r"^[^\S\n]*$", re.MULTILINE)  # (an empty text is one blank line)
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


_CONTAINERS = {"list_item_open": "list_item", "blockquote_open": "blockquote"}


def _markdown_blocks(body: str, offset: int) -> list[Block]:
    blocks: list[Block] = []
    context: list[str] = []
    lines = body.split("\n")
    for token in _parser().parse(body):
        if token.type in _CONTAINERS:
            context.append(_CONTAINERS[token.type])
        elif token.type in ("list_item_close", "blockquote_close"):
            context.pop()
        elif token.type in ("heading_open", "th_open", "td_open"):
            context.append("heading" if token.type == "heading_open" else "table_cell")
        elif token.type in ("heading_close", "th_close", "td_close"):
            context.pop()
        elif token.type == "inline" and token.map is not None and is_translatable(token.content):
            kind = context[-1] if context else "paragraph"
            text = _unindented(token.content)
            first = _first_line(lines, token.map, text)
            blocks.append(Block(kind, text, first + 1 + offset, markdown=True, columns=_columns(lines, first, text)))
    return blocks


def _columns(lines: list[str], first: int, text: str) -> tuple[int, ...]:
    """Where each line of a block's text starts in its file line (after list markers, quote
    marks and indentation), for columns in messages."""
    starts = []
    for index, piece in enumerate(text.split("\n")):
        line = lines[first + index] if first + index < len(lines) else ""
        starts.append(max(line.find(piece), 0) if piece else 0)
    return tuple(starts)


def _first_line(lines: list[str], span: list[int], text: str) -> int:
    """The index of the line the block's text starts on: the first of its source lines, unless
    markdown-it dropped that line as whitespace (a line of no-break spaces is not blank to
    CommonMark, but Python's strip() takes it away)."""
    first, end = span
    start = text.split("\n", 1)[0]
    while first < end - 1 and start not in lines[first]:
        first += 1
    return first


def _unindented(content: str) -> str:
    """Inline content without the indentation of its continuation lines, which Markdown ignores
    and markdown-it may have turned from tabs into spaces (so it is not in the file as written)."""
    first, *rest = content.split("\n")
    return "\n".join([first, *(line.lstrip(" \t") for line in rest)])


def load_article(path: Path, name: str) -> tuple[str, Article]:
    """The article file at `path` (shown in messages as `name`): its text and its parse."""
    form = article_format(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such article", file=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not an article", file=name) from None
    if len(data) > _KEPT_ARTICLE_BYTES:  # a large one would hold more memory than parsing again costs time
        text = decode_article(data, name)
        return text, parse_article(text, name, form, path.stem, _origin(data, name, form, path.stem))
    return _parsed(data, name, form, path.stem)


_KEPT_ARTICLE_BYTES = 1_000_000


@lru_cache(maxsize=2048)
def _parsed(data: bytes, name: str, form: str, stem: str) -> tuple[str, Article]:
    """A small article's text and parse, once per process for the same bytes (lint, segment,
    check, assemble and review each read it; articles are frozen records, safe to share)."""
    text = decode_article(data, name)
    return text, parse_article(text, name, form, stem, _origin(data, name, form, stem))


def _origin(data: bytes, name: str, form: str, stem: str) -> bytes:
    try:  # (not hashlib, which loads OpenSSL: see translator.memo; status reads articles and keeps no records)
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    hashed = blake2b(f"{name}\0{form}\0{stem}\0".encode("utf-8", "surrogatepass"), digest_size=20)
    hashed.update(data)
    return hashed.digest()


def read_article(path: Path, name: str) -> Article:
    """Read and parse the article file at `path`, shown in messages as `name`."""
    return load_article(path, name)[1]
