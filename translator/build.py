"""Build: the whole workspace in one step.

`build` checks the glossary, lints the articles, refreshes every catalog, checks them, publishes
every locale that is complete and free of check errors, writes a review page per article and
locale, and exports the glossary, keeping a record of what needs a human.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from translator.assembly import Assembly, Missing, Published, assemble_article
from translator.checks import Finding, check_articles
from translator.errors import TranslatorError
from translator.extraction import SegmentResult, all_articles, segment_articles, workspace_name
from translator.files import write_all
from translator.glossary import Glossary
from translator.glossary_checks import EntryFinding, check_glossary
from translator.lint import LintFinding, lint_articles
from translator.progress import SILENT, Steps
from translator.memo import Memo, digest, glossary_digest
from translator.review import ReviewRun, changed_at, render_review, review_article
from translator.formats.spreadsheet import xlsx_bytes
from translator.workspace import Workspace


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
    reviews: list[Path] = field(default_factory=list)  # a review page per article and target locale

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
    glossary_key = glossary_digest(workspace)
    report.glossary_findings = check_glossary(glossary)
    report.lint_findings = lint_articles(workspace, paths, None, None, glossary, steps, glossary_key)
    report.segmented = segment_articles(workspace, paths, glossary, steps=steps, glossary_key=glossary_key)
    report.findings = check_articles(workspace, paths, glossary=glossary, steps=steps, glossary_key=glossary_key)
    steps.phase("publish", sum(len(result.catalogs) for result in report.segmented))
    published = Memo.load(workspace.root, "publish")
    errors_in = _by_file(report.errors)
    for result in report.segmented:
        for catalog in result.catalogs:
            shown = workspace_name(workspace, catalog.path)
            errors = errors_in.get(shown, [])
            path = workspace.root / result.article.name
            steps.at(f"{result.article.name} [{catalog.locale}]")
            try:
                if errors:
                    raise TranslatorError(f"{len(errors)} check error(s) in {shown}")
                report.published.append(_published(workspace, published, path, result.article.slug, catalog.path,
                                                   catalog.locale, fallback, min_translated))
            except TranslatorError as error:
                why = error.problems[0].message
                earlier = workspace.folder("exports") / f"{result.article.slug}.{catalog.locale}{path.suffix.lower()}"
                if earlier.exists():  # from an earlier run, perhaps with --fallback: say so, never publish it
                    why += f"; {workspace_name(workspace, earlier)} is from an earlier run"
                report.held.append((result.article.name, catalog.locale, why))
            steps.advance()
    published.save()
    report.reviews, pages = _review_pages(workspace, report, glossary, glossary_key, steps)
    report.glossary_export = workspace.folder("exports") / "glossary.xlsx"
    exported = Memo.load(workspace.root, "export")
    export = [] if _exported(exported, report.glossary_export, glossary_key) else \
        [(report.glossary_export, xlsx_bytes(glossary))]
    # Every published article, review page and the glossary export, all or none.
    write_all([*((published.path, published.assembly.text) for published in report.published), *pages, *export],
              workspace.root)
    for path, data in export:
        exported.put(digest(glossary_key, path.name), digest(data))
    exported.save()
    return report


def _published(workspace: Workspace, memo: Memo, path: Path, slug: str, catalog: Path, locale: str, fallback: bool,
               min_translated: float | None) -> Published:
    """The article assembled for `locale`; or, when an earlier run assembled it from the same
    article and catalog bytes and its output is still as written, that output; or what kept it
    from being published then."""
    output = workspace.folder("exports") / f"{slug}.{locale}{path.suffix.lower()}"
    try:
        key = digest(path.read_bytes(), catalog.read_bytes(), locale, repr(fallback), repr(min_translated), output.name)
        known = memo.get(key)
        if known is not None and known[0] == "held":
            raise TranslatorError(known[1])
        if known is not None:
            _, total, missing, text_digest = known
            text = output.read_text(encoding="utf-8")
            if digest(text) == text_digest:
                return Published(output, Assembly(text, total, tuple(Missing(*item) for item in missing)))
    except (OSError, UnicodeDecodeError, ValueError, TypeError):
        key = b""
    try:
        made = assemble_article(workspace, path, locale, fallback=fallback, min_translated=min_translated, write=False)
    except TranslatorError as error:
        if key:
            memo.put(key, ("held", error.problems[0].message))
        raise
    if key:
        memo.put(key, ("ok", made.assembly.total, tuple(astuple(item) for item in made.assembly.missing),
                       digest(made.assembly.text)))
    return made


def _review_pages(workspace: Workspace, report: BuildReport, glossary: Glossary, glossary_key: bytes,
                  steps: Steps) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every article's review page in every locale, and those of them to write: a page whose
    inputs (article, catalog, glossary, findings, the times it shows) are as when an earlier run
    wrote it, and which is still as written, is not made again."""
    steps.phase("review", sum(len(result.catalogs) for result in report.segmented))
    run = ReviewRun(glossary, _by_file(report.lint_findings), _by_file(report.findings))
    assert run.lint_findings is not None and run.check_findings is not None
    memo = Memo.load(workspace.root, "review")
    paths, pages = [], []
    for result in report.segmented:
        for catalog in result.catalogs:
            steps.at(f"{result.article.name} [{catalog.locale}]")
            page = workspace.folder("exports") / "review" / f"{result.article.slug}.{catalog.locale}.html"
            shown = workspace_name(workspace, catalog.path)
            try:
                catalog_bytes = catalog.path.read_bytes()
            except OSError:
                catalog_bytes = b""
            key = digest(glossary_key, catalog.locale, repr(result.article), catalog_bytes,
                         repr(run.lint_findings.get(result.article.name, [])), repr(run.check_findings.get(shown, [])),
                         changed_at(catalog.path), changed_at(workspace.glossary.path))
            paths.append(page)
            try:
                if memo.get(key) == digest(page.read_bytes()):
                    steps.advance()
                    continue
            except OSError:
                pass
            html = render_review(review_article(workspace, workspace.root / result.article.name, catalog.locale, run=run))
            memo.put(key, digest(html))
            pages.append((page, html))
            steps.advance()
    memo.save()
    return paths, pages


def _exported(memo: Memo, path: Path, glossary_key: bytes) -> bool:
    """Whether `path` holds what this glossary exports to (an earlier run wrote it, untouched since):
    building a large glossary's spreadsheet costs more than every other step of an unchanged run."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return bool(memo.get(digest(glossary_key, path.name)) == digest(data))


class _Placed(Protocol):
    @property
    def file(self) -> str: ...


F = TypeVar("F", bound=_Placed)


def _by_file(findings: Sequence[F]) -> dict[str, list[F]]:
    grouped: dict[str, list[F]] = {}
    for finding in findings:
        grouped.setdefault(finding.file, []).append(finding)
    return grouped
