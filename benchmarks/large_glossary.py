"""Benchmark: an editor's commands on a workspace with a large glossary (issue 13: "glossary size
is free"; a glossary edit refreshes only what it touches).

Run: python benchmarks/large_glossary.py [--entries 100000] [--articles 100] [--repeat 3]
It makes a workspace of ARTICLES English articles of about 3 KB (benchmarks/corpus.py) and a
synthetic glossary of ENTRIES people and titles with forms in all four locales, builds it once,
then prints the median of REPEAT whole commands (start to exit, bytecode cached) of each of:
  1. `glossary edit` of one entry's note, as an editor does every day;
  2. `glossary check` right after that edit (each entry's findings are kept: only the edited one
     is checked again), and again with nothing changed;
  3. `lint` of one article after the edit of an admitted form (its records no longer stand);
  4. `glossary export` to XLSX (XlsxWriter; what every build after an edit writes);
  5. `build` after one entry's note edit, and after an admitted form is added to it.
Each figure is taken on the same workspace, one edit before each run, so that every run is after
an edit and not of a glossary the previous run already read.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_workspace, write_stories  # noqa: E402
from startup import environment, translator  # noqa: E402

ENVIRONMENT = environment()  # bytecode cached, as an installed translator has it


def run(command: list[str], allowed: tuple[int, ...] = (0, 1)) -> float:
    """The seconds a whole command took; it must exit with one of `allowed`."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT)
    elapsed = time.perf_counter() - start
    if done.returncode not in allowed:
        sys.exit(f"{' '.join(command[-3:])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        workspace = make_workspace(Path(folder) / "ws", options.entries)
        write_stories(workspace, options.articles, options.entries, rng)
        base = [*translator(), "-w", str(workspace.root)]
        started = time.perf_counter()
        run([*base, "build"])
        print(f"{options.articles} articles of about 3 KB, {options.entries:,}-entry glossary, 3 target locales "
              f"(first build {time.perf_counter() - started:.1f} s)")
        person = "person-1"  # a person of the synthetic glossary (every fifth entry is a title)
        article = str(workspace.folder("articles") / "story-0000.txt")
        counter = iter(range(1_000_000))

        def note() -> list[str]:
            return [*base, "glossary", "edit", person, "--note", f"Edited for the benchmark, {next(counter)}."]

        def admitted() -> list[str]:
            return [*base, "glossary", "edit", person, "--admitted", f"en=Benchmark {next(counter)} Person"]

        def measure(label: str, command: Callable[[], list[str]], before: Callable[[], list[str]] | None = None) -> None:
            times = []
            for _ in range(options.repeat):
                if before is not None:
                    run(before())
                times.append(run(command()))
            print(f"  {label + ':':44s} {statistics.median(times):6.2f} s  [{min(times):.2f}-{max(times):.2f}]", flush=True)

        check, export = [*base, "glossary", "check"], [*base, "glossary", "export", str(Path(folder) / "glossary.xlsx")]
        measure("glossary edit (one entry's note)", note)
        measure("glossary check, after a note edit", lambda: check, note)
        measure("glossary check, nothing changed", lambda: check)
        measure("lint one article, after an admitted form", lambda: [*base, "lint", article], admitted)
        measure("glossary export to XLSX", lambda: export)
        measure("build, after a note edit", lambda: [*base, "build"], note)
        measure("build, after an admitted form", lambda: [*base, "build"], admitted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
