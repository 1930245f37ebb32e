"""Ids for new glossary entries, read from their words: the text itself in Latin script, else its
words romanised (pinyin by phrase for Chinese, each word's reading in plain Hepburn for Japanese)
and joined by hyphens. `glossary suggest` proposes them; imports that add entries use them.
"""

from __future__ import annotations

import re
from collections.abc import Container

from translator.glossary import ID_MAX_LENGTH
from translator.language.romanization import hepburn_variants, phrase_pinyin
from translator.language.scripts import fold, is_han, is_kana
from translator.language.sentences import language_of
from translator.language.words import chinese_words, japanese_words, simplified

_CJK = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MACRONS = set("āīūēō")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _hepburn(kana: str) -> str:
    """The plain spelling of a kana word: no macrons, long vowels not written (とうきょう: tokyo)."""
    try:
        variants = hepburn_variants(kana)
    except ValueError:  # a mark the kana table does not know
        return ""
    plain = [variant for variant in variants if not _MACRONS & set(variant)]
    return min(plain or variants, key=lambda variant: (len(variant), variant))


def _chinese_id_words(text: str, locale: str) -> list[str]:
    """The romanised words of Chinese `text`: jieba's words, each its syllables run together."""
    segmented = simplified(text)  # pypinyin's phrases are Simplified too (廈門 would be sha men)
    syllables = phrase_pinyin(segmented)
    words = []
    for start, end, _ in chinese_words(segmented):
        word = segmented[start:end]
        words.append("".join(syllables[start:end]) if is_han(word[:1]) else _slug(word))
    return words


def _japanese_id_words(text: str) -> list[str]:
    """The romanised words of Japanese `text`: each word's kana reading (UniDic) in Hepburn, a noun
    suffix joined to its word (外務 + 省: gaimusho)."""
    if is_kana(text):  # one foreign name, which the dictionary may cut anywhere (ラク|ソン)
        return [_hepburn(word) for word in re.split(r"[・=\s]+", text)]
    words: list[str] = []
    previous_latin = False
    for start, end, feature in japanese_words(text):
        surface, reading = text[start:end], feature.kana
        if reading and is_kana(reading):
            romanised = _hepburn(reading)
        elif is_kana(surface):
            romanised = _hepburn(surface)
        elif _CJK.search(surface):  # a word the dictionary has no reading for
            romanised = "".join(phrase_pinyin(surface))
        else:
            romanised = _slug(surface)
        latin = not _CJK.search(surface)
        if words and (feature.pos1 == "接尾辞" or (latin and previous_latin)):  # 外務 + 省, G + 7
            words[-1] += romanised
        else:
            words.append(romanised)
        previous_latin = latin
    return words


def entry_id_for(text: str, locale: str) -> str:
    """A readable id for a term in a locale, for the editor to change at will."""
    if not _CJK.search(text):
        slug = _slug(text)
    else:
        words = _japanese_id_words(text) if language_of(locale) == "ja" else _chinese_id_words(text, locale)
        slug = "-".join(part for word in words if (part := _slug(word)))
    return slug[:ID_MAX_LENGTH].strip("-") or "new-entry"


def unique_entry_id(text: str, locale: str, taken: Container[str]) -> str:
    """`entry_id_for`, made unique among `taken` (the glossary's ids and removed ids) with -2, -3, ..."""
    base = entry_id_for(text, locale)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate
