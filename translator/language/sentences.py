"""Sentence segmentation for English, Japanese and Chinese.

sentencex (Wikimedia's rule-based segmenter, with per-language abbreviation lists) finds the
boundaries; two corrections for CJK punctuation follow, and Markdown inline markup is never cut
in two. A Markdown hard line break ends a segment and stays out of it, like a list marker. A
segment is a span of the block's text, so what lies between sentences is known to whoever
reassembles them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from translator.language.locales import language_of as language_of  # re-exported: the segmenter's language


# 。！？ followed by closing brackets or quotes, then more text: a boundary after the closers,
# which sentencex misses when the closer is a bracket: （注：確認済み。）次の文。
_CJK_CLOSE = re.compile(r"[。！？!?]+[）)】〕］」』”’》〉]+(?=[^\s。！？!?、，,）)】〕］」』”’》〉])")
# A Japanese quotation particle after a closing quote continues the sentence: 「行きます。」と言った。
_QUOTE_PARTICLE = re.compile(r"(?:と|って|とか|など|という)")
_QUOTE_CLOSERS = "」』”’"

# CommonMark's raw HTML (spec section 6.6), whose tags may span lines: open and closing tags,
# comments, processing instructions, declarations, CDATA.
_ATTRIBUTE = r"""\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_HTML = (
    rf"<[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*\s*/?>|</[a-zA-Z][a-zA-Z0-9-]*\s*>"
    r"|<!---?>|<!--.*?-->|<\?.*?\?>|<![a-zA-Z][^>]*>|<!\[CDATA\[.*?\]\]>"
)
# Markdown inline constructs that a boundary must not fall inside. Each is looked for on its own
# and every match is kept, overlapping or not: a code span that an emphasis-like run of `_`
# starts before is still one code span (Markdown reads code first), and the union of both holds it.
_MARKUP = tuple(re.compile(pattern, re.DOTALL) for pattern in (
    r"\\.|(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)",  # code spans (runs of equal length), not after a backslash
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?",  # links and images
    _HTML,  # inline HTML
    r"<[a-zA-Z][^>\n]*>",  # autolinks
    r"(\*\*|__)(?=\S).+?(?<=\S)\1",  # strong emphasis
    r"(\*|_)(?=\S)[^*_]+?(?<=\S)\1",  # emphasis
))
_PUNCTUATION = frozenset(string.punctuation)
# Two or more spaces, or backslashes, before a line end: an odd run of backslashes ends in a hard
# line break, an even one is escaped backslashes and a soft break.
_BREAK_CANDIDATE = re.compile(r"( {2,}|\\+)\n")


@dataclass(frozen=True, slots=True)
class Span:
    """`text[start:end]` is one segment, without surrounding whitespace."""

    start: int
    end: int




def _stripped(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    kept = piece.strip()
    if not kept:
        return None
    start += len(piece) - len(piece.lstrip())
    return Span(start, start + len(kept))


def whole(text: str) -> list[Span]:
    """The block as one segment (`--by paragraph`)."""
    span = _stripped(text, 0, len(text))
    return [span] if span else []


def hard_breaks(text: str) -> list[Span]:
    """The Markdown hard line breaks in `text`: each span runs from its spaces or backslash to
    the line end after them. (A block's text never ends in one: Markdown drops those.)"""
    breaks = []
    for match in _BREAK_CANDIDATE.finditer(text):
        if match.group(1)[0] == " ":
            breaks.append(Span(match.start(), match.end()))
        elif len(match.group(1)) % 2:
            breaks.append(Span(match.end() - 2, match.end()))
    return breaks


def split_sentences(text: str, locale: str, markdown: bool = False) -> list[Span]:
    """The sentences of `text`, a block written in `locale`; with `markdown`, the lines between
    hard line breaks too, the breaks themselves left out."""
    language = language_of(locale)
    cuts = _library_cuts(text, language)
    if language in ("ja", "zh"):
        cuts |= {match.end() for match in _CJK_CLOSE.finditer(text)}
        if language == "ja":
            cuts = {cut for cut in cuts if not (text[cut - 1] in _QUOTE_CLOSERS and _QUOTE_PARTICLE.match(text, cut))}
    breaks: list[Span] = []
    if markdown:
        protected = [(match.start(), match.end()) for pattern in _MARKUP for match in pattern.finditer(text)
                     if match.group()[0] != "\\"]  # an escaped character is looked for only to be passed over
        cuts = {cut for cut in cuts if not any(start < cut < end for start, end in protected)}
        # Touching ASCII punctuation may be one piece of markup (a run of backticks, `!` and `[`).
        cuts = {cut for cut in cuts if not (text[cut - 1] in _PUNCTUATION and text[cut : cut + 1] in _PUNCTUATION)}
        # A break inside a link or emphasis stays in the segment: cutting there would split the markup.
        breaks = [span for span in hard_breaks(text) if not any(start < span.start < end for start, end in protected)]
        cuts = {cut for cut in cuts if not any(span.start < cut < span.end for span in breaks)}
        cuts |= {span.start for span in breaks} | {span.end for span in breaks}
    between = {(span.start, span.end) for span in breaks}
    spans = []
    previous = 0
    for cut in sorted(cuts | {len(text)}):
        span = _stripped(text, previous, cut) if (previous, cut) not in between else None
        if span:
            spans.append(span)
        previous = cut
    return spans


def _library_cuts(text: str, language: str) -> set[int]:
    """Offsets where sentencex starts a new sentence (it may drop whitespace: re-find each)."""
    import sentencex  # imported on first use: status and --help only need language_of

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


def segment_spans(text: str, locale: str, markdown: bool, by: str) -> list[Span]:
    """The segments of a block's text: sentences, or the whole block with `by` "paragraph" (the
    one segmentation `segment`, `assemble` and `review` share)."""
    return whole(text) if by == "paragraph" else split_sentences(text, locale, markdown)
