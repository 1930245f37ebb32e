"""The PO reader and writer: strict errors with lines, and round trips that gettext, polib and
Babel agree with."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.errors import InputError
from translator.formats.po import Catalog, Entry, format_catalog, parse_catalog

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None and not os.environ.get("CI"), reason="GNU gettext is not installed")

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ja\\n"\n\n'
METADATA = {
    "Project-Id-Version": "test", "PO-Revision-Date": "2026-11-28 20:00+0000", "Last-Translator": "",
    "Language-Team": "Japanese", "Language": "ja", "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

texts = st.text(
    st.one_of(st.sampled_from(list('abc XYZ.,"\\\n\t高市早苗「」“”…#:|~')), st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))),
    min_size=1, max_size=120,
)
line_texts = texts.map(lambda t: t.replace("\n", " ").strip()).filter(bool)


@st.composite
def entries(draw: st.DrawFn, index: int) -> Entry:
    msgid = f"{index}:" + draw(texts)
    obsolete = draw(st.booleans()) and index % 3 == 0
    return Entry(
        msgid=msgid,
        msgstr=draw(st.one_of(st.just(""), texts)),
        translator_comments=tuple(draw(st.lists(line_texts, max_size=2))),
        extracted_comments=tuple(draw(st.lists(line_texts, max_size=2))),
        references=tuple(f"articles/a{n}.txt:{n}" for n in range(draw(st.integers(0, 2)))),
        flags=tuple(draw(st.lists(st.sampled_from(["fuzzy", "no-wrap", "no-c-format"]), max_size=2, unique=True))),
        previous_msgid=None if obsolete else draw(st.one_of(st.none(), texts)),
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    count = draw(st.integers(0, 6))
    items = [draw(entries(index)) for index in range(count)]
    return Catalog(("A header comment.",), dict(METADATA), [e for e in items if not e.obsolete] + [e for e in items if e.obsolete])


def _comparable(entry: Entry) -> tuple[object, ...]:
    return (entry.msgid, entry.msgstr, entry.translator_comments, entry.extracted_comments, entry.references,
            entry.flags, entry.previous_msgid, entry.obsolete)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_round_trip(catalog: Catalog) -> None:
    text = format_catalog(catalog)
    again = parse_catalog(text, "t.po")
    assert [_comparable(e) for e in again] == [_comparable(e) for e in catalog]
    assert again.metadata == catalog.metadata and again.header_comments == catalog.header_comments
    assert format_catalog(again) == text


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_polib_and_babel_read_what_we_write(catalog: Catalog) -> None:
    text = format_catalog(catalog)
    theirs = polib.pofile(text)
    active = [e for e in catalog if not e.obsolete]
    assert [(e.msgid, e.msgstr, e.previous_msgid) for e in theirs if not e.obsolete] == [
        (e.msgid, e.msgstr, e.previous_msgid) for e in active
    ]
    assert [e.comment for e in theirs if not e.obsolete] == ["\n".join(e.extracted_comments) for e in active]
    assert [e.tcomment for e in theirs if not e.obsolete] == ["\n".join(e.translator_comments) for e in active]
    assert [e.msgid for e in theirs if e.obsolete] == [e.msgid for e in catalog if e.obsolete]
    babel = read_po(io.BytesIO(text.encode("utf-8")))
    automatic = {"python-format", "python-brace-format"}  # Babel sets these from the text itself
    assert [(m.id, m.string, set(m.flags) - automatic) for m in babel if m.id] == [(e.msgid, e.msgstr, set(e.flags)) for e in active]


@needs_msgfmt
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(catalogs())
def test_msgfmt_accepts_what_we_write(tmp_path: Path, catalog: Catalog) -> None:
    # msgfmt -c also checks translations against their source (both or neither end in a line
    # break): content a translator controls, which `translator check` reports, not the format.
    catalog.entries = [
        replace(entry, msgid=entry.msgid.strip("\n") or "x", msgstr=entry.msgstr.strip("\n"),
                previous_msgid=entry.previous_msgid and (entry.previous_msgid.strip("\n") or "x"))
        for entry in catalog.entries
    ]
    path = tmp_path / "t.po"
    path.write_text(format_catalog(catalog), encoding="utf-8")
    result = subprocess.run([MSGFMT or "msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_reads_what_gettext_tools_write() -> None:
    text = HEADER + (
        "# translator note\n#. extracted\n#: a.txt:1 b.txt:2\n#, fuzzy, c-format\n#| msgid \"old\"\n"
        'msgctxt "ctx"\nmsgid ""\n"multi "\n"line"\nmsgstr "訳"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "一つ"\n\n'
        '#~ #| msgid "older"\n#~ msgid "gone"\n#~ msgstr "消えた"\n'
    )
    catalog = parse_catalog(text, "t.po")
    first, plural, gone = catalog.entries
    assert (first.msgctxt, first.msgid, first.msgstr, first.flags) == ("ctx", "multi line", "訳", ("fuzzy", "c-format"))
    assert (first.translator_comments, first.extracted_comments, first.references) == (("translator note",), ("extracted",), ("a.txt:1", "b.txt:2"))
    assert first.previous_msgid == "old" and first.line == 6
    assert (plural.msgid_plural, plural.msgstr_plural) == ("many", ("一つ",))
    assert (gone.obsolete, gone.msgstr, gone.previous_msgid) == (True, "消えた", "older")
    assert catalog.metadata["Language"] == "ja"


def test_bom_and_crlf_are_normalised() -> None:
    catalog = parse_catalog("\ufeff" + HEADER.replace("\n", "\r\n") + 'msgid "a"\r\nmsgstr "b"\r\n', "t.po")
    assert [(e.msgid, e.msgstr) for e in catalog] == [("a", "b")]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('msgid "a\nmsgstr "b"\n', 6, "unterminated string"),
        ('msgid "a"\nmsgstr b"\n', 7, "unexpected 'msgstr'"),
        ('msgid "a"\nmsgstr "b" extra\n', 7, "text after a closing quote"),
        ('msgid "a"\nmsgstr "say "hi""\n', 7, "text after a closing quote"),
        ('msgid "a"\nmsgstr "\\q"\n', 7, "unknown escape sequence \\q"),
        ('msgid "a"\n', 6, "msgid without msgstr"),
        ('msgstr "b"\nmsgid "a"\nmsgstr ""\n', 6, "an entry without msgid"),
        ('msgid "a"\nmsgctxt "c"\nmsgstr ""\n', 6, "keywords out of order"),
        ('msgid "a"\nmsgstr "b"\ngarbage here\n', 8, "unexpected 'garbage'"),
        ('"orphan"\n', 6, "a string continues nothing"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "duplicate message (first on line 6)"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 7, "msgid appears twice"),
        ('msgid "a"\nmsgstr[0] "b"\n', 6, "msgstr[N] without msgid_plural"),
        # Found by fuzzing: an index of thousands of digits raised int()'s ValueError; msgfmt refuses the others too.
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[' + "9" * 5000 + '] "y"\n', 9,
         "a plural form is numbered 0, 1, 2, ... in ASCII digits"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[01] "y"\n', 9, "msgstr[01]: a plural form is numbered"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[\u0661] "y"\n', 9, "msgstr[\u0661]: a plural form"),
        ('msgid "a"\nmsgstr "x\x07y"\n', 7, "a control character inside a string"),
        ('msgid ""\nmsgstr "second header"\n', 6, 'a second header'),
    ],
)
def test_broken_files_are_reported_with_their_line(body: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_catalog(HEADER + body, "t.po")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("t.po", line), str(caught.value)
    assert message in problem.message


def test_polib_would_have_accepted_what_we_refuse() -> None:
    broken = HEADER + 'msgid "a\nmsgstr "b"\n'
    assert len(polib.pofile(broken)) <= 1  # polib returns something, silently
    with pytest.raises(InputError):
        parse_catalog(broken, "t.po")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('msgid "a"\nmsgstr "b"\n', "no header"),
        ('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n', "charset iso-8859-1"),
        (HEADER + 'msgid "a"\nmsgstr "\x00"\n', "contains a NUL byte"),
        ('msgid ""\nmsgstr "no colon here\\n"\n', "is not 'Name: value'"),
    ],
)
def test_header_problems(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_catalog(text, "t.po")


def test_long_strings_wrap_like_gettext() -> None:
    text = format_catalog(Catalog((), {"Language": "en"}, [Entry("word " * 30 + "end.\nSecond line.")]))
    lines = text.split('msgid ""\n', 2)[2].splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[-3].endswith('\\n"') and lines[-2:] == ['"Second line."', 'msgstr ""']

