"""Benchmark: segmenting and updating catalogs, against translate-toolkit's txt2po and msgmerge.

Run: python benchmarks/segment_speed.py [--sizes 1,10] [--glossary 10000] [--repeat 3] [--no-glossary-doubling]
(--repeat: runs of each first segment, in turns with txt2po's, and of each update; the medians of their
times are shown, and of the first segments the largest peak memory)
Needs translate-toolkit (pip install translate-toolkit) for txt2po and GNU gettext for msgmerge.

It prints, for synthetic news-like English articles of about 1 MB and 10 MB:
  1. `translator segment` (one template and three annotated catalogs, sentence by sentence, with
     a 10,000-entry glossary) beside `txt2po -P` on the same text (one template, paragraph by
     paragraph, no glossary), both as commands from start to exit: time and peak memory;
  2. bringing the largest article's translated catalogs up to date after 10 % of its paragraphs
     were edited, with one target (ja) and with three, beside `msgmerge -N` of the ja catalog with
     the new template: time, peak memory (beside txt2po's), and how precise the fuzzy guesses are
     (edited sentences paired with their own previous version; guesses from another sentence
     that name a glossary entry the sentence does not mention);
  3. the segment time with the glossary doubled.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus, make_workspace as make_three_target_workspace, synthetic_glossary, write_article  # noqa: E402
from startup import environment  # noqa: E402

from translator.extraction import segment_articles  # noqa: E402
from translator.batch import collector_paused  # noqa: E402
from translator.matching import GlossaryMatcher  # noqa: E402
from translator.formats.po import Catalog, format_catalog, parse_catalog  # noqa: E402
from translator.workspace import Workspace, init_workspace  # noqa: E402

BIN = Path(sys.executable).parent
ENVIRONMENT = environment()  # bytecode cached, as installed tools have it (translate-toolkit's too)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    return time.perf_counter() - started


def measured(command: list[str], before: Callable[[], None] | None = None) -> tuple[float, int]:
    """(seconds, peak resident memory in kB) of a command from start to exit, in a child process of
    its own so that the peak is the command's alone."""
    if before is not None:
        before()
    probe = ("import resource, subprocess, sys, time; started = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    seconds, rss = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True,
                                  text=True, env=ENVIRONMENT).stdout.split()
    return float(seconds), int(rss)


def make_workspace(folder: Path, glossary_size: int, targets: tuple[str, ...] = ("ja", "zh-Hans", "zh-Hant")) -> Workspace:
    if targets == ("ja", "zh-Hans", "zh-Hant"):
        return make_three_target_workspace(folder, glossary_size)
    workspace = init_workspace(folder, "en", targets)
    workspace.glossary.save(synthetic_glossary(glossary_size))
    return workspace


def glossary_ids(notes: Iterable[str]) -> frozenset[str]:
    return frozenset(note.split()[1] for note in notes if note.startswith("glossary: "))


def report_pairing(old: Catalog, new: Catalog) -> None:
    """How precise the update's guesses are. The benchmark's edit turns " on Tuesday " into
    " on Wednesday " in one sentence of a paragraph, so an edited sentence's own previous version
    is known; every other fuzzy guess is another sentence's translation, and it must not name a
    glossary entry (a person, a title) that the sentence does not mention."""
    before = {entry.msgid: entry for entry in old.entries if not entry.obsolete}
    edited = own = other_guess = foreign = differing = no_guess = 0
    for entry in new.entries:
        if entry.obsolete or entry.msgid in before:
            continue
        previous = entry.msgid.replace(" on Wednesday ", " on Tuesday ", 1)
        if previous != entry.msgid and previous in before:
            edited += 1
            if entry.previous_msgid == previous and "fuzzy" in entry.flags:
                own += 1
                continue
        if "fuzzy" not in entry.flags or entry.previous_msgid is None:
            no_guess += 1
            continue
        other_guess += 1
        mine = glossary_ids(entry.extracted_comments)
        theirs = glossary_ids(before[entry.previous_msgid].extracted_comments) if entry.previous_msgid in before else frozenset()
        foreign += not theirs <= mine
        differing += theirs != mine
    print(f"  precision (ja): {own:,} of {edited:,} edited sentences paired with their own previous version;"
          f" {other_guess:,} guesses from another sentence, of which {foreign:,} name a glossary entry the sentence"
          f" does not ({differing:,} with different glossary ids); {no_guess:,} new messages without a guess")


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def fill_translations(path: Path, locale: str) -> None:
    """Translate every message, each locale otherwise (as translators do: no layout of one
    locale's translation serves another's)."""
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path.name)
    catalog.entries = [replace(entry, msgstr=f"訳（{locale}）：" + entry.msgid) for entry in catalog.entries]
    path.write_text(format_catalog(catalog), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="article sizes in MB, comma-separated")
    parser.add_argument("--glossary", type=int, default=10_000)
    parser.add_argument("--no-msgmerge", action="store_true", help="skip msgmerge -N")
    parser.add_argument("--msgmerge-fuzzy", action="store_true",
                        help="also time msgmerge --previous (fuzzy matching), which takes minutes on 10 MB")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each first segment (in turns with txt2po) and each update (the medians are shown)")
    parser.add_argument("--no-glossary-doubling", action="store_true", help="skip part 3")
    options = parser.parse_args(argv)
    sizes = [float(size) for size in options.sizes.split(",")]
    txt2po_rss = 0
    txt2po, msgmerge = tool("txt2po"), None if options.no_msgmerge else tool("msgmerge")
    translator = str(BIN / "translator")
    print(f"glossary: {options.glossary:,} entries; targets ja, zh-Hans, zh-Hant")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workspace = make_workspace(root / "ws", options.glossary)
        subprocess.run([translator, "-w", str(workspace.root), "glossary", "list"], check=True, capture_output=True)
        for size in sizes:
            paragraphs = corpus(int(size * 1_000_000), options.glossary)
            article = write_article(workspace, f"news-{size:g}mb.txt", paragraphs)
            slug = article.stem.replace(".", "-")
            # The first segment, `--repeat` times in turns with txt2po: each on a copy of the
            # workspace as it is now but the last, on the workspace itself (the medians shown).
            runs: list[tuple[float, int]] = []
            theirs_runs: list[tuple[float, int]] = []
            for trial in range(options.repeat):
                if trial < options.repeat - 1:
                    copy = root / f"trial-{trial}"
                    shutil.copytree(workspace.root, copy)
                    runs.append(measured([translator, "-w", str(copy), "segment", str(copy / article.relative_to(workspace.root))]))
                    shutil.rmtree(copy)
                else:
                    runs.append(measured([translator, "-w", str(workspace.root), "segment", str(article)]))
                if txt2po:
                    theirs_runs.append(measured([txt2po, "-P", "-i", str(article), "-o", str(root / f"{slug}.pot")]))
            ours, ours_rss = median(run[0] for run in runs), max(run[1] for run in runs)
            template = workspace.root / "locales" / "templates" / f"{slug}.pot"
            messages = sum(1 for line in template.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")) - 1
            print(f"\n{article.stat().st_size / 1e6:.1f} MB article, {len(paragraphs):,} paragraphs, {messages:,} messages")
            print(f"  translator segment (1 template + 3 annotated catalogs): {ours:7.2f} s  {ours_rss / 1e3:6.0f} MB")
            if txt2po:
                theirs, txt2po_rss = median(run[0] for run in theirs_runs), max(run[1] for run in theirs_runs)
                print(f"  txt2po -P (1 template, paragraphs, no glossary):        {theirs:7.2f} s  {txt2po_rss / 1e3:6.0f} MB"
                      f"   ratio translator/txt2po = {ours / theirs:.2f} in time, {ours_rss / txt2po_rss:.2f} in memory")
            else:
                print("  txt2po: not installed (pip install translate-toolkit)")

        # 2. Update after 10 % of the paragraphs of the largest article changed.
        size = max(sizes)
        slug = f"news-{size:g}mb".replace(".", "-")
        article = workspace.folder("articles") / f"news-{size:g}mb.txt"
        catalogs = {locale: workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po" for locale in workspace.targets}
        template = workspace.root / "locales" / "templates" / f"{slug}.pot"
        for locale, path in catalogs.items():
            fill_translations(path, locale)
        old = root / "old"
        old.mkdir()
        for locale, path in catalogs.items():
            shutil.copy(path, old / f"{locale}.po")
        shutil.copy(template, old / "template.pot")
        shutil.copy(article, old / "article.txt")
        # The same article and Japanese catalog in a workspace with one target.
        single = make_workspace(root / "ws1", options.glossary, ("ja",))
        subprocess.run([translator, "-w", str(single.root), "glossary", "list"], check=True, capture_output=True)
        single_article = single.folder("articles") / article.name
        single_catalog = single.root / "locales" / "ja" / "LC_MESSAGES" / f"{slug}.po"
        single_template = single.root / "locales" / "templates" / f"{slug}.pot"
        # Its template is its own (a template lists the glossary forms of its workspace's targets).
        shutil.copy(old / "article.txt", single_article)
        subprocess.run([translator, "-w", str(single.root), "segment", str(single_article)], check=True, capture_output=True)
        shutil.copy(single_template, old / "template-ja.pot")
        paragraphs = article.read_text(encoding="utf-8").split("\n\n")
        rng = random.Random(7)
        for index in rng.sample(range(len(paragraphs)), len(paragraphs) // 10):
            paragraphs[index] = paragraphs[index].replace(" on Tuesday ", " on Wednesday ", 1)
        edited_text = "\n\n".join(paragraphs)

        def restore_three() -> None:
            for locale, path in catalogs.items():
                shutil.copy(old / f"{locale}.po", path)
            shutil.copy(old / "template.pot", template)
            article.write_text(edited_text, encoding="utf-8")

        def restore_one() -> None:
            shutil.copy(old / "ja.po", single_catalog)
            shutil.copy(old / "template-ja.pot", single_template)
            single_article.write_text(edited_text, encoding="utf-8")

        one = [measured([translator, "-w", str(single.root), "segment", str(single_article)], restore_one)
               for _ in range(options.repeat)]
        three = [measured([translator, "-w", str(workspace.root), "segment", str(article)], restore_three)
                 for _ in range(options.repeat)]
        one_time, one_rss = median(t for t, _ in one), max(r for _, r in one)
        three_time, three_rss = median(t for t, _ in three), max(r for _, r in three)
        print(f"\nupdate after editing 10 % of the {size:g} MB article's paragraphs (catalogs fully translated;"
              f" median of {options.repeat}):")
        print(f"  translator segment, 1 target (template + ja):      {one_time:7.2f} s  {one_rss / 1e3:6.0f} MB")
        print(f"  translator segment, 3 targets (template + 3):      {three_time:7.2f} s  {three_rss / 1e3:6.0f} MB"
              f"   ratio 3 targets/1 = {three_time / one_time:.2f}")
        if txt2po_rss:
            print(f"  peak memory, 1 target / txt2po -P of the article: {one_rss / txt2po_rss:.2f};"
                  f" 3 targets / txt2po: {three_rss / txt2po_rss:.2f}")
        if msgmerge:
            merged = old / "ja.merged.po"
            runs = [measured([msgmerge, "--quiet", "-N", "-o", str(merged), str(old / "ja.po"), str(single_template)])
                    for _ in range(options.repeat)]
            theirs, theirs_rss = median(t for t, _ in runs), max(r for _, r in runs)
            print(f"  msgmerge -N of the ja catalog with the new template: {theirs:7.2f} s  {theirs_rss / 1e3:6.0f} MB"
                  f"   ratio translator 1 target/msgmerge -N = {one_time / theirs:.2f}")
            if options.msgmerge_fuzzy:
                fuzzy_time = timed([msgmerge, "--quiet", "--previous", "-o", str(merged), str(old / "ja.po"),
                                    str(single_template)])
                print(f"  msgmerge --previous (fuzzy matching), ja:          {fuzzy_time:7.2f} s")
        else:
            print("  msgmerge: skipped" if options.no_msgmerge else "  msgmerge: not installed (apt-get install gettext)")
        report_pairing(parse_catalog((old / "ja.po").read_text(encoding="utf-8"), "old ja.po"),
                       parse_catalog(single_catalog.read_text(encoding="utf-8"), "ja.po"))

        # 3. Doubling the glossary: the same 1 MB article, in-process, glossary loaded beforehand.
        if options.no_glossary_doubling:
            return 0
        paragraphs = corpus(1_000_000, options.glossary)
        results = []
        for glossary_size in (options.glossary, options.glossary * 2):
            other = make_workspace(root / f"g{glossary_size}", glossary_size)
            path = write_article(other, "news.txt", paragraphs)
            glossary = other.glossary.load()
            best = build = float("inf")
            for _ in range(3):
                shutil.rmtree(other.folder("locales"))
                started = time.perf_counter()
                segment_articles(other, [path], glossary)
                best = min(best, time.perf_counter() - started)
                with collector_paused():  # as during a segment run
                    started = time.perf_counter()
                    GlossaryMatcher(glossary, "en")
                    build = min(build, time.perf_counter() - started)
            results.append((best, build))
            print(f"\nsegment the 1 MB article with a {glossary_size:,}-entry glossary: {best:.2f} s (best of 3), "
                  f"of which {build:.2f} s builds the glossary's search automaton")
        (first, first_build), (second, second_build) = results
        print(f"  doubling the glossary changes the segment time by a factor of {second / first:.2f}; "
              f"without building the automaton (once per run, like loading the glossary) "
              f"{(second - second_build) / (first - first_build):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
