"""`--jobs`: build, segment --all, lint --all and check spread over processes find, write and print
exactly what one process does, errors included."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections import OrderedDict
from dataclasses import replace
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from translator import extraction, pool
from translator.cli import cli
from translator.errors import InputError, TranslatorError
from translator.progress import Steps

ARTICLES = 12


@pytest.fixture
def newsroom(sample: Path) -> Path:
    """The sample workspace with a dozen more articles, each dropping one or two of the sample's
    paragraphs: enough for the pool to start (more than `pool.ALONE`), and with sentences in
    common, so each catalog's translation memory offers other catalogs' translations."""
    text = (sample / "articles" / "japan-china-talks.txt").read_text(encoding="utf-8")
    front, body = text.split("---\n", 2)[1:]
    paragraphs = body.strip("\n").split("\n")
    for number in range(ARTICLES):
        kept = [p for index, p in enumerate(paragraphs) if index % (number + 3) != 1]
        (sample / "articles" / f"variant-{number:02d}.txt").write_text(
            "---\n" + front.replace("slug: japan-china-talks\n", "") + "---\n" + "\n".join(kept) + "\n", encoding="utf-8")
    return sample


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--workspace", str(root), *args])


_CHANGING = re.compile(r"<time>[^<]*</time>|\"(?:POT-Creation-Date|PO-Revision-Date): [^\\]*\\n\"")


def files(root: Path) -> dict[str, object]:
    """Every file under the workspace but the state folder, with the times they show set aside
    (catalog headers, review pages) and the spreadsheet read as its cells."""
    found: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if not path.is_file() or name.startswith(".translator"):
            continue
        if path.suffix == ".xlsx":
            found[name] = [[cell for cell in row] for sheet in load_workbook(path) for row in sheet.iter_rows(values_only=True)]
        else:
            found[name] = _CHANGING.sub("", path.read_text(encoding="utf-8"))
    return found


def twins(root: Path, tmp_path: Path) -> Iterator[Path]:
    for name in ("one", "two"):
        shutil.copytree(root, tmp_path / name)
        yield tmp_path / name


def output(result: Result, root: Path) -> str:
    return result.output.replace(str(root), "WORKSPACE")


@pytest.mark.parametrize("command", [["build"], ["segment", "--all"], ["lint", "--all"], ["check"],
                                     ["lint", "--all", "--format", "json"], ["check", "--format", "json"]])
def test_two_processes_do_what_one_does(newsroom: Path, tmp_path: Path, command: list[str]) -> None:
    if command[0] == "check":
        assert invoke(newsroom, "segment", "--all").exit_code == 0
    one, two = twins(newsroom, tmp_path)
    alone, shared = invoke(one, *command, "--jobs", "1"), invoke(two, *command, "--jobs", "2")
    assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
    assert files(one) == files(two)
    assert len(alone.output.splitlines()) > ARTICLES  # the commands did find, write or print something


def _searches(monkeypatch: pytest.MonkeyPatch, record: Path, note: Callable[[], object] = str) -> None:
    """Each search of a text for glossary entries, in whichever process, noted in `record` as the
    process's id and `note()`, one a line."""
    from translator.matching import GlossaryMatcher

    search = GlossaryMatcher.entries_in

    def entries_in(self: GlossaryMatcher, text: str) -> Any:
        with record.open("a") as out:
            out.write(f"{os.getpid()} {note()}\n")
        return search(self, text)

    monkeypatch.setattr(GlossaryMatcher, "entries_in", entries_in)


def test_one_article_alone_spreads_its_search_and_writes_what_one_process_does(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large article segmented alone has its sentences searched for glossary entries in slices
    over the workers (here every two sentences a slice, so that the sample's are enough)."""
    monkeypatch.setattr(extraction, "SEARCH_SLICE", 2)
    one, two = twins(sample, tmp_path)
    alone = invoke(one, "segment", "--all", "--jobs", "1")
    _searches(monkeypatch, tmp_path / "searches")
    shared = invoke(two, "segment", "--all", "--jobs", "2")
    searchers = {line.split()[0] for line in (tmp_path / "searches").read_text().splitlines()}
    assert searchers and str(os.getpid()) not in searchers  # (a worker may take every slice before the other starts)
    assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
    assert files(one) == files(two)
    assert "glossary:" in (two / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po").read_text(encoding="utf-8")


def test_a_large_article_is_searched_while_it_is_split_and_writes_what_one_process_does(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large article (here any: `STREAMED_SIZE` 0) has each slice of its new sentences searched
    by the workers as soon as the parent has split them (here two a slice); after an edit, they
    look the sentences the last run searched up in its record and search only the others. The
    same catalogs, output and record as one process, each time."""
    from translator.matching import GlossaryMatcher

    monkeypatch.setattr(extraction, "STREAMED_SIZE", 0)
    monkeypatch.setattr(extraction, "SEARCH_SLICE", 2)
    one, two = twins(sample, tmp_path)
    streamed: list[bool] = []
    split = extraction.segmentation_of

    def noted(*args: Any) -> Any:  # (the path that splits first, then searches)
        streamed.append(False)
        return split(*args)

    monkeypatch.setattr(extraction, "segmentation_of", noted)
    search = GlossaryMatcher.entries_in
    for round in ("first", "edited"):
        if round == "edited":
            for root in (one, two):
                article = root / "articles" / "japan-china-talks.txt"
                article.write_text(article.read_text(encoding="utf-8").replace(
                    "On Tuesday, November 18th,", "On Tuesday, November 18,", 1)
                    + "Toshimitsu Motegi spoke again on Wednesday.\n", encoding="utf-8")
        alone = invoke(one, "segment", "--all", "--jobs", "1")
        streamed.clear()
        _searches(monkeypatch, tmp_path / f"searches-{round}")
        shared = invoke(two, "segment", "--all", "--jobs", "2")
        monkeypatch.setattr(GlossaryMatcher, "entries_in", search)
        searchers = [line.split()[0] for line in (tmp_path / f"searches-{round}").read_text().splitlines()]
        assert not streamed and searchers and str(os.getpid()) not in searchers, round
        if round == "edited":
            assert len(searchers) == 2  # the edited sentence and the new one
        assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
        assert files(one) == files(two)
        assert _mentions(one) == _mentions(two)
    assert "glossary: toshimitsu-motegi" in (two / "locales" / "ja" / "LC_MESSAGES" /
                                              "japan-china-talks.po").read_text(encoding="utf-8").rsplit("msgid", 2)[1]


def _mentions(root: Path) -> object:
    return _records(root, extraction.MENTIONS)


@pytest.mark.parametrize("streamed", [False, True])
def test_a_large_articles_catalogs_are_merged_side_by_side_as_one_process_merges_them(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    """An article merged alone with jobs to spare (here any: `SPREAD_CATALOGS` 0) whose catalogs
    are copied from its template as written has them written side by side: an existing article's
    merged and written the first by the parent, the others each by a worker (the sample's, with
    the catalogs it comes with, then after its translator translated some of it and it was
    edited); a new article's, none of whose sentences are new to the translation memory, merged
    by the parent and each written by a thread while it merges the next. Each time the files,
    output and records of one process."""
    from translator import catalog as catalogs
    from translator.formats.po import format_catalog, parse_catalog

    monkeypatch.setattr(extraction, "SPREAD_CATALOGS", 0)
    if streamed:
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)
    one, two = twins(sample, tmp_path)
    merge, mergers = catalogs.merge_catalog, tmp_path / "mergers"

    def merge_catalog(*args: Any, **options: Any) -> Any:  # reached through the workers' inherited module
        with mergers.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return merge(*args, **options)

    staged, writers = extraction._staged, []

    def staged_by(stage: Any, path: Path, *args: Any) -> Any:
        if path.suffix == ".po" and threading.current_thread().name.startswith("translator-copy"):
            writers.append(threading.current_thread().name.rsplit("_", 1)[0])
        return staged(stage, path, *args)

    monkeypatch.setattr(extraction, "_staged", staged_by)
    article = Path("articles") / "japan-china-talks.txt"
    for step in ("new", "translated and edited", "another article"):
        for root in (one, two) if step != "new" else ():
            if step == "translated and edited":
                path = root / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
                parsed = parse_catalog(path.read_text(encoding="utf-8"), path.name)
                parsed.entries = [replace(entry, msgstr="訳：" + entry.msgid) if index % 2 else entry
                                  for index, entry in enumerate(parsed.entries)]
                path.write_text(format_catalog(parsed), encoding="utf-8")
                text = (root / article).read_text(encoding="utf-8")
                (root / article).write_text(text.replace("held a meeting in Beijing", "met in Beijing", 1),
                                            encoding="utf-8")
            else:
                text = (root / article).read_text(encoding="utf-8")
                (root / "articles" / "second.txt").write_text(
                    text.replace("slug: japan-china-talks\n", "").replace("Beijing", "Tokyo"), encoding="utf-8")
        name = str(article) if step != "another article" else "articles/second.txt"
        alone = invoke(one, "segment", str(one / name), "--jobs", "1")
        mergers.unlink(missing_ok=True)
        monkeypatch.setattr(extraction, "merge_catalog", merge_catalog)
        shared = invoke(two, "segment", str(two / name), "--jobs", "2")
        monkeypatch.setattr(extraction, "merge_catalog", merge)
        merged_by = mergers.read_text().split()
        # A new article's catalogs are merged here and written by threads; an existing one's
        # merged and written side by side, the first here. (A large template this article's last
        # merge wrote is not read again, nor copied: its catalogs are encoded, one after the
        # other, sharing what they encode: see `_reused`.)
        new_article, copied = step == "another article", not (streamed and step == "translated and edited")
        assert len(merged_by) == 3 and merged_by.count(str(os.getpid())) == (3 if new_article or not copied else 1), step
        assert sorted(writers) == (["translator-copy"] * 3 if new_article else []), step
        writers.clear()
        assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two)), step
        assert files(one) == files(two), step
        assert _records(one, "segmented") == _records(two, "segmented"), step
        assert alone.exit_code == 0 and invoke(two, "segment", str(two / name)).output.count(" 0 new, 0 changed") == 3
    ja = (two / "locales" / "ja" / "LC_MESSAGES" / "second.po").read_text(encoding="utf-8")
    assert "from translation memory" in ja and "#, fuzzy" in (
        two / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po").read_text(encoding="utf-8")


def _records(root: Path, name: str) -> object:
    from translator.memo import Memo

    return sorted(Memo.load(root, name)._records.items())


@pytest.mark.parametrize("streamed", [False, True])
def test_one_article_alone_spreads_the_encoding_of_its_template(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    """A large article's template entries are encoded in slices over the workers (here every two
    entries a slice); its catalogs, copied from the template as written, are what one process
    writes, byte for byte, whether the template is written as it is encoded or whole."""
    monkeypatch.setattr(extraction, "ENCODED_SLICE", 2)
    if streamed:
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)
    one, two = twins(sample, tmp_path)
    alone = invoke(one, "segment", "--all", "--jobs", "1")
    record = tmp_path / "encoders"
    encode = extraction.entry_bytes

    def entry_bytes(entry: Any) -> bytes:
        with record.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return encode(entry)

    monkeypatch.setattr(extraction, "entry_bytes", entry_bytes)
    shared = invoke(two, "segment", "--all", "--jobs", "2")
    encoders = set(record.read_text().split())
    assert encoders - {str(os.getpid())}  # (the parent encodes the catalogs' translated entries)
    assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
    assert files(one) == files(two)


@pytest.mark.parametrize("source, text, place, loader", [
    ("zh-Hans", "外交部发言人在北京表示，双方将继续沟通。", "北京", "_jieba"),
    ("ja", "外務省の報道官は東京で、双方が対話を続けると述べた。", "東京", "_tagger"),
])
def test_the_word_segmenter_is_loaded_once_before_the_search_is_spread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, text: str, place: str, loader: str) -> None:
    """Japanese and Chinese text is searched with a word segmenter: loaded in the parent before the
    workers start, which inherit it, rather than by each worker for itself."""
    from translator.language import words
    from translator.workspace import init_workspace

    root = init_workspace(tmp_path / "ws", source, tuple(locale for locale in ("en", "ja") if locale != source)).root
    sentences = [f"{number}{text}" for number in range(20)]
    (root / "articles" / "news.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    assert invoke(root, "glossary", "add", "the-place", "--type", "place", "--form", f"{source}={place}",
                  "--no-suggest").exit_code == 0
    getattr(words, loader).cache_clear()
    monkeypatch.setattr(extraction, "SEARCH_SLICE", 2)
    _searches(monkeypatch, tmp_path / "searches", lambda: getattr(words, loader).cache_info().currsize)
    assert invoke(root, "segment", "--all", "--jobs", "2").exit_code == 0
    records = [line.split() for line in (tmp_path / "searches").read_text().splitlines()]
    assert records and str(os.getpid()) not in {pid for pid, _ in records}
    assert {loaded for _, loaded in records} == {"1"}


def test_a_build_over_two_processes_parses_each_catalog_once_for_its_check_versions_and_pages(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article's catalogs are checked, assembled and reviewed in one pass, by one worker, which
    keeps what it parsed: a catalog segment wrote for a new article is parsed once, not once by
    the check's worker and again by the publishing one's."""
    from translator import catalog

    parse, record = catalog._parse_anew, tmp_path / "parsed"

    def counted(data: bytes, shown: str, comments: bool = True) -> Any:  # reached through the workers' inherited module
        with record.open("a") as out:
            out.write(f"{os.getpid()} {shown} {hash(data)}\n")
        return parse(data, shown, comments)

    monkeypatch.setattr(catalog, "_parse_anew", counted)
    monkeypatch.setattr(catalog, "_PARSED", OrderedDict())  # (not what earlier tests parsed, of the same bytes)
    monkeypatch.setattr(catalog, "_kept_bytes", 0)
    result = invoke(newsroom, "build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    written = {path.relative_to(newsroom).as_posix(): hash(path.read_bytes())  # (the sample's own were read before)
               for path in (newsroom / "locales").glob("*/LC_MESSAGES/variant-*.po")}
    assert len(written) == 3 * ARTICLES
    parsed = [line.split(" ") for line in record.read_text().splitlines()]
    as_written = [(pid, shown) for pid, shown, data in parsed if written.get(shown) == int(data)]
    assert sorted(shown for _, shown in as_written) == sorted(written)  # each catalog once
    assert str(os.getpid()) not in {pid for pid, _ in as_written}  # (by the workers)


def test_the_build_pass_lets_go_of_the_catalogs_of_the_articles_before_it_and_parses_none_twice(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Check, publish and review read an article's catalogs again only for that article: the pass
    keeps `KEPT_IN_PASS` bytes of parsed catalogs, not every one to its end, and still parses each
    catalog segment wrote once; the limit is the usual one again after it."""
    from translator import build, catalog

    budget = 100_000  # (an article's three catalogs here hold at most 52,000 bytes; the twelve articles', 516,000)
    monkeypatch.setattr(build, "KEPT_IN_PASS", budget)
    monkeypatch.setattr(catalog, "_PARSED", OrderedDict())  # (not what earlier tests parsed, of the same bytes)
    monkeypatch.setattr(catalog, "_kept_bytes", 0)
    usual = catalog._KEPT_TOTAL_BYTES
    parse, seen = catalog._parse_anew, []

    def counted(data: bytes, shown: str, comments: bool = True) -> Any:
        seen.append((shown, hash(data), len(data), catalog._kept_bytes, catalog._KEPT_TOTAL_BYTES))
        return parse(data, shown, comments)

    monkeypatch.setattr(catalog, "_parse_anew", counted)
    result = invoke(newsroom, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = {path.relative_to(newsroom).as_posix(): hash(path.read_bytes())
               for path in (newsroom / "locales").glob("*/LC_MESSAGES/variant-*.po")}
    in_pass = [(shown, size, kept) for shown, data, size, kept, limit in seen
               if written.get(shown) == data and limit == budget]
    assert sorted(shown for shown, _, _ in in_pass) == sorted(written)  # each once, in the pass
    assert sum(size for _, size, _ in in_pass) > 2 * budget  # (more than the pass keeps)
    assert max(kept for _, _, kept in in_pass) <= budget
    assert catalog._KEPT_TOTAL_BYTES == usual


def test_what_the_workers_use_of_the_records_is_kept_as_one_process_keeps_it(newsroom: Path, tmp_path: Path) -> None:
    """A worker that checks an article's catalogs also decides what to publish and which pages to
    make, reading the publish and review records: a page found as written, though touched since,
    takes its new signature in the record (so the next run need not read it), with two processes
    as with one."""
    from translator.files import signature
    from translator.memo import Memo

    for root, jobs in zip(twins(newsroom, tmp_path), ("1", "2")):
        assert invoke(root, "build", "--jobs", jobs).exit_code == 0
        (root / ".translator" / "check.cache").unlink()  # (every catalog checked again, by the workers)
        pages = sorted((root / "exports" / "review").glob("*.html"))
        for page in pages:
            os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
        assert invoke(root, "build", "--jobs", jobs).exit_code == 0
        recorded = {tuple(value[1]) for value in Memo.load(root, "review")._records.values()
                    if isinstance(value, tuple) and len(value) == 2 and value[1] is not None}
        assert len(pages) == 3 * (ARTICLES + 1)
        assert [page.name for page in pages if tuple(signature(page) or ()) not in recorded] == [], jobs


def test_a_second_build_over_two_processes_changes_nothing(newsroom: Path) -> None:
    first = invoke(newsroom, "build", "--jobs", "2")
    written = {path: path.read_bytes() for path in newsroom.rglob("*") if path.is_file()
               and ".translator" not in path.parts}
    again = invoke(newsroom, "build", "--jobs", "2")
    assert again.exit_code == first.exit_code
    assert re.findall(r"[1-9]\d* (?:new|changed|obsolete)", again.output) == []
    assert {path: path.read_bytes() for path in written} == written


def test_an_error_in_a_worker_is_reported_as_by_one_process_and_nothing_is_written(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "ALONE", 2)  # two articles to segment again are enough to start workers
    assert invoke(newsroom, "segment", "--all").exit_code == 0
    for number in (3, 9):  # only the article's own worker finds it has nothing to translate
        article = newsroom / "articles" / f"variant-{number:02d}.txt"
        article.write_text(article.read_text(encoding="utf-8").split("---\n")[1].join(["---\n"] * 2) + "<!-- -->\n",
                           encoding="utf-8")
    one, two = twins(newsroom, tmp_path)
    before = files(one)
    alone = invoke(one, "segment", "--all", "--jobs", "1")
    splitter, workers = extraction.messages_of, tmp_path / "workers"

    def messages_of(*args: Any) -> Any:  # reached through the workers' inherited module
        with workers.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return splitter(*args)

    monkeypatch.setattr(extraction, "messages_of", messages_of)
    shared = invoke(two, "segment", "--all", "--jobs", "2")
    assert str(os.getpid()) not in workers.read_text().split()
    assert alone.exit_code == shared.exit_code == 1
    assert output(alone, one) == output(shared, two) == "Error: articles/variant-03.txt: no translatable text in this article\n"
    assert files(one) == files(two) == before


def test_builds_running_at_once_over_two_processes_each_lose_nothing(newsroom: Path, tmp_path: Path) -> None:
    """Three `build --jobs 2` at once on one workspace, their workers writing their own files: each
    ends as a build alone does, every file as one build alone writes it, no temporary file left."""
    import subprocess
    import sys

    from tests.conftest import REPOSITORY

    alone = tmp_path / "alone"
    shutil.copytree(newsroom, alone)
    expected = invoke(alone, "build", "--jobs", "1")
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    processes = [subprocess.Popen([sys.executable, "-m", "translator", "-w", str(newsroom), "build", "--jobs", "2"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for _ in range(3)]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == expected.exit_code, stderr
    assert files(newsroom) == files(alone)
    assert not [path for path in newsroom.rglob("*.tmp")]


def test_jobs_must_be_a_positive_number(newsroom: Path) -> None:
    for command in (["build"], ["segment", "--all"], ["lint", "--all"], ["check"]):
        result = invoke(newsroom, *command, "--jobs", "0")
        assert result.exit_code == 2
        assert "--jobs" in result.output


# --- the pool itself --------------------------------------------------------------------------


class Counted:
    def __init__(self) -> None:
        self.phases: list[tuple[str, int]] = []
        self.advanced = 0

    def phase(self, label: str, total: int) -> None:
        self.phases.append((label, total))

    def at(self, text: str) -> None:
        pass

    def advance(self) -> None:
        self.advanced += 1


def test_results_come_back_in_order_and_each_item_advances_the_steps() -> None:
    steps: Steps = Counted()
    items = list(range(50))
    assert pool.ordered(lambda n: (n, n * n), items, 2, steps) == [(n, n * n) for n in items]
    assert isinstance(steps, Counted) and steps.advanced == 50


@pytest.mark.parametrize("count, jobs", [(1, 2), (8, 2), (100, 2), (1000, 2), (1000, 4), (5000, 8)])
def test_the_workers_take_the_items_in_spans_that_shrink_as_few_are_left(count: int, jobs: int) -> None:
    spans = pool._spans(count, jobs)
    assert [index for start, stop in spans for index in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in spans]
    assert max(sizes) <= 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-jobs:] == [1] * min(jobs, count)  # (the last ones, one at a time: the workers end together)
    if count >= 1000:
        assert len(spans) < count // 10  # (few round trips between processes)


def test_a_failing_catalog_check_stops_the_build_as_one_process_stops_it(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article's catalogs are checked in the pass that publishes it: the error of the first
    article in order is the one reported, whichever process met which first, and nothing is
    published."""
    from translator import checks

    one, two = twins(newsroom, tmp_path)
    assert invoke(one, "segment", "--all").exit_code == invoke(two, "segment", "--all").exit_code == 0
    before = files(one)
    findings = checks.CheckPlan.findings

    def failing(plan: checks.CheckPlan, item: Any) -> Any:  # reached through the workers' inherited class
        if item.shown in ("locales/ja/LC_MESSAGES/variant-09.po", "locales/zh-Hans/LC_MESSAGES/variant-05.po"):
            raise InputError("cannot be checked", file=item.shown, line=3)
        return findings(plan, item)

    monkeypatch.setattr(checks.CheckPlan, "findings", failing)
    alone, shared = invoke(one, "build", "--jobs", "1"), invoke(two, "build", "--jobs", "2")
    assert alone.exit_code == shared.exit_code == 1
    assert output(alone, one) == output(shared, two) == \
        "Error: locales/zh-Hans/LC_MESSAGES/variant-05.po:3: cannot be checked\n"
    assert files(one) == files(two) == before  # (nothing published, no page, no spreadsheet)


def test_workers_see_what_the_parent_built_before_they_started() -> None:
    built = {n: str(n) * 3 for n in range(20)}  # not picklable through a lambda; inherited by fork
    assert pool.ordered(lambda n: built[n], list(range(20)), 2) == [built[n] for n in range(20)]


def _broken_at_13_and_17(n: int) -> int:
    if n in (13, 17):
        raise InputError(f"item {n} is broken", file=f"item-{n}.po", line=n)
    return n


def test_the_first_failing_item_in_order_raises_with_its_places() -> None:
    with pytest.raises(InputError) as raised:
        pool.ordered(_broken_at_13_and_17, list(range(30)), 2)
    assert [str(problem) for problem in raised.value.problems] == ["item-13.po:13: item 13 is broken"]


def test_few_items_or_one_job_run_in_this_process() -> None:
    import os

    parent = os.getpid()
    assert pool.ordered(lambda n: os.getpid(), list(range(pool.ALONE - 1)), 2) == [parent] * (pool.ALONE - 1)
    assert pool.ordered(lambda n: os.getpid(), list(range(40)), 1) == [parent] * 40
    assert parent not in pool.ordered(lambda n: os.getpid(), list(range(40)), 2)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_parents_own_work_is_done_meanwhile_once_the_workers_started(jobs: int) -> None:
    import threading

    seen: list[tuple[str, int]] = []

    def meanwhile() -> None:
        seen.append((threading.current_thread().name, len(seen)))

    assert pool.ordered(lambda n: n + 1, list(range(40)), jobs, meanwhile=meanwhile) == list(range(1, 41))
    # with workers, in a thread of this process; with one job, here, after the items
    assert seen == [("translator-meanwhile" if jobs > 1 else threading.current_thread().name, 0)]


def test_an_error_in_the_parents_work_meanwhile_is_raised_with_its_places() -> None:
    def meanwhile() -> None:
        raise InputError("cannot be made", file="exports/glossary.xlsx")

    with pytest.raises(InputError) as raised:
        pool.ordered(lambda n: n, list(range(40)), 2, meanwhile=meanwhile)
    assert [str(problem) for problem in raised.value.problems] == ["exports/glossary.xlsx: cannot be made"]


def test_no_process_is_forked_beside_the_work_meanwhile_an_error_left_running() -> None:
    import threading
    import time

    def failing(n: int) -> int:
        if n == 0:
            raise InputError("broken", file="a.po", line=1)
        return n

    with pytest.raises(InputError):
        pool.ordered(failing, list(range(20)), 2, meanwhile=lambda: time.sleep(0.5))
    assert "translator-meanwhile" in [thread.name for thread in threading.enumerate()]  # not waited for
    beside: list[bool] = []  # at each fork of the next pass: whether that thread still ran
    recording = [True]
    os.register_at_fork(before=lambda: beside.append("translator-meanwhile" in [
        thread.name for thread in threading.enumerate()]) if recording[0] else None)
    try:
        assert pool.ordered(lambda n: n, list(range(20)), 2) == list(range(20))
    finally:
        recording[0] = False  # (a hook cannot be taken back)
    assert beside and not any(beside)


def test_an_error_in_a_worker_passes_through_pickling_with_its_places() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(InputError("broken", file="a.po", line=3)))
    assert type(error) is InputError and [str(problem) for problem in error.problems] == ["a.po:3: broken"]


def test_default_jobs_is_the_usable_cores() -> None:
    assert pool.default_jobs() == len(os.sched_getaffinity(0))


def test_ctrl_c_stops_the_workers_at_once() -> None:
    import multiprocessing
    import time

    class Interrupting(Counted):
        def advance(self) -> None:
            super().advance()
            if self.advanced == 3:
                raise KeyboardInterrupt

    def slow(n: int) -> int:
        time.sleep(0.05)
        return n

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        pool.ordered(slow, list(range(400)), 2, Interrupting())  # 10 s of work left undone
    assert time.perf_counter() - started < 5
    assert multiprocessing.active_children() == []


def _killed_at_nine(n: int) -> int:
    """Work whose worker dies at item 9, as the out-of-memory killer would kill it."""
    import signal
    import time

    if n == 9:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.01)
    return n


def test_a_worker_killed_ends_the_run_with_an_error_not_a_hang() -> None:
    import multiprocessing
    import time

    started = time.perf_counter()
    with pytest.raises(TranslatorError, match="a worker process stopped before finishing its work"):
        pool.ordered(_killed_at_nine, list(range(100)), 2)
    assert time.perf_counter() - started < 10
    assert multiprocessing.active_children() == []


def test_streamed_items_come_back_in_order_from_workers_that_inherit_what_was_built_first() -> None:
    built = {n: str(n) * 3 for n in range(40)}  # not picklable through a lambda; inherited by fork
    parent = os.getpid()
    with pool.Streamed(lambda part: [(built[n], os.getpid()) for n in part], 2) as streamed:
        for start in range(0, 40, 4):
            streamed.add(list(range(start, start + 4)))  # each item made after the workers started, sent to them
        found = [each for part in streamed.results() for each in part]
    assert [text for text, _ in found] == [built[n] for n in range(40)]
    assert parent not in {worker for _, worker in found}
    with pool.Streamed(lambda n: os.getpid(), 1) as alone:
        for n in range(10):
            alone.add(n)
        assert alone.results() == [parent] * 10


def test_the_first_failing_streamed_item_in_order_raises_with_its_places() -> None:
    import multiprocessing

    with pytest.raises(InputError) as raised:
        with pool.Streamed(_broken_at_13_and_17, 2) as streamed:
            for n in range(30):
                streamed.add(n)
            streamed.results()
    assert [str(problem) for problem in raised.value.problems] == ["item-13.po:13: item 13 is broken"]
    assert multiprocessing.active_children() == []


def test_an_error_while_items_are_made_or_a_worker_killed_stops_the_streamed_workers() -> None:
    import multiprocessing
    import time

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        with pool.Streamed(lambda n: time.sleep(0.05), 2) as streamed:
            for n in range(200):  # 5 s of work left undone
                streamed.add(n)
            raise KeyboardInterrupt
    assert time.perf_counter() - started < 4
    assert multiprocessing.active_children() == []
    with pytest.raises(TranslatorError, match="a worker process stopped before finishing its work"):
        with pool.Streamed(_killed_at_nine, 2) as streamed:
            for n in range(100):
                streamed.add(n)
            streamed.results()
    assert multiprocessing.active_children() == []


def test_forking_only_where_it_is_the_way_processes_start(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_start_method", lambda: "spawn")  # Windows, macOS
    assert not pool.spreads(100, 4)
    parent = os.getpid()
    assert pool.ordered(lambda n: os.getpid(), list(range(20)), 4) == [parent] * 20


def _exports(monkeypatch: pytest.MonkeyPatch, record: Path, fail: Callable[[], object] | None = None) -> None:
    """Each making of the spreadsheet noted in `record` with its process's id; `fail` called first
    in any process but this one."""
    from translator import build

    made, parent = build.xlsx_bytes, os.getpid()

    def xlsx_bytes(glossary: Any) -> bytes:
        with record.open("a") as out:
            out.write(f"{os.getpid()}\n")
        if fail is not None and os.getpid() != parent:
            fail()
        return made(glossary)

    monkeypatch.setattr(build, "xlsx_bytes", xlsx_bytes)
    monkeypatch.setattr(build, "EXPORT_BESIDE", 1)  # (the sample's glossary is small)


def test_a_large_glossarys_spreadsheet_is_made_beside_the_passes_as_one_process_makes_it(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    one, two = twins(newsroom, tmp_path)
    alone = invoke(one, "build", "--jobs", "1")
    record = tmp_path / "exports.txt"
    _exports(monkeypatch, record)
    shared = invoke(two, "build", "--jobs", "2")
    assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
    assert files(one) == files(two)
    assert record.read_text().split() != [str(os.getpid())] and len(record.read_text().split()) == 1
    assert multiprocessing.active_children() == []
    record.unlink()
    assert invoke(two, "build", "--jobs", "2").exit_code == shared.exit_code
    assert not record.exists()  # the glossary unchanged: not made again


def test_an_error_making_the_spreadsheet_beside_is_reported_and_nothing_is_published(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As when the spreadsheet is made while the workers publish: the catalogs the passes before
    wrote stay (as after any error), and no article, page or spreadsheet is written."""
    def fail() -> None:
        raise InputError("cannot be made", file="exports/glossary.xlsx")

    _exports(monkeypatch, tmp_path / "exports.txt", fail)
    result = invoke(newsroom, "build", "--jobs", "2")
    assert (result.exit_code, result.output) == (1, "Error: exports/glossary.xlsx: cannot be made\n")
    assert not [name for name in files(newsroom) if name.startswith("exports/")]
    assert [name for name in files(newsroom) if name.endswith(".po")]


def test_a_bug_or_a_kill_beside_leaves_the_spreadsheet_to_the_parent(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the process making the spreadsheet fail otherwise (a bug, the out-of-memory killer),
    the parent makes it, where a bug shows as it would with one process."""
    import signal

    one, two = twins(newsroom, tmp_path)
    alone = invoke(one, "build", "--jobs", "1")
    for name, fail in (("bug", lambda: 1 / 0), ("kill", lambda: os.kill(os.getpid(), signal.SIGKILL))):
        record = tmp_path / f"{name}.txt"
        shutil.rmtree(two)
        shutil.copytree(newsroom, two)
        _exports(monkeypatch, record, fail)
        shared = invoke(two, "build", "--jobs", "2")
        assert (alone.exit_code, output(alone, one)) == (shared.exit_code, output(shared, two))
        assert files(one) == files(two)
        assert record.read_text().split()[-1] == str(os.getpid()) and len(record.read_text().split()) == 2


def test_a_build_that_fails_before_taking_the_spreadsheet_leaves_no_process(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import time

    _exports(monkeypatch, tmp_path / "exports.txt", lambda: time.sleep(30))
    (newsroom / "articles" / "variant-03.txt").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    started = time.perf_counter()
    result = invoke(newsroom, "build", "--jobs", "2")
    assert result.exit_code == 1 and result.output.startswith("Error: articles/variant-03.txt")
    assert time.perf_counter() - started < 20 and multiprocessing.active_children() == []


def test_work_beside_runs_in_the_parent_with_one_job_or_without_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    assert pool.Background(lambda: str(os.getpid()).encode(), 1).result() == str(os.getpid()).encode()
    assert pool.Background(lambda: str(os.getpid()).encode(), 2).result() != str(os.getpid()).encode()
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda: "spawn")
    assert pool.Background(lambda: str(os.getpid()).encode(), 2).result() == str(os.getpid()).encode()


def test_a_worker_failing_while_the_spreadsheet_is_made_beside_leaves_it_unmade(
        newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run failed: the process making the spreadsheet is stopped, and the parent, waiting for
    it, does not make it itself (it would, for a process that died on its own)."""
    import multiprocessing
    import time

    from translator import build

    parent = os.getpid()
    record = tmp_path / "exports.txt"
    _exports(monkeypatch, record, lambda: time.sleep(3))

    def assembled(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise InputError("cannot be published", file="articles/variant-05.txt")
        return published(*args, **kwargs)

    published = build._Version.assembled
    monkeypatch.setattr(build._Version, "assembled", assembled)
    result = invoke(newsroom, "build", "--jobs", "2")
    assert (result.exit_code, result.output) == (1, "Error: articles/variant-05.txt: cannot be published\n")
    if pool._lingering is not None:  # (the parent's thread that waited for the spreadsheet, left by the error)
        pool._lingering.join()
    assert str(parent) not in record.read_text().split()
    assert multiprocessing.active_children() == []


def test_many_glossary_entries_are_checked_over_the_processes_as_one_process_checks_them(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh clone's build (or `glossary check`) checks every entry: spread over the workers in
    slices, in id order as one process finds them."""
    from translator import glossary_checks
    from translator.workspace import load_workspace

    assert invoke(sample, "glossary", "edit", "beijing", "--form", "zh-Hans=北京東城").exit_code == 0  # (a finding)
    monkeypatch.setattr(glossary_checks, "CHECKED_TOGETHER", 2)  # (27 entries: 14 slices, enough to spread)
    record, check = tmp_path / "checked.txt", glossary_checks.check_entry

    def check_entry(entry: Any) -> Any:
        with record.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return check(entry)

    monkeypatch.setattr(glossary_checks, "check_entry", check_entry)
    one, two = twins(sample, tmp_path)
    results = []
    for root, jobs in ((one, 1), (two, 2)):
        workspace = load_workspace(root)
        results.append(glossary_checks.recorded_findings(workspace, *workspace.glossary.load_with_key(), jobs=jobs))
    assert results[0] == results[1] and [finding.code for finding in results[0]] == ["GC04"]
    pids = record.read_text().split()
    assert pids.count(str(os.getpid())) == len(pids) // 2  # (jobs 1 here; jobs 2 in the workers)


def test_work_beside_stopped_while_its_result_is_awaited_ends_once_and_raises_no_other_error() -> None:
    """`stop` (the run failed) and `result` (the thread waiting for the workers) at once: the
    process is ended and the pipe closed once each, and neither raises anything but the run's
    own `TranslatorError` (a second close raised EBADF, which replaced the run's error)."""
    import random
    import threading
    import time

    rng = random.Random(5)
    for _ in range(30):
        beside = pool.Background(lambda: time.sleep(0.03) or b"made", 2)
        outcome: list[object] = []

        def wait(beside: pool.Background = beside, outcome: list[object] = outcome) -> None:
            try:
                outcome.append(beside.result())
            except TranslatorError as error:
                outcome.append(error)

        waiting = threading.Thread(target=wait)
        waiting.start()
        time.sleep(rng.uniform(0, 0.05))
        beside.stop()
        waiting.join()
        assert outcome == [b"made"] or isinstance(outcome[0], TranslatorError), outcome


def test_a_worker_killed_stops_the_work_beside_and_its_waiting_thread_is_waited_for() -> None:
    """As after any error: the process beside is ended (its thread, waiting for it, then ends
    without doing the work itself) and that thread is waited for before the next fork."""
    import multiprocessing
    import time

    beside = pool.Background(lambda: time.sleep(5) or b"made", 2)
    started = time.perf_counter()
    with pytest.raises(TranslatorError, match="a worker process stopped before finishing its work"):
        pool.ordered(_killed_at_nine, list(range(100)), 2, meanwhile=beside.result)
    assert pool._lingering is not None
    pool._settled()
    beside.stop()
    assert time.perf_counter() - started < 4 and multiprocessing.active_children() == []
