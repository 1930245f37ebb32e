"""Benchmark: `build` and `segment --all` over many small articles (a newsroom's daily run).

Run: python benchmarks/many_articles.py [--articles 1000] [--glossary 1000] [--translated 0.5]
It makes a workspace of ARTICLES English articles of about 3 KB each (synthetic news from
benchmarks/corpus.py), a glossary of GLOSSARY entries and three target locales, translates a
share of each article's Japanese messages the first time through (so the translation memory has
something to offer), and prints, each as a whole command from start to exit:
  1. `segment --all` cold (no catalogs yet), after the translators' edits, then again with
     nothing changed;
  2. `build` (lint, segment, check, publish) after that, then again with nothing changed;
  3. the goals of issue 13: build cold <= 15 s, build unchanged <= 2 s.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_workspace, paragraph  # noqa: E402

from translator.formats.po import format_catalog, parse_catalog  # noqa: E402


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):  # build and segment exit 1 on findings, never on success
        sys.exit(f"{' '.join(command[-2:])} failed:\n{finished.stderr[-2000:]}")
    return elapsed


def translate_some(catalog: Path, share: float, rng: random.Random) -> None:
    parsed = parse_catalog(catalog.read_text(encoding="utf-8"), catalog.name)
    parsed.entries = [replace(entry, msgstr="訳：" + entry.msgid) if rng.random() < share and not entry.msgstr
                      else entry for entry in parsed.entries]
    catalog.write_text(format_catalog(parsed), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--glossary", type=int, default=1000)
    parser.add_argument("--translated", type=float, default=0.5, help="share of ja messages translated")
    options = parser.parse_args(argv)
    translator = str(Path(sys.executable).parent / "translator")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        workspace = make_workspace(Path(folder) / "ws", options.glossary)
        for number in range(options.articles):
            text, paragraphs = "", []
            while len(text) < 3000:
                paragraphs.append(paragraph(rng, options.glossary))
                text = "\n\n".join(paragraphs)
            (workspace.folder("articles") / f"story-{number:04d}.txt").write_text(text + "\n", encoding="utf-8")
        base = [translator, "-w", str(workspace.root)]
        print(f"{options.articles} articles of about 3 KB, {options.glossary}-entry glossary, 3 target locales")
        cold = timed([*base, "segment", "--all"])
        for catalog in sorted((workspace.folder("locales") / "ja" / "LC_MESSAGES").glob("*.po")):
            translate_some(catalog, options.translated, rng)
        edited = timed([*base, "segment", "--all"])
        again = timed([*base, "segment", "--all"])
        print(f"  segment --all, cold:               {cold:7.2f} s")
        print(f"  segment --all, after translators:  {edited:7.2f} s   (every ja catalog edited)")
        print(f"  segment --all, nothing changed:    {again:7.2f} s   ({again / cold:.2f}x cold)")
        build = timed([*base, "build"])
        build_again = timed([*base, "build"])
        print(f"  build after segment:               {build:7.2f} s   (goal for a cold build: <= 15 s)")
        print(f"  build, nothing changed:            {build_again:7.2f} s   (goal: <= 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
