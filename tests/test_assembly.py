"""Assembly: the source's structure with the translations in it, joined as the target script
wants; partial output only when asked for; stale and broken catalogs refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.formats.article import parse_article
from translator.assembly import assemble, join_separator
from translator.catalog import Message, build_template
from translator.extraction import messages_of
from translator.formats.po import Catalog, format_catalog, parse_catalog
from translator.workspace import Workspace
from tests.conftest import Run

# --- the round trip ----------------------------------------------------------------------------

EN_WORDS = ["Japan", "China", "talks", "the", "U.S.", "envoy", "said", "Mr.", "Kanai", "3.5", "percent", "“quoted”"]
JA_WORDS = ["日本", "中国", "会談", "「発言」", "高市", "首相", "3.5％", "北京で"]


@st.composite
def sentence(draw: st.DrawFn, language: str) -> str:
    if language == "en":
        words = draw(st.lists(st.sampled_from(EN_WORDS), min_size=1, max_size=8))
        return " ".join(words).capitalize() + draw(st.sampled_from([".", "?", "!", ".”"]))
    return "".join(draw(st.lists(st.sampled_from(JA_WORDS), min_size=1, max_size=6))) + draw(st.sampled_from(["。", "？", "！"]))


@st.composite
def paragraph(draw: st.DrawFn, language: str) -> str:
    sentences = draw(st.lists(sentence(language), min_size=1, max_size=4))
    separators = [draw(st.sampled_from([" ", "  ", "\n"] if language == "en" else ["", "\n"])) for _ in sentences[1:]]
    return sentences[0] + "".join(sep + text for sep, text in zip(separators, sentences[1:]))


@st.composite
def markdown_block(draw: st.DrawFn, language: str) -> str:
    kind = draw(st.sampled_from(["paragraph", "heading", "list", "quote", "table", "code", "emphasis"]))
    text = draw(paragraph(language))
    one_line = text.replace("\n", " ")
    if kind == "heading":
        return "#" * draw(st.integers(1, 3)) + " " + one_line
    if kind == "list":
        items = draw(st.lists(paragraph(language), min_size=1, max_size=3))
        return "\n".join("- " + item.replace("\n", "\n  ") for item in items)
    if kind == "quote":
        return "\n".join("> " + line for line in text.split("\n"))
    if kind == "table":
        return f"| {one_line} | x |\n|---|---|\n| {draw(sentence(language))} | {draw(sentence(language))} |"
    if kind == "code":
        return "```\n" + one_line + "\n```"
    if kind == "emphasis":
        return f"**{draw(sentence(language))}** and [a link](https://example.com/a.b) {draw(sentence(language))}"
    return text


@st.composite
def article_text(draw: st.DrawFn, language: str, markdown: bool) -> str:
    blocks = draw(st.lists(markdown_block(language) if markdown else paragraph(language), min_size=1, max_size=5))
    body = ("\n\n" if markdown or draw(st.booleans()) else "\n").join(blocks) + draw(st.sampled_from(["\n", ""]))
    if draw(st.booleans()):
        body = f"---\ntitle: {draw(sentence(language))!r}\ndate: 2025-11-18\nslug: round-trip\n---\n" + body
    return body


def _identity_catalog(messages: list[Message], source: str) -> Catalog:
    template = build_template(messages, "x", source, None)
    return replace(template, entries=[replace(entry, msgstr=entry.msgid) for entry in template.entries])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([("en", False), ("en", True), ("ja", False), ("ja", True)]).flatmap(
    lambda choice: st.tuples(st.just(choice[0]), st.just(choice[1]), article_text(choice[0], choice[1]))))
def test_filling_msgstr_with_msgid_gives_back_the_source(case: tuple[str, bool, str]) -> None:
    language, markdown, text = case
    article = parse_article(text, "articles/a.md" if markdown else "articles/a.txt", "markdown" if markdown else "text", "a")
    messages = messages_of(article, language, "sentence")
    catalog = parse_catalog(format_catalog(_identity_catalog(messages, language)), "a.po")
    result = assemble(text, article, catalog, language, language)  # an English article as en-GB: same rules
    assert result.missing == ()
    assert result.text == text


# --- joining and structure -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("separator", "source", "target", "joined"),
    [(" ", "en", "ja", ""), ("  ", "en", "zh-Hant", ""), (" \n", "en", "ja", "\n"), ("", "ja", "en", " "),
     ("\n", "ja", "en", "\n"), ("  ", "en", "en", "  "), ("", "ja", "zh-Hans", "")],
)
def test_join_separator(separator: str, source: str, target: str, joined: str) -> None:
    assert join_separator(separator, source, target) == joined


def _translated(text: str, fmt: str, source: str, translations: dict[str, str]) -> Catalog:
    article = parse_article(text, "articles/a.md", fmt, "a")
    template = build_template(messages_of(article, source, "sentence"), "a", source, None)
    return replace(template, entries=[replace(e, msgstr=translations.get(e.msgid, "")) for e in template.entries])


MARKDOWN = """\
---
title: Talks in Beijing
date: 2025-11-18
---
# Talks end

Officials met. No progress was made.

- First item.
- Second item.

> A quote.

| Name | Role |
|------|------|
| Kanai | Director |

```
code stays
```
"""

JAPANESE = {
    "Talks in Beijing": "北京での会談", "Talks end": "会談終了", "Officials met.": "高官が会談した。",
    "No progress was made.": "進展はなかった。", "First item.": "一つ目。", "Second item.": "二つ目。",
    "A quote.": "引用。", "Name": "名前", "Role": "役職", "Kanai": "金井", "Director": "局長",
}


def test_markdown_structure_is_kept_and_sentences_joined_for_japanese() -> None:
    article = parse_article(MARKDOWN, "articles/a.md", "markdown", "a")
    result = assemble(MARKDOWN, article, _translated(MARKDOWN, "markdown", "en", JAPANESE), "en", "ja")
    assert result.missing == ()
    assert result.text == """\
---
title: "北京での会談"
date: 2025-11-18
date_display: "2025年11月18日"
---
# 会談終了

高官が会談した。進展はなかった。

- 一つ目。
- 二つ目。

> 引用。

| 名前 | 役職 |
|------|------|
| 金井 | 局長 |

```
code stays
```
"""


def test_english_from_japanese_gets_spaces_and_multi_line_translations_keep_prefixes() -> None:
    text = "> 高官が会談した。進展はなかった。\n"
    article = parse_article(text, "articles/a.md", "markdown", "a")
    catalog = _translated(text, "markdown", "ja", {"高官が会談した。": "Officials met.", "進展はなかった。": "Nothing\nmoved."})
    assert assemble(text, article, catalog, "ja", "en").text == "> Officials met. Nothing\n> moved.\n"


def test_missing_segments_are_listed_and_keep_the_source() -> None:
    text = "Officials met. No progress was made.\n"
    article = parse_article(text, "articles/a.txt", "text", "a")
    catalog = _translated(text, "text", "en", {"Officials met.": "高官が会談した。"})
    result = assemble(text, article, catalog, "en", "ja")
    assert [(m.reference, m.source, m.state) for m in result.missing] == [("articles/a.txt:1", "No progress was made.", "untranslated")]
    assert result.text == "高官が会談した。No progress was made.\n"
    assert round(result.percent) == 50


# --- through the CLI ------------------------------------------------------------------------


ARTICLE = "Officials met. No progress was made.\nThe envoy left.\n"


@pytest.fixture
def translated(workspace: Workspace, run: Run) -> Workspace:
    (workspace.root / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("segment", str(workspace.root / "articles" / "a.txt")).exit_code == 0
    path = workspace.root / "locales" / "ja" / "LC_MESSAGES" / "a.po"
    catalog = parse_catalog(path.read_text(encoding="utf-8"), "a.po")
    done = {"Officials met.": "高官が会談した。", "No progress was made.": "進展はなかった。"}
    catalog.entries = [replace(e, msgstr=done.get(e.msgid, "")) for e in catalog.entries]
    path.write_text(format_catalog(catalog), encoding="utf-8")
    return workspace


def _exports(workspace: Workspace) -> list[str]:
    return sorted(p.name for p in (workspace.root / "exports").iterdir())


def test_a_missing_segment_stops_assembly(translated: Workspace, run: Run) -> None:
    result = run("assemble", str(translated.root / "articles" / "a.txt"), "--locale", "ja")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: locales/ja/LC_MESSAGES/a.po: 1 of 3 segments are untranslated or fuzzy; translate them, "
        "or pass --fallback source to publish with the source text",
        "Error: articles/a.txt:2: untranslated: The envoy left.",
    ]
    assert _exports(translated) == []


def test_fallback_and_threshold_publish_a_partial_version(translated: Workspace, run: Run) -> None:
    article = str(translated.root / "articles" / "a.txt")
    result = run("assemble", article, "--locale", "ja", "--fallback", "source")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Wrote exports/a.ja.txt (2 of 3 segments translated, 67%)"
    assert "Warning: articles/a.txt:2: untranslated, kept in the source language: The envoy left." in result.stderr
    assert (translated.root / "exports" / "a.ja.txt").read_text(encoding="utf-8") == "高官が会談した。進展はなかった。\nThe envoy left.\n"
    assert run("assemble", article, "--locale", "ja", "--min-translated", "60", "-o", str(translated.root / "x.txt")).exit_code == 0
    below = run("assemble", article, "--locale", "ja", "--min-translated", "90")
    assert below.exit_code == 1 and "67% translated, below --min-translated 90" in below.stderr


def test_a_stale_catalog_names_the_command_that_refreshes_it(translated: Workspace, run: Run) -> None:
    (translated.root / "articles" / "a.txt").write_text(ARTICLE + "A new sentence.\n", encoding="utf-8")
    result = run("assemble", str(translated.root / "articles" / "a.txt"), "--locale", "ja", "--fallback", "source")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: locales/ja/LC_MESSAGES/a.po: the catalog is stale: 1 segment(s) of the article are not in it; "
        "run 'translator segment articles/a.txt'"
    )
    assert _exports(translated) == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.replace('msgstr "進展はなかった。"', 'msgstr "進展はなかった。'), "unterminated string"),
        (lambda t: t.replace('msgid "The envoy left."', 'msgid The envoy left."'), "unexpected 'msgid'"),
        (lambda t: t.replace('msgstr "高官が会談した。"', 'msgstr "高官が\x00会談した。"'), "contains a NUL byte"),
        (lambda t: t.replace('"Language: ja\\n"', '"Language: zh_TW\\n"'), "this catalog is for 'zh_TW', not ja"),
        (lambda t: t.replace("articles/a.txt", "articles/other.txt"), "this catalog belongs to articles/other.txt"),
    ],
)
def test_broken_or_wrong_catalogs_write_nothing(translated: Workspace, run: Run, damage: object, message: str) -> None:
    path = translated.root / "locales" / "ja" / "LC_MESSAGES" / "a.po"
    broken = damage(path.read_text(encoding="utf-8"))  # type: ignore[operator]
    path.write_text(broken, encoding="utf-8")
    result = run("assemble", str(translated.root / "articles" / "a.txt"), "--locale", "ja", "--fallback", "source")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: locales/ja/LC_MESSAGES/a.po:") and message in result.stderr
    assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == broken
    assert _exports(translated) == []


def test_bom_and_crlf_in_a_catalog_are_normalised(translated: Workspace, run: Run) -> None:
    path = translated.root / "locales" / "ja" / "LC_MESSAGES" / "a.po"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = run("assemble", str(translated.root / "articles" / "a.txt"), "--locale", "ja", "--fallback", "source")
    assert result.exit_code == 0, result.output


def test_no_catalog_yet(workspace: Workspace, run: Run) -> None:
    (workspace.root / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("assemble", str(workspace.root / "articles" / "a.txt"), "--locale", "zh-Hant")
    assert (result.exit_code, result.stderr) == (
        1, "Error: locales/zh-Hant/LC_MESSAGES/a.po: no zh-Hant catalog for this article; run 'translator segment articles/a.txt'\n",
    )


def test_sentences_kept_in_the_source_keep_the_source_spacing() -> None:
    text = "高官が会談した。進展はなかった。声明は出なかった。\n"
    article = parse_article(text, "articles/a.txt", "text", "a")
    catalog = _translated(text, "text", "ja", {"声明は出なかった。": "No statement was issued."})
    assert assemble(text, article, catalog, "ja", "en").text == "高官が会談した。進展はなかった。 No statement was issued.\n"


# --- Markdown hard line breaks and the joiner -------------------------------------------------


def _assembled_markdown(text: str, translations: dict[str, str], target: str = "ja") -> str:
    article = parse_article(text, "articles/a.md", "markdown", "a")
    catalog = _translated(text, "markdown", "en", translations)
    result = assemble(text, article, catalog, "en", target)
    assert result.missing == ()
    return result.text


@pytest.mark.parametrize("target", ["ja", "zh-Hans"])
def test_hard_line_breaks_end_segments_and_survive_into_japanese_and_chinese(target: str) -> None:
    text = "The envoy arrived.  \nTalks began.\n\nBy Jun Kanai\\\nTokyo bureau\n\n> He said  \n> nothing.\n"
    article = parse_article(text, "articles/a.md", "markdown", "a")
    assert [message.text for message in messages_of(article, "en", "sentence")] == [
        "The envoy arrived.", "Talks began.", "By Jun Kanai", "Tokyo bureau", "He said", "nothing.",
    ]
    japanese = {"The envoy arrived.": "特使が到着した。", "Talks began.": "会談が始まった。", "By Jun Kanai": "金井純",
                "Tokyo bureau": "東京支局", "He said": "彼は", "nothing.": "何も言わなかった。"}
    assert _assembled_markdown(text, japanese, target) == (
        "特使が到着した。  \n会談が始まった。\n\n金井純\\\n東京支局\n\n> 彼は  \n> 何も言わなかった。\n"
    )


def test_a_hard_break_inside_a_link_stays_in_its_message() -> None:
    text = "See [the  \nreport](https://example.com/r) today.\n"
    article = parse_article(text, "articles/a.md", "markdown", "a")
    assert [message.text for message in messages_of(article, "en", "sentence")] == [
        "See [the  \nreport](https://example.com/r) today.",
    ]


def test_escaped_backslashes_at_a_line_end_are_no_hard_break() -> None:
    text = "A path C:\\\\\nends here.\n"
    article = parse_article(text, "articles/a.md", "markdown", "a")
    assert [message.text for message in messages_of(article, "en", "sentence")] == ["A path C:\\\\\nends here."]


def test_joining_for_japanese_keeps_a_space_only_where_markdown_needs_it() -> None:
    text = "Officials met. *No progress* was made. Wow! [A report](https://example.com/r) followed.\n"
    japanese = {"Officials met.": "高官が会談した。", "*No progress* was made.": "*進展*はなかった。", "Wow!": "驚き!",
                "[A report](https://example.com/r) followed.": "[報告](https://example.com/r)が続いた。"}
    # Without the space, `![` would make the link an image; emphasis after `。` opens either way.
    assert _assembled_markdown(text, japanese) == "高官が会談した。*進展*はなかった。驚き! [報告](https://example.com/r)が続いた。\n"


def test_a_setext_heading_keeps_its_lines_and_tab_indented_lines_are_found() -> None:
    text = "Talks in\nBeijing\n=======\n\n- First line\n\tcontinued.\n"
    japanese = {"Talks in\nBeijing": "北京での\n会談", "First line\ncontinued.": "一行目\n続き。"}
    assert _assembled_markdown(text, japanese) == "北京での\n会談\n=======\n\n- 一行目\n\t続き。\n"


def test_a_block_is_found_after_its_list_marker_even_if_the_marker_holds_its_text() -> None:
    text = "1. . \n   Officials met.\n"  # the block's first line, ". ", is in "1. " too
    assert _assembled_markdown(text, {".": "。", "Officials met.": "高官が会談した。"}) == "1. 。\n   高官が会談した。\n"


def test_a_paragraph_after_a_line_of_no_break_spaces_is_referenced_at_its_text() -> None:
    text = "Talks.\n\n\u00a0\nOfficials met.\n"  # not a blank line to CommonMark, but no text either
    article = parse_article(text, "articles/a.md", "markdown", "a")
    assert [(block.text, block.line) for block in article.blocks] == [("Talks.", 1), ("Officials met.", 4)]
    assert _assembled_markdown(text, {"Talks.": "会談。", "Officials met.": "高官が会談した。"}) == "会談。\n\n\u00a0\n高官が会談した。\n"
