"""Sentence segmentation where a human would split, in English, Japanese and Chinese."""

from __future__ import annotations

import pytest

from translator.language.sentences import split_sentences, whole


def _split(text: str, locale: str, markdown: bool = False) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, locale, markdown)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("The U.S. military said so. Then it left.", ["The U.S. military said so.", "Then it left."]),
        ("Mr. Kanai met Dr. Liu. They talked.", ["Mr. Kanai met Dr. Liu.", "They talked."]),
        ("Gate No. 1 opened on Jan. 5 at 9 a.m. on time. Good.", ["Gate No. 1 opened on Jan. 5 at 9 a.m. on time.", "Good."]),
        ("It rose 3.5 percent. It fell 0.25 points.", ["It rose 3.5 percent.", "It fell 0.25 points."]),
        ("She said, “We will go.” He agreed.", ["She said, “We will go.”", "He agreed."]),
        ('He asked, "Is it true?" She nodded.', ['He asked, "Is it true?"', "She nodded."]),
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("One sentence without a full stop", ["One sentence without a full stop"]),
    ],
)
def test_english(text: str, sentences: list[str]) -> None:
    assert _split(text, "en") == sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("彼は「行きます。」と言った。次に進む。", ["彼は「行きます。」と言った。", "次に進む。"]),
        ("「行きます。」彼はそう言った。", ["「行きます。」", "彼はそう言った。"]),
        ("本当に？はい！そうです。", ["本当に？", "はい！", "そうです。"]),
        ("（注：確認済み。）次の文。", ["（注：確認済み。）", "次の文。"]),
        ("価格は3.5万円だった……そして終わった。", ["価格は3.5万円だった……そして終わった。"]),
        ("首相は「撤回しない」って言った。", ["首相は「撤回しない」って言った。"]),
    ],
)
def test_japanese(text: str, sentences: list[str]) -> None:
    assert _split(text, "ja") == sentences


@pytest.mark.parametrize(
    ("locale", "text", "sentences"),
    [
        ("zh-Hans", "他说：“我们会去。”然后离开了。", ["他说：“我们会去。”", "然后离开了。"]),
        ("zh-Hans", "真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("zh-Hans", "（注：已确认。）下一句。", ["（注：已确认。）", "下一句。"]),
        ("zh-Hans", "增长了3.5%。结束。", ["增长了3.5%。", "结束。"]),
        ("zh-Hant", "他說：「我們會去。」然後離開了。", ["他說：「我們會去。」", "然後離開了。"]),
    ],
)
def test_chinese(locale: str, text: str, sentences: list[str]) -> None:
    assert _split(text, locale) == sentences


def test_markdown_inline_markup_is_never_cut() -> None:
    text = "A **bold claim. Really.** And [a link. Here](http://x.com/a.b). Then `code. x` ends. Done."
    assert _split(text, "en", markdown=True) == [
        "A **bold claim. Really.** And [a link. Here](http://x.com/a.b).", "Then `code. x` ends.", "Done.",
    ]


def test_spans_keep_the_separators_recoverable() -> None:
    text = "First one.  Second one.\nThird one."
    spans = split_sentences(text, "en")
    assert [text[s.start : s.end] for s in spans] == ["First one.", "Second one.", "Third one."]
    assert text[spans[0].end : spans[1].start] == "  "


def test_paragraph_mode_keeps_the_block() -> None:
    assert [(s.start, s.end) for s in whole("  One. Two.  ")] == [(2, 11)]
    assert whole("   ") == []
