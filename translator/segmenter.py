"""Sentence segmentation for English, Japanese and Chinese.

sentencex (Wikimedia's rule-based segmenter, with per-language abbreviation lists) finds the
boundaries; two corrections for CJK punctuation follow, and Markdown inline markup is never cut
in two. A segment is a span of the block's text, so the whitespace between sentences is known to
whoever reassembles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

# 。！？ followed by closing brackets or quotes, then more text: a boundary after the closers,
# which sentencex misses when the closer is a bracket: （注：確認済み。）次の文。
_CJK_CLOSE = re.compile(r"[。！？!?]+[）)】〕］」』”’》〉]+(?=[^\s。！？!?、，,）)】〕］」』”’》〉])")
# A Japanese quotation particle after a closing quote continues the sentence: 「行きます。」と言った。
_QUOTE_PARTICLE = re.compile(r"(?:と|って|とか|など|という)")
_QUOTE_CLOSERS = "」』”’"

# Markdown inline constructs that a boundary must not fall inside.
_MARKUP = re.compile(
    r"(`+)[^`].*?\1"  # code spans
    r"|!?\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?"  # links and images
    r"|<[a-zA-Z][^>\n]*>"  # autolinks and inline HTML
    r"|(\*\*|__)(?=\S).+?(?<=\S)\2"  # strong emphasis
    r"|(\*|_)(?=\S)[^*_]+?(?<=\S)\3",  # emphasis
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Span:
    """`text[start:end]` is one segment, without surrounding whitespace."""

    start: int
    end: int


def language_of(locale: str) -> str:
    """The segmenter language for a locale: en, ja or zh."""
    return locale.split("-", 1)[0]


def _stripped(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def whole(text: str) -> list[Span]:
    """The block as one segment (`--by paragraph`)."""
    span = _stripped(text, 0, len(text))
    return [span] if span else []


def split_sentences(text: str, locale: str, markdown: bool = False) -> list[Span]:
    """The sentences of `text`, a block written in `locale`."""
    language = language_of(locale)
    cuts = _library_cuts(text, language)
    if language in ("ja", "zh"):
        cuts |= {match.end() for match in _CJK_CLOSE.finditer(text)}
        if language == "ja":
            cuts = {cut for cut in cuts if not (text[cut - 1] in _QUOTE_CLOSERS and _QUOTE_PARTICLE.match(text, cut))}
    if markdown:
        protected = [(match.start(), match.end()) for match in _MARKUP.finditer(text)]
        cuts = {cut for cut in cuts if not any(start < cut < end for start, end in protected)}
    spans = []
    previous = 0
    for cut in sorted(cuts | {len(text)}):
        span = _stripped(text, previous, cut)
        if span:
            spans.append(span)
        previous = cut
    return spans


def _library_cuts(text: str, language: str) -> set[int]:
    """Offsets where sentencex starts a new sentence (it may drop whitespace: re-find each)."""
    cuts: set[int] = set()
    position = 0
    for piece in sentencex.segment(language, text):
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, position)
        if found < 0:  # the library changed the text; keep what we have
            continue
        if found > 0:
            cuts.add(found)
        position = found + len(stripped)
    return cuts
