"""Benchmark: segmenting and updating catalogs, against translate-toolkit's txt2po and msgmerge.

Run: python benchmarks/segment_speed.py [--sizes 1,10] [--glossary 10000]
Needs translate-toolkit (pip install translate-toolkit) for txt2po and GNU gettext for msgmerge.

It prints, for synthetic news-like English articles of about 1 MB and 10 MB:
  1. `translator segment` (one template and three annotated catalogs, sentence by sentence, with
     a 10,000-entry glossary) beside `txt2po -P` on the same text (one template, paragraph by
     paragraph, no glossary), both as commands from start to exit;
  2. bringing the 10 MB article's three translated catalogs up to date after 10 % of its
     paragraphs were edited, beside `msgmerge` of the same catalogs with the new template;
  3. the segment time with the glossary doubled.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus, make_workspace, write_article  # noqa: E402

from translator.extraction import segment_articles  # noqa: E402
from translator.batch import collector_paused  # noqa: E402
from translator.matching import GlossaryMatcher  # noqa: E402
from translator.formats.po import format_catalog, parse_catalog  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def fill_translations(path: Path) -> None:
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path.name)
    catalog.entries = [replace(entry, msgstr="訳：" + entry.msgid) for entry in catalog.entries]
    path.write_text(format_catalog(catalog), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="article sizes in MB, comma-separated")
    parser.add_argument("--glossary", type=int, default=10_000)
    parser.add_argument("--no-msgmerge", action="store_true", help="skip msgmerge, which takes minutes on 10 MB")
    options = parser.parse_args(argv)
    sizes = [float(size) for size in options.sizes.split(",")]
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
            ours = timed([translator, "-w", str(workspace.root), "segment", str(article)])
            slug = article.stem.replace(".", "-")
            template = workspace.root / "locales" / "templates" / f"{slug}.pot"
            messages = sum(1 for line in template.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")) - 1
            print(f"\n{article.stat().st_size / 1e6:.1f} MB article, {len(paragraphs):,} paragraphs, {messages:,} messages")
            print(f"  translator segment (1 template + 3 annotated catalogs): {ours:7.2f} s")
            if txt2po:
                theirs = timed([txt2po, "-P", "-i", str(article), "-o", str(root / f"{slug}.pot")])
                print(f"  txt2po -P (1 template, paragraphs, no glossary):        {theirs:7.2f} s"
                      f"   ratio translator/txt2po = {ours / theirs:.2f}")
            else:
                print("  txt2po: not installed (pip install translate-toolkit)")

        # 2. Update after 10 % of the paragraphs of the largest article changed.
        size = max(sizes)
        slug = f"news-{size:g}mb".replace(".", "-")
        article = workspace.folder("articles") / f"news-{size:g}mb.txt"
        catalogs = {locale: workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po" for locale in workspace.targets}
        for path in catalogs.values():
            fill_translations(path)
        old = root / "old"
        old.mkdir()
        for locale, path in catalogs.items():
            shutil.copy(path, old / f"{locale}.po")
        paragraphs = article.read_text(encoding="utf-8").split("\n\n")
        rng = random.Random(7)
        for index in rng.sample(range(len(paragraphs)), len(paragraphs) // 10):
            paragraphs[index] = paragraphs[index].replace(" on Tuesday ", " on Wednesday ", 1)
        article.write_text("\n\n".join(paragraphs), encoding="utf-8")
        ours = timed([translator, "-w", str(workspace.root), "segment", str(article)])
        print(f"\nupdate after editing 10 % of the {size:g} MB article's paragraphs (catalogs fully translated):")
        print(f"  translator segment (re-segment, template, merge 3 catalogs): {ours:7.2f} s")
        if msgmerge:
            template = workspace.root / "locales" / "templates" / f"{slug}.pot"
            theirs = sum(
                timed([msgmerge, "--quiet", "-o", str(old / f"{locale}.merged.po"), str(old / f"{locale}.po"), str(template)])
                for locale in catalogs
            )
            print(f"  msgmerge of the 3 catalogs with the new template:           {theirs:7.2f} s"
                  f"   ratio translator/msgmerge = {ours / theirs:.2f}")
        else:
            print("  msgmerge: skipped" if options.no_msgmerge else "  msgmerge: not installed (apt-get install gettext)")

        # 3. Doubling the glossary: the same 1 MB article, in-process, glossary loaded beforehand.
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
