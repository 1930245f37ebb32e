"""Romanisation of names: Hepburn from a kana reading, pinyin from Chinese characters.

Hepburn is computed here from a kana table because a name's English spellings differ exactly in
the long vowels: おおしま is "Ōshima" with macrons, "Oshima" without, "Ohshima" in passports;
every spelling a reading allows is produced, so an English form can be checked against all of
them, macrons included (としみつ allows no "Tōshimitsu"). Pinyin comes from pypinyin, with every
reading of a heteronym.
"""

from __future__ import annotations

import itertools
import unicodedata

_BASIC = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゔ": "vu",
}
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in unicodedata.normalize("NFKC", text))


def _syllables(kana: str) -> list[str]:
    """Romaji syllables of one word of kana, before long vowels and ん are decided."""
    out: list[str] = []
    index = 0
    while index < len(kana):
        char = kana[index]
        following = kana[index + 1] if index + 1 < len(kana) else ""
        if char in "・= \u3000":  # word separators inside a katakana name
            index += 1
            continue
        if char in ("っ",):
            out.append("*")  # doubles the next consonant
        elif char == "ん":
            out.append("N")
        elif char == "ー":
            out.append("-")  # lengthens the previous vowel
        elif char in _BASIC and following in _SMALL_Y and _BASIC[char].endswith("i") and len(_BASIC[char]) > 1:
            stem = _BASIC[char][:-1]
            stem = {"sh": "sh", "ch": "ch", "j": "j"}.get(stem, stem + "y")
            out.append(stem + _SMALL_Y[following])
            index += 1
        elif char in _BASIC:
            out.append(_BASIC[char])
        else:
            raise ValueError(f"'{char}' is not kana")
        index += 1
    return out


def hepburn_variants(reading: str) -> set[str]:
    """Every Hepburn spelling of one kana word: with macrons, without, passport style ("oh"),
    and as typed on a keyboard ("ou", "oo").

    Long vowels are o+o, o+u and u+u (and a prolonged-sound mark); "aa" and "ii" stay doubled, as
    in Masaaki. ん before b, m or p may be written n or m.
    """
    syllables = _syllables(_hiragana(reading.strip()))
    pieces: list[list[str]] = []
    for index, syllable in enumerate(syllables):
        nxt = syllables[index + 1] if index + 1 < len(syllables) else ""
        vowel = pieces[-1][0][-1:] if pieces and pieces[-1] and pieces[-1][0] else ""
        lengthens = syllable == "-" or (vowel == "o" and syllable in ("o", "u")) or (vowel == "u" and syllable == "u")
        if lengthens and vowel in _MACRON:
            second = vowel if syllable == "-" else syllable
            longer = set()
            for base in pieces[-1]:
                longer.update({base[:-1] + _MACRON[vowel], base, base + second})
                if vowel == "o":
                    longer.add(base + "h")
            pieces[-1] = sorted(longer)
        elif syllable == "*":
            pieces.append(["t" if nxt.startswith("ch") else nxt[:1]])
        elif syllable == "N":
            pieces.append(["n", "m"] if nxt[:1] in ("b", "m", "p") else ["n"])
        else:
            pieces.append([syllable])
    return {"".join(choice) for choice in itertools.islice(itertools.product(*pieces), 512)}


_CIRCUMFLEX = str.maketrans("âîûêô", "āīūēō")


def hepburn_key(word: str) -> str:
    """`word` as it is compared with `hepburn_variants`: case folded and width unified, the
    long-vowel marks kept (a macron must stand where the reading has a long vowel), and a
    circumflex (Ôshima, as some typewriters wrote it) read as a macron."""
    return unicodedata.normalize("NFKC", word).casefold().translate(_CIRCUMFLEX)


def hepburn_name(reading: str) -> tuple[set[str], set[str]]:
    """(family spellings, given spellings) of a reading written 'family given'."""
    parts = reading.replace("\u3000", " ").split()
    if len(parts) != 2:
        raise ValueError(f"reading '{reading}' is not 'family given' with one space between")
    return hepburn_variants(parts[0]), hepburn_variants(parts[1])


def macron_form(reading: str) -> str:
    """The traditional Hepburn spelling with macrons, capitalised: たかいち さなえ -> Takaichi Sanae."""
    family, given = reading.replace("\u3000", " ").split()

    def one(word: str) -> str:
        variants = hepburn_variants(word)
        with_macron = sorted(v for v in variants if any(m in v for m in _MACRON.values()))
        return (with_macron[0] if with_macron else min(variants, key=len)).capitalize()

    return f"{one(family)} {one(given)}"


def pinyin_readings(text: str) -> list[set[str]]:
    """Per character, every pinyin reading without tones (pypinyin, heteronyms included)."""
    from pypinyin import Style, pinyin

    return [set(readings) for readings in pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")]


def pinyin_spellings(*forms: str, limit: int = 256) -> set[str]:
    """Every toneless pinyin spelling of a name written in any of `forms` (same characters in
    Simplified, Traditional or Japanese form), syllables joined without spaces."""
    per_form = [pinyin_readings(form) for form in forms if form]
    if not per_form:
        return set()
    length = max(len(readings) for readings in per_form)
    merged = [set().union(*(readings[i] for readings in per_form if i < len(readings))) for i in range(length)]
    return {"".join(choice) for choice in itertools.islice(itertools.product(*merged), limit)}


def phrase_pinyin(text: str) -> list[str]:
    """Per character of `text`, its toneless pinyin as read in its phrase ('' for other
    characters): pypinyin's phrase dictionary reads 大洋洲 dà yáng zhōu, not the first reading of
    each character."""
    import re

    from pypinyin import Style, lazy_pinyin

    syllables = [""] * len(text)
    for run in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
        read = lazy_pinyin(run.group(0), style=Style.NORMAL, errors="ignore")
        if len(read) != len(run.group(0)):  # not one syllable a character: fall back to the first reading
            read = [min(readings) if readings else "" for readings in pinyin_readings(run.group(0))]
        syllables[run.start():run.end()] = read
    return syllables
