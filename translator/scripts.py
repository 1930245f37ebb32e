"""Character-level text handling: folding for search, and telling writing systems apart.

Folding is what makes `find Ōshima` meet `Oshima` and `ＴＡＫＡＩＣＨＩ` meet `Takaichi`:
compatibility forms (full-width, half-width katakana) are unified, case is folded, Latin
diacritics are dropped, and katakana is folded onto hiragana so a reading matches either.
"""

from __future__ import annotations

import re
import unicodedata

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
