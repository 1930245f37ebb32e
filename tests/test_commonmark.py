"""Markdown fidelity on CommonMark 0.31.2's own examples: segmented, given a catalog and assembled
(into en and ja, msgstr = msgid or its text in swapped case), every example renders as its
source does: alone, between two sentences, and across hard line breaks.
benchmarks/commonmark_fidelity.py describes the runs and the transform, and prints the counts."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.commonmark_fidelity import CONTEXTS, RUNS, Example, Run, check, examples, exclusion, in_context, transformed
from translator.formats.article import parse_article
from translator.errors import InputError
from translator.extraction import messages_of

EXAMPLES = examples()
LEFT_OUT = {example.number: reason for example in EXAMPLES if (reason := exclusion(example.markdown))}
TAKEN = [example for example in EXAMPLES if example.number not in LEFT_OUT]


def _id(example: Example) -> str:
    return f"{example.number}-{re.sub(r'[^a-z]+', '-', example.section.lower()).strip('-')}"


def _problems(markdown: str) -> str:
    return "\n".join(f"{run}:\n{problem}" for run in RUNS if (problem := check(markdown, run)) is not None)


@pytest.mark.parametrize("example", TAKEN, ids=_id)
def test_example_renders_as_its_source(example: Example) -> None:
    assert _problems(example.markdown) == ""


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=_id)
def test_example_in_context_renders_as_its_source(example: Example, context: str) -> None:
    assert _problems(in_context(example.markdown, context)) == ""


def test_only_documents_that_cannot_be_an_article_are_left_out() -> None:
    """The left-out set is pinned: a new exclusion has to be argued for here, not slip in."""
    assert len(EXAMPLES) == 655
    assert Counter(reason.split(":")[0] for reason in LEFT_OUT.values()) == {
        "nothing to translate (segment refuses it)": 117,
        "opens with a '---' line, which an article reads as the start of its YAML front matter": 2,
    }
    for example in EXAMPLES:  # and each reason is true of what the article reader does
        reason = LEFT_OUT.get(example.number, "")
        if reason.startswith("nothing to translate"):
            article = parse_article(example.markdown, "articles/example.md", "markdown", "example")
            assert messages_of(article, "en", "sentence") == [], example.number
        elif reason.startswith("opens with a '---' line"):
            try:
                article = parse_article(example.markdown, "articles/example.md", "markdown", "example")
            except InputError as error:
                assert "front matter" in str(error)
            else:
                assert article.blocks == (), example.number  # all of it was front matter


def test_the_transform_swaps_text_and_keeps_what_a_translator_keeps() -> None:
    references = {"references": {"REF": {"href": "/r", "title": ""}}}
    assert transformed('*Foo* `bar` <http://x.y> &ouml; [Link](/Url "Title") <b class="X">x</b> ![Alt](/P.png) [Ref]',
                       references) == '*fOO* `bar` <http://x.y> &ouml; [lINK](/Url "Title") <b class="X">X</b> ![aLT](/P.png) [rEF]'
    assert transformed("[not a `link](/foo`)", {}) == "[NOT A `link](/foo`)"  # the code span wins


# Pieces of Markdown that meet at sentence boundaries in the examples' corner cases: random
# documents of them found the bugs the examples alone did not (tabs in continuation lines, a list
# marker holding a block's text, a multi-line HTML tag cut in two, `!` joined to a link).
PIECES = ["Officials met. ", "The U.S. envoy said. ", "Foo", "bar", ". ", "! ", "? ", " ", "  \n", "\\\n", "\n", "*", "**",
          "_", "`", "``", "[", "]", "(", ")", "](/u)", "<b>", "</b>", "<span\nclass='a'>", "<http://x.y>", "&amp;",
          "&ouml;", "\\", "!", "\n\n", "> ", "- ", "1. ", "# ", "\n---\n", "\n===\n", "\t", "    ", "\n   ",
          "\n\t", "\n> ", "\n- ", "\u00a0", "[u]", "![i](/p \"t\")", "_a_", "*b*", "`e`", "。", "「", "」", "日本"]
MORE_RUNS = (*RUNS, Run("ja", "ja", False), Run("ja", "en", True), Run("en", "zh-Hant", True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
def test_random_markdown_renders_as_its_source(text: str) -> None:
    text += "\n\n[u]: /v\n"
    if exclusion(text) is None:
        assert [(str(run), check(text, run)) for run in MORE_RUNS] == [(str(run), None) for run in MORE_RUNS]
