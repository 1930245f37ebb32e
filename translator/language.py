"""Which of our locales a text is written in, or a clear refusal to guess.

Writing systems decide first, because they are certain where statistics are not: kana means
Japanese; Han without kana means Chinese, Simplified or Traditional by the characters only one
of them uses (OpenCC's tables). Only Latin-script text goes to langdetect (seeded, so the same
text always gets the same answer), which must be confident it is English. Han text is therefore
never reported as Korean, and text too short or too mixed is an error, not a guess.
"""

from __future__ import annotations

from translator.errors import UsageError
from translator.scripts import count_scripts

MIN_LETTERS = 20  # fewer than this is too short to tell
MIN_SHARE = 0.8  # the winning writing system's share of all letters
MIN_ENGLISH_PROBABILITY = 0.9
KANA_SHARE_FOR_JAPANESE = 0.05  # of kana + Han: Japanese prose is far above, Chinese has none

ASK = "pass --source with the article's locale (en, ja, zh-Hans or zh-Hant)"


def detect_locale(text: str) -> str:
    """The locale of `text`, or UsageError saying why it cannot be told."""
    counts = count_scripts(text)
    cjk = counts.han + counts.kana
    letters = cjk + counts.hangul + counts.latin
    if letters < MIN_LETTERS:
        raise UsageError(f"the text is too short to tell its language ({letters} letters); {ASK}")
    if counts.hangul > letters * (1 - MIN_SHARE):
        raise UsageError(f"the text looks Korean, which translator does not support; {ASK}")
    if cjk >= letters * MIN_SHARE:
        if counts.kana > cjk * KANA_SHARE_FOR_JAPANESE:
            return "ja"
        if counts.kana:
            raise UsageError(f"the text mixes Han characters with a little kana; {ASK}")
        if counts.traditional > counts.simplified:
            return "zh-Hant"
        if counts.simplified > counts.traditional:
            return "zh-Hans"
        raise UsageError(f"Chinese, but written only in characters common to Simplified and Traditional; {ASK}")
    if counts.latin >= letters * MIN_SHARE:
        found = _langdetect(text)
        if found is not None and found[0] == "en" and found[1] >= MIN_ENGLISH_PROBABILITY:
            return "en"
        shown = f"'{found[0]}' ({found[1]:.0%})" if found else "no language"
        raise UsageError(f"Latin-script text that does not read as English (langdetect: {shown}); {ASK}")
    raise UsageError(f"the text mixes writing systems too much to tell its language; {ASK}")


def _langdetect(text: str) -> tuple[str, float] | None:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return str(best.lang), float(best.prob)
