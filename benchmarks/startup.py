"""Benchmark: start-up of the commands a user runs most (goal: `--help` and `status` ≤ 0.12 s).

Run: python benchmarks/startup.py [--repeat N] [--top N]
Prints the median wall-clock time of `translator --help`, `--version`, `status` and
`glossary find Takaichi` on the sample workspace (the repository root), beside `python -c pass`
from the same interpreter (the floor) and translate-toolkit's `txt2po --help` when it is installed
in the same environment, each with its ratio to the goal; then the slowest imports (`-X importtime`,
cumulative) of `--help` and `status`.

Every process is timed whole, as a user starts it, through the venv's `translator` script. Bytecode
is cached in a temporary folder (PYTHONPYCACHEPREFIX) and each command runs once before it is
timed, so the figures are those of an installed package (pip writes the .pyc files when it installs)
even where PYTHONDONTWRITEBYTECODE is set; without the cache an editable install compiles every
module of the package anew in every run, 30-60 ms on top (`--no-bytecode` shows it). The commands
are run in turns, one run of each per round, so that a machine whose load changes slows all alike.
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


def environment(bytecode: bool = True) -> dict[str, str]:
    """The caller's environment with bytecode cached outside the repository (or none written)."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "translator-startup-pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def translator() -> list[str]:
    script = BIN / "translator"
    return [str(script)] if script.exists() else [sys.executable, "-m", "translator"]


def median_seconds(commands: dict[str, list[str]], repeat: int, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(median, best) wall-clock seconds of running each command in the sample workspace, in turns."""
    for command in commands.values():
        warm_up = subprocess.run(command, cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True)
        if warm_up.returncode != 0:  # timing a failure would time the wrong thing
            sys.exit(f"{' '.join(command)} failed (run this with the Python translator is installed in):\n"
                     f"{warm_up.stderr.strip()}")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(runs), min(runs)) for name, runs in times.items()}


def slowest_imports(args: list[str], top: int, env: dict[str, str], runs: int = 5) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the `top` slowest imports of `translator ARGS`, each the
    least of `runs` runs (a busy machine only ever adds time)."""
    least: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "translator", *args], cwd=REPOSITORY,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
                continue
            own, cumulative, name = line.removeprefix("import time:").split("|", 2)
            before = least.get(name.rstrip(), (int(cumulative), int(own)))
            least[name.rstrip()] = (min(before[0], int(cumulative)), min(before[1], int(own)))
    return sorted(((cumulative, own, name) for name, (cumulative, own) in least.items()), reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--top", type=int, default=10, help="imports listed per command (default 10)")
    parser.add_argument("--no-bytecode", dest="bytecode", action="store_false",
                        help="write no bytecode cache: every run compiles the package's modules again")
    options = parser.parse_args(argv)
    env = environment(options.bytecode)

    commands = {"python -c pass (floor)": [sys.executable, "-c", "pass"]}
    txt2po = BIN / "txt2po"
    if txt2po.exists():
        commands["txt2po --help (translate-toolkit)"] = [str(txt2po), "--help"]
    for args in COMMANDS:
        commands[" ".join(["translator", *args])] = [*translator(), *args]
    rows = [(name, median, best) for name, (median, best) in median_seconds(commands, options.repeat, env).items()]

    peer = next((median for name, median, _ in rows if name.startswith("txt2po")), None)
    cache = "bytecode cached" if options.bytecode else "no bytecode cache"
    print(f"Start-up on the sample workspace ({REPOSITORY}), median of {options.repeat} runs ({cache}); "
          f"goal ≤ {GOAL_SECONDS} s")
    print(f"{'command':<36} {'median':>8} {'best':>8} {'÷ goal':>7}" + (f" {'÷ txt2po':>9}" if peer else ""))
    for name, median, best in rows:
        line = f"{name:<36} {median:>7.3f}s {best:>7.3f}s {median / GOAL_SECONDS:>6.2f}×"
        print(line + (f" {median / peer:>8.2f}×" if peer else ""))

    for args in (["--help"], ["status"]):
        print(f"\nSlowest imports of `translator {' '.join(args)}` (-X importtime, cumulative, least of 5 runs):")
        for cumulative, own, name in slowest_imports(args, options.top, env):
            print(f"{cumulative / 1000:>8.1f} ms {own / 1000:>7.1f} ms self  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
