"""Any bytes as an article, any text as front matter: the reader gives an article or the
project's own error, never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.formats.article import decode_article, parse_article
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
