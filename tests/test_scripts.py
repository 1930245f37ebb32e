"""Folding for search: compatibility forms, case, Latin marks and katakana all meet."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from translator.language.scripts import (_HAN, _KATAKANA_TO_HIRAGANA, _LATIN_MARKS, _converter, _fold, chinese_variants_both_ways, fold,
                                        wrong_script)


def test_forms_that_should_meet_do() -> None:
    assert fold("Ōshima") == fold("OSHIMA") == "oshima"
    assert fold("ＴＡＫＡＩＣＨＩ") == "takaichi"
    assert fold("ブリンケン") == fold("ぶりんけん") == fold("ﾌﾞﾘﾝｹﾝ")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_fold_translates_katakana_as_the_whole_table_does(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded))
    assert fold(text) == unicodedata.normalize("NFC", folded).translate(_KATAKANA_TO_HIRAGANA)


def _wrong_script_of_the_whole_text(text: str, locale: str) -> set[str]:
    """`wrong_script` as first written: the text's Han characters judged together."""
    chars = {char for char in text if _HAN.match(char)}
    if not chars:
        return set()
    if locale == "zh-Hans":
        return chinese_variants_both_ways(chars)[1]
    if locale == "zh-Hant":
        return chinese_variants_both_ways(chars)[0]
    if locale == "ja":
        return {c for c in chars if _converter("t2jp").convert(c) != c}
    return set()


# Characters the scripts disagree on (Simplified, Traditional, Japanese forms, shared ones), kana and Latin.
_MIXED = "刘劉劲勁松剑劍剣说說説関关發发台岩范于叶龍竜澤沢真研慎高市早苗あアaZ 1"


@given(st.text(alphabet=_MIXED, max_size=10) | st.text(max_size=6), st.sampled_from(["zh-Hans", "zh-Hant", "ja", "en"]))
def test_each_character_is_judged_on_its_own_as_the_whole_text_judged_it(text: str, locale: str) -> None:
    assert wrong_script(text, locale) == _wrong_script_of_the_whole_text(text, locale)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_folds_as_the_normalizations_fold_it(text: str) -> None:
    assert fold(text) == _fold(text)
