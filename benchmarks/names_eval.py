"""Benchmark: the name checks on the public evaluation set, written independently of the rules.

Run: python benchmarks/names_eval.py [--verbose]

`../shared/eval/names/` holds five articles, a 41-entry glossary and 60 translation pairs with
labels, and its own scorer, which runs our command line in fresh workspaces and prints lint
precision and recall and the rows `check` gets right. This script runs that scorer with this
checkout's `translator` and prints its figures with the goals (lint precision and recall at
least 0.95 each, check rows at least 57 of 60). The set is for measuring only: no rule, list or
test of the project names anything in it. A clone of the project alone has no `../shared/`; the
script says so and exits 0.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "names" / "score.py"
GOALS = "goals: lint precision and recall at least 0.95 each, check rows at least 57 of 60"


def _translator() -> str:
    local = ROOT / ".venv" / "bin" / "translator"
    if local.exists():
        return str(local)
    found = shutil.which("translator")
    if found is None:
        raise SystemExit("no translator command: install the project first (pip install -e .)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="also every miss, false finding and wrong row")
    options = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"the evaluation set is not here ({SCORER.parent} is missing): nothing to measure")
        return 0
    command = [sys.executable, str(SCORER), "--translator", _translator()] + (["--verbose"] if options.verbose else [])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, end="", file=sys.stderr)
        return result.returncode
    lint = re.search(r"precision ([\d.]+)\s+recall ([\d.]+)", result.stdout)
    rows = re.search(r"rows (\d+), right (\d+)", result.stdout)
    if lint and rows:
        precision, recall = float(lint.group(1)), float(lint.group(2))
        total, right = int(rows.group(1)), int(rows.group(2))
        met = precision >= 0.95 and recall >= 0.95 and right >= 57
        print(f"\nlint precision {precision:.3f}, recall {recall:.3f}; check rows {right} of {total} "
              f"({GOALS}) -> {'OK' if met else 'BELOW GOAL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
