"""A person's family and given name in every locale, derived where the glossary leaves them out.

The glossary may record `<locale>-family` and `<locale>-given`; the checks need both in every
locale that has a form. What is missing is derived from what is there: the given name is the
preferred form without the family name (高市早苗 - 高市 = 早苗; "Sanae Takaichi" - "Takaichi"); a
Japanese or Chinese form with no split takes the split of another Japanese or Chinese form of the
same length (劉勁松 is split like 刘劲松: one character, then two); an English form with no split
finds its family name by romanising the Japanese or Chinese family name (Hepburn from the kana
reading, pinyin from the characters).
"""

from __future__ import annotations

import re
from dataclasses import replace

from translator.glossary import Entry
from translator.language.romanization import hepburn_name, pinyin_spellings
from translator.language.scripts import fold
from translator.language.words import family_length

CJK = ("ja", "zh-Hans", "zh-Hant")


def _rest(form: str, family: str) -> str:
    """`form` without `family` at its start or end (either name order), or '' if it holds neither."""
    if form.startswith(family):
        return form[len(family):].strip(" ・･\u3000")
    if form.endswith(family):
        return form[: len(form) - len(family)].strip(" ・･\u3000")
    folded, key = fold(form), fold(family)
    if folded.startswith(key):
        return form[len(family):].strip()
    if folded.endswith(key):
        return form[: len(form) - len(family)].strip()
    return ""


def _recorded(entry: Entry, locale: str) -> tuple[str, str]:
    """The split as recorded, with a missing given name taken from the preferred form."""
    forms = entry.form(locale)
    family, given = forms.family, forms.given
    if family and not given and forms.preferred:
        given = _rest(forms.preferred, family)
    return family, given


def _cjk_split(entry: Entry, locale: str) -> tuple[str, str]:
    """A Japanese or Chinese form split like another locale's form of the same length; else,
    for a Chinese name, after the characters whose pinyin is the English family name (温 of
    温家宝 reads wen); else, for a Chinese or Korean name whose English marks its syllables, one
    character per syllable (Cho Tae-yul: 趙 | 兌烈); else, for a Japanese name, where the word
    segmenter tags a family name."""
    preferred = entry.form(locale).preferred.replace(" ", "").replace("\u3000", "")
    for other in CJK:
        if other == locale:
            continue
        family, given = _recorded(entry, other)
        if family and given and len(family) + len(given) == len(preferred):
            return preferred[: len(family)], preferred[len(family):]
    english_family, english_given = _recorded(entry, "en")
    if english_family and entry.romanization in ("pinyin", "wade-giles"):
        key = fold(english_family).replace("-", "")
        for length in range(1, min(3, len(preferred))):
            if key in pinyin_spellings(preferred[:length]):
                return preferred[:length], preferred[length:]
    if english_family and english_given and entry.romanization != "hepburn":
        # Chinese and Korean names: one character per syllable, and Wade-Giles or Korean
        # romanisation marks the syllables (Cho | Tae-yul: 趙 | 兌烈; Chiu | Kuo-cheng: 邱 | 國正).
        family_syllables = len(re.split(r"[-\s]+", english_family.strip()))
        given_syllables = len(re.split(r"[-\s]+", english_given.strip()))
        if "-" in english_given + english_family or entry.romanization == "wade-giles" or given_syllables > 1:
            if family_syllables + given_syllables == len(preferred):
                return preferred[:family_syllables], preferred[family_syllables:]
    if entry.romanization == "hepburn" or entry.reading:
        length = family_length(preferred)
        if length:
            return preferred[:length], preferred[length:]
    return "", ""


def _english_split(entry: Entry) -> tuple[str, str]:
    """The English family name found by romanising the Japanese or Chinese one."""
    words = entry.form("en").preferred.split()
    if len(words) != 2:
        return "", ""
    keys = [fold(word).replace("-", "").replace("'", "") for word in words]
    spellings: set[str] = set()
    if entry.reading:
        try:
            spellings |= {fold(s) for s in hepburn_name(entry.reading)[0]}
        except ValueError:
            pass
    families = [_recorded(entry, locale)[0] for locale in CJK]
    if any(families):
        spellings |= pinyin_spellings(*families)
    for index, key in enumerate(keys):
        if key in spellings:
            return words[index], words[1 - index]
    return "", ""


def name_parts(entry: Entry, locale: str) -> tuple[str, str]:
    """(family, given) of a person in `locale`; either may be '' when nothing tells it."""
    if entry.type != "person" or not entry.form(locale).preferred and not entry.form(locale).family:
        return "", ""
    family, given = _recorded(entry, locale)
    if family:
        return family, given
    if locale in CJK:
        return _cjk_split(entry, locale)
    if locale == "en":
        return _english_split(entry)
    return "", ""


def with_name_parts(entry: Entry) -> tuple[Entry, list[str]]:
    """The entry with the family and given names it lacks filled in where they can be derived,
    and the locales that gained them."""
    if entry.type != "person":
        return entry, []
    filled = []
    for locale in ("en", *CJK):
        forms = entry.form(locale)
        if not forms.preferred or (forms.family and forms.given):
            continue
        family, given = name_parts(entry, locale)
        if family and given:
            entry = entry.with_form(locale, replace(forms, family=family, given=given))
            filled.append(locale)
    return entry, filled
