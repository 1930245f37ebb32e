"""Build: the whole workspace in one step.

`build` checks the glossary, lints the articles, refreshes every catalog, checks them, publishes
every locale that is complete and free of check errors, writes a review page per article and
locale, and exports the glossary, keeping a record of what needs a human.
"""

from __future__ import annotations

import re
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Protocol, TypeVar

from translator.assembly import Assembly, Missing, Published, assemble_article
from translator.checks import CheckPlan, Finding
from translator.errors import TranslatorError
from translator.extraction import CatalogResult, SegmentResult, segment_articles
from translator.workspace import Workspace, all_articles, workspace_name
from translator.files import Signature, Staging, StagingPart, signature
from translator.catalog import parsed_kept, read_catalog
from translator.changes import GlossaryChanges, glossary_changes
from translator.glossary import Glossary
from translator.glossary_checks import EntryFinding, recorded_findings
from translator.lint import LintFinding, lint_articles
from translator.matching import GlossaryMatcher
from translator.pool import Background, ordered
from translator.progress import SILENT, Steps
from translator.memo import Memo, article_digest, digest, file_digest, file_facts
from translator.review import ReviewRun, changed_at, render_review, review_article
from translator.formats.spreadsheet import xlsx_bytes


KEPT_IN_PASS = 4_000_000  # bytes of parsed catalogs the one pass keeps: an article's four, at the largest size kept
EXPORT_BESIDE = 5_000  # entries from which the spreadsheet is made in a process of its own (a tenth of a second)


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
    workspace: Workspace, fallback: bool = False, min_translated: float | None = None, steps: Steps = SILENT,
    jobs: int = 1,
) -> BuildReport:
    """Check the glossary, lint the articles, segment, check the translations, publish what is
    complete and clean (or, with `fallback` or `min_translated`, partly translated and clean),
    export the glossary; the articles spread over `jobs` processes."""
    with file_facts(workspace.root):
        return _build(workspace, fallback, min_translated, steps, jobs)


def _build(workspace: Workspace, fallback: bool, min_translated: float | None, steps: Steps, jobs: int) -> BuildReport:
    report = BuildReport()
    paths = all_articles(workspace)
    glossary, glossary_key = workspace.glossary.load_with_key()  # one read: the key is of what was loaded
    report.glossary_export = spreadsheet = workspace.folder("exports") / "glossary.xlsx"
    exported = Memo.load(workspace.root, "export")
    # The glossary's spreadsheet, when it changed, made beside every pass (with --jobs): for a
    # large glossary it takes longer than all of them after an edit of one entry.
    exporting = None
    if not _exported(exported, spreadsheet, glossary_key):
        glossary.entries  # noqa: B018  (made before the fork, as the passes make them: not by both processes)
        exporting = Background(partial(xlsx_bytes, glossary), jobs if len(glossary) >= EXPORT_BESIDE else 1)
    try:
        changes = glossary_changes(workspace, glossary, glossary_key)  # what changed since the last build
        _passes(workspace, report, paths, glossary, changes, steps, jobs, (fallback, min_translated),
                (spreadsheet, exported, exporting))
    finally:
        if exporting is not None:
            exporting.stop()
    return report


def _passes(workspace: Workspace, report: BuildReport, paths: list[Path], glossary: Glossary,
            changes: GlossaryChanges, steps: Steps, jobs: int, partly: tuple[bool, float | None],
            export_to: tuple[Path, Memo, Background | None]) -> None:
    """Every pass of a build after the glossary is read: `partly`, whether to publish partial
    translations (see `build`); `export_to`, the spreadsheet's path, the record of what was
    exported there, and its making if it is to be made."""
    glossary_key = changes.glossary_key
    spreadsheet, exported, exporting = export_to
    report.glossary_findings = recorded_findings(workspace, glossary, glossary_key, jobs)
    # Each language's matcher of the glossary, made once for every phase (and inherited by the workers).
    matchers: dict[str, GlossaryMatcher] = {}
    report.lint_findings = lint_articles(workspace, paths, None, None, glossary, steps, jobs, changes, matchers)
    report.segmented = segment_articles(workspace, paths, glossary, steps=steps, glossary_key=glossary_key, jobs=jobs,
                                        matchers=matchers)
    checking = CheckPlan(workspace, paths, glossary=glossary, changes=changes, review=True, matchers=matchers)
    # Every published article, review page and the glossary export, all or none: each written to
    # its temporary file as soon as it is made, all moved into place at the end.
    with Staging(workspace.root) as staging:
        publishing = _Publishing(workspace, *partly)
        reviewing = _Reviewing(workspace, report, glossary, glossary_key, changes, matchers, checking)
        export: list[tuple[Path, bytes]] = []

        def take_export() -> None:  # while the workers check, publish and review, with --jobs
            if exporting is not None:
                export.append((spreadsheet, exporting.result()))

        decided, made = _check_publish_and_review(workspace, report, checking, publishing, reviewing, steps, jobs,
                                                  staging, take_export)
        published = publishing.complete(report, decided, made)
        report.reviews, reviewed = reviewing.complete(decided, made)
        staging.add(export)
        staging.commit()
    published.save()
    for path, data in export:
        exported.put(digest(glossary_key, path.name), digest(data))
    exported.save()
    reviewed.complete()
    changes.save()


def _check_publish_and_review(workspace: Workspace, report: BuildReport, checking: CheckPlan,
                              publishing: _Publishing, reviewing: _Reviewing, steps: Steps, jobs: int,
                              staging: Staging, meanwhile: Callable[[], object],
                              ) -> tuple[dict[str, _Decided], dict[str, _Made]]:
    """Check the catalogs `checking` has to, assemble the versions `publishing` has to and make the
    pages `reviewing` has to, an article at a time (its catalogs' checks, its versions, then its
    pages), each file written to `staging` as it is made (with `--jobs`, by the worker that made
    it); `report.findings` are every catalog's. One pass for all three: an article's catalogs,
    parsed to check them, are read again to assemble it and for its pages in the same process,
    which has them parsed (a worker of a pass of its own would parse them anew). What is to
    become of an article none of whose catalogs is to be checked is worked out here, before the
    workers start (an unchanged article starts none); of the others, by the worker that checked
    them, once their findings are known. What is to become of every article, and what came of
    those worked on, by article (its name), are returned. `meanwhile`: see `ordered`."""
    results: dict[str, list[SegmentResult]] = {}  # by article (an article met twice is made once, as before)
    for result in report.segmented:
        results.setdefault(result.article.name, []).append(result)
    decided = {name: _Decided.of(publishing, reviewing, found, {}) for name, found in results.items()
               if name not in checking.pending}
    reviewing.prepare([page for outcome in decided.values() for page in outcome.pages],
                      {(result.source, catalog.locale) for name in checking.pending for result in results.get(name, [])
                       for catalog in result.catalogs})
    todo = [name for name in results if name in checking.pending or decided[name].todo]
    steps.phase("check, publish and review", len(results))
    for _ in range(len(results) - len(todo)):
        steps.advance()
    staging.expect([path for name in todo for result in results[name] for catalog in result.catalogs
                    for path in (publishing.output(result, catalog), reviewing.page(result, catalog))])

    def made(name: str) -> _Made:
        checked = [checking.findings(checking.todo[place][1]) for place in checking.pending.get(name, [])]
        outcome = decided.get(name)
        records: tuple[list[tuple[bytes, Any]], list[tuple[bytes, Any]]] = ([], [])
        if outcome is None:  # (its catalogs' findings known now)
            found: dict[str, bool | None] = {}
            mine: dict[str, list[Finding]] = {}  # (an article met twice has its findings twice, as `_by_file` has them)
            for place, (findings, entries_found) in zip(checking.pending[name], checked):
                shown = checking.todo[place][1].shown
                mine.setdefault(shown, []).extend(findings)
                found[shown] = entries_found
            check_findings = reviewing.run.check_findings  # (this process's: for its pages)
            assert check_findings is not None
            check_findings.update(mine)
            publishing.memo.noting()
            reviewing.memo.noting()
            outcome = _Decided.of(publishing, reviewing, results[name], found)
            records = publishing.memo.noted(), reviewing.memo.noted()
        versions = [version.assembled(workspace, publishing.fallback, publishing.min_translated)
                    for _, version, _ in outcome.to_assemble]
        part = staging.part()
        part.add([(version.path, version.assembly.text) for version in versions if isinstance(version, Published)])
        pages = []
        for page in outcome.pages:
            html, found_in_page = page.made(workspace, workspace.root / name, reviewing.run, reviewing.changes,
                                            reviewing.glossary_changed)
            part.add([(page.page, html)])
            pages.append((found_in_page, digest(html)))
        return _Made(checked, outcome if name not in decided else None, records, versions, pages, part)

    # An article's catalogs are read again by its own versions and pages only: the parsed ones of
    # the articles before are let go of, not held to the end of the pass (in each worker).
    with parsed_kept(KEPT_IN_PASS):
        done = ordered(made, todo, jobs, steps, lambda name: name, each=lambda outcome: staging.adopt(outcome.part),
                       meanwhile=meanwhile)
    checked: dict[int, tuple[list[Finding], bool | None]] = {}
    for name, outcome in zip(todo, done):
        checked.update(zip(checking.pending.get(name, []), outcome.checked))
        if outcome.decided is not None:
            decided[name] = outcome.decided
            for memo, records in zip((publishing.memo, reviewing.memo), outcome.records):
                for key, value in records:
                    memo.put(key, value)
    report.findings = checking.completed([checked[place] for place in range(len(checking.todo))])
    return decided, dict(zip(todo, done))


@dataclass
class _Decided:
    """What is to become of an article's catalogs: each one's version (in order: published or held
    as an earlier run left it, or None, to assemble; with the version and the key it is recorded
    under), and the review pages to make."""

    versions: list[tuple[Published | str | None, _Version, bytes]]
    pages: list[_Page]

    @classmethod
    def of(cls, publishing: _Publishing, reviewing: _Reviewing, results: list[SegmentResult],
           found: dict[str, bool | None]) -> _Decided:
        """Worked out from the catalogs' findings (`reviewing.run.check_findings`) and, for those
        checked by this process, whether a changed entry is found in them (`found`)."""
        check_findings = reviewing.run.check_findings
        assert check_findings is not None
        versions, pages = [], []
        for result in results:
            article_key = _digest_or_none(publishing.workspace.root / result.article.name)
            for catalog in result.catalogs:
                shown = workspace_name(publishing.workspace, catalog.path)
                errors = [finding for finding in check_findings.get(shown, []) if finding.severity == "error"]
                versions.append(publishing.consider(result, catalog, article_key, shown, errors))
                page = reviewing.consider(result, catalog, shown, found.get(shown))
                if page is not None:
                    pages.append(page)
        return cls(versions, pages)

    @property
    def to_assemble(self) -> list[tuple[Published | str | None, _Version, bytes]]:
        return [version for version in self.versions if version[0] is None]

    @property
    def todo(self) -> bool:
        return bool(self.pages) or any(outcome is None for outcome, _, _ in self.versions)


@dataclass
class _Made:
    """What came of an article in the pass: its catalogs' checks (findings, and whether a changed
    entry is in them), what was decided of it if its worker decided it (and what that used or
    changed of the publish and review records, for the parent's: see `Memo.noted`), its versions
    assembled, its pages made (the entries found in each and the digest of its HTML), and the
    part of the staging that holds them."""

    checked: list[tuple[list[Finding], bool | None]]
    decided: _Decided | None
    records: tuple[list[tuple[bytes, Any]], list[tuple[bytes, Any]]]  # (of the publish record, of the review record)
    versions: list[Published | str]
    pages: list[tuple[tuple[str, ...], bytes]]
    part: StagingPart


class _Publishing:
    """Every catalog free of check errors to assemble into `report.published`, or what keeps it
    back for `report.held`. A version an earlier run assembled from the same article and catalog
    bytes, and whose output is still as written, is not assembled again."""

    def __init__(self, workspace: Workspace, fallback: bool, min_translated: float | None) -> None:
        self.workspace = workspace
        self.fallback, self.min_translated = fallback, min_translated
        self.memo = Memo.load(workspace.root, "publish")
        self._exports = workspace.folder("exports")

    def output(self, result: SegmentResult, catalog: CatalogResult) -> Path:
        return self._exports / f"{result.article.slug}.{catalog.locale}{Path(result.article.name).suffix.lower()}"

    def consider(self, result: SegmentResult, catalog: CatalogResult, article_key: bytes | None, shown: str,
                 errors: list[Finding]) -> tuple[Published | str | None, _Version, bytes]:
        """The catalog's version, and what an earlier run made of it (None: to assemble)."""
        version = _Version(self.workspace.root / result.article.name, result.article.slug, catalog.path,
                           catalog.locale, self.output(result, catalog))
        key = version.key(article_key, self.fallback, self.min_translated)
        outcome = f"{len(errors)} check error(s) in {shown}" if errors else version.remembered(self.memo, key)
        return outcome, version, key

    def complete(self, report: BuildReport, decided: dict[str, _Decided], made: dict[str, _Made]) -> Memo:
        """Put what was decided and made (see `_check_publish_and_review`) into `report.published`
        and `report.held`; the record of the versions assembled is returned, to save once they are
        in place."""
        workspace = self.workspace
        outcomes: dict[str, list[Published | str]] = {}
        for name, decision in decided.items():
            assembled = iter(made[name].versions if name in made else ())
            outcomes[name] = []
            for outcome, version, key in decision.versions:
                if outcome is None:
                    outcome = next(assembled)
                    version.remember(self.memo, key, outcome)
                outcomes[name].append(outcome)
        kept = {name: iter(found) for name, found in outcomes.items()}
        for result in report.segmented:
            for catalog in result.catalogs:
                outcome = next(kept[result.article.name])
                if isinstance(outcome, Published):
                    report.published.append(outcome)
                    continue
                earlier = self.output(result, catalog)
                if earlier.exists():  # from an earlier run, perhaps with --fallback: say so, never publish it
                    outcome += f"; {workspace_name(workspace, earlier)} is from an earlier run"
                report.held.append((result.article.name, catalog.locale, outcome))
        return self.memo  # saved once the versions are in place


@dataclass(frozen=True)
class _Version:
    """An article in one locale, to publish."""

    article: Path
    slug: str
    catalog: Path
    locale: str
    output: Path

    def key(self, article: bytes | None, fallback: bool, min_translated: float | None) -> bytes:
        """The digest of what the version is assembled from (the article's digest given, the
        catalog's found); empty if a file cannot be read."""
        catalog = _digest_or_none(self.catalog)
        if article is None or catalog is None:
            return b""
        return digest(article, catalog, self.locale, repr(fallback), repr(min_translated), self.output.name)

    def remembered(self, memo: Memo, key: bytes) -> Published | str | None:
        """What an earlier run made of the same bytes (the output still as it wrote it), or None."""
        known = memo.get(key) if key else None
        try:
            if known is not None and known[0] == "held":
                return str(known[1])
            if known is not None:
                _, total, missing, text_digest = known
                text = self.output.read_text(encoding="utf-8")
                if digest(text) == text_digest:
                    return Published(self.output, Assembly(text, total, tuple(Missing(*item) for item in missing)))
        except (OSError, UnicodeDecodeError, ValueError, TypeError):
            pass
        return None

    def assembled(self, workspace: Workspace, fallback: bool, min_translated: float | None) -> Published | str:
        """The version assembled, or what keeps it from being published."""
        try:
            return assemble_article(workspace, self.article, self.locale, fallback=fallback,
                                    min_translated=min_translated, write=False)
        except TranslatorError as error:
            return error.problems[0].message

    def remember(self, memo: Memo, key: bytes, outcome: Published | str) -> None:
        if not key:
            return
        if isinstance(outcome, str):
            memo.put(key, ("held", outcome))
        else:
            memo.put(key, ("ok", outcome.assembly.total, tuple(astuple(item) for item in outcome.assembly.missing),
                           digest(outcome.assembly.text)))


class _Reviewing:
    """Every article's review page in every locale, and those of them to make: a page whose
    inputs (article, catalog, glossary, findings, the times it shows) are as when an earlier run
    wrote it, and which is still as written, is not made again. After a glossary edit, a page
    none of whose entries changed, and in whose texts no changed entry is found, differs only in
    when the glossary changed: it is that page with the new time."""

    def __init__(self, workspace: Workspace, report: BuildReport, glossary: Glossary, glossary_key: bytes,
                 changes: GlossaryChanges, matchers: dict[str, GlossaryMatcher], checking: CheckPlan) -> None:
        known = [finding for findings in checking.known if findings is not None for finding in findings]
        # (the findings of the catalogs to check are added as they are made, by the process that makes them)
        self.run = ReviewRun(glossary, _by_file(report.lint_findings), _by_file(known), matchers)
        self.changes, self.glossary_key = changes, glossary_key
        self.memo = Memo.load(workspace.root, "review")
        self.glossary_changed = changed_at(workspace.glossary.path)
        self._pages = workspace.folder("exports") / "review"
        self.paths = [self.page(result, catalog) for result in report.segmented for catalog in result.catalogs]

    def page(self, result: SegmentResult, catalog: CatalogResult) -> Path:
        return self._pages / f"{result.article.slug}.{catalog.locale}.html"

    def consider(self, result: SegmentResult, catalog: CatalogResult, shown: str,
                 found: bool | None) -> _Page | None:
        """The catalog's page, if it is to be made (`found`: whether an entry whose forms may have
        changed is in the catalog's texts, if its check found out)."""
        run, changes = self.run, self.changes
        assert run.lint_findings is not None and run.check_findings is not None
        page = self.page(result, catalog)
        catalog_digest = _digest_or_none(catalog.path) or b""
        inputs = (catalog.locale, article_digest(result.article), catalog_digest,
                  repr(run.lint_findings.get(result.article.name, [])), repr(run.check_findings.get(shown, [])),
                  changed_at(catalog.path))
        key = digest(self.glossary_key, *inputs, self.glossary_changed)
        if self.memo.as_written(key, page):
            return None
        unglossed = digest(b"any glossary", *inputs)  # the record of the page's entries
        earlier = self.memo.get(unglossed)
        if not (isinstance(earlier, tuple) and len(earlier) == 4
                and isinstance(earlier[0], tuple) and isinstance(earlier[1], bytes)
                and (earlier[2] is None or isinstance(earlier[2], tuple))
                and changes.compare().known and earlier[3] == changes.glossary_then  # made by the last build
                and not changes.ids.intersection(earlier[0])):
            earlier = None
        return _Page(page, result.source, catalog.locale, catalog.path, shown, key, unglossed, earlier,
                     found if changes.checked_ids else False)

    def prepare(self, pages: list[_Page], later: set[tuple[str, str]]) -> None:
        """Before the workers start: the matchers of the changed entries, if a page made anew but
        for its time may look for them in its catalog's texts (see `_Page._with_new_time`):
        one of these `pages`, or one of an article whose catalogs are checked in the pass
        (`later`: their source and target locales), of which a catalog whose findings stand
        is not searched by its check."""
        languages = {language for page in pages if page.earlier is not None and page.changed_found is None
                     for language in (page.source, page.locale)}
        if later and self.changes.finding():
            languages.update(language for pair in later for language in pair)
        if languages:
            self.changes.prepare_review(languages)

    def complete(self, decided: dict[str, _Decided], made: dict[str, _Made]) -> tuple[list[Path], _Reviewed]:
        """Every page, and the record of those made (see `_check_publish_and_review`) to complete
        once they are in place."""
        records = {page.page: (page.key, page.unglossed, found, html_digest)
                   for name, outcome in made.items()
                   for page, (found, html_digest) in zip(decided[name].pages, outcome.pages)}
        return self.paths, _Reviewed(self.memo, records, self.glossary_key)


_GLOSSARY_TIME = re.compile(r"(<dt>Glossary changed</dt><dd><time>)([^<]*)(</time></dd>)")


@dataclass(frozen=True)
class _Page:
    """A review page to make: where, for which locale and catalog, its records' keys, and what an
    earlier run recorded of it (the entries found in its texts, the digest of what it wrote, the
    page's signature once in place, and the glossary file it was made from: the last build's) if
    none of those entries changed since."""

    page: Path
    source: str
    locale: str
    catalog: Path
    shown: str
    key: bytes
    unglossed: bytes
    earlier: tuple[tuple[str, ...], bytes, Signature | None, bytes] | None
    # Whether an entry whose forms may have changed is in the catalog's texts, if known: found by
    # check as it read the catalog, or none when no entry's forms changed (see `found_in`).
    changed_found: bool | None = None

    def made(self, workspace: Workspace, article: Path, run: ReviewRun, changes: GlossaryChanges,
             glossary_changed: str) -> tuple[str, tuple[str, ...]]:
        """The page's HTML and the entries found in its texts."""
        if self.earlier is not None:
            html = self._with_new_time(changes, glossary_changed)
            if html is not None:
                return html, self.earlier[0]
        review = review_article(workspace, article, self.locale, run=run)
        return render_review(review), tuple(sorted(review.found))

    def _with_new_time(self, changes: GlossaryChanges, glossary_changed: str) -> str | None:
        """The page as an earlier run wrote it, with the glossary's new time, if that is all that
        changed: the page is as written, and no changed entry is found in its catalog's texts."""
        assert self.earlier is not None
        if self.changed_found:
            return None
        try:
            data = self.page.read_bytes()
            catalog = read_catalog(self.catalog, self.shown) if self.changed_found is None else None
        except (OSError, TranslatorError):
            return None
        if self.changed_found is None and (catalog is None or changes.found_in(catalog, self.source, self.locale)):
            return None
        now, recorded = signature(self.page), self.earlier[2]
        if (now is None or recorded is None or tuple(now) != tuple(recorded)) and digest(data) != self.earlier[1]:
            return None  # edited by hand since it was written
        html = data.decode("utf-8")
        if len(_GLOSSARY_TIME.findall(html)) != 1:
            return None
        return _GLOSSARY_TIME.sub(lambda match: match.group(1) + escape(glossary_changed) + match.group(3), html)


@dataclass
class _Reviewed:
    """The review pages' record; for each page made, its keys and the entries found in its texts."""

    memo: Memo
    records: dict[Path, tuple[bytes, bytes, tuple[str, ...], bytes]]
    glossary_key: bytes

    def complete(self) -> None:
        """Record the pages made as written (so that the next run need not read them)."""
        for page, (key, unglossed, found, html_digest) in self.records.items():
            now = signature(page)
            self.memo.put(key, (html_digest, now))  # what `Memo.as_written` checks
            self.memo.put(unglossed, (found, html_digest, now, self.glossary_key))
        self.memo.save()


def _exported(memo: Memo, path: Path, glossary_key: bytes) -> bool:
    """Whether `path` holds what this glossary exports to (an earlier run wrote it, untouched since):
    building a large glossary's spreadsheet costs more than every other step of an unchanged run."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return bool(memo.get(digest(glossary_key, path.name)) == digest(data))


def _digest_or_none(path: Path) -> bytes | None:
    """The file's digest, or None if it cannot be read."""
    try:
        return file_digest(path)
    except OSError:
        return None


class _Placed(Protocol):
    @property
    def file(self) -> str: ...


F = TypeVar("F", bound=_Placed)


def _by_file(findings: Sequence[F]) -> dict[str, list[F]]:
    grouped: dict[str, list[F]] = {}
    for finding in findings:
        grouped.setdefault(finding.file, []).append(finding)
    return grouped
