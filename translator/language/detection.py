"""Which of our locales a text is written in, or a clear refusal to guess.

Writing systems and character forms decide first, because they are certain where statistics are
not: kana means Japanese; Han text goes to the one locale that writes each of its characters as
written (関 and 経 only Japanese, 关 only Simplified, 關 only Traditional Chinese; 国会議員 mixes
forms only Japanese mixes), and text that several locales write alike is an error naming them.
Latin-script text is English unless its words or a confident langdetect (seeded) say otherwise;
langdetect never sees Han text, which it calls Korean. Too short or too mixed is an error too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from translator.errors import UsageError
from translator.language.locales import display_name
from translator.language.scripts import (
    ScriptCounts, count_scripts, in_charset, is_han, japanese_only, kana_in, not_japanese, wrong_script,
)

MIN_LETTERS = 2  # one letter is not a text; two Han characters are a word, and may well be ambiguous
MIN_LATIN_LETTERS = 4  # below this langdetect and word lists have nothing to go on ("Hi", "OK")
# The winning writing system's share of the text, Han and kana counted per character and a Latin
# word as one: "G7 Summit、広島で開幕" is Japanese, "Talks in Beijing (北京)" Latin-script text.
MIN_SHARE = 2 / 3
KANA_SHARE_FOR_JAPANESE = 0.05  # of kana + Han: Japanese headlines are far above, Chinese has none
# A long text may hold a few characters its locale does not write (a quoted name, a typo): up to
# this share of its Han and kana, as long as every other locale has STRAY_MARGIN times as many.
# A headline of fewer than 20 characters is therefore allowed none.
MAX_STRAY_SHARE = 0.05
STRAY_MARGIN = 3
MIN_ENGLISH_PROBABILITY = 0.9  # langdetect this sure of English settles Latin text
MIN_OTHER_PROBABILITY = 0.9  # langdetect this sure of another language needs English words to overrule
SHORT_TEXT = 20  # an ambiguous text below this many letters is called too short (a longer one would
# most likely hold a character that decides)

ASK = "pass --source with the article's locale (en, ja, zh-Hans or zh-Hant)"

_HAN_LOCALES = ("ja", "zh-Hans", "zh-Hant")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_NON_ASCII_LETTER = re.compile(r"[\u00c0-\u024f]")
_POSSESSIVE = re.compile(r"[A-Za-z]['’]s\b")  # Japan's: no other language writes it
# Japanese writes '、' between clauses; Chinese writes '，' (and '、' only between list items).
_CHINESE_COMMA = "，"

# The character set Japanese text was long confined to (Shift_JIS as Windows extends it): a Chinese
# form of a Japanese character that it lacks (步 for 歩, 每 for 毎) is not Japanese.
_JAPANESE_CHARSET = "cp932"

# Words that show a Latin-script text is English, and function words of the other Latin-script
# languages news is most often written in: none of them an English word, a name or part of one
# (de, van, von, der, da, di, del, Los Angeles, Las Vegas, Des Moines, Yang) or an abbreviation (MIT).
_ENGLISH_WORDS = frozenset("""
    the of and to at by for from with without into after before amid about against between during
    since than is are were be been being has have had would can could should may might must not
    says said say its it his her their they this that these those who what when where why how
    new more most up out off
""".split())
_OTHER_WORDS = frozenset("""
    el la y por una unos unas pero tras sobre como
    le les et une dans sur aux avec selon pas
    und ist ein eine einen nicht auf zum zur bei nach wird
    il della delle dei degli gli nel nella sono anche alla
    os em uma pelo pela nos ao
    het een zijn niet naar bij ook
    dengan untuk ini itu akan tidak pada
""".split())


def detect_locale(text: str) -> str:
    """The locale of `text`, or UsageError saying why it cannot be told."""
    counts = count_scripts(text)
    latin_words = len(_LATIN_WORD.findall(text))
    cjk = counts.han + counts.kana
    letters = cjk + counts.hangul + counts.latin
    if letters < MIN_LETTERS:
        raise UsageError(f"the text is too short to tell its language ({_count(letters, 'letter')}); {ASK}")
    units = cjk + counts.hangul + latin_words
    if counts.hangul > units * (1 - MIN_SHARE):
        raise UsageError(f"the text looks Korean, which translator does not support; {ASK}")
    if cjk >= units * MIN_SHARE:
        return _han_locale(text, counts)
    if latin_words >= units * MIN_SHARE:
        return _latin_locale(text, counts)
    raise UsageError(f"the text mixes writing systems too much to tell its language; {ASK}")


def _han_locale(text: str, counts: ScriptCounts) -> str:
    cjk = counts.han + counts.kana
    if counts.kana > cjk * KANA_SHARE_FOR_JAPANESE:
        return "ja"
    # The locale that writes every character wins; a long text may hold a few strays if every
    # other locale has far more. A tie is ambiguous: only the text's author can settle it.
    strays = _strays(text)
    fewest = min(len(strays[locale]) for locale in _HAN_LOCALES)
    best = [locale for locale in _HAN_LOCALES if len(strays[locale]) == fewest]
    if len(best) == 1:
        rivals = min(len(strays[locale]) for locale in _HAN_LOCALES if locale != best[0])
        if fewest == 0 or (fewest <= cjk * MAX_STRAY_SHARE and rivals >= fewest * STRAY_MARGIN):
            return best[0]
    if fewest == 0:
        alike = "both" if len(best) == 2 else "all"
        opening = (f"the text is too short to tell its language ({_count(cjk, 'character')})" if cjk < SHORT_TEXT
                   else "cannot tell the text's language")
        raise UsageError(f"{opening}: it could be {_names(best)}, which {alike} write each of its "
                         f"characters this way; {_options(best)}")
    found = "; ".join(f"{display_name(locale)} does not write {_shown(strays[locale])}"
                      for locale in _HAN_LOCALES if strays[locale])
    raise UsageError(f"the text mixes characters no one locale writes together ({found}); {ASK}")


def _strays(text: str) -> dict[str, list[str]]:
    """For each Han-script locale, the characters of `text` it does not write, repeats kept."""
    occurrences = Counter(text)
    distinct = {char for char in occurrences if is_han(char)}
    han = "".join(sorted(distinct))
    # Simplified-only and Traditional-only where CC-CEDICT and OpenCC agree (岩 and 台 are neither).
    simplified, traditional = wrong_script(han, "zh-Hant"), wrong_script(han, "zh-Hans")
    # Only Japanese writes 関 and 経, and 値, 査 and 産, which neither Chinese character set has.
    japanese = japanese_only(distinct)
    # Japanese does not write Simplified forms it writes otherwise (关, 对; but 国 and 会 it does),
    # Traditional ones it has simplified (國, 說), nor Chinese forms of its own characters (步 for
    # 歩, 每 for 毎) that its character set lacks: those it has (德, 黑, 眞) still appear in names.
    unjapanese = (not_japanese(distinct) & simplified) | {
        char for char in wrong_script(han, "ja")
        if char in traditional or (char not in simplified and not in_charset(char, _JAPANESE_CHARSET))
    }
    unchinese = japanese | kana_in(text)
    stray = {"ja": unjapanese | {_CHINESE_COMMA}, "zh-Hans": traditional | unchinese, "zh-Hant": simplified | unchinese}
    return {locale: [char for char, times in occurrences.items() if char in chars for _ in range(times)]
            for locale, chars in stray.items()}


def _latin_locale(text: str, counts: ScriptCounts) -> str:
    if counts.latin < MIN_LATIN_LETTERS:
        raise UsageError(f"the text is too short to tell its language ({_count(counts.latin, 'letter')}); {ASK}")
    verdict = english_or_not(text)
    if verdict is None:
        return "en"
    found = verdict[1]
    if found is not None and found[0] != "en" and found[1] >= MIN_OTHER_PROBABILITY:
        raise UsageError(f"the text reads as {display_name(found[0])} (langdetect: '{found[0]}', "
                         f"{found[1]:.0%}), which translator does not translate from; "
                         f"pass --source en if it is English")
    shown = f"'{found[0]}' ({found[1]:.0%})" if found else "no language"
    raise UsageError(f"Latin-script text that does not read as English (langdetect: {shown}); {ASK}")


def english_or_not(text: str) -> tuple[bool, tuple[str, float] | None] | None:
    """None when Latin-script `text` reads as English; else (whether another language is
    certain, langdetect's best guess). English words outnumbering other languages' function words
    decide first, since langdetect is often sure of the wrong language on a short text with names
    ("Foreign Minister Yang Jiechi said so." reads as German to it)."""
    words = _LATIN_WORD.findall(text)
    english = sum(1 for word in words if word.lower() in _ENGLISH_WORDS) + len(_POSSESSIVE.findall(text))
    # in capitals, a foreign function word is more likely an abbreviation (LA, OS)
    other = sum(1 for word in words if word.lower() in _OTHER_WORDS and not word.isupper())
    plain = _NON_ASCII_LETTER.search(text) is None
    found = _langdetect(text)
    if found is not None and found[0] == "en" and found[1] >= MIN_ENGLISH_PROBABILITY:
        return None
    sure_of_other = found is not None and found[0] != "en" and found[1] >= MIN_OTHER_PROBABILITY
    # More English words than foreign ones decide. Failing that, plain ASCII words are English
    # unless langdetect is sure of another language (it is on names: "Abe Shinzo" is German).
    if english > other or (english == other and plain and not sure_of_other):
        return None
    return sure_of_other, found


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _names(locales: list[str]) -> str:
    names = [display_name(locale) for locale in locales]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _options(locales: list[str]) -> str:
    options = [f"--source {locale}" for locale in locales]
    return "pass " + (", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0])


def _shown(chars: Iterable[str]) -> str:
    distinct = list(dict.fromkeys(chars))
    return " ".join(distinct[:3]) + (" ..." if len(distinct) > 3 else "")


def _langdetect(text: str) -> tuple[str, float] | None:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return str(best.lang), float(best.prob)
