"""Hostile catalogs: the PO reader lets only TranslatorError escape, and whatever it accepts the
writer writes back into a file it accepts again and reads the same."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.catalog import _parse
from translator.errors import InputError, TranslatorError
from translator.formats.po import format_catalog, parse_catalog

VALID = (
    '# A comment.\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=n != 1;\\n"\n\n'
    '#. note\n#: articles/a.txt:1\n#, c-format\n#| msgid "Old %d"\nmsgid "New %d"\nmsgstr "新 %d"\n\n'
    'msgctxt "menu"\nmsgid "File"\nmsgstr ""\n"ファイル\\n"\n\n'
    'msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "a"\nmsgstr[1] "b"\n\n'
    '#~ msgid "old"\n#~ msgstr "古い"\n'
)
_TOKENS = ['msgid ', 'msgstr ', 'msgctxt ', 'msgid_plural ', 'msgstr[0] ', 'msgstr[1] ', 'msgstr[9] ', '#~ ', '#| ',
           '#~| ', '#, fuzzy', '#: a:1', '#. x', '# x', '"', '""', '"x"', '\\', '\\n', '\\"', '\n', '\n\n', ' ', '\t',
           '\r\n', '\ufeff', '\x00', '\x07', 'old', '字', '""\n']


def _reads_or_refuses(data: bytes) -> None:
    try:
        catalog = _parse(data, "t.po")
    except TranslatorError:
        return
    text = format_catalog(catalog)
    again = parse_catalog(text, "t.po")  # what we write, we read
    assert again == catalog
    assert format_catalog(again) == text


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _reads_or_refuses(data)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 6), st.sampled_from(_TOKENS)), max_size=6))
def test_mutated_catalogs(edits: list[tuple[int, int, str]]) -> None:
    """Valid catalogs with pieces cut out and PO tokens put in: read and written back, or refused."""
    text = VALID
    for position, cut, token in edits:
        position = min(position, len(text))
        text = text[:position] + token + text[position + cut:]
    _reads_or_refuses(text.encode("utf-8"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
def test_token_soup(text: str) -> None:
    _reads_or_refuses(('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + text).encode("utf-8"))


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('#~ msgid "old"\n#~ msgstr "x"\n\n#~ msgid "old"\n#~ msgstr "y"\n', 8),  # two obsolete
        ('msgid "old"\nmsgstr "x"\n\n#~ msgid "old"\n#~ msgstr "y"\n', 8),  # active and obsolete
        ('#~ msgid ""\n#~ msgstr "y"\n', 5),  # an obsolete second header
    ],
)
def test_a_message_twice_is_refused_with_the_second_line(body: str, line: int) -> None:
    """As msgfmt and msgcat do: an obsolete entry with the key of another would come out of a
    merge as two obsolete entries that no tool reads."""
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body
    with pytest.raises(InputError) as caught:
        parse_catalog(text, "t.po")
    assert [problem.line for problem in caught.value.problems] == [line]
