"""Benchmark: load a 100,000-entry glossary from the text store (goal: at most 1 second).

Run: python benchmarks/glossary_load.py [--entries N] [--repeat R]
It builds a synthetic glossary of people, titles and terms with forms in all four locales,
saves it through the store, and prints the best and median wall-clock load times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from translator.glossary import Entry, Forms, Glossary, Holder
from translator.formats.glossary_toml import GlossaryStore

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold-repeat", type=int, default=2)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        store = GlossaryStore(Path(folder))
        store.save(synthetic_glossary(options.entries))
        size = store.path.stat().st_size
        lines = store.path.read_text(encoding="utf-8").count("\n")
        warm, cold = [], []
        for _ in range(options.repeat):
            started = time.perf_counter()
            loaded = store.load()
            warm.append(time.perf_counter() - started)
            assert len(loaded) == options.entries
        for _ in range(options.cold_repeat):
            store.cache_path.unlink()
            started = time.perf_counter()
            loaded = store.load()
            cold.append(time.perf_counter() - started)
            assert len(loaded) == options.entries
    print(f"glossary load: {options.entries:,} entries, {lines:,} lines, {size / 1e6:.1f} MB")
    best = min(warm)
    print(f"  load (validated cache matches the file): best {best:.3f} s, median {statistics.median(warm):.3f} s "
          f"over {options.repeat} runs; goal at most 1.000 s -> {'OK' if best <= 1.0 else 'TOO SLOW'}")
    print(f"  first load after a hand edit or a fresh clone (full parse and validation): "
          f"best {min(cold):.3f} s over {options.cold_repeat} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
