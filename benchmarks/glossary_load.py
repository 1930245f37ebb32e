"""Benchmark: load a 100,000-entry glossary from the text store (goal: at most 1 second).

Run: python benchmarks/glossary_load.py [--entries N] [--repeat R]
It builds a workspace with a synthetic glossary of people, titles and terms with forms in all four
locales, and prints, each beside the 1 s goal (best of R runs, then the median):
- cold: the first load of a fresh clone (no cache: every entry parsed and validated);
- warm: the load of the file the cache was made from;
- after an edit: the load right after one entry's text changed (that entry alone is parsed and
  validated, the glossary-wide checks run, the cache is rewritten);
and the whole command `translator glossary find X` (start to exit) in the same three situations.
With --segment it also segments a 1 MB article (benchmarks/corpus.py) in workspaces of 10,000 and
of 100,000 entries, the same article and a warm cache in both, and prints the ratio (goal: 1.2):
with what an earlier segment of the same glossary kept of it (the matchers, their indexes and the
glossary's rows file: only the forms and entries the article may mention are read), with those
after one entry of the glossary was edited by hand (the matchers are updated, the index and the
rows file written again), and with no matcher kept (built, and the index written).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus, make_workspace, write_article  # noqa: E402

from translator.formats.glossary_toml import GlossaryStore  # noqa: E402
from translator.glossary import Entry, Forms, Glossary, Holder  # noqa: E402
from translator.workspace import init_workspace  # noqa: E402

FAMILY = ["Takaichi", "Kishida", "Motegi", "Kanai", "Oshima", "Kihara", "Liu", "Xue", "Mao"]
GIVEN = ["Sanae", "Fumio", "Toshimitsu", "Masaaki", "Tadamori", "Minoru", "Jinsong", "Jian", "Ning"]
HAN = "高市岸田茂木金井大島木原劉薛毛早苗文雄敏充正彰理森稔勁松剣寧"


def synthetic_glossary(count: int) -> Glossary:
    entries = []
    for number in range(count):
        family, given = FAMILY[number % len(FAMILY)], GIVEN[(number // 9) % len(GIVEN)]
        han = "".join(HAN[(number >> shift) % len(HAN)] for shift in (0, 3, 6, 9))
        kind = ("person", "person", "person", "title", "term")[number % 5]
        person = kind == "person"
        english = f"{given} {family} {number}" if person else f"Office {number} of {family}"
        entries.append(
            Entry(
                id=f"entry-{number:06d}",
                type=kind,
                status="approved" if number % 3 else "draft",
                forms=(
                    Forms(english, (f"{family.upper()} {given} {number}",) if person else (), (),
                          f"{family} {number}" if person else "", given if person else ""),
                    Forms(han, (), (), han[:2] if person else "", han[2:] if person else ""),
                    Forms(han),
                    Forms(han, (), (han + "誤",)),
                ),
                reading="たかいち さなえ" if person else "",
                romanization="hepburn" if person else "",
                holders=(Holder(f"entry-{number - 3:06d}", date(2020, 1, 1)),) if kind == "title" else (),
                note=f"Synthetic entry {number}" if number % 4 == 0 else "",
            )
        )
    return Glossary.of(entries)


CPU: dict[str, list[float]] = {}  # per label, the CPU seconds of each run (this process and its children)


def _timed(run: Callable[[], object], label: str = "") -> float:
    """The wall-clock time of `run`; its CPU time goes to CPU[label] (on a busy machine the wall
    clock also counts the waits for a core, the CPU time much less)."""
    started, cpu = time.perf_counter(), _cpu()
    run()
    CPU.setdefault(label, []).append(_cpu() - cpu)
    return time.perf_counter() - started


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _edit_one_entry(path: Path, round_: int) -> None:
    """Change the preferred English form of one entry in the middle of the file, as a hand edit."""
    text = path.read_text(encoding="utf-8")
    middle = text.index('\nen = "', len(text) // 2) + len('\nen = "')
    end = text.index('"', middle)
    path.write_text(text[:middle] + f"{text[middle:end].split(' #')[0]} #{round_}" + text[end:], encoding="utf-8")


def _forget_cache(store: GlossaryStore) -> None:
    store.cache_path.unlink(missing_ok=True)
    store.changes_path.unlink(missing_ok=True)
    store.search_path.unlink(missing_ok=True)


def _segment_ratio(translator: str, repeat: int) -> None:
    """The 1 MB segment with 100,000 entries against the same with 10,000, each run on a fresh copy
    of a prepared workspace (so that no run finds the catalogs of the one before), in two
    situations: the glossary unchanged since an earlier run, which kept its matchers
    (`.translator/matcher-*.cache`), and the first run after a glossary edit, which builds them."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paragraphs = corpus(1_000_000, 10_000)
        prepared = {}
        for size in (10_000, 100_000):
            workspace = make_workspace(root / f"glossary-{size}", size)
            write_article(workspace, "news.txt", paragraphs)
            prepared[size] = workspace.root
        shown = {"kept": "kept by an earlier run", "updated": "kept, one glossary entry edited since (updated)",
                 "built": "built (none kept, or more than a thousand entries edited)"}
        for situation in shown:
            if situation == "kept":  # an earlier run of the same glossary, whose other records are not kept
                for size, prepared_root in prepared.items():
                    _segment(translator, prepared_root, root / "earlier", size, "earlier")
                    for kept in [*(root / "earlier" / ".translator").glob("matcher-*"),
                                 *(root / "earlier" / ".translator").glob("glossary-rows.cache")]:
                        shutil.copy(kept, prepared_root / ".translator" / kept.name)
                    shutil.rmtree(root / "earlier")
            elif situation == "updated":  # the glossary file edited by hand since that run
                for prepared_root in prepared.values():
                    _edit_one_entry(prepared_root / "glossary" / "glossary.toml", 0)
            else:
                for prepared_root in prepared.values():
                    for kept in (prepared_root / ".translator").glob("matcher-*"):
                        kept.unlink()
            times: dict[int, list[float]] = {size: [] for size in prepared}
            for round_ in range(repeat):
                for size, prepared_root in prepared.items():
                    times[size].append(_segment(translator, prepared_root, root / "run", size, situation))
                    shutil.rmtree(root / "run")
            small, large = (statistics.median(times[size]) for size in (10_000, 100_000))
            print(f"segment 1 MB, the same article, matchers {shown[situation]} (median of {repeat} runs; range in brackets)")
            for size, median in ((10_000, small), (100_000, large)):
                print(f"  {size:>7,} entries: {median:6.2f} s  [{min(times[size]):.2f}-{max(times[size]):.2f}]; "
                      f"CPU median {statistics.median(CPU[f'segment {situation} {size}']):.2f} s")
            cpu_ratio = statistics.median(CPU[f"segment {situation} 100000"]) / statistics.median(CPU[f"segment {situation} 10000"])
            print(f"  ratio 100,000 / 10,000: {large / small:.2f}, in CPU time {cpu_ratio:.2f} "
                  f"(goal {SEGMENT_GOAL:.1f}: {'OK' if large / small <= SEGMENT_GOAL else 'TOO SLOW'})")


def _segment(translator: str, prepared: Path, copy: Path, size: int, situation: str) -> float:
    """The time of segmenting the article in a copy of the prepared workspace."""
    shutil.copytree(prepared, copy)
    command = [translator, "-w", str(copy), "segment", str(copy / "articles" / "news.txt")]
    return _timed(lambda: subprocess.run(command, capture_output=True, check=True), f"segment {situation} {size}")


def _line(label: str, times: list[float], cpu: list[float]) -> str:
    best = min(times)
    verdict = "OK" if best <= GOAL else "TOO SLOW"
    return (f"  {label:<34} best {best:6.3f} s  median {statistics.median(times):6.3f} s  "
            f"(goal {GOAL:.3f} s: {verdict}); CPU median {statistics.median(cpu):6.3f} s")


GOAL = 1.0
SEGMENT_GOAL = 1.2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="Nobody", help="what `glossary find` looks for")
    parser.add_argument("--segment", action="store_true", help="also the 1 MB segment, 100,000 vs 10,000 entries")
    options = parser.parse_args(argv)
    translator = str(Path(sys.executable).parent / "translator")
    with tempfile.TemporaryDirectory() as folder:
        workspace = init_workspace(Path(folder) / "ws", "en", ("ja", "zh-Hans", "zh-Hant"))
        store = workspace.glossary
        store.save(synthetic_glossary(options.entries))
        size = store.path.stat().st_size
        lines = store.path.read_text(encoding="utf-8").count("\n")
        command = [translator, "-w", str(workspace.root), "glossary", "find", options.query]

        def find() -> None:
            subprocess.run(command, capture_output=True, check=False)

        def load() -> None:
            assert len(store.load()) == options.entries

        times: dict[str, list[float]] = {key: [] for key in ("cold", "warm", "edit", "find cold", "find warm", "find edit")}
        for round_ in range(options.repeat):
            _forget_cache(store)
            times["cold"].append(_timed(load, "cold"))
            times["warm"].append(_timed(load, "warm"))
            _edit_one_entry(store.path, 2 * round_)
            times["edit"].append(_timed(load, "edit"))
            _forget_cache(store)
            times["find cold"].append(_timed(find, "find cold"))
            times["find warm"].append(_timed(find, "find warm"))
            _edit_one_entry(store.path, 2 * round_ + 1)
            times["find edit"].append(_timed(find, "find edit"))
    print(f"glossary load: {options.entries:,} entries, {lines:,} lines, {size / 1e6:.1f} MB; "
          f"{options.repeat} runs each")
    print(_line("load, cold (no cache: fresh clone)", times["cold"], CPU["cold"]))
    print(_line("load, warm (cache matches the file)", times["warm"], CPU["warm"]))
    print(_line("load after a one-entry edit", times["edit"], CPU["edit"]))
    print(f"  whole command: translator glossary find {options.query}")
    print(_line("find, cold", times["find cold"], CPU["find cold"]))
    print(_line("find, warm", times["find warm"], CPU["find warm"]))
    print(_line("find after a one-entry edit", times["find edit"], CPU["find edit"]))
    if options.segment:
        _segment_ratio(translator, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
