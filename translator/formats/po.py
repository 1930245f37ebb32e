"""The PO file format: a strict reader with exact line numbers, and a fast deterministic writer.

polib (used in the tests as an independent reader) accepts some broken files silently, such as
an unterminated string, and returns altered text; a translator's typo must instead be reported
with its line before anything is written. Its writer also wraps every string through textwrap,
which dominated the time to write large catalogs. This module implements the gettext PO syntax
(comments, flags, previous strings, contexts, plurals, obsolete entries) on plain strings, and
the tests check everything it writes with GNU msgfmt, polib and Babel.

The writer lays a catalog out exactly as GNU gettext does, so that msgcat, msgmerge and the
editors built on them leave it byte for byte unchanged: strings wrapped by display columns at
the line break opportunities of libunistring (`linebreak`, which gettext uses), references
filled on `#:` lines.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO
from dataclasses import dataclass, field
from functools import lru_cache, partial
from types import ModuleType

from translator.batch import collector_paused
from translator.errors import InputError, Problem

WIDTH = 79  # gettext's default line width, quotes included

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
            "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_SEQUENCE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[([^\]]*)\])?)[ \t]+(".*)')
_PLURAL_INDEX = re.compile(r"0|[1-9][0-9]{0,5}")  # as gettext writes it: ASCII digits, no leading zero
_UNESCAPED_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Every byte but those characters (in UTF-8 no other character's bytes are among them): what
# `bytes.translate` deletes to find them, eight times faster than the expression on the text.
_NOT_CONTROL = bytes(byte for byte in range(256) if _UNESCAPED_CONTROL.match(chr(byte)) is None)


@dataclass(frozen=True, slots=True)
class Entry:
    """One message of a catalog, as gettext tools see it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # "path:line"
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)  # where the entry starts in the file it was read from

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Has a translation a tool would use: not empty, not fuzzy, not obsolete."""
        strings = self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)
        return not self.obsolete and not self.fuzzy and all(strings) and bool(strings)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


@dataclass
class Catalog:
    """A PO or POT file: header comments, header fields and entries in file order."""

    header_comments: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    header_flags: tuple[str, ...] = ()
    header_line: int = field(default=1, compare=False)  # where the header entry starts in the file read

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        for entry in self.entries:
            if entry.msgid == msgid and entry.msgctxt == msgctxt and not entry.obsolete:
                return entry
        return None


# --- writing ------------------------------------------------------------------------------------
#
# GNU gettext (write-po.c, wrap()) writes a string like this, and so does this module: the string
# is cut after each "\n"; each piece is escaped, and libunistring's ulc_width_linebreaks() chooses
# where its lines end. That is a greedy fill to 79 display columns, quotes and any "#~ " or "#| "
# prefix included, over the break opportunities of libunistring's UAX #14 implementation (a pair
# table over line break classes, with a few rules of its own). It never breaks inside an escape
# sequence nor before the "\n" that ends a piece. A string that has a "\n" before its end, or
# whose first line would not fit after the keyword, starts with `msgid ""`.
#
# The line break classes and the display widths are the ones of the gettext that the tests run
# against, gettext 0.21 with libunistring 1.0 (Unicode 14, like Python 3.11's unicodedata): a
# few rules over unicodedata, plus the code points where libunistring differs from them.
# tests/test_gettext_wrap.py checks every code point against libunistring itself, and what this
# module writes against msgcat and msgmerge.
#
# translate-toolkit keeps the lines of the strings it reads, so it writes our catalogs back
# unchanged. A string it changes it wraps its own way, which agrees with gettext only for plain
# text on unprefixed msgid lines: it fills by words (UAX #29), so it may end a line on an
# opening bracket or quote, begin one with 。or ）, and keep a katakana word whole; and it
# counts characters, not columns, and neither the keyword nor a "#~ " or "#| " prefix, to decide
# whether a string fits on its first line.

_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f]')


def escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text  # most text: nothing to escape, and a search is cheaper than a translate
    return text.translate(_ESCAPE_TABLE)


@lru_cache(maxsize=None)
def _breaks() -> ModuleType:
    """translator.formats.linebreak, whose tables are built by the first string written that needs
    them: reading a catalog (status, check) needs none."""
    from translator.formats import linebreak

    return linebreak


def _layout(keyword: str, text: str, prefix: str = "", wrap: bool = True) -> str:
    """`keyword "text"`, on as many lines as gettext would write it."""
    escaped = escape(text)
    if "\n" not in text[:-1]:
        room = WIDTH - len(prefix) - len(keyword) - 3
        if not wrap:
            return f'{prefix}{keyword} "{escaped}"\n'
        if escaped.isascii():
            if len(escaped) <= room:
                return f'{prefix}{keyword} "{escaped}"\n'  # the usual case: one line
            return _one_piece(keyword, escaped, prefix, text.endswith("\n"), None)
        width = _breaks().columns(escaped)
        if width <= room:
            return f'{prefix}{keyword} "{escaped}"\n'
        return _one_piece(keyword, escaped, prefix, text.endswith("\n"), width)
    return _pieces(keyword, text, prefix, wrap)


def _one_piece(keyword: str, escaped: str, prefix: str, newline: bool, width: int | None) -> str:
    """`_pieces` of a text with no line break but maybe at its end, too wide for its first line
    (`escaped`: the text escaped; `width`: its columns, None if it is ASCII)."""
    rules = _breaks()
    limit = WIDTH - len(prefix) - 2
    start = len(keyword) + 1
    if _breaks_on_first_line(escaped, start, limit, newline):
        lines, opening, column = [f'{prefix}{keyword} ""\n'], f'{prefix}"', 0
    else:
        lines, opening, column = [], f'{prefix}{keyword} "', start
    if column + len(escaped) <= limit and (width is None or column + width <= limit):
        breaks: list[int] = []
    else:
        breaks = rules.line_breaks(escaped, column, limit, newline)
    _add_lines(lines, opening, prefix, escaped, breaks)
    return "".join(lines)


def _breaks_on_first_line(escaped: str, start: int, limit: int, newline: bool) -> bool:
    """Whether an escaped piece that begins at column `start` breaks somewhere (its string then
    starts on the line after its keyword)."""
    rules = _breaks()
    return (start > limit or rules.SURE_BREAK.search(escaped) is not None and not rules.LINE_SEPARATOR.search(escaped)
            or bool(rules.line_breaks(escaped, start, limit, newline, any_break=True)))


def _add_lines(lines: list[str], opening: str, prefix: str, escaped: str, breaks: list[int]) -> None:
    """The lines of an escaped piece ended at `breaks`, the first after `opening`."""
    begin = 0
    for end in breaks:
        lines.append(f'{opening}{escaped[begin:end]}"\n')
        opening, begin = f'{prefix}"', end
    lines.append(f'{opening}{escaped[begin:]}"\n')


def _pieces(keyword: str, text: str, prefix: str, wrap: bool) -> str:
    """`_layout` of any text: cut after each line break, each piece's lines as gettext ends them."""
    limit = (WIDTH if wrap else sys.maxsize) - len(prefix) - 2  # columns between the quotes
    pieces = [piece + "\n" for piece in text.split("\n")]
    pieces[-1] = pieces[-1][:-1]
    if not pieces[-1]:
        pieces.pop()
    lines = []
    first = True
    rules = _breaks()
    for number, piece in enumerate(pieces):
        escaped = escape(piece)
        newline = piece.endswith("\n")
        if first:
            start = len(keyword) + 1
            if number < len(pieces) - 1 or _breaks_on_first_line(escaped, start, limit, newline):
                lines.append(f'{prefix}{keyword} ""\n')
                first = False
        column = len(keyword) + 1 if first else 0
        if column + len(escaped) <= limit and (escaped.isascii() or column + rules.columns(escaped) <= limit):
            breaks: list[int] = []  # the piece fits on its line (a header's lines do): no break to look for
        else:
            breaks = rules.line_breaks(escaped, column, limit, newline)
        _add_lines(lines, f'{prefix}{keyword} "' if first else f'{prefix}"', prefix, escaped, breaks)
        first = False
    return "".join(lines)


def _string(keyword: str, text: str, prefix: str = "", wrap: bool = True) -> str:
    """`_layout`, kept: a segmenting run writes each source text into the template and every
    catalog. A plain ASCII text that fits on any line is laid out at once and not kept; the rest
    are kept in a plain dict, emptied when full, which holds less than an LRU cache's bookkeeping
    (6 MB less at the peak of a 10 MB article's segment). A translation is written once, into its
    own catalog, and is laid out with `_layout` itself."""
    if len(text) <= ONE_LINE and text.isascii() and _NEEDS_ESCAPE.search(text) is None:
        return f'{prefix}{keyword} "{text}"\n'  # as `_layout` writes it: nothing to escape, room to spare
    global _layouts_kept
    kept = _LAYOUTS.get((keyword, prefix, wrap))
    if kept is None:
        kept = _LAYOUTS[keyword, prefix, wrap] = {}
    found = kept.get(text)
    if found is None:
        if _layouts_kept >= LAYOUTS_KEPT:
            for each in _LAYOUTS.values():
                each.clear()
            _layouts_kept = 0
        found = kept[text] = _layout(keyword, text, prefix, wrap)
        _layouts_kept += 1
    return found


ONE_LINE = WIDTH - len('msgid_plural "') - len('#~| ') - 1  # characters of a text that fit on any line
LAYOUTS_KEPT = 1 << 18
# By keyword, prefix and wrapping, then by text (no key tuple per text: 7 MB less for a 10 MB article).
_LAYOUTS: dict[tuple[str, str, bool], dict[str, str]] = {}
_layouts_kept = 0


def _entry_text(entry: Entry) -> str:
    out: list[str] = []
    if entry.translator_comments:
        out.extend(f"# {comment}\n" if comment else "#\n" for comment in entry.translator_comments)
    if entry.extracted_comments:
        out.extend([f"#. {comment}\n" if comment else "#.\n" for comment in entry.extracted_comments])
    if entry.references:
        out.append(_references(entry.references))
    if entry.flags:
        out.append(f"#, {', '.join(entry.flags)}\n")
    wrap = "no-wrap" not in entry.flags
    if entry.obsolete:
        return "".join(out) + _strings(entry, "#~ ", "#~| ", wrap)
    return "".join(out) + _strings(entry, "", "#| ", wrap)


def _references(references: tuple[str, ...]) -> str:
    """`#: path:line ...` lines filled up to WIDTH, the way gettext fills them (in bytes)."""
    if len(references) == 1:  # (most entries: nothing to fill, nor to write once only)
        return f"#: {_without_dot_slash(references[0])}\n"
    out = ["#:"]
    column = 2
    for reference in dict.fromkeys(_without_dot_slash(reference) for reference in references):  # each once, as gettext
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > WIDTH:
            out.append("\n#:")
            column = 2
        out.append(" " + reference)
        column += size
    out.append("\n")
    return "".join(out)


def _without_dot_slash(reference: str) -> str:
    while reference.startswith("./"):
        reference = reference[2:]  # gettext drops it
    return reference


def _strings(entry: Entry, prefix: str, previous: str, wrap: bool) -> str:
    out = []
    if entry.previous_msgctxt is not None:
        out.append(_string("msgctxt", entry.previous_msgctxt, previous, wrap))
    if entry.previous_msgid is not None:
        out.append(_string("msgid", entry.previous_msgid, previous, wrap))
    if entry.msgctxt is not None:
        out.append(_string("msgctxt", entry.msgctxt, prefix, wrap))
    out.append(_string("msgid", entry.msgid, prefix, wrap))
    if entry.msgid_plural is not None:
        out.append(_string("msgid_plural", entry.msgid_plural, prefix, wrap))
        out.extend(_layout(f"msgstr[{n}]", text, prefix, wrap) for n, text in enumerate(entry.msgstr_plural))
    else:
        out.append(_layout("msgstr", entry.msgstr, prefix, wrap) if entry.msgstr else f'{prefix}msgstr ""\n')
    return "".join(out)


def _encoded(entry: Entry) -> bytes:
    """An entry as it is written, after the blank line before it, in UTF-8."""
    return ("\n" + _entry_text(entry)).encode("utf-8", "surrogatepass")


# Cached: a segmenting run writes the same entries into the template and every catalog of an
# article that nobody translated yet; kept as UTF-8, which is half the size of text with CJK. Only
# entries without a translation are: a translated one is written once, into its own catalog.
_untranslated_bytes = lru_cache(maxsize=1 << 17)(_encoded)


def _entry_bytes(entry: Entry) -> bytes:
    """An entry as it is written, after the blank line before it, in UTF-8."""
    if entry.msgstr or entry.msgstr_plural:
        return _encoded(entry)
    return _untranslated_bytes(entry)


def encode_catalog(catalog: Catalog) -> bytes:
    """The catalog as a PO file's bytes (UTF-8): header, active entries in order, then obsolete ones."""
    return b"".join(catalog_parts(catalog))


def catalog_parts(catalog: Catalog, reused: Callable[[Entry], bool] | None = None) -> list[bytes]:
    """`encode_catalog`'s bytes in pieces (the header, then each entry), not joined: a large
    catalog is not held twice. `reused`: which untranslated entries are worth keeping (other
    catalogs of the run will have them, see `_untranslated_bytes`), if not all."""
    return list(catalog_pieces(catalog, reused))


def catalog_pieces(catalog: Catalog, reused: Callable[[Entry], bool] | None = None) -> Iterator[bytes]:
    """`catalog_parts`, one piece at a time, each made when it is asked for."""
    yield header_bytes(catalog)
    encoded = _entry_bytes if reused is None else partial(_entry_bytes_if, reused)
    yield from map(encoded, [entry for entry in catalog.entries if not entry.obsolete])
    yield from map(encoded, [entry for entry in catalog.entries if entry.obsolete])


def header_bytes(catalog: Catalog) -> bytes:
    """The catalog's header as written: its comments, flags and header entry (the first piece of
    `catalog_pieces`)."""
    out = [f"# {comment}\n" if comment else "#\n" for comment in catalog.header_comments]
    if catalog.header_flags:
        out.append(f"#, {', '.join(catalog.header_flags)}\n")
    out.append('msgid ""\n')
    out.append(_string("msgstr", "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())))
    return "".join(out).encode("utf-8", "surrogatepass")


def entry_bytes(entry: Entry) -> bytes:
    """An entry as `catalog_pieces` writes it (after the blank line before it), made anew each time."""
    return _encoded(entry)


def in_blocks(pieces: Iterable[bytes], size: int = 1 << 18) -> Iterator[bytes]:
    """The pieces joined into blocks of about `size` bytes (fewer, larger writes and compares)."""
    block: list[bytes] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(block)
            block, length = [], 0
    if block:
        yield b"".join(block)


def _entry_bytes_if(reused: Callable[[Entry], bool], entry: Entry) -> bytes:
    if entry.msgstr or entry.msgstr_plural or not reused(entry):
        return _encoded(entry)
    return _untranslated_bytes(entry)


def format_catalog(catalog: Catalog) -> str:
    """The catalog as PO text: header, active entries in order, then obsolete ones."""
    return encode_catalog(catalog).decode("utf-8", "surrogatepass")


# --- reading ------------------------------------------------------------------------------------


class _Builder:
    """Collects the parts of the entry being read."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.strings: dict[str, list[str]] = {}  # keyword -> string pieces, in order read
        self.previous: dict[str, list[str]] = {}
        self.obsolete: bool | None = None
        self.order: list[str] = []
        self.broken = False  # a problem was reported inside it: no knock-on errors
        self.has_msgstr = False
        self.begun = False  # a line of it was read (perhaps one that holds nothing, such as "#:")

    def begin(self, line: int) -> None:
        """The entry starts at its first line read, as for a whole entry read at once."""
        if not self.begun:
            self.line, self.begun = line, True

    @property
    def empty(self) -> bool:
        return not (self.translator or self.extracted or self.references or self.flags or self.strings or self.previous)


class Shared:
    """Strings and tuples that catalogs read with it share with each other and with what the
    caller put in: the source texts, references and notes an article's template and catalogs
    have in common are then each held once, however many of them are read."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}


def parse_catalog(text: str, filename: str, comments: bool = True, shared: Shared | None = None) -> Catalog:
    """Read PO text strictly; InputError with every problem and its line.

    A byte-order mark and CRLF line ends are normalised away; a NUL is an error. Without
    `comments`, entries laid out as gettext writes them may come without their translator and
    extracted comments (the file is checked all the same): for a reader that needs only the
    strings, such as assembly, which then reads a large catalog a fifth faster. With `shared`,
    the entries laid out as gettext writes them share their msgids, references and extracted
    comments with everything read with it (equal values, one object).
    """
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputError("contains a NUL byte", file=filename, line=text[: text.index("\x00")].count("\n") + 1)
    text = text.replace("\r\n", "\n")
    problems: list[Problem] = []
    with collector_paused():  # a large catalog is a million small objects and no cycles
        entries = _parse_lines(text, filename, problems, comments, shared)
    return _catalog(entries, filename, problems)


def parse_plain_catalog(stream: BinaryIO, filename: str, comments: bool = True, shared: Shared | None = None,
                        block_size: int = 1 << 20) -> Catalog | None:
    """What `parse_catalog` reads in the stream's text, read block by block, so that a large
    catalog's whole text is never in memory (its entries are); None, having read part of the
    stream, unless every entry is laid out as gettext writes it (`_PLAIN_ENTRY`: no carriage
    return, no byte-order mark, valid UTF-8): read such a file with `parse_catalog`, which reports
    its problems. Each block ends after a blank line, which stands only between entries."""
    entries: list[Entry] = []
    blocks: dict[str, tuple[str, ...]] = {}
    line, rest = 1, b""
    with collector_paused():
        while True:
            read = stream.read(block_size)
            data = rest + read if rest else read
            end = data.rfind(b"\n\n") + 2 if read else len(data)
            if read and end < 2:  # no blank line yet: a longer block, up to a few (or no gettext wrote this)
                if len(data) > max(_BLOCKS_WITHOUT_BREAK * block_size, 1 << 16):
                    return None
                rest = data
                continue
            rest = data[end:]
            block = data[:end]
            del data
            if block.translate(None, _NOT_CONTROL):
                return None
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError:
                return None
            del block
            found, position, line = _plain_entries(text, comments, shared, line, blocks)
            if position < len(text):
                return None
            entries += found
            if not read:
                break
    if not entries:
        return None
    problems: list[Problem] = []
    return _catalog(entries, filename, problems)


_BLOCKS_WITHOUT_BREAK = 4  # blocks read without a blank line before the file is read whole instead


def _catalog(entries: list[Entry], filename: str, problems: list[Problem]) -> Catalog:
    """The catalog of these entries (the first one its header); InputError with every problem."""
    catalog = _header(entries, filename, problems)
    # An obsolete entry shares its key with an active one too, as for msgfmt and msgcat: the
    # merge turns an active entry obsolete, so accepting both would write a file no tool reads.
    keys: dict[tuple[str | None, str], int] = {}
    for entry in catalog.entries:
        key = (entry.msgctxt, entry.msgid)
        if key in keys:
            problems.append(Problem(f"duplicate message (first on line {keys[key]}): {entry.msgid[:40]!r}", filename, entry.line))
        keys.setdefault(key, entry.line)
    if problems:
        raise InputError(problems=sorted(problems, key=lambda p: p.line or 0))
    return catalog


# An entry laid out as gettext writes it, then blank lines or the end: comments in gettext's order
# (translator's, extracted, references, one line of flags), an optional previous msgid, then
# msgid and msgstr, each string on whole lines. Nearly every entry of a catalog looks so.
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_PLAIN_ENTRY = re.compile(
    r"((?:#(?: [^\n]*)?\n)*)"  # 1: translator comments
    r"((?:#\.[^\n]*\n)*)"  # 2: extracted comments
    r"((?:#:[^\n]*\n)*)"  # 3: references
    r"(?:#,([^\n]*)\n)?"  # 4: flags
    rf"(?:#\| msgid ({_STRING})\n((?:#\| {_STRING}\n)*))?"  # 5, 6: previous msgid, its continuation lines
    rf"msgid ({_STRING})\n((?:{_STRING}\n)*)"  # 7, 8: msgid
    rf"msgstr ({_STRING})\n((?:{_STRING}\n)*)"  # 9, 10: msgstr
    r"(?:\n+|\Z)"
)


def _parse_lines(text: str, filename: str, problems: list[Problem], comments: bool = True,
                 shared: Shared | None = None) -> list[Entry]:
    """Any PO text, every problem reported with its line: entries as gettext lays them out are
    read whole (`_plain_entries`), the rest, from the first entry that is not, line by line."""
    entries, position, line = (_plain_entries(text, comments, shared) if _UNESCAPED_CONTROL.search(text) is None
                               else ([], 0, 1))
    if position < len(text) or not entries:
        entries.extend(_parse_lines_one_by_one(text[position:], filename, problems, line))
    return entries


def _plain_entries(text: str, comments: bool = True, shared: Shared | None = None, line: int = 1,
                   blocks: dict[str, tuple[str, ...]] | None = None) -> tuple[list[Entry], int, int]:
    """The entries at the start of `text` (whose first line is `line`) that `_PLAIN_ENTRY`
    matches, where the text after them begins, and its line. Each is exactly the entry that
    reading it line by line gives (without `comments`, but for its translator and extracted
    comments), and such an entry has nothing to report (a string with an unknown escape stops the
    run)."""
    entries: list[Entry] = []
    position = 0
    match, count, append = _PLAIN_ENTRY.match, text.count, entries.append
    # The comment lines of a catalog repeat (a glossary entry's notes stand on every message that
    # names it): each block of them is read once and its tuple shared, a third of a large catalog's memory.
    blocks = {} if blocks is None else blocks
    texts = shared.texts if shared is not None else None
    tuples = shared.tuples if shared is not None else None
    while (found := match(text, position)) is not None:
        (translator, extracted, references, flags, previous, previous_more,
         msgid, msgid_more, msgstr, msgstr_more) = found.groups()
        try:
            entry = _EntryTwin(
                _joined(msgid, msgid_more, '"\n"', texts),
                _joined(msgstr, msgstr_more, '"\n"'),
                None,
                None,
                (),
                _translator_comments(translator, blocks) if translator and comments else (),
                _extracted_comments(extracted, blocks, tuples) if extracted and comments else (),
                _references_read(references, tuples) if references else (),
                _flags_read(flags, blocks) if flags else (),
                None,
                None if previous is None else _joined(previous, previous_more, '"\n#| "', texts),
                False,
                line,
            )
        except KeyError:  # an unknown escape sequence: reported by the line-by-line reader
            break
        entry.__class__ = Entry  # type: ignore[assignment]
        append(entry)  # type: ignore[arg-type]  # an Entry now
        end = found.end()
        line += count("\n", position, end)
        position = end
    return entries, position, line


def _translator_comments(lines: str, blocks: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The translator comments of `# ...` lines as matched (each read once per catalog, see `blocks`)."""
    found = blocks.get(lines)
    if found is None:
        found = blocks[lines] = tuple([comment.rstrip()[1:].removeprefix(" ") for comment in lines.split("\n")[:-1]])
    return found


def _extracted_comments(lines: str, blocks: dict[str, tuple[str, ...]],
                        tuples: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The extracted comments of `#. ...` lines as matched (each read once per catalog)."""
    found = blocks.get(lines)
    if found is None:
        found = tuple([comment[2:].rstrip().removeprefix(" ") for comment in lines.split("\n")[:-1]])
        if tuples is not None:
            found = tuples.setdefault(found, found)
        blocks[lines] = found
    return found


def _flags_read(line: str, blocks: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The flags of a `#,` line, without `#,` (each read once per catalog)."""
    key = "#," + line  # apart from the comment blocks, which all end in a newline
    found = blocks.get(key)
    if found is None:
        found = blocks[key] = tuple(dict.fromkeys([flag.strip() for flag in line.split(",") if flag.strip()]))
    return found


class _EntryTwin:
    """Entry's slots behind plain attribute stores: a frozen dataclass's __init__ sets each field
    through object.__setattr__, a call per field, which was a fifth of reading a large catalog.
    What it makes is then given the class Entry, which CPython allows only between classes of the
    same layout (a slot added to or missing from either makes that assignment fail loudly)."""

    __slots__ = ("msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr_plural", "translator_comments",
                 "extracted_comments", "references", "flags", "previous_msgctxt", "previous_msgid", "obsolete",
                 "line")

    def __init__(self, msgid: str, msgstr: str, msgctxt: None, msgid_plural: None, msgstr_plural: tuple[str, ...],
                 translator_comments: tuple[str, ...], extracted_comments: tuple[str, ...],
                 references: tuple[str, ...], flags: tuple[str, ...], previous_msgctxt: None,
                 previous_msgid: str | None, obsolete: bool, line: int) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.msgid_plural = msgid_plural
        self.msgstr_plural = msgstr_plural
        self.translator_comments = translator_comments
        self.extracted_comments = extracted_comments
        self.references = references
        self.flags = flags
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid = previous_msgid
        self.obsolete = obsolete
        self.line = line


def untranslated_entry(msgid: str, references: tuple[str, ...], extracted_comments: tuple[str, ...]) -> Entry:
    """`Entry(msgid, references=references, extracted_comments=extracted_comments)`, made as the
    reader makes its entries (`_EntryTwin`): a template of a large article has 100,000 of them."""
    entry = _EntryTwin(msgid, "", None, None, (), (), extracted_comments, references, (), None, None, False, 0)
    entry.__class__ = Entry  # type: ignore[assignment]
    return entry  # type: ignore[return-value]  # an Entry now


def _references_read(lines: str, tuples: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The references on `#:` lines (as matched, each line's "#:" included), as `_read_references`
    gives them (the one tuple in `tuples` that is equal to them, if any)."""
    references = lines[2:].replace("\n#:", " ").split()
    if "./" in lines:
        found = _read_references(references)
    else:
        found = (references[0],) if len(references) == 1 else tuple(dict.fromkeys(references))
    return found if tuples is None else tuples.setdefault(found, found)


def _joined(first: str, more: str, between: str, texts: dict[str, str] | None = None) -> str:
    """A string's value from its first quoted piece and the lines that continue it (the one string
    in `texts` that is equal to it, if any)."""
    value = first[1:-1] + more[more.index('"') + 1 : -2].replace(between, "") if more else first[1:-1]
    if "\\" in value:
        value = _ESCAPE_SEQUENCE.sub(_unescaped, value)
    return value if texts is None else texts.setdefault(value, value)


def _unescaped(match: re.Match[str]) -> str:
    return _UNESCAPES[match.group(1)]  # KeyError for an unknown escape


def _parse_lines_one_by_one(text: str, filename: str, problems: list[Problem], first_line: int = 1) -> list[Entry]:
    """Any PO text, line by line, every problem reported with its line."""
    lines = text.split("\n")
    entries: list[Entry] = []
    current = _Builder(first_line)
    target: list[str] | None = None  # the string list a continuation line extends

    def finish() -> None:
        nonlocal current, target
        if not current.empty and not current.broken:
            entry = _build(current, filename, problems)
            if entry is not None:
                entries.append(entry)
        target = None

    clean = _UNESCAPED_CONTROL.search(text) is None  # then no line needs the check
    for number, raw in enumerate(lines, first_line):
        # Fast paths for the lines that make up nearly all of a file, exactly as gettext writes
        # them: a plain string continuing the last keyword, and `msgid "..."` / `msgstr "..."`.
        first = raw[:1]
        if first == '"' and clean and target is not None and raw.count('"') == 2 and raw[-1] == '"' and "\\" not in raw:
            target.append(raw[1:-1])
            continue
        if first == "m" and clean and current.obsolete is not True:
            keyword, _, rest = raw.partition(" ")
            if (
                (keyword == "msgid" or keyword == "msgstr")
                and rest.count('"') == 2 and rest[0] == '"' and rest[-1] == '"' and "\\" not in rest
            ):
                if keyword == "msgid" and current.has_msgstr:
                    finish()
                    current = _Builder(number)
                if keyword not in current.strings:
                    current.begin(number)
                    current.obsolete = False
                    target = current.strings[keyword] = [rest[1:-1]]
                    current.order.append(keyword)
                    current.has_msgstr = current.has_msgstr or keyword == "msgstr"
                    continue
        if first == "#" and clean and raw[1:2] in (".", ":"):
            if current.strings:
                finish()
                current = _Builder(number)
            current.begin(number)
            if raw[1] == ".":
                current.extracted.append(raw[2:].rstrip().removeprefix(" "))
            else:
                current.references.extend(raw[2:].split())
            target = None
            continue
        line = raw.strip()
        if not line:
            if current.strings:
                finish()
                current = _Builder(number + 1)
            continue
        obsolete = False
        body = line
        if line.startswith("#~"):
            obsolete = True
            body = line[2:].strip()
            if body.startswith("|"):  # "#~| msgid": a previous string of an obsolete entry
                body = "#" + body
            if not body:
                continue
        if body[0] == "#" and body[1:2] != "|":
            if current.strings and not obsolete:
                finish()
                current = _Builder(number)
            current.begin(number)
            kind, rest = body[:2], body[2:]
            if kind == "#.":
                current.extracted.append(rest.removeprefix(" "))
            elif kind == "#:":
                current.references.extend(rest.split())
            elif kind == "#,":
                current.flags.extend(flag.strip() for flag in rest.split(",") if flag.strip())
            else:
                current.translator.append(body[1:].removeprefix(" "))
            target = None
            continue
        previous = body.startswith("#|")
        if previous:
            body = body[2:].strip()
        if body.startswith('"'):
            if target is None:
                problems.append(Problem("a string continues nothing: it must follow msgid, msgstr or msgctxt", filename, number))
                continue
            value = _literal(body, filename, number, problems)
            if value is not None:
                target.append(value)
            else:
                current.broken = True
            continue
        match = _KEYWORD.fullmatch(body)
        if match is None:
            word = body.split()[0] if body.split() else body
            problems.append(Problem(f"unexpected '{word[:30]}': expected a comment, msgctxt, msgid or msgstr", filename, number))
            current.broken = True
            target = None
            continue
        keyword = match.group(1)
        if match.group(2) is not None and not _PLURAL_INDEX.fullmatch(match.group(2)):
            problems.append(Problem(f"msgstr[{match.group(2)[:12]}]: a plural form is numbered 0, 1, 2, ... "
                                    "in ASCII digits, without leading zeros", filename, number))
            current.broken = True
            target = None
            continue
        if (previous or keyword in ("msgctxt", "msgid")) and current.has_msgstr:
            finish()
            current = _Builder(number)
        current.begin(number)
        if current.obsolete is None:
            current.obsolete = obsolete
        elif current.obsolete != obsolete and not previous:
            problems.append(Problem("an entry mixes obsolete (#~) and active lines", filename, number))
        store = current.previous if previous else current.strings
        if keyword in store:
            problems.append(Problem(f"{keyword} appears twice in one entry", filename, number))
            target = None
            continue
        value = _literal(match.group(3), filename, number, problems)
        if value is None:
            current.broken = True
        target = store.setdefault(keyword, [] if value is None else [value])
        if not previous:
            current.order.append(keyword)
            current.has_msgstr = current.has_msgstr or keyword.startswith("msgstr")
    finish()
    return entries


def _literal(text: str, filename: str, number: int, problems: list[Problem]) -> str | None:
    """The value of one quoted string, which must be the whole of `text`."""
    if _UNESCAPED_CONTROL.search(text):
        problems.append(Problem("a control character inside a string (write it as an escape such as \\n)", filename, number))
        return None
    if "\\" not in text and len(text) >= 2 and text.endswith('"') and '"' not in text[1:-1]:
        return text[1:-1]  # the common case
    out: list[str] = []
    position = 1
    while position < len(text):
        char = text[position]
        if char == '"':
            if position != len(text) - 1:
                problems.append(Problem('text after a closing quote (a quote inside a string is written \\")', filename, number))
                return None
            return "".join(out)
        if char == "\\":
            escaped = text[position + 1 : position + 2]
            if escaped not in _UNESCAPES:
                problems.append(Problem(f"unknown escape sequence \\{escaped}" if escaped else
                                        "unterminated string: a closing quote is missing", filename, number))
                return None
            out.append(_UNESCAPES[escaped])
            position += 2
            continue
        out.append(char)
        position += 1
    problems.append(Problem("unterminated string: a closing quote is missing", filename, number))
    return None


def _build(parts: _Builder, filename: str, problems: list[Problem]) -> Entry | None:
    if parts.order == ["msgid", "msgstr"] and not parts.previous:  # the usual entry
        return Entry(
            msgid="".join(parts.strings["msgid"]),
            msgstr="".join(parts.strings["msgstr"]),
            translator_comments=tuple(parts.translator),
            extracted_comments=tuple(parts.extracted),
            references=_read_references(parts.references),
            flags=tuple(dict.fromkeys(parts.flags)) if parts.flags else (),
            obsolete=bool(parts.obsolete),
            line=parts.line,
        )
    strings = {key: "".join(value) for key, value in parts.strings.items()}
    previous = {key: "".join(value) for key, value in parts.previous.items()}
    if "msgid" not in strings:
        if strings or previous:
            problems.append(Problem("an entry without msgid", filename, parts.line))
        return None  # comments alone (e.g. at the end of the file) are not an entry
    plural_keys = sorted((k for k in strings if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
    if "msgid_plural" in strings:
        if not plural_keys or "msgstr" in strings:
            problems.append(Problem("msgid_plural needs msgstr[0], msgstr[1], ... and no plain msgstr", filename, parts.line))
            return None
        if [int(k[7:-1]) for k in plural_keys] != list(range(len(plural_keys))):
            problems.append(Problem("msgstr[N] must be numbered 0, 1, 2, ... without gaps", filename, parts.line))
            return None
    elif plural_keys:
        problems.append(Problem("msgstr[N] without msgid_plural", filename, parts.line))
        return None
    elif "msgstr" not in strings:
        problems.append(Problem("msgid without msgstr", filename, parts.line))
        return None
    expected = [k for k in ("msgctxt", "msgid", "msgid_plural") if k in strings]
    if parts.order[: len(expected)] != expected:
        problems.append(Problem("keywords out of order: msgctxt, msgid, msgid_plural, then msgstr", filename, parts.line))
        return None
    return Entry(
        msgid=strings["msgid"],
        msgstr=strings.get("msgstr", ""),
        msgctxt=strings.get("msgctxt"),
        msgid_plural=strings.get("msgid_plural"),
        msgstr_plural=tuple(strings[k] for k in plural_keys),
        translator_comments=tuple(parts.translator),
        extracted_comments=tuple(parts.extracted),
        references=_read_references(parts.references),
        flags=tuple(dict.fromkeys(parts.flags)),
        previous_msgctxt=previous.get("msgctxt"),
        previous_msgid=previous.get("msgid"),
        obsolete=bool(parts.obsolete),
        line=parts.line,
    )


def _read_references(references: list[str]) -> tuple[str, ...]:
    """References as the writer writes them (each once, no leading "./", as gettext), so that
    what is read and written back reads the same."""
    if not references:
        return ()
    return tuple(reference for reference in dict.fromkeys(_without_dot_slash(r) for r in references) if reference)


def _header(entries: list[Entry], filename: str, problems: list[Problem]) -> Catalog:
    if not entries or entries[0].msgid != "" or entries[0].msgctxt is not None or entries[0].obsolete:
        if not problems:
            problems.append(Problem('no header: a PO file starts with msgid "" and its header fields', filename, 1))
        return Catalog(entries=entries)
    head = entries[0]
    metadata: dict[str, str] = {}
    for field_line in head.msgstr.split("\n"):
        if not field_line.strip():
            continue
        key, colon, value = field_line.partition(":")
        if not colon or not key.strip():
            problems.append(Problem(f"header field '{field_line[:40]}' is not 'Name: value'", filename, head.line))
            continue
        metadata[key.strip()] = value.strip()
    content_type = metadata.get("Content-Type", "")
    charset = content_type.partition("charset=")[2].strip().lower()
    if charset and charset not in ("utf-8", "utf8"):
        problems.append(Problem(f"the catalog declares charset {charset}; translator reads and writes UTF-8 only", filename, head.line))
    for entry in entries[1:]:
        if entry.msgid == "" and entry.msgctxt is None:
            problems.append(Problem('a second header (msgid "")', filename, entry.line))
    return Catalog(
        header_comments=head.translator_comments,
        metadata=metadata,
        entries=entries[1:],
        header_flags=head.flags,
        header_line=head.line,
    )
