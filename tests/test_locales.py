"""Locale codes: every common spelling in, one canonical tag out, junk refused."""

from __future__ import annotations

import pytest

from translator.errors import UsageError
from translator.language.locales import display_name, normalize_locale


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("en", "en"), ("en-GB", "en"), ("en_US", "en"), ("ja", "ja"), ("ja_JP", "ja"), ("ja-JP", "ja"),
        ("ja_JP.UTF-8", "ja"), ("zh-Hans", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("zh-CN", "zh-Hans"),
        ("zh_SG", "zh-Hans"), ("zh-Hant", "zh-Hant"), ("zh_Hant", "zh-Hant"), ("zh-TW", "zh-Hant"),
        ("zh_HK", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"), ("ZH-hant", "zh-Hant"),
    ],
)
def test_spellings_become_canonical(text: str, tag: str) -> None:
    assert normalize_locale(text) == tag


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("xx", "unknown locale 'xx'"),
        ("und", "'und' names no language"),
        ("../x", "invalid locale '../x'"),
        ("", "invalid locale ''"),
        ("en\x1b[31m", "invalid locale 'en\\x1b[31m'"),
        ("ko", "unsupported locale 'ko'"),
        ("zh", "'zh' does not say which Chinese script"),
        ("ja/../../etc", "invalid locale"),
    ],
)
def test_junk_is_a_usage_error_naming_the_accepted_forms(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        normalize_locale(text)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("text", ["ja\n", "\nja", " ja", "ja ", "j a", "ja\t", "ja\r", "ja\x00", "ja\u3000", "zh-\u200bHans"])
def test_whitespace_and_controls_anywhere_are_refused(text: str) -> None:
    with pytest.raises(UsageError, match="it holds whitespace or a control character"):
        normalize_locale(text)


def test_callers_reading_lists_may_drop_plain_spaces_only() -> None:
    assert normalize_locale("  zh_TW ", spaces_around=True) == "zh-Hant"
    with pytest.raises(UsageError, match=r"invalid locale ' ja\\n'"):
        normalize_locale(" ja\n", spaces_around=True)


def test_display_names_are_the_ones_users_know() -> None:
    assert display_name("zh-Hant") == "Chinese (Traditional)"
    assert display_name("ja", "ja") == "日本語"


def test_english_names_are_cldr_s() -> None:
    from babel import Locale

    from translator.language.locales import ENGLISH_NAMES, LOCALES

    assert list(ENGLISH_NAMES) == list(LOCALES)
    for tag, name in ENGLISH_NAMES.items():
        assert Locale.parse(tag, sep="-").get_display_name(Locale.parse("en")) == name
