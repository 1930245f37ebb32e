"""Source-language detection: scripts first, langdetect only for Latin text, no guesses."""

from __future__ import annotations

import pytest

from translator.errors import UsageError
from translator.language import detect_locale

ENGLISH = "Senior officials from Japan and China held a meeting in Beijing to ease the recent controversy."
JAPANESE = "日本と中国の高官は北京で会談し、最近の論争の緩和を図ったが、大きな進展はなかった。"
SIMPLIFIED = "日本和中国的高级官员在北京举行会谈，试图缓和最近的争议，但没有取得实质性进展。"
TRADITIONAL = "日本和中國的高級官員在北京舉行會談，試圖緩和最近的爭議，但沒有取得實質性進展。"


@pytest.mark.parametrize(
    ("text", "locale"),
    [(ENGLISH, "en"), (JAPANESE, "ja"), (SIMPLIFIED, "zh-Hans"), (TRADITIONAL, "zh-Hant"), (ENGLISH + " 北京", "en")],
)
def test_detects(text: str, locale: str) -> None:
    assert detect_locale(text) == locale


def test_deterministic() -> None:
    assert {detect_locale(ENGLISH) for _ in range(5)} == {"en"}


def test_han_text_is_never_korean() -> None:
    # Short Han-only texts are what langdetect most often calls Korean; we never ask it.
    text = "中華民國總統府發言人表示會談順利完成雙方同意繼續對話"
    assert detect_locale(text) == "zh-Hant"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("北京大阪", "too short to tell"),
        ("Hello there", "too short to tell"),
        ("北京大阪上海天津南京香港日本中山人民山水文化", "common to Simplified and Traditional"),
        ("Les fonctionnaires japonais et chinois se sont rencontrés à Pékin cette semaine.", "does not read as English"),
        ("일본과 중국의 고위 관리들이 베이징에서 회담을 가졌습니다 최근 논란을 완화하기 위해", "looks Korean"),
        ("Japan and China 日本と中国 held talks 会談 in Beijing 北京で", "mixes writing systems"),
    ],
)
def test_refuses_to_guess(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        detect_locale(text)
    assert message in str(caught.value)
    assert "pass --source" in str(caught.value)
