"""Word boundaries in Japanese and Chinese text, which writes no spaces between words.

A short name found by plain substring search is often part of another word there (高市 in 高市場,
北京 in 北京大学), so short matches must begin and end where words do. fugashi (MeCab with the
unidic-lite dictionary) segments Japanese, jieba segments Chinese; both are loaded on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def ready(language: str) -> None:
    """Load the word segmenter of `language` ('ja' or 'zh'; others have none) and what it reads
    (MeCab's dictionary; jieba's dictionaries and its tagger's model, the script converter) now:
    before processes are forked that would each load it, and lose it when they end."""
    if language == "ja":
        _tagger()("日本")
    elif language == "zh":
        import jieba.posseg

        _jieba().initialize()
        jieba.posseg.lcut(simplified("中文"))


def _japanese_words(text: str) -> Iterator[tuple[int, int, Any]]:
    """(start, end, MeCab word) for each word of Japanese `text`."""
    yield from _parsed(text)


@lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[tuple[int, int, Any], ...]:
    """MeCab's words of a block, parsed once however many questions are asked of it."""
    words = []
    position = 0
    for word in _tagger()(text):
        start = text.find(word.surface, position)
        if start < 0:
            continue
        position = start + len(word.surface)
        words.append((start, position, _Word(word.surface, word.feature)))
    return tuple(words)


class _Word:
    """A MeCab word kept after the tagger moves on (fugashi reuses its node objects)."""

    __slots__ = ("surface", "feature")

    def __init__(self, surface: str, feature: Any) -> None:
        self.surface = surface
        self.feature = feature


@lru_cache(maxsize=256)
def boundaries(text: str, language: str) -> frozenset[int]:
    """Offsets in `text` where a word begins or ends, for language 'ja' or 'zh'."""
    found = {0, len(text)}
    if language == "ja":
        for start, end, _ in _japanese_words(text):
            found.update({start, end})
    elif language == "zh":
        for _, start, end in _jieba().tokenize(simplified(text)):
            found.update({start, end})
    return frozenset(found)


def japanese_words(text: str) -> Iterator[tuple[int, int, Any]]:
    """(start, end, UniDic features) of each word of Japanese `text` (pos1, pos2, pos3, kana …)."""
    for start, end, word in _japanese_words(text):
        yield start, end, word.feature


def chinese_words(text: str, tagged: bool = False, guess: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, jieba's part-of-speech flag, or '' untagged) of each word of Chinese `text`,
    Traditional text segmented in its Simplified form (jieba's dictionary is Simplified)."""
    segmenter = _jieba()
    converted = simplified(text)
    words: list[tuple[int, int, str]] = []
    position = 0
    if tagged:
        import jieba.posseg

        pairs = [(pair.word, pair.flag) for pair in jieba.posseg.cut(converted, HMM=guess)]
    else:
        pairs = [(word, "") for word in segmenter.lcut(converted)]
    for word, flag in pairs:
        start = converted.find(word, position)
        if start < 0:
            continue
        position = start + len(word)
        words.append((start, position, flag))
    return words


def starts_chinese_word(text: str, at: int) -> bool:
    """Whether a word of two to four characters in jieba's dictionary starts at `at` (表示, 外长):
    what follows a name there is an ordinary word, not the rest of a longer name."""
    dictionary = _jieba().dt.FREQ
    simplified_text = simplified(text[at:at + 4])
    return any(dictionary.get(simplified_text[:size]) for size in (2, 3, 4) if len(simplified_text) >= size)


def simplified(text: str) -> str:
    """Chinese text in Simplified characters, for jieba, whose dictionary is Simplified: 臺灣正密切
    is cut as 台湾/正/密切 only once converted. Offsets must not move, so a conversion that
    changes the length (a phrase rule) is not used."""
    from translator.language.scripts import convert_form

    converted = convert_form(text, "zh-Hant", "zh-Hans")
    return converted if converted is not None and len(converted) == len(text) else text


def japanese_name_words(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, part of speech, its sub-kind, kana reading) of each word of Japanese `text`,
    as UniDic tags them (名詞, 人名; 名詞, 副詞可能; 接尾辞, 一般 …); the reading is '' where the
    dictionary does not know the word."""
    return [(start, end, word.feature.pos1, word.feature.pos3 or "", word.feature.kana or "")
            for start, end, word in _japanese_words(text)]


def family_length(name: str) -> int:
    """How many characters of a Japanese full name (中山茂) are the family name, where MeCab tags
    its first word a family name (姓) and the rest given names (名); 0 when it does not."""
    words = list(_japanese_words(name))
    if len(words) < 2 or words[0][2].feature.pos4 != "姓" or any(w[2].feature.pos4 != "名" for w in words[1:]):
        return 0
    return words[0][1] if "".join(w[2].surface for w in words) == name else 0


# The kinds of proper noun the segmenters' part-of-speech tags name.
_JA_KINDS = {"人名": "person", "地名": "place"}
_ZH_KINDS = {"nr": "person", "ns": "place", "nt": "organisation", "nz": "term"}


@lru_cache(maxsize=256)
def proper_nouns(text: str, language: str, guess: bool = True) -> tuple[tuple[int, int, str], ...]:
    """(start, end, type) of the proper nouns the segmenter tags in `text`: neighbouring name
    parts (姓 + 名) are one name. Without `guess`, jieba tags only the words of its dictionary
    (places, organisations and famous names), sixteen times faster than with its HMM, which also
    finds names it has never seen."""
    found: list[tuple[int, int, str]] = []
    if language == "ja":
        for start, end, word in _japanese_words(text):
            feature = word.feature
            if feature.pos2 != "固有名詞":
                continue
            kind = _JA_KINDS.get(feature.pos3, "organisation")
            if found and found[-1][1] == start and found[-1][2] == kind == "person":
                found[-1] = (found[-1][0], end, kind)
            else:
                found.append((start, end, kind))
    elif language == "zh":
        for start, end, flag in chinese_words(text, tagged=True, guess=guess):
            if flag in _ZH_KINDS:
                found.append((start, end, _ZH_KINDS[flag]))
    return tuple(found)
