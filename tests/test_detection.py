"""Source-language detection: writing systems and character forms first, words and langdetect
for Latin text, and an error naming the choices rather than a guess."""

from __future__ import annotations

import pytest

from translator.language import detection as language
from translator.errors import UsageError
from translator.language.detection import detect_locale

ENGLISH = "Senior officials from Japan and China held a meeting in Beijing to ease the recent controversy."
JAPANESE = "日本と中国の高官は北京で会談し、最近の論争の緩和を図ったが、大きな進展はなかった。"
SIMPLIFIED = "日本和中国的高级官员在北京举行会谈，试图缓和最近的争议，但没有取得实质性进展。"
TRADITIONAL = "日本和中國的高級官員在北京舉行會談，試圖緩和最近的爭議，但沒有取得實質性進展。"


def _refusal(text: str) -> str:
    with pytest.raises(UsageError) as caught:
        detect_locale(text)
    message = str(caught.value)
    assert "pass --source" in message
    return message


@pytest.mark.parametrize(
    ("text", "locale"),
    [(ENGLISH, "en"), (JAPANESE, "ja"), (SIMPLIFIED, "zh-Hans"), (TRADITIONAL, "zh-Hant"), (ENGLISH + " 北京", "en")],
)
def test_detects(text: str, locale: str) -> None:
    assert detect_locale(text) == locale


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("首相、来月訪米へ", "ja"),  # kana
        ("台風10号 九州上陸", "ja"),  # 号 is Japanese-only (號 in Chinese)
        ("外交部回应日方言论", "zh-Hans"),
        ("国际关系", "zh-Hans"),
        ("立法院三讀通過預算案", "zh-Hant"),
        ("美國", "zh-Hant"),  # Japanese writes 米国
        ("Yen slides", "en"),
        ("Hello there", "en"),  # 10 letters: once refused as too short
        ("G7 Summit、広島で開幕", "ja"),  # a Latin word or two in Japanese
        ("iPhone 17在中国发售", "zh-Hans"),
    ],
)
def test_headlines(text: str, locale: str) -> None:
    assert detect_locale(text) == locale


@pytest.mark.parametrize(
    "text",
    ["日米首脳会談 来月開催", "関税交渉", "経済", "大阪関西万博", "円安"],
)
def test_japanese_only_forms_mark_kanji_as_japanese(text: str) -> None:
    # 関, 経, 済, 脳, 円: forms Chinese writes 关/關, 经/經 and so on.
    assert detect_locale(text) == "ja"


@pytest.mark.parametrize("text", ["値上", "産業政策"])
def test_japanese_forms_no_chinese_character_set_has(text: str) -> None:
    # 値 and 産 are neither in GB2312 nor in Big5-HKSCS (Chinese writes 值, 产/產).
    assert detect_locale(text) == "ja"


def test_simplified_and_traditional_forms_japanese_shares_make_japanese() -> None:
    # 国 and 会 are Simplified-only in Chinese, 議 and 員 Traditional-only; Japanese writes all four.
    assert detect_locale("国会議員") == "ja"


@pytest.mark.parametrize(
    ("text", "choices", "options"),
    [
        ("全国人民代表大会", "Japanese or Chinese (Simplified)", "--source ja or --source zh-Hans"),
        ("颱風登陸", "Japanese or Chinese (Traditional)", "--source ja or --source zh-Hant"),
        ("北京", "Japanese, Chinese (Simplified) or Chinese (Traditional)",
         "--source ja, --source zh-Hans or --source zh-Hant"),
        # jp2t gives 研 and 真 old forms, but Chinese writes them as Japanese does.
        ("研究真相", "Japanese, Chinese (Simplified) or Chinese (Traditional)",
         "--source ja, --source zh-Hans or --source zh-Hant"),
        # Japanese writes 毎晩散歩: the Chinese forms, absent from its character set, rule it out.
        ("每晚散步", "Chinese (Simplified) or Chinese (Traditional)", "--source zh-Hans or --source zh-Hant"),
    ],
)
def test_ambiguous_text_names_the_choices(text: str, choices: str, options: str) -> None:
    message = _refusal(text)
    assert message.startswith(f"the text is too short to tell its language ({len(text)} characters): "
                              f"it could be {choices}, which ")
    assert message.endswith(f"characters this way; pass {options}")


def test_ambiguous_long_text_is_not_called_short() -> None:
    message = _refusal("北京大阪上海天津南京香港日本中山人民山水文化")
    assert message.startswith("cannot tell the text's language: it could be Japanese, Chinese (Simplified) "
                              "or Chinese (Traditional)")


def test_chinese_comma_rules_out_japanese() -> None:
    assert "Japanese or Chinese (Simplified)" in _refusal("中国国会 全体大会")
    assert detect_locale("中国国会，全体大会") == "zh-Hans"


def test_kana_beyond_a_trace_is_japanese() -> None:
    assert detect_locale("関係改善へ") == "ja"
    assert detect_locale("国会で審議") == "ja"  # で alone decides: 国会 and 審議 are Chinese too


def test_a_long_text_may_hold_a_few_stray_characters() -> None:
    # A Traditional-only 據 in a long Simplified text is a quotation or a typo ...
    assert detect_locale(SIMPLIFIED * 3 + "據") == "zh-Hans"
    # ... but in a headline it leaves no locale that writes every character.
    message = _refusal("关系們")
    assert message.startswith("the text mixes characters no one locale writes together (")
    assert "Chinese (Simplified) does not write 們" in message


def test_contradicting_forms_are_refused() -> None:
    message = _refusal("関係们")  # 関 only Japanese writes, 们 only Simplified Chinese
    assert "Japanese does not write 们" in message
    assert "Chinese (Traditional) does not write 関 们" in message


def test_deterministic() -> None:
    assert {detect_locale(ENGLISH) for _ in range(5)} == {"en"}


def test_han_text_is_never_korean() -> None:
    # Short Han-only texts are what langdetect most often calls Korean; we never ask it.
    text = "中華民國總統府發言人表示會談順利完成雙方同意繼續對話"
    assert detect_locale(text) == "zh-Hant"


def test_plain_ascii_is_english_when_langdetect_is_unsure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_langdetect", lambda text: ("da", 0.64))
    assert detect_locale("Yen slides") == "en"
    assert detect_locale("Nikkei Slides") == "en"


def test_english_words_overrule_a_confident_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_langdetect", lambda text: ("nl", 0.99))
    assert detect_locale("Japan's PM meets Biden") == "en"  # the possessive
    assert detect_locale("Talks between Tokyo and Seoul") == "en"
    assert "reads as Dutch (langdetect: 'nl', 99%)" in _refusal("Xi Jinping meets Biden")


def test_foreign_function_words_are_not_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_langdetect", lambda text: ("es", 0.86))
    message = _refusal("El presidente viaja a Tokio")
    assert message.startswith("Latin-script text that does not read as English (langdetect: 'es' (86%))")
    assert detect_locale("LA fires spread") == "en"  # capitals: an abbreviation, not the article


@pytest.mark.parametrize(
    ("text", "language_name"),
    [
        ("El gobierno anuncia nuevas medidas económicas", "Spanish"),
        ("Les fonctionnaires japonais et chinois se sont rencontrés à Pékin cette semaine.", "French"),
    ],
)
def test_other_latin_languages_are_refused(text: str, language_name: str) -> None:
    message = _refusal(text)
    assert message.startswith(f"the text reads as {language_name} (langdetect: ")
    assert message.endswith("which translator does not translate from; pass --source en if it is English")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("関", "too short to tell its language (1 letter)"),
        ("Hi", "too short to tell its language (2 letters)"),
        ("北京大阪", "too short to tell its language (4 characters): it could be Japanese, Chinese"),
        ("일본과 중국의 고위 관리들이 베이징에서 회담을 가졌습니다 최근 논란을 완화하기 위해", "looks Korean"),
        ("Japan and China 日本と中国 held talks 会談 in Beijing 北京で", "mixes writing systems"),
    ],
)
def test_refuses_to_guess(text: str, message: str) -> None:
    assert message in _refusal(text)
