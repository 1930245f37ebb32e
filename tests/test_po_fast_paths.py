"""The PO module's fast paths give exactly what its general code gives: entries read whole
against the line-by-line reader (entries, their lines, every problem), a large file read block by
block against its whole text, and the cached UTF-8 writer against the text writer."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translator import catalog as catalog_module
from translator.formats.po import (
    Catalog,
    Entry,
    _entry_text,
    _parse_lines,
    _parse_lines_one_by_one,
    _plain_entries,
    _string,
    encode_catalog,
    escape,
    format_catalog,
    parse_catalog,
    parse_plain_catalog,
)
from translator.errors import InputError, Problem

# Lines of PO files, well formed and not: whatever the reader meets, in any order.
LINES = [
    'msgid ""', 'msgstr ""', '"Language: ja\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
    'msgid "Hello."', 'msgid "Say \\"hi\\"\\n"', 'msgid "a\\\\b"', 'msgid "bad \\q escape"', 'msgid "unterminated',
    'msgstr "こんにちは。"', 'msgstr ""', '"continued "', '"more text"', '"a \\t tab"', '"x" "y"',
    "# translator's note", "#", "# ", "#  two spaces  ", "#. type: paragraph", "#.  extracted  ", "#.",
    "#: articles/a.txt:1 articles/a.txt:2", "#: ./b.txt:3", "#:", "#, fuzzy", "#, fuzzy, no-wrap", "#,",
    '#| msgid "old text"', '#| "old more"', '#| msgctxt "c"', 'msgctxt "ctx"', 'msgid_plural "many"',
    'msgstr[0] "one"', 'msgstr[1] "two"', '#~ msgid "gone"', '#~ msgstr "消えた"', '#~| msgid "older"',
    "", "", "", "  ", "garbage", 'msgid\t"tab"', 'msgid  "two spaces"', 'msgstr "trailing" ', "#:a#:b",
    'msgid "nbsp\u00a0"', "#. \u00a0nbsp\u00a0",
]


def _read(read: object, text: str) -> tuple[list[Entry], list[int], list[Problem]]:
    problems: list[Problem] = []
    entries = read(text, "x.po", problems)  # type: ignore[operator]
    return entries, [entry.line for entry in entries], problems


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=40), st.booleans())
@example(["#:", 'msgid ""', 'msgstr ""'], True)  # an entry begins at a comment line that holds nothing
@example(["", "#,", 'msgid "Hello."', 'msgstr ""'], False)
def test_entries_read_whole_are_what_reading_line_by_line_gives(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    assert _read(_parse_lines, text) == _read(_parse_lines_one_by_one, text)


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=40), st.booleans())
def test_a_reading_without_comments_differs_only_by_comments_and_reports_the_same(lines: list[str],
                                                                                  final_newline: bool) -> None:
    """Assembly reads large catalogs without their comments: the same strings, flags and lines,
    and the same errors for a broken file."""
    text = "\n".join(lines) + ("\n" if final_newline else "")

    def read(comments: bool) -> object:
        try:
            catalog = parse_catalog(text, "x.po", comments)
        except InputError as error:
            return [str(problem) for problem in error.problems]
        return ([replace(entry, translator_comments=(), extracted_comments=()) for entry in catalog.entries],
                [entry.line for entry in catalog.entries], catalog.metadata)

    assert read(False) == read(True)


def test_a_catalog_as_gettext_writes_it_is_read_whole() -> None:
    entries = [Entry("Hello.", "こんにちは。", extracted_comments=("type: paragraph",), references=("a.txt:1",)),
               Entry("Say \"hi\" to\nthem " + "word " * 30, "", translator_comments=("note", ""),
                     flags=("fuzzy",), previous_msgid="Said " + "word " * 30, references=("a.txt:2", "a.txt:9"))]
    text = format_catalog(Catalog(metadata={"Language": "ja"}, entries=entries))
    problems: list[Problem] = []
    assert _parse_lines(text, "x.po", problems)[1:] == entries == parse_catalog(text, "x.po").entries
    assert _plain_entries(text)[1] == len(text)  # every entry read whole
    assert [entry.line for entry in parse_catalog(text, "x.po").entries] == [4, 9]
    assert [entry.line for entry in _parse_lines_one_by_one(text, "x.po", problems)[1:]] == [4, 9]


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=40), st.sampled_from(["", "\n", "\n\n"]), st.integers(1, 40),
       st.sampled_from(["", "\ufeff"]))
def test_a_catalog_read_block_by_block_is_the_catalog_of_its_whole_text(lines: list[str], end: str, block_size: int,
                                                                        start: str) -> None:
    """Read in blocks (of a few bytes here, so that blocks end everywhere), a file whose entries
    are all laid out as gettext writes them gives what reading its text gives, its problems
    included; any other file is refused (None), to be read whole."""
    text = start + "\n".join(lines) + end
    try:
        whole: object = parse_catalog(text, "x.po")
    except InputError as error:
        whole = [str(problem) for problem in error.problems]
    try:
        blocks: object = parse_plain_catalog(io.BytesIO(text.encode("utf-8")), "x.po", block_size=block_size)
    except InputError as error:
        blocks = [str(problem) for problem in error.problems]
    if blocks is not None:
        assert blocks == whole
        assert isinstance(whole, list) or [entry.line for entry in whole.entries] == [  # type: ignore[attr-defined]
            entry.line for entry in blocks.entries]  # type: ignore[attr-defined]
    if _plain_entries(text)[1] == len(text) and _plain_entries(text)[0] and "\ufeff" not in text:
        assert blocks is not None  # a file of plain entries alone is read in blocks


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.builds(Entry, st.text(max_size=80), st.text(max_size=80),
                          # (no lone surrogate: no text translator reads or writes has one)
                          extracted_comments=st.lists(st.text(alphabet=st.characters(blacklist_characters="\n",
                                                                                     blacklist_categories=("Cs",)),
                                                              max_size=20), max_size=2).map(tuple),
                          references=st.lists(st.from_regex(r"[a-z]{1,5}\.txt:[0-9]{1,3}", fullmatch=True),
                                              max_size=2).map(tuple),
                          flags=st.sampled_from([(), ("fuzzy",)]), obsolete=st.booleans()), max_size=8),
       st.integers(1, 200))
def test_a_written_catalog_read_in_blocks_is_the_catalog_read_whole(entries: list[Entry], block_size: int) -> None:
    text = format_catalog(Catalog(metadata={"Language": "ja"}, entries=entries))
    try:
        whole: object = parse_catalog(text, "x.po")
    except InputError as error:  # (two entries of one text)
        whole = [str(problem) for problem in error.problems]
    try:
        blocks: object = parse_plain_catalog(io.BytesIO(text.encode("utf-8", "surrogatepass")), "x.po",
                                             block_size=block_size)
    except InputError as error:
        blocks = [str(problem) for problem in error.problems]
    assert blocks is None or blocks == whole
    if not any(entry.obsolete for entry in entries) and "\r" not in text and not _has_control(text):
        assert blocks is not None


def _has_control(text: str) -> bool:
    return any(ord(character) < 32 and character not in "\t\n" or character == "\x7f" for character in text)


def test_a_catalog_as_gettext_writes_it_is_read_in_blocks() -> None:
    entries = [Entry(f"Sentence {n} " + "word " * (n % 30), f"文 {n}", extracted_comments=("glossary: x",),
                     references=(f"a.txt:{n}",), flags=("fuzzy",) * (n % 2)) for n in range(300)]
    text = format_catalog(Catalog(metadata={"Language": "ja"}, entries=entries))
    for size in (1, 100, 1 << 20):
        assert parse_plain_catalog(io.BytesIO(text.encode()), "x.po", block_size=size) == parse_catalog(text, "x.po")
    assert parse_plain_catalog(io.BytesIO(text.replace("\n", "\r\n").encode()), "x.po") is None  # CRLF: read whole
    assert parse_plain_catalog(io.BytesIO(text.encode()[:-40] + b"\xff\n"), "x.po") is None  # not UTF-8: read whole


@settings(max_examples=200)
@given(st.lists(st.builds(Entry, st.text(max_size=120), st.text(max_size=120),
                          extracted_comments=st.lists(st.text(alphabet=st.characters(blacklist_characters="\n"),
                                                              max_size=20), max_size=2).map(tuple),
                          flags=st.sampled_from([(), ("fuzzy",)]), obsolete=st.booleans()), max_size=6))
def test_the_cached_utf8_writer_writes_what_the_text_writer_does(entries: list[Entry]) -> None:
    catalog = Catalog(metadata={"Language": "ja"}, entries=entries)
    header = _string("msgstr", "Language: ja\n")
    text = ('msgid ""\n' + header + "".join("\n" + _entry_text(entry) for entry in entries if not entry.obsolete)
            + "".join("\n" + _entry_text(entry) for entry in entries if entry.obsolete))
    assert format_catalog(catalog) == text
    assert encode_catalog(catalog) == text.encode("utf-8", "surrogatepass")  # the second time from the cache


def test_a_large_catalog_file_read_in_blocks_is_the_catalog_of_its_text(tmp_path: Path) -> None:
    """read_catalog reads a file over 1 MB in blocks; one gettext would not write (CRLF here) is
    read whole, and a broken one names its line as ever."""
    entries = [Entry(f"Sentence {n} about the budget.", f"予算についての文 {n}。", references=(f"a.txt:{n}",),
                     extracted_comments=("glossary: x",)) for n in range(12_000)]
    text = format_catalog(Catalog(metadata={"Language": "ja"}, entries=entries))
    assert len(text.encode()) > catalog_module._KEPT_FILE_BYTES
    path = tmp_path / "ja.po"
    path.write_text(text, encoding="utf-8")
    assert catalog_module.read_catalog(path, "ja.po") == parse_catalog(text, "ja.po")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    assert catalog_module.read_catalog(path, "ja.po") == parse_catalog(text, "ja.po")
    lines = text.split("\n")
    broken = len(lines) - 20
    lines[broken] = 'msgstr "unterminated'
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        catalog_module.read_catalog(path, "ja.po")
    assert raised.value.problems[0].line == broken + 1


def test_a_file_without_blank_lines_is_given_up_after_a_few_blocks(tmp_path: Path) -> None:
    """No blank line within a few blocks: not a catalog as gettext writes it, read whole instead
    (each block would otherwise copy and search all the ones before it again)."""
    reads: list[int] = []

    class Counted(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(1)
            return super().read(size)

    data = ('msgid "x"\nmsgstr "y"\n' * 200_000).encode()
    assert parse_plain_catalog(Counted(data), "x.po", block_size=1 << 16) is None
    assert len(reads) <= 6
