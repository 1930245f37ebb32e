"""Benchmark: Markdown fidelity of segment + assemble, measured on CommonMark's own examples.

Run: python benchmarks/commonmark_fidelity.py [--show-failures] [--examples 12,345]
The 655 examples of CommonMark 0.31.2 (tests/data/commonmark/) are each an article: segmented as
`translator segment` does (parse_article, messages_of), given a catalog, and assembled into the
target (assemble). The assembled article must render to the HTML the source renders to, with
markdown-it-py's "commonmark" preset plus tables, which is how articles are read.

Four runs per example: source en into en and into ja (the joiner differs: no space between
sentences in Japanese), each with two catalogs:
- identity: every msgstr is its msgid; the HTML must be the source's;
- transform: every msgstr is its msgid with the case of every letter of its text swapped (one
  character for one, so ß stays, and letters without case, as in Japanese, stay). What a
  translator keeps is kept: code spans, raw HTML, autolinks, entity and character references,
  link destinations, titles and labels. Which letters are text is asked of markdown-it itself: a
  letter is text if swapping its case changes the case of text in the message's parse and nothing
  else (the document's link reference definitions known). The expected HTML is the source's own
  parse with the case of every text node swapped in every translatable inline block (one with a
  letter outside URLs, as article.py decides), independently of how the article was segmented:
  a sentence lost, doubled, cut wrongly or left in the source shows. Swapping case keeps letters
  letters, so emphasis flanking rules and case-insensitive reference labels read the same.
Into ja, both HTMLs are compared with the whitespace in their text dropped, line ends excepted
(what the joiner may drop); tags, <br />, line ends and all other text must be equal.

Every example runs twice more in a context, so that sentence boundaries and the joiner meet every
construct: between two sentences ("Officials met. " before it, " The envoy left." after), and
across hard line breaks ("Officials met.  " on a line before it, a backslash and "The envoy
left." after).

An example is left out only for a stated reason, computed here: it opens with a front matter
line, or it has nothing to translate (each named), or tables would change it (none do).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from translator.formats.article import Article, is_translatable, parse_article  # noqa: E402
from translator.assembly import assemble  # noqa: E402
from translator.catalog import Message  # noqa: E402
from translator.errors import TranslatorError  # noqa: E402
from translator.extraction import messages_of  # noqa: E402
from translator.formats.po import Catalog, Entry, format_catalog, parse_catalog  # noqa: E402

SPEC = Path(__file__).resolve().parent.parent / "tests" / "data" / "commonmark" / "spec-0.31.2.json"
NAME = "articles/example.md"
CONTEXTS = {"between sentences": ("Officials met. ", " The envoy left."),
            "across hard breaks": ("Officials met.  \n", "\\\nThe envoy left.")}

_COMMONMARK = MarkdownIt("commonmark")
_ARTICLE = MarkdownIt("commonmark").enable("table")  # as translator/article.py reads articles
_PARTS = MarkdownIt("commonmark").enable("table").disable("text_join")  # entities and escapes apart


@dataclass(frozen=True, slots=True)
class Example:
    number: int
    section: str
    markdown: str


@dataclass(frozen=True, slots=True)
class Run:
    source: str
    target: str
    transform: bool

    def __str__(self) -> str:
        return f"{'transform' if self.transform else 'identity'} {self.source}->{self.target}"


RUNS = (Run("en", "en", False), Run("en", "ja", False), Run("en", "en", True), Run("en", "ja", True))


def examples() -> list[Example]:
    data = json.loads(SPEC.read_text(encoding="utf-8"))
    return [Example(item["example"], item["section"], item["markdown"]) for item in data]


def in_context(markdown: str, context: str) -> str:
    """The document between the two sentences of a context."""
    before, after = CONTEXTS[context]
    return before + markdown.removesuffix("\n") + after + "\n"


# --- what is left out, and why ----------------------------------------------------------------


def exclusion(markdown: str) -> str | None:
    """Why the document cannot be an article's whole text, or None."""
    if _COMMONMARK.render(markdown) != _ARTICLE.render(markdown):
        return "not the same document once tables are enabled, as articles have them"
    if markdown.startswith("---\n"):
        return "opens with a '---' line, which an article reads as the start of its YAML front matter"
    env: dict[str, Any] = {}
    tokens = _ARTICLE.parse(markdown, env)
    if any(token.type == "inline" and is_translatable(token.content) for token in tokens):
        return None
    return "nothing to translate (segment refuses it): " + _contents(tokens, env)


_EMPTY = {"blockquote_open": "empty block quotes", "list_item_open": "empty list items"}


def _contents(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    """What a document with no translatable text holds."""
    parts: list[str] = []
    for token, following in zip(tokens, [*tokens[1:], None]):
        if token.type in ("fence", "code_block"):
            parts.append("code blocks")
        elif token.type == "html_block":
            parts.append("HTML blocks (kept as written)")
        elif token.type == "hr":
            parts.append("thematic breaks")
        elif token.type == "inline":
            parts.append("text with no letter outside URLs" if token.content.strip() else "empty headings")
        elif token.type in _EMPTY and following is not None and following.type == token.type.replace("_open", "_close"):
            parts.append(_EMPTY[token.type])
    if env.get("references"):
        parts.append("link reference definitions")
    return " and ".join(dict.fromkeys(parts)) if parts else "an empty document"


# --- the transform ------------------------------------------------------------------------------


def swap(text: str) -> str:
    """Every letter in the other case, one character for one (ß, whose upper case is SS, stays)."""
    return "".join(char.swapcase() if len(char.swapcase()) == 1 else char for char in text)


def _inline(text: str, env: dict[str, Any]) -> list[Token]:
    return _PARTS.parseInline(text, dict(env))[0].children or []


def _is_text(token: Token) -> bool:
    """Text, or a backslash before a character it does not escape (kept as written)."""
    return token.type == "text" or (token.type == "text_special" and token.content == token.markup)


def _swapped_text(tokens: Sequence[Token]) -> list[Token]:
    """Copies of inline tokens with the case of every text node swapped; autolinks kept."""
    out = []
    autolink = False
    for token in tokens:
        token = token.copy()
        if token.type in ("link_open", "link_close") and token.info == "auto":
            autolink = token.type == "link_open"
        elif _is_text(token) and not autolink:
            token.content = swap(token.content)
            token.markup = token.content if token.type == "text_special" else token.markup
        elif token.type == "image":  # its alt text is its children's text
            token.children = _swapped_text(token.children or [])
        out.append(token)
    return out


# An image's content is its alt text's source, unused once parsed: its children are what renders.


def _exact(tokens: Sequence[Token]) -> list[object]:
    return [(t.type, t.tag, t.markup, t.info, sorted((t.attrs or {}).items()),
             None if t.type == "image" else t.content, _exact(t.children or []))
            for t in tokens]


def _caseless(tokens: Sequence[Token]) -> list[object]:
    """The parse with the case of text ignored: what swapping a letter of text leaves alone."""
    return [(t.type, t.tag, t.markup.casefold() if _is_text(t) else t.markup, t.info, sorted((t.attrs or {}).items()),
             None if t.type == "image" else t.content.casefold() if _is_text(t) else t.content,
             _caseless(t.children or []))
            for t in tokens]


def transformed(msgid: str, env: dict[str, Any]) -> str:
    """`msgid` with the case of every letter of its text swapped, markup a translator keeps kept.

    ValueError if no such string parses as the message's text swapped (the harness cannot be
    fair to that message)."""
    original = _inline(msgid, env)
    wanted = _exact(_swapped_text(original))
    if _exact(_inline(swap(msgid), env)) == wanted:
        return swap(msgid)
    shape = _caseless(original)
    chars = list(msgid)
    for index, char in enumerate(msgid):
        if swap(char) == char:
            continue
        parsed = _inline(msgid[:index] + swap(char) + msgid[index + 1 :], env)
        if _caseless(parsed) == shape and _exact(parsed) != _exact(original):
            chars[index] = swap(char)
    result = "".join(chars)
    if _exact(_inline(result, env)) != wanted:
        raise ValueError(f"no fair transform of {msgid!r}")
    return result


@cache
def expected_html(markdown: str, transform: bool) -> str:
    """The source's HTML, with the text of its translatable inline blocks swapped if `transform`."""
    env: dict[str, Any] = {}
    tokens = _PARTS.parse(markdown, env)
    for token in tokens:
        if transform and token.type == "inline" and is_translatable(token.content):
            token.children = _swapped_text(token.children or [])
    _join_text(tokens)
    html: str = _PARTS.renderer.render(tokens, _PARTS.options, env)
    return html


def _join_text(tokens: Sequence[Token]) -> None:
    for token in tokens:
        if token.type == "text_special":
            token.type = "text"
        _join_text(token.children or [])


# --- one example, one run ----------------------------------------------------------------------

_TEXT = re.compile(r">([^<]*)<")


def _without_spaces(html: str) -> str:
    """HTML with the whitespace of its text dropped but line ends: what the joiner may change."""
    return _TEXT.sub(lambda match: ">" + re.sub(r"[^\S\n]", "", match.group(1)) + "<", html)


@cache
def _segmented(markdown: str, source: str) -> tuple[Article, tuple[Message, ...]]:
    article = parse_article(markdown, NAME, "markdown", "example")
    return article, tuple(messages_of(article, source, "sentence"))


@cache
def _msgstrs(markdown: str, source: str, transform: bool) -> tuple[str, ...]:
    messages = _segmented(markdown, source)[1]
    if not transform:
        return tuple(message.text for message in messages)
    env: dict[str, Any] = {}
    _PARTS.parse(markdown, env)  # the document's link reference definitions
    return tuple(transformed(message.text, env) for message in messages)


def check(markdown: str, run: Run) -> str | None:
    """None if the assembled article renders as it should, else what went wrong."""
    article, messages = _segmented(markdown, run.source)
    if not messages:
        return "segment found nothing to translate"
    try:
        msgstrs = _msgstrs(markdown, run.source, run.transform)
    except ValueError as error:
        return str(error)
    entries = [Entry(message.text, msgstr) for message, msgstr in zip(messages, msgstrs)]
    catalog = parse_catalog(format_catalog(Catalog(metadata={"Language": run.target}, entries=entries)), "example.po")
    try:
        result = assemble(markdown, article, catalog, run.source, run.target)
    except TranslatorError as error:
        return f"assemble failed: {error}"
    if result.missing:
        return f"not found in the catalog: {[item.source for item in result.missing]}"
    wanted, got = expected_html(markdown, run.transform), _ARTICLE.render(result.text)
    if run.target != run.source:  # the joiner adds or drops spaces between sentences
        wanted, got = _without_spaces(wanted), _without_spaces(got)
    if wanted == got:
        return None
    return (f"source    {markdown!r}\ncatalog   {[(e.msgid, e.msgstr) for e in entries]!r}\n"
            f"assembled {result.text!r}\nexpected  {wanted!r}\nrendered  {got!r}")


# --- the report -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-failures", action="store_true", help="print what differs for each failure")
    parser.add_argument("--examples", help="only these example numbers, e.g. 12,345")
    options = parser.parse_args(argv)
    items = examples()
    if options.examples:
        wanted = {int(number) for number in options.examples.split(",")}
        items = [example for example in items if example.number in wanted]
    left_out = {example.number: reason for example in items if (reason := exclusion(example.markdown))}
    taken = [example for example in items if example.number not in left_out]
    failures: list[str] = []
    print(f"CommonMark 0.31.2: {len(items)} examples, {len(taken)} taken, {len(left_out)} left out (reasons below)")
    print(f"  {'':<42}" + "".join(f"{str(run):>19}" for run in RUNS))
    by_section: dict[str, Counter[Run]] = defaultdict(Counter)
    sections: Counter[str] = Counter(example.section for example in taken)
    sets = [("examples", [(e, e.markdown) for e in taken])]
    sets += [(context, [(e, in_context(e.markdown, context)) for e in items]) for context in CONTEXTS]
    for label, documents in sets:
        passed: Counter[Run] = Counter()
        for example, markdown in documents:
            for run in RUNS:
                problem = check(markdown, run)
                if problem is None:
                    passed[run] += 1
                    if label == "examples":
                        by_section[example.section][run] += 1
                else:
                    failures.append(f"example {example.number} ({example.section}), {label}, {run}"
                                    + (f":\n{problem}" if options.show_failures else ""))
        print(f"  {label:<42}" + "".join(f"{f'{passed[run]}/{len(documents)}':>19}" for run in RUNS))
    print("\nBy section (examples taken):")
    for section, count in sorted(sections.items()):
        print(f"  {section:<42}" + "".join(f"{f'{by_section[section][run]}/{count}':>19}" for run in RUNS))
    print("\nLeft out:")
    grouped: dict[str, list[int]] = defaultdict(list)
    for number, reason in left_out.items():
        grouped[reason].append(number)
    for reason, numbers in sorted(grouped.items(), key=lambda item: -len(item[1])):
        print(f"  {len(numbers):3}  {reason}: {', '.join(map(str, numbers))}")
    if failures:
        print(f"\nFailures ({len(failures)}):")
        for failure in failures:
            print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
