"""Plain-text tables for the terminal, aligned by display width so CJK text lines up."""

from __future__ import annotations

from collections.abc import Sequence

# Characters one cell wide in every terminal, as wcwidth says too (a test compares them): printable
# ASCII, the block elements of progress bars, and the ellipsis of a cut cell. A table of only these
# (most of `status`) is measured by its length, without loading wcwidth's tables.
ONE_CELL = frozenset(map(chr, [*range(0x20, 0x7F), *range(0x2580, 0x25A0), 0x2026]))


def display_width(text: str) -> int:
    if ONE_CELL.issuperset(text):
        return len(text)
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _fit(text: str, width: int) -> str:
    """`text` on one line, cut with an ellipsis to at most `width` display cells."""
    text = " / ".join(text.splitlines())
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        size = display_width(char)
        if used + size > width - 1:
            break
        out, used = out + char, used + size
    return out + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 32) -> str:
    """Columns padded to their widest cell, a rule under the header.

    Cells after the first (which holds an identifier and is never cut) are cut at `max_width`.
    """
    cells = [[text if i == 0 else _fit(text, max_width) for i, text in enumerate(row)] for row in [list(headers), *rows]]
    widths = [max(display_width(row[index]) for row in cells) for index in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [text + " " * (widths[i] - display_width(text)) for i, text in enumerate(row)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])
