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
_KANA = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3000 ・･]+")


def fold(text: str) -> str:
    """The search key of `text`: compare two folded strings to compare them loosely."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text).translate(_KATAKANA_TO_HIRAGANA)


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
    """Which of `characters` are Simplified-only and which Traditional-only.

    Both directions are looked up before a character is called one script's: it is
    Simplified-only when CC-CEDICT (zhon's character sets) writes it in Simplified words and never
    in Traditional ones (刘, 强), and Traditional-only the other way round (劉, 強). 岩, 台, 干 and
    后 are written in both, so they are neither, although OpenCC's s2t converts them. Characters
    CC-CEDICT does not know fall back to OpenCC: changed by s2t but not by t2s is Simplified-only.
    """
    simplified, traditional = set(), set()
    unknown = set()
    for char in characters:
        in_simplified, in_traditional = char in _CEDICT_SIMPLIFIED, char in _CEDICT_TRADITIONAL
        if in_simplified and not in_traditional:
            simplified.add(char)
        elif in_traditional and not in_simplified:
            traditional.add(char)
        elif not in_simplified and not in_traditional and _HAN.match(char):
            unknown.add(char)
    if unknown:
        for char in unknown:
            to_traditional, to_simplified = _converter("s2t").convert(char), _converter("t2s").convert(char)
            if to_traditional != char and to_simplified == char:
                simplified.add(char)
            elif to_simplified != char and to_traditional == char:
                traditional.add(char)
    return simplified, traditional


def japanese_only(characters: set[str]) -> set[str]:
    """Characters that only Japanese writes this way (関, 経, 発, 県, 駅): OpenCC's jp2t gives them
    a Traditional form, and neither of its Chinese conversions knows them as Chinese."""
    return {
        char for char in characters
        if _HAN.match(char) and _converter("jp2t").convert(char) != char
        and _converter("s2t").convert(char) == char and _converter("t2s").convert(char) == char
    }


def not_japanese(characters: set[str]) -> set[str]:
    """Simplified-only characters that Japanese does not write (强, 对, 关, 刘); 国 and 会, which
    Japanese writes the same way, are not among them."""
    simplified = chinese_variants(characters)[0]
    return {char for char in simplified if _converter("t2jp").convert(_converter("s2t").convert(char)) != char}


def _cedict_sets() -> tuple[frozenset[str], frozenset[str]]:
    from zhon import cedict

    return frozenset(cedict.simplified), frozenset(cedict.traditional)


_CEDICT_SIMPLIFIED, _CEDICT_TRADITIONAL = _cedict_sets()


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def kana_in(text: str) -> set[str]:
    """The kana characters of `text`."""
    return set(_KANA_CHAR.findall(text))


def wrong_script(text: str, locale: str) -> set[str]:
    """Characters of `text` that do not belong in `locale`'s script, by OpenCC's tables:
    Traditional-only characters in zh-Hans; Simplified-only ones in zh-Hant (台 and 岩, which both
    scripts write, pass); in ja, characters whose Japanese form differs (劍 -> 剣)."""
    chars = {char for char in text if _HAN.match(char)}
    if not chars:
        return set()
    if locale == "zh-Hans":
        return chinese_variants(chars)[1]
    if locale == "zh-Hant":
        return chinese_variants(chars)[0]
    if locale == "ja":
        return {c for c in chars if _converter("t2jp").convert(c) != c}
    return set()


_SUGGESTIONS = {
    ("zh-Hans", "zh-Hant"): ("s2t",), ("zh-Hans", "ja"): ("s2t", "t2jp"),
    ("zh-Hant", "zh-Hans"): ("t2s",), ("zh-Hant", "ja"): ("t2jp",),
    ("ja", "zh-Hant"): ("jp2t",), ("ja", "zh-Hans"): ("jp2t", "t2s"),
}


def convert_form(text: str, source: str, target: str) -> str | None:
    """`text` written in `source` converted to `target` by OpenCC (a suggestion, not a fact)."""
    steps = _SUGGESTIONS.get((source, target))
    if steps is None:
        return None
    for step in steps:
        text = _converter(step).convert(text)
    return text


def is_han(char: str) -> bool:
    return _HAN.match(char) is not None
