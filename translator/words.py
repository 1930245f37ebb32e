"""Word boundaries in Japanese and Chinese text, which writes no spaces between words.

A short name found by plain substring search is often part of another word there (高市 in 高市場,
北京 in 北京大学), so short matches must begin and end where words do. fugashi (MeCab with the
unidic-lite dictionary) segments Japanese, jieba segments Chinese; both are loaded on first use.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def boundaries(text: str, language: str) -> set[int]:
    """Offsets in `text` where a word begins or ends, for language 'ja' or 'zh'."""
    found = {0, len(text)}
    if language == "ja":
        position = 0
        for word in _tagger()(text):
            start = text.find(word.surface, position)
            if start < 0:
                continue
            found.update({start, start + len(word.surface)})
            position = start + len(word.surface)
    elif language == "zh":
        for _, start, end in _jieba().tokenize(text):
            found.update({start, end})
    return found
