"""Benchmark: how much more work two busy Python processes do than one, on this machine.

Run: python benchmarks/two_processes.py [--repeat 3]
It runs two loops, each first in one process alone, then in two processes at once, and prints the
throughput of the two against the one (2.00x: two processes do twice the work in the same time):
  - dict work: counting 300,000 words in a dict, the kind of work translator's passes do
    (dicts, strings, objects spread over memory);
  - small integers: arithmetic that stays in the processor's registers and first-level cache.
Where the first stays well under 2x while the second reaches it, the cores share what the first
needs (caches, memory bandwidth) and no split of such work over processes, `--jobs` included, can
reach 2x. `many_articles.py` measures the same for translator's own build.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from multiprocessing import get_context


def dict_work(rounds: int) -> None:
    rng = random.Random(1)
    words = [f"w{rng.randrange(200_000)}" for _ in range(300_000)]
    for _ in range(rounds):
        counts: dict[str, int] = {}
        for word in words:
            counts[word] = counts.get(word, 0) + 1


def integer_work(rounds: int) -> None:
    value = 0
    for step in range(rounds * 2_000_000):
        value = (value * 31 + step) & 0xFFFF


def timed(work: Callable[[int], None], processes: int, rounds: int) -> float:
    """Seconds from starting `processes` processes doing `work` at once to the last one's exit."""
    context = get_context("fork")
    start = time.perf_counter()
    running = [context.Process(target=work, args=(rounds,)) for _ in range(processes)]
    for process in running:
        process.start()
    for process in running:
        process.join()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    for label, work, rounds in (("dict work", dict_work, 20), ("small integers", integer_work, 3)):
        for _ in range(options.repeat):
            alone, together = timed(work, 1, rounds), timed(work, 2, rounds)
            print(f"{label:15s} one process {alone:5.2f} s, two at once {together:5.2f} s: "
                  f"two do {2 * alone / together:.2f}x the work of one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
