"""Folding for search: compatibility forms, case, Latin marks and katakana all meet."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from translator.language.scripts import _KATAKANA_TO_HIRAGANA, _LATIN_MARKS, fold


def test_forms_that_should_meet_do() -> None:
    assert fold("Ōshima") == fold("OSHIMA") == "oshima"
    assert fold("ＴＡＫＡＩＣＨＩ") == "takaichi"
    assert fold("ブリンケン") == fold("ぶりんけん") == fold("ﾌﾞﾘﾝｹﾝ")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_fold_translates_katakana_as_the_whole_table_does(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded))
    assert fold(text) == unicodedata.normalize("NFC", folded).translate(_KATAKANA_TO_HIRAGANA)
