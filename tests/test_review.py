"""The review page: written whole, self-contained, every segment and finding in place, escaped."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner, Result

from translator.formats.article import read_article
from translator.assembly import assemble_article
from translator.catalog import read_catalog
from translator.cli import cli
from translator.matching import GlossaryMatcher
from translator.formats.po import format_catalog
from translator.review import mention_spans
from translator.language.sentences import split_sentences
from translator.workspace import load_workspace

ARTICLE = "articles/japan-china-talks.txt"


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.nodes: list[str | Element] = []  # text and child elements in document order

    @property
    def children(self) -> list[Element]:
        return [node for node in self.nodes if isinstance(node, Element)]

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def all_text(self) -> str:
        return "".join(node if isinstance(node, str) else node.all_text() for node in self.nodes)

    def said(self) -> str:
        """The text as read in place: without mention cards and labels."""
        return "".join(node if isinstance(node, str) else "" if node.classes & {"card", "label"} else node.said()
                       for node in self.nodes)

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                found.append(child)
            found.extend(child.find(tag, cls))
        return found


VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}


class Tree(HTMLParser):
    """The page as a tree of elements, and the raw text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.nodes.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.nodes.append(data)
        if self.current.tag == "script":
            self.scripts.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.current is tree.root, "unclosed elements"
    return tree


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--workspace", str(root), *args], catch_exceptions=False)


def review(root: Path, locale: str) -> tuple[Result, str]:
    result = invoke(root, "review", str(root / ARTICLE), "--locale", locale)
    path = root / "exports" / "review" / f"japan-china-talks.{locale}.html"
    return result, path.read_text(encoding="utf-8") if path.exists() else ""


def reported(root: Path, locale: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    lint = invoke(root, "lint", str(root / ARTICLE), "--format", "json")
    check = invoke(root, "check", str(root / ARTICLE), "--locale", locale, "--format", "json")
    return json.loads(lint.output), json.loads(check.output)


def rows(tree: Tree) -> list[Element]:
    return [element for element in tree.root.find("div", "row")]


def test_the_page_is_written_and_self_contained(sample: Path) -> None:
    result, html = review(sample, "ja")
    assert result.exit_code == 0, result.output
    tree = parse(html)
    findings = len(tree.root.find("nav")[0].find("li"))
    segments = len(rows(tree))
    assert result.output == f"Wrote exports/review/japan-china-talks.ja.html ({segments} segments, {findings} findings)\n"
    assert not tree.root.find("link") and not tree.root.find("img") and not tree.root.find("iframe")
    scripts = tree.root.find("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs
    for element in tree.root.find():
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.attrs.get(name)
            if value is not None:
                assert not value.startswith(("http:", "https:", "//")), (element.tag, name, value)
                if name == "href":
                    assert value.startswith("#"), value
    assert "url(" not in html and "@import" not in html and "http://" not in html and "https://" not in html
    assert not list((sample / "exports" / "review").glob(".*")), "no temporary file left behind"


def test_a_row_for_every_segment_with_its_languages(sample: Path) -> None:
    workspace = load_workspace(sample)
    for locale in ("ja", "zh-Hant"):
        _, html = review(sample, locale)
        tree = parse(html)
        found = rows(tree)
        total = assemble_article(workspace, sample / ARTICLE, locale, fallback=True, write=False).assembly.total
        assert len(found) == total
        assert len({row.attrs["id"] for row in found}) == total
        for row in found:
            (source,) = [child for child in row.children if "source" in child.classes]
            (translation,) = [child for child in row.children if "translation" in child.classes]
            assert source.attrs["lang"] == "en" and translation.attrs["lang"] == locale
    # zh-Hant is partly translated in the sample: its untranslated rows say so in words, not only colour.
    open_rows = [row for row in found if "state-untranslated" in row.classes]
    assert open_rows
    for row in open_rows:
        assert "untranslated" in [label.all_text() for label in row.find("span", "state-label")]


def test_mentions_and_findings_agree_with_lint_check_and_the_matcher(sample: Path) -> None:
    workspace = load_workspace(sample)
    glossary = workspace.glossary.load()
    for locale in ("ja", "zh-Hant"):
        _, html = review(sample, locale)
        tree = parse(html)
        lint, check = reported(sample, locale)
        panel = tree.root.find("nav")[0].find("li")
        assert len(panel) == len(lint) + len(check)
        assert sorted(li.find("span", "code")[0].all_text() for li in panel) == \
            sorted(str(finding["code"]) for finding in lint + check)
        placed = [li for li in tree.root.find("li", "finding") if li.attrs.get("id")]
        linked = [li for li in panel if li.find("a")]
        assert len(placed) == len(linked)
        # Every linked finding jumps to a row that shows it.
        anchors = {row.attrs["id"]: row for row in rows(tree)}
        for li in linked:
            target = anchors[(li.find("a")[0].attrs["href"] or "")[1:]]
            assert li.find("span", "code")[0].all_text() in [c.all_text() for c in target.find("span", "code")]
        # A near miss or forbidden form sits at the row whose source has the span lint found.
        for finding in lint:
            if finding["code"] in ("LN01", "LN02"):
                holders = [row for row in rows(tree)
                           if any(str(finding["message"]) in li.all_text() for li in row.find("li", "finding"))]
                assert any(str(finding["span"]) in row.children[0].said() for row in holders), finding
        # Source mentions: as many marks as the matcher finds places in each segment.
        matcher = GlossaryMatcher(glossary, "en")
        article_blocks = read_article(sample / ARTICLE, ARTICLE).blocks
        expected = sum(len(mention_spans(matcher.mentions(block.text[s.start:s.end])))
                       for block in article_blocks for s in split_sentences(block.text, "en", block.markdown))
        source_marks = [mark for row in rows(tree) for mark in row.children[0].find("mark")]
        assert len(source_marks) == expected > 0
        for mark in tree.root.find("mark"):
            assert mark.attrs["tabindex"] == "0"
            ids = (mark.attrs["data-entry"] or "").split()
            assert ids and all(entry_id in glossary for entry_id in ids)
            card = mark.find("span", "card")[0]
            assert [e.all_text() for e in card.find("span", "card-id")] == ids
    totals = tree.root.find("dd", "totals-check")[0].all_text()
    assert totals == "0 error, 0 warning, 1 info"  # zh-Hant: the count of untranslated entries


def test_missing_forms_fuzzy_rows_and_hostile_text_are_shown_escaped(sample: Path) -> None:
    path = sample / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    catalog = read_catalog(path, "ja.po")
    assert catalog is not None
    first, second = catalog.entries[0], catalog.entries[1]
    catalog.entries[0] = replace(first, msgstr='<script>alert(1)</script>"><img src=x onerror=alert(1)>')
    catalog.entries[1] = replace(second, flags=("fuzzy",), previous_msgid="The old <i>source</i>.")
    path.write_text(format_catalog(catalog), encoding="utf-8")
    article = sample / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nA <b>bold</b> claim & more.\n", encoding="utf-8")
    result, html = review(sample, "ja")
    assert result.exit_code == 0, result.output
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    tree = parse(html)
    assert len(tree.root.find("script")) == 1 and not tree.root.find("img") and not tree.root.find("b")
    by_source = {row.children[0].said(): row for row in rows(tree)}
    hostile = by_source[first.msgid]
    assert hostile.children[1].said() == '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    # The translation lost Beijing and Taiwan: both source mentions are marked missing, in words too.
    missing = hostile.children[0].find("mark", "missing")
    assert {mark.attrs["data-entry"] for mark in missing} == {"beijing", "taiwan"}
    assert all("missing" in mark.all_text() for mark in missing)
    fuzzy = by_source[second.msgid]
    assert "state-fuzzy" in fuzzy.classes
    assert fuzzy.find("div", "previous")[0].all_text() == "Previous source: The old <i>source</i>."
    stale = [row for row in rows(tree) if "state-stale" in row.classes]
    assert [row.children[0].said() for row in stale] == ["A <b>bold</b> claim & more."]


def test_output_option_and_errors(sample: Path) -> None:
    result = invoke(sample, "review", str(sample / ARTICLE), "--locale", "zh-Hans", "-o", str(sample / "page.html"))
    assert result.exit_code == 0 and result.output.startswith("Wrote page.html (")
    assert (sample / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (sample / "locales" / "zh-Hans" / "LC_MESSAGES" / "japan-china-talks.po").unlink()
    result = invoke(sample, "review", str(sample / ARTICLE), "--locale", "zh-Hans")
    assert result.exit_code == 1
    assert "locales/zh-Hans/LC_MESSAGES/japan-china-talks.po" in result.output
    assert "no zh-Hans catalog for this article; run 'translator segment articles/japan-china-talks.txt'" in result.output
    result = invoke(sample, "review", str(sample / ARTICLE), "--locale", "en")
    assert result.exit_code == 2 and "there is no translation to review" in result.output
