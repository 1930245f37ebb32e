"""Character-level text handling: folding for search, and telling writing systems apart.

Folding is what makes `find Ōshima` meet `Oshima` and `ＴＡＫＡＩＣＨＩ` meet `Takaichi`:
compatibility forms (full-width, half-width katakana) are unified, case is folded, Latin
diacritics are dropped, and katakana is folded onto hiragana so a reading matches either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Combining diacritical marks used by Latin (and Greek, Cyrillic) letters. The kana voicing
# marks U+3099/U+309A are deliberately outside this range: が must not fold to か.
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA_RUN = re.compile("[\u30a1-\u30f6]+")
_KANA = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3000 ・･]+")


def fold(text: str) -> str:
    """The search key of `text`: compare two folded strings to compare them loosely."""
    if text.isascii():  # (most of an English article's sentences)
        return text.lower()  # what `_fold` makes of ASCII: it is in every normal form, and folds to lower case
    return _fold_word(text) if len(text) <= 24 else _fold(text)


@lru_cache(maxsize=200_000)
def _fold_word(text: str) -> str:
    """`fold` of a word or name, remembered: lint folds the same words again and again."""
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text))
    # Only katakana runs go through the (slow, per-character) table: long Latin text skips it.
    return _KATAKANA_RUN.sub(_hiragana, unicodedata.normalize("NFC", text))


def _hiragana(run: re.Match[str]) -> str:
    return run.group().translate(_KATAKANA_TO_HIRAGANA)


def is_kana(text: str) -> bool:
    """True when `text` is written only in hiragana or katakana (spaces and ・ allowed)."""
    return bool(_KANA.fullmatch(text))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LAYOUT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(text: str, *, layout_allowed: bool = False) -> bool:
    """True when `text` holds a control character (tab, LF and CR pass if `layout_allowed`)."""
    pattern = _CONTROL_BUT_LAYOUT if layout_allowed else _CONTROL
    return pattern.search(text) is not None


# --- writing systems ---------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA_CHAR = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    """How many characters of each writing system a text holds."""

    han: int
    kana: int
    hangul: int
    latin: int
    simplified: int  # Han characters that exist only in Simplified Chinese
    traditional: int  # Han characters that exist only in Traditional Chinese


def count_scripts(text: str) -> ScriptCounts:
    han = _HAN.findall(text)
    distinct = set(han)
    simplified_only, traditional_only = chinese_variants(distinct)
    return ScriptCounts(
        han=len(han),
        kana=len(_KANA_CHAR.findall(text)),
        hangul=len(_HANGUL.findall(text)),
        latin=len(_LATIN.findall(text)),
        simplified=sum(1 for char in han if char in simplified_only),
        traditional=sum(1 for char in han if char in traditional_only),
    )


def chinese_variants(characters: set[str]) -> tuple[set[str], set[str]]:
    """Which of `characters` are Simplified-only and which Traditional-only in running text, by
    OpenCC's tables: Simplified-only when s2t changes it and t2s does not (刘 → 劉, 宁 → 寧), unless
    Taiwan's or Hong Kong's standard writes it unchanged (台); Traditional-only the other way round.
    Each character is converted alone, so no phrase rule of its neighbours interferes."""
    simplified, traditional = set(), set()
    for char in characters:
        kind = _chinese_kind(char)
        if kind == "simplified":
            simplified.add(char)
        elif kind == "traditional":
            traditional.add(char)
    return simplified, traditional


@lru_cache(maxsize=65536)
def _chinese_kind(char: str) -> str:
    if not _HAN.match(char):
        return ""
    to_traditional = _converter("s2t").convert(char)
    to_simplified = _converter("t2s").convert(char)
    if to_traditional != char and to_simplified == char and _converter("t2tw").convert(to_traditional) != char \
            and _converter("t2hk").convert(to_traditional) != char:
        return "simplified"
    if to_simplified != char and to_traditional == char:
        return "traditional"
    return ""


def chinese_variants_both_ways(characters: set[str]) -> tuple[set[str], set[str]]:
    """Like `chinese_variants`, for forms an editor chose (names, titles): a character is called one
    script's only when CC-CEDICT (zhon's character sets) agrees in both directions, never writing it
    in the other script's words. 岩, 范, 于 and 叶 are written in both (岩崎 is right in Traditional
    Chinese), although OpenCC's s2t converts them. Characters CC-CEDICT does not know keep
    OpenCC's verdict."""
    simplified, traditional = chinese_variants(characters)
    in_simplified, in_traditional = _cedict_sets()
    both = {char for char in characters if char in in_simplified and char in in_traditional}
    simplified |= {char for char in characters if char in in_simplified and char not in in_traditional
                   and _converter("s2t").convert(char) != char}
    return simplified - both, traditional - both


def japanese_only(characters: set[str]) -> set[str]:
    """Characters that only Japanese writes this way (関, 経, 発, 県, 値, 査): Japanese forms (OpenCC's
    jp2t gives them another form, or Shift_JIS has them) that neither Chinese character set has,
    GB2312 for Simplified nor Big5 for Traditional, and that are not Hong Kong's or Taiwan's
    standard form of a character (説 is Hong Kong's). 真, 研 and 慎, which OpenCC's jp2t also
    changes, are in GB2312: Chinese writes them as Japanese does."""
    return {char for char in characters if _japanese_kind(char)}


@lru_cache(maxsize=65536)
def _japanese_kind(char: str) -> bool:
    if not _HAN.match(char) or any(in_charset(char, codec) for codec in ("gb2312", "big5")):
        return False
    if _converter("jp2t").convert(char) == char and not in_charset(char, "cp932"):
        return False
    simplified = _converter("t2s").convert(char)
    return simplified == char or char not in (_converter("s2hk").convert(simplified), _converter("s2tw").convert(simplified))


def in_charset(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def not_japanese(characters: set[str]) -> set[str]:
    """Simplified-only characters that Japanese does not write (强, 对, 关, 刘): those outside its
    character set (Shift_JIS as Windows extends it). 国, 会 and 岩, which Japanese writes the same
    way, are not among them."""
    return {char for char in chinese_variants(characters)[0] if not in_charset(char, "cp932")}


@lru_cache(maxsize=1)
def _cedict_sets() -> tuple[frozenset[str], frozenset[str]]:
    """CC-CEDICT's Simplified and Traditional characters, read when a form is first checked."""
    from zhon import cedict

    return frozenset(cedict.simplified), frozenset(cedict.traditional)


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def kana_in(text: str) -> set[str]:
    """The kana characters of `text`."""
    return set(_KANA_CHAR.findall(text))


def wrong_script(text: str, locale: str) -> set[str]:
    """Characters of a glossary form or name that do not belong in `locale`'s script, by OpenCC's
    tables checked both ways against CC-CEDICT (`chinese_variants_both_ways`):
    Traditional-only characters in zh-Hans; Simplified-only ones in zh-Hant (台 and 岩, which both
    scripts write, pass); in ja, characters whose Japanese form differs (劍 -> 剣)."""
    return {char for char in set(text) if _wrong_in(char, locale)}


@lru_cache(maxsize=65536)
def _wrong_in(char: str, locale: str) -> bool:
    """`wrong_script` of one character (each character's verdict is its own: a glossary of
    100,000 entries asks it a million times of a few thousand characters)."""
    if not _HAN.match(char):
        return False
    if locale == "zh-Hans":
        return bool(chinese_variants_both_ways({char})[1])
    if locale == "zh-Hant":
        return bool(chinese_variants_both_ways({char})[0])
    if locale == "ja":
        return bool(_converter("t2jp").convert(char) != char)
    return False


_SUGGESTIONS = {
    ("zh-Hans", "zh-Hant"): ("s2t",), ("zh-Hans", "ja"): ("s2t", "t2jp"),
    ("zh-Hant", "zh-Hans"): ("t2s",), ("zh-Hant", "ja"): ("t2jp",),
    ("ja", "zh-Hant"): ("jp2t",), ("ja", "zh-Hans"): ("jp2t", "t2s"),
}


def convert_form(text: str, source: str, target: str, *, keep_shared: bool = False) -> str | None:
    """`text` written in `source` converted to `target` by OpenCC (a suggestion, not a fact).

    With `keep_shared`, for a Chinese target, a character that the target script writes as it
    is stays as it is (CC-CEDICT, both ways; not a Japanese-only form such as 剣): OpenCC turns
    岩 into 巖 and Japanese 郎 into 郞, though Traditional Chinese writes 岩崎 and 太郎 too."""
    steps = _SUGGESTIONS.get((source, target))
    if steps is None:
        return None
    converted = text
    for step in steps:
        converted = _converter(step).convert(converted)
    if keep_shared and target in ("zh-Hans", "zh-Hant") and len(converted) == len(text):
        valid = _cedict_sets()[1 if target == "zh-Hant" else 0]
        foreign = wrong_script(text, target) | japanese_only(set(text))
        converted = "".join(original if original in valid and original not in foreign else new
                            for original, new in zip(text, converted))
    return converted


def is_han(char: str) -> bool:
    return _HAN.match(char) is not None
