"""Status and build: how far each translation is, and the whole workspace in one step.

`progress` counts entries and words per article and locale. `build` refreshes every catalog,
checks them, publishes every locale that is complete and free of check errors, and exports the
glossary spreadsheet, keeping a record of what needs a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from translator.article import read_article
from translator.assembly import Published, assemble_article
from translator.catalog import catalog_settings, read_catalog
from translator.checks import Finding, check_articles
from translator.errors import TranslatorError
from translator.extraction import (
    SegmentResult,
    all_articles,
    article_name,
    article_source,
    catalog_paths,
    segment_articles,
    target_locales,
    workspace_name,
)
from translator.files import write_all
from translator.glossary_checks import EntryFinding, check_glossary
from translator.lint import LintFinding, lint_articles
from translator.progress import SILENT, Steps
from translator.scripts import count_scripts
from translator.segmenter import language_of
from translator.spreadsheet import xlsx_bytes
from translator.workspace import Workspace

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str, locale: str) -> int:
    """Words for a spaced language; for Japanese and Chinese, Han and kana characters."""
    if language_of(locale) == "en":
        return len(_WORD.findall(text))
    counts = count_scripts(text)
    return counts.han + counts.kana + len(re.findall(r"[A-Za-z0-9]+", text))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one article's catalog for one locale is."""

    article: str
    locale: str
    catalog: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    total_words: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0


def progress(workspace: Workspace, paths: list[Path] | None = None, steps: Steps = SILENT) -> list[Progress]:
    """Progress of every catalog of these articles (all of them by default), in the locales
    each article is translated into (an article in Japanese has an English catalog)."""
    rows = []
    paths = paths if paths is not None else all_articles(workspace)
    steps.phase("status", len(paths))
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        article_source_locale = article_source(workspace, article)
        for locale in target_locales(workspace, article_source_locale):
            catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
            shown = workspace_name(workspace, catalog_path)
            steps.at(shown)
            catalog = read_catalog(catalog_path, shown)
            if catalog is None:
                continue
            source = catalog_settings(catalog, catalog_path, shown, article_source_locale).source
            counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
            done = total = 0
            for entry in catalog.active():
                state = "translated" if entry.translated else ("fuzzy" if entry.fuzzy and entry.msgstr else "untranslated")
                counts[state] += 1
                count = words(entry.msgid, source)
                total += count
                done += count if state == "translated" else 0
            rows.append(Progress(article.name, locale, shown, counts["translated"], counts["fuzzy"],
                                 counts["untranslated"], done, total))
        steps.advance()
    return rows


@dataclass
class BuildReport:
    """What a build did, and what needs a human."""

    segmented: list[SegmentResult] = field(default_factory=list)
    glossary_findings: list[EntryFinding] = field(default_factory=list)
    lint_findings: list[LintFinding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    published: list[Published] = field(default_factory=list)
    held: list[tuple[str, str, str]] = field(default_factory=list)  # (article, locale, why)
    glossary_export: Path | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def partial(self) -> list[Published]:
        """Versions published with segments left in the source language (--fallback, --min-translated)."""
        return [published for published in self.published if published.assembly.missing]

    @property
    def glossary_errors(self) -> list[EntryFinding]:
        return [finding for finding in self.glossary_findings if finding.severity == "error"]


def build(
    workspace: Workspace, fallback: bool = False, min_translated: float | None = None, steps: Steps = SILENT
) -> BuildReport:
    """Check the glossary, lint the articles, segment, check the translations, publish what is
    complete and clean (or, with `fallback` or `min_translated`, partly translated and clean),
    export the glossary."""
    report = BuildReport()
    paths = all_articles(workspace)
    glossary = workspace.glossary.load()
    report.glossary_findings = check_glossary(glossary)
    report.lint_findings = lint_articles(workspace, paths, None, None, glossary, steps)
    report.segmented = segment_articles(workspace, paths, glossary, steps=steps)
    report.findings = check_articles(workspace, paths, glossary=glossary, steps=steps)
    steps.phase("publish", sum(len(result.catalogs) for result in report.segmented))
    for result in report.segmented:
        for catalog in result.catalogs:
            shown = workspace_name(workspace, catalog.path)
            errors = [f for f in report.errors if f.file == shown]
            path = workspace.root / result.article.name
            steps.at(f"{result.article.name} [{catalog.locale}]")
            try:
                if errors:
                    raise TranslatorError(f"{len(errors)} check error(s) in {shown}")
                report.published.append(assemble_article(workspace, path, catalog.locale, fallback=fallback,
                                                         min_translated=min_translated, write=False))
            except TranslatorError as error:
                why = error.problems[0].message
                earlier = workspace.folder("exports") / f"{result.article.slug}.{catalog.locale}{path.suffix.lower()}"
                if earlier.exists():  # from an earlier run, perhaps with --fallback: say so, never publish it
                    why += f"; {workspace_name(workspace, earlier)} is from an earlier run"
                report.held.append((result.article.name, catalog.locale, why))
            steps.advance()
    report.glossary_export = workspace.folder("exports") / "glossary.xlsx"
    # Every published article and the glossary export, all or none.
    write_all([*((published.path, published.assembly.text) for published in report.published),
               (report.glossary_export, xlsx_bytes(glossary))], workspace.root)
    return report
