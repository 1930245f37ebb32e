"""Benchmark: start-up of the commands a user runs most (goal: `--help` and `status` ≤ 0.12 s).

Run: python benchmarks/startup.py [--repeat N] [--top N]
Prints the median wall-clock time of `translator --help`, `--version`, `status` and
`glossary find Takaichi` on the sample workspace (the repository root), beside `python -c pass`
from the same interpreter (the floor) and translate-toolkit's `txt2po --help` when it is installed
in the same environment, each with its ratio to the goal; then the slowest imports (`-X importtime`,
cumulative) of `--help` and `status`.

Every process is timed whole, as a user starts it, through the venv's `translator` script. Bytecode
is cached in a temporary folder (PYTHONPYCACHEPREFIX) and each command runs once before it is
timed, so the figures are those of an installed package even where PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 0.12
REPOSITORY = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COMMANDS = (["--help"], ["--version"], ["status"], ["glossary", "find", "Takaichi"])


def environment() -> dict[str, str]:
    """The caller's environment with bytecode cached outside the repository."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "translator-startup-pycache")
    return env


def translator() -> list[str]:
    script = BIN / "translator"
    return [str(script)] if script.exists() else [sys.executable, "-m", "translator"]


def median_seconds(command: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """(median, best) wall-clock seconds of running `command` in the sample workspace."""
    warm_up = subprocess.run(command, cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    if warm_up.returncode != 0:  # timing a failure would time the wrong thing
        sys.exit(f"{' '.join(command)} failed (run this with the Python translator is installed in):\n"
                 f"{warm_up.stderr.strip()}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def slowest_imports(args: list[str], top: int, env: dict[str, str]) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the `top` slowest imports of `translator ARGS`."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "translator", *args], cwd=REPOSITORY,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), int(own), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--top", type=int, default=10, help="imports listed per command (default 10)")
    options = parser.parse_args(argv)
    env = environment()

    rows: list[tuple[str, float, float]] = []
    rows.append(("python -c pass (floor)", *median_seconds([sys.executable, "-c", "pass"], options.repeat, env)))
    txt2po = BIN / "txt2po"
    if txt2po.exists():
        rows.append(("txt2po --help (translate-toolkit)", *median_seconds([str(txt2po), "--help"], options.repeat, env)))
    for args in COMMANDS:
        rows.append((" ".join(["translator", *args]), *median_seconds([*translator(), *args], options.repeat, env)))

    peer = next((median for name, median, _ in rows if name.startswith("txt2po")), None)
    print(f"Start-up on the sample workspace ({REPOSITORY}), median of {options.repeat} runs; goal ≤ {GOAL_SECONDS} s")
    print(f"{'command':<36} {'median':>8} {'best':>8} {'÷ goal':>7}" + (f" {'÷ txt2po':>9}" if peer else ""))
    for name, median, best in rows:
        line = f"{name:<36} {median:>7.3f}s {best:>7.3f}s {median / GOAL_SECONDS:>6.2f}×"
        print(line + (f" {median / peer:>8.2f}×" if peer else ""))

    for args in (["--help"], ["status"]):
        print(f"\nSlowest imports of `translator {' '.join(args)}` (-X importtime, cumulative):")
        for cumulative, own, name in slowest_imports(args, options.top, env):
            print(f"{cumulative / 1000:>8.1f} ms {own / 1000:>7.1f} ms self  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
