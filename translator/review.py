"""The review page: one article and one locale as a self-contained HTML file for an editor.

Source and translation side by side, segment by segment in the article's own structure, with
glossary mentions marked in both columns and every lint and check finding at its row. The page
is rendered by Jinja2 with autoescaping (the only module that imports it): every text from
articles, catalogs and the glossary is escaped, and the page loads nothing from anywhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast


from translator.formats.article import Article, Block, load_article
from translator.assembly import open_catalog
from translator.checks import Finding, check_articles
from translator.errors import UsageError
from translator.workspace import Workspace, article_name, article_source, catalog_paths, target_locales
from translator.files import write_atomic
from translator.glossary import Entry as GlossaryEntry
from translator.glossary import Glossary
from translator.lint import LintFinding, lint_article
from translator.language.locales import LOCALES, display_name
from translator.matching import GlossaryMatcher, Hit, matcher_in
from translator.formats.po import Entry
from translator.language.sentences import Span, segment_spans
from translator.status import Progress, catalog_progress

if TYPE_CHECKING:
    from jinja2 import Template
    from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Part:
    """A run of a segment's text: plain, or a glossary mention of one or more entries."""

    text: str
    entries: tuple[str, ...] = ()
    missing: bool = False  # a source mention whose entry the translation lacks


@dataclass(frozen=True, slots=True)
class ReviewFinding:
    """A lint finding (on the source) or a check finding (on the translation), and its row."""

    number: int
    origin: str  # "lint" or "check"
    file: str
    line: int
    code: str
    name: str
    severity: str
    message: str
    row: str | None  # the anchor of its row; None for findings about the whole catalog

    @property
    def anchor(self) -> str:
        return f"f{self.number}"


@dataclass(frozen=True, slots=True)
class Row:
    """One segment: source and translation as parts, its state and what was found in it."""

    anchor: str
    line: int
    column: int
    source: tuple[Part, ...]
    translation: tuple[Part, ...]
    state: str  # translated, fuzzy, untranslated or stale (not in the catalog)
    previous: str | None  # the previous source of a fuzzy entry
    findings: tuple[ReviewFinding, ...] = ()

    @property
    def entries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for part in self.source + self.translation for e in part.entries))

    @property
    def mentions(self) -> int:
        return sum(1 for part in self.source if part.entries)


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str
    line: int
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """What hovering a mention shows about its entry."""

    id: str
    type: str
    status: str
    forms: tuple[tuple[str, str], ...]  # (locale, forms as one line)
    reading: str
    note: str
    holders: tuple[str, ...]  # for a title: who held it on the article's date


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the page shows."""

    article: str
    slug: str
    title: str
    day: date | None
    source: str
    locale: str
    source_name: str
    locale_name: str
    catalog: str
    progress: Progress | None
    catalog_changed: str
    glossary_changed: str
    blocks: tuple[BlockView, ...]
    findings: tuple[ReviewFinding, ...]
    cards: dict[str, Card]
    found: frozenset[str] = frozenset()  # every glossary entry found in the texts shown, mentioned or not

    @property
    def rows(self) -> list[Row]:
        return [row for block in self.blocks for row in block.rows]

    @property
    def segments(self) -> int:
        return len(self.rows)

    def totals(self, origin: str) -> dict[str, int]:
        counts = Counter(finding.severity for finding in self.findings if finding.origin == origin)
        return {severity: counts[severity] for severity in SEVERITIES}


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    review: Review


def changed_at(path: Path) -> str:
    """A file's last change as an ISO time in UTC, or 'never' if it does not exist."""
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return "never"
    return datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat(timespec="seconds")


Group = tuple[int, int, tuple[GlossaryEntry, ...]]  # a mention's start and end, and every entry found there
# A segment of a block: where, its mentions, every entry found in it, and its parts with none missing.
Segment = tuple[Span, list[Group], frozenset[str], tuple[Part, ...]]
SOURCES_KEPT = 5000  # blocks whose segments a run's pages keep at once (an article's pages share them)
WORDS_KEPT = 100000  # source texts whose words a run's pages keep counted


def mention_spans(hits: list[Hit]) -> list[Group]:
    """Mentions as non-overlapping spans, each with every entry found there (people sharing a
    name, titles sharing a form), in text order."""
    spans: dict[tuple[int, int], list[GlossaryEntry]] = {}
    for hit in hits:
        found = spans.setdefault((hit.start, hit.end), [])
        if all(entry.id != hit.entry.id for entry in found):
            found.append(hit.entry)
    kept: list[Group] = []
    for (start, end), entries in sorted(spans.items(), key=lambda item: (item[0][0], -item[0][1])):
        if kept and start < kept[-1][1]:
            continue  # inside or across a mention already marked
        kept.append((start, end, tuple(entries)))
    return kept


def _parts(text: str, groups: list[Group],
           missing: set[str] | None = None) -> tuple[Part, ...]:
    parts = []
    position = 0
    for start, end, entries in groups:
        if start > position:
            parts.append(Part(text[position:start]))
        ids = tuple(entry.id for entry in entries)
        parts.append(Part(text[start:end], ids, missing is not None and all(i in missing for i in ids)))
        position = end
    if position < len(text) or not parts:
        parts.append(Part(text[position:]))
    return tuple(parts)


def _card(entry: GlossaryEntry, day: date | None) -> Card:
    forms = []
    for locale in LOCALES:
        shown = entry.form(locale)
        if not shown:
            continue
        text = shown.preferred or "(no preferred form)"
        if shown.admitted:
            text += f"; also correct: {', '.join(shown.admitted)}"
        if shown.forbidden:
            text += f"; never: {', '.join(shown.forbidden)}"
        forms.append((locale, text))
    holders: tuple[str, ...] = ()
    if entry.type == "title" and day is not None:
        holders = tuple(holder.person for holder in entry.holders if holder.holds_on(day)) or ("nobody recorded",)
    return Card(entry.id, entry.type, entry.status, tuple(forms), entry.reading, entry.note, holders)


def build_review(
    article: Article,
    translations: dict[str, Entry],
    glossary: Glossary,
    source: str,
    locale: str,
    by: str,
    lint_findings: list[LintFinding],
    check_findings: list[Finding],
    catalog_lines: dict[int, str],
    matchers: dict[str, GlossaryMatcher] | None = None,
    sources: dict[tuple[str, str, bool, str], list[Segment]] | None = None,
    made_cards: dict[tuple[str, date | None], Card] | None = None,
) -> tuple[tuple[BlockView, ...], tuple[ReviewFinding, ...], dict[str, Card], frozenset[str]]:
    """The page's blocks, findings and cards from what the workspace functions read, and the ids
    of every entry found in its texts (what the page depends on of the glossary).
    `catalog_lines` maps the line of each catalog entry to its msgid, to place check findings;
    `matchers` (by locale) carries the glossary matchers from one page to the next, and `sources`
    each block's segments and their glossary mentions from one locale's page of an article to the
    next (they depend on the source text alone), and `made_cards` each entry's card (by its id, and
    for a title the article's date) from one page to the next."""
    matchers = matchers if matchers is not None else {}
    sources = sources if sources is not None else {}
    made_cards = made_cards if made_cards is not None else {}
    source_matcher, target_matcher = matcher_in(matchers, glossary, source), matcher_in(matchers, glossary, locale)
    cards: dict[str, Card] = {}
    found: set[str] = set()
    day = article.date
    drafts: list[tuple[Block, list[tuple[str, int, int, tuple[Part, ...], tuple[Part, ...], str, str | None]]]] = []
    first_of: dict[str, str] = {}  # a msgid -> the anchor of its first row (a text may occur twice)
    count = 0
    for block in article.blocks:
        rows: list[tuple[str, int, int, tuple[Part, ...], tuple[Part, ...], str, str | None]] = []
        key = (block.text, source, block.markdown, by)
        if key not in sources:
            if len(sources) > SOURCES_KEPT:
                sources.clear()
            sources[key] = [_segment(source_matcher, block.text, span)
                            for span in segment_spans(block.text, source, block.markdown, by)]
        for span, source_groups, source_found, source_parts in sources[key]:
            found.update(source_found)
            count += 1
            anchor = f"s{count}"
            text = block.text[span.start:span.end]
            first_of.setdefault(text, anchor)
            entry = translations.get(text)
            state = "stale" if entry is None else "translated" if entry.translated else \
                "fuzzy" if entry.fuzzy and entry.msgstr else "untranslated"
            translated = entry.msgstr if entry is not None else ""
            target_hits = target_matcher.hits(translated) if translated else []
            target_groups = mention_spans(target_matcher.mentions(translated, target_hits)) if translated else []
            present = {hit.entry.id for hit in target_hits}
            found.update(present)
            missing = {e.id for _, _, entries in source_groups for e in entries
                       if translated and e.form(locale).acceptable and e.id not in present}
            for _, _, entries in source_groups + target_groups:
                for mentioned in entries:
                    if mentioned.id not in cards:
                        made = (mentioned.id, day if mentioned.type == "title" else None)  # what the card shows
                        card = made_cards.get(made)
                        if card is None:
                            card = made_cards[made] = _card(mentioned, day)
                        cards[mentioned.id] = card
            line, column = block.position(span.start)
            rows.append((anchor, line, column, _parts(text, source_groups, missing) if missing else source_parts,
                         _parts(translated, target_groups) if translated else (), state,
                         entry.previous_msgid if entry is not None and entry.fuzzy else None))
        drafts.append((block, rows))
    # The rows by place, those at one place in the order made.
    by_position = sorted(((row[1], row[2]), number, row[0])
                         for number, row in enumerate(row for _, rows in drafts for row in rows))
    places = [place for place, _, _ in by_position]
    findings: list[ReviewFinding] = []
    for lint in lint_findings:
        # The last segment starting at or before the finding holds it.
        at_or_before = bisect_right(places, (lint.line, lint.column))
        holder = by_position[at_or_before - 1][2] if at_or_before else None
        findings.append(ReviewFinding(len(findings) + 1, "lint", lint.file, lint.line, lint.code, lint.name,
                                      lint.severity, lint.message, holder))
    for check in check_findings:
        msgid = catalog_lines.get(check.line)
        findings.append(ReviewFinding(len(findings) + 1, "check", check.file, check.line, check.code, check.name,
                                      check.severity, check.message, first_of.get(msgid) if msgid is not None else None))
    at: dict[str, list[ReviewFinding]] = {}
    for finding in findings:
        if finding.row is not None:
            at.setdefault(finding.row, []).append(finding)
    blocks = tuple(BlockView(block.kind, block.line, tuple(Row(*row, findings=tuple(at.get(row[0], ()))) for row in rows))
                   for block, rows in drafts)
    return blocks, tuple(findings), dict(sorted(cards.items())), frozenset(found)


def _segment(matcher: GlossaryMatcher, text: str, span: Span) -> Segment:
    """A segment of a block's text, its mentions, every entry found in it (a mention or not), and
    its parts as a page shows them when the translation lacks none of its entries."""
    said = text[span.start:span.end]
    hits = matcher.hits(said)
    groups = mention_spans(matcher.mentions(said, hits))
    return span, groups, frozenset(hit.entry.id for hit in hits), _parts(said, groups)


@dataclass
class ReviewRun:
    """What the pages of one run share: the glossary, its matchers, and the lint and check
    findings already made for every article (`build` has them; a lone `review` makes its own)."""

    glossary: Glossary
    lint_findings: dict[str, list[LintFinding]] | None = None  # by article file
    check_findings: dict[str, list[Finding]] | None = None  # by catalog file
    matchers: dict[str, GlossaryMatcher] = field(default_factory=dict)
    sources: dict[tuple[str, str, bool, str], list[Segment]] = field(default_factory=dict)
    cards: dict[tuple[str, date | None], Card] = field(default_factory=dict)  # by entry id, and date for a title
    words: dict[tuple[str, str], int] = field(default_factory=dict)  # of each source text, by locale and text


def review_article(workspace: Workspace, path: Path, locale: str, glossary: Glossary | None = None,
                   run: ReviewRun | None = None) -> Review:
    """Read everything the review page of one article in `locale` shows."""
    name = article_name(workspace, path)
    _, article = load_article(path, name)
    own = article_source(workspace, article)
    if locale == own:
        raise UsageError(f"{name} is written in {locale} ({display_name(locale)}): there is no translation to review")
    catalog, settings, shown = open_catalog(workspace, article, locale)
    catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
    if run is None:
        run = ReviewRun(glossary if glossary is not None else workspace.glossary.load())
    glossary = run.glossary
    translations = {entry.msgid: entry for entry in catalog.entries if not entry.obsolete and entry.msgctxt is None}
    lint_findings = run.lint_findings.get(name, []) if run.lint_findings is not None else \
        lint_article(article, glossary, own, None)
    check_findings = run.check_findings.get(shown, []) if run.check_findings is not None else \
        check_articles(workspace, [path], [locale], glossary)
    catalog_lines = {entry.line: entry.msgid for entry in catalog.entries if not entry.obsolete}
    blocks, findings, cards, found = build_review(article, translations, glossary, settings.source, locale, settings.by,
                                                  lint_findings, check_findings, catalog_lines, run.matchers, run.sources,
                                                  run.cards)
    # What `status` shows of this catalog (nothing for a locale the workspace does not translate into).
    if len(run.words) > WORDS_KEPT:
        run.words.clear()
    state = catalog_progress(catalog, name, locale, shown, settings.source, run.words) \
        if locale in target_locales(workspace, own) else None
    return Review(
        article=name, slug=article.slug, title=article.title or article.slug, day=article.date,
        source=settings.source, locale=locale, source_name=display_name(settings.source),
        locale_name=display_name(locale), catalog=shown, progress=state, catalog_changed=changed_at(catalog_path),
        glossary_changed=changed_at(workspace.glossary.path), blocks=blocks, findings=findings, cards=cards,
        found=found,
    )


def render_review(review: Review) -> str:
    """The page's HTML; every text is escaped by the template engine (markupsafe's escape, which
    the engine uses, for the plain text of the columns).

    The columns of each row are made here rather than in the template: an entry's card and a
    mention are made by the macros of review_parts.html.j2 once for every page of the process
    that shows the same, not once per page or per mention (a card is a dozen escaped values, and
    a page shows a hundred mentions)."""
    from markupsafe import Markup, escape

    template, parts = _templates()
    day = review.day
    cards: dict[str, Markup] = {}
    for entry_id, card in review.cards.items():
        key = (card, day if card.holders else None)  # only a title's holders show the date
        html = _CARDS.get(key)
        if html is None:
            if len(_CARDS) >= CACHED:
                _CARDS.clear()
            html = _CARDS[key] = parts.card(card, day)
        cards[entry_id] = html
    # The cards of each group of entries mentioned together: made by the macro, so safe as they are.
    shown: dict[tuple[str, ...], Markup] = {}

    def column(items: tuple[Part, ...]) -> Markup:
        html: list[Markup] = []
        for part in items:
            if not part.entries:
                html.append(escape(part.text))
                continue
            together = shown.get(part.entries)
            if together is None:
                together = shown[part.entries] = Markup("".join([cards[entry_id] for entry_id in part.entries]))
            key = (part.text, part.entries, part.missing, together)
            mention = _MENTIONS.get(key)
            if mention is None:
                if len(_MENTIONS) >= CACHED:
                    _MENTIONS.clear()
                mention = _MENTIONS[key] = parts.mention(part, together)
            html.append(mention)
        return Markup("".join(html))  # each piece escaped or made by a macro

    blocks = [(block, [(row, column(row.source), column(row.translation), " ".join(row.entries),
                        any(finding.severity == "error" for finding in row.findings)) for row in block.rows])
              for block in review.blocks]
    return template.render(review=review, severities=SEVERITIES, blocks=blocks)


CACHED = 20000  # cards and mentions kept made (by all they show): more, and they are made again
_CARDS: dict[tuple[Card, date | None], Markup] = {}
_MENTIONS: dict[tuple[str, tuple[str, ...], bool, str], Markup] = {}


class _Parts(Protocol):
    """The macros of review_parts.html.j2."""

    def card(self, card: Card, day: date | None) -> Markup: ...

    def mention(self, part: Part, cards: Markup) -> Markup: ...


@cache
def _templates() -> tuple[Template, _Parts]:
    """The page template and the parts' macros, compiled once per process (compiling costs far
    more than rendering); Jinja is imported only then: a build with no page to make does without it."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template("review.html.j2"), cast(_Parts, environment.get_template("review_parts.html.j2").module)


def write_review(workspace: Workspace, path: Path, locale: str, output: Path | None = None) -> Written:
    """Write the review page of one article in `locale` (default exports/review/<slug>.<locale>.html)."""
    review = review_article(workspace, path, locale)
    if output is None:
        output = workspace.folder("exports") / "review" / f"{review.slug}.{locale}.html"
    write_atomic(output, render_review(review), workspace.root)
    return Written(output, review)
