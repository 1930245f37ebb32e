"""Any bytes as an article, any text as front matter: the reader gives an article or the
project's own error, never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.formats.article import _URL, Block, _text_blocks, decode_article, is_translatable, parse_article
from translator.errors import TranslatorError

FRONT_PIECES = st.sampled_from([
    "title: ", "date: ", "slug: ", "2025-13-45", "2025-02-30", "2025-11-18", "0000-00-00", "9999-12-31T25:61:00",
    "con", "aux", "a-b", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!!binary", "'", '"', "- ",
    ": ", "\n", "  ", "\t", "#", "~", "null", "true", "1e999", "\u3000", "高市", "\x7f", "\ufeff", "---", "...",
])


def _read(text: str, form: str) -> None:
    try:
        parse_article(text, "a.md", form, "a")
    except TranslatorError:
        pass


@settings(max_examples=400, deadline=None)
@given(st.lists(FRONT_PIECES, max_size=30).map("".join), st.text(max_size=200), st.sampled_from(["markdown", "text"]))
def test_any_front_matter_is_read_or_refused(front: str, body: str, form: str) -> None:
    _read(f"---\n{front}\n---\n{body}", form)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["markdown", "text"]))
def test_any_bytes_are_read_or_refused(data: bytes, form: str) -> None:
    try:
        text = decode_article(data, "a.md")
    except TranslatorError:
        return
    _read(text, form)


def _blocks_line_by_line(body: str, offset: int) -> list[Block]:
    """How plain-text paragraphs were found before the regular expressions: each line looked at
    (kept here as what `_text_blocks` must agree with)."""
    lines = body.split("\n")
    if body.endswith("\n"):
        lines.pop()
    has_blank = any(not line.strip() for line in lines)
    blocks: list[Block] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip() and not has_blank:
            if is_translatable(line):
                blocks.append(Block("paragraph", line, number + offset))
            continue
        if line.strip():
            start = number if start is None else start
        elif start is not None:
            text = "\n".join(lines[start - 1 : number - 1])
            if is_translatable(text):
                blocks.append(Block("paragraph", text, start + offset))
            start = None
    return blocks


LINE_PIECES = st.sampled_from(["\n", "\n", " ", "\t", "a", "Word", "1.", "---", "http://x.y/z", "[a](b)", "\u3000",
                               "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u00a0", "高市", "\ufeff", "ー", "\r"])


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(LINE_PIECES, max_size=40).map("".join), st.text(max_size=120)), st.integers(0, 5))
def test_plain_text_paragraphs_are_found_as_line_by_line(body: str, offset: int) -> None:
    assert _text_blocks(body, offset) == _blocks_line_by_line(body, offset)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(LINE_PIECES | st.sampled_from(["²", "Ⅷ", "_", "٣", "½", "ǅ"]),
                                                max_size=12).map("".join)))
def test_a_text_is_translatable_when_it_has_a_letter_outside_links(text: str) -> None:
    outside = _URL.sub("", text) if "http" in text or "](" in text or "][" in text else text
    assert is_translatable(text) == any(char.isalpha() for char in outside)
