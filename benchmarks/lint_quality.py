"""Benchmark: precision and recall of `translator lint` on the labelled set in tests/.

Run: python benchmarks/lint_quality.py [--show-misses]
The set (tests/lint_labelled.py) holds true near misses, title-holder mismatches, forbidden and
mixed forms, and look-alikes that are not errors, in English, Japanese and Chinese. A finding
counts as right when its (case, code, entry) is expected. The goal is at least 0.9 for both.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lint_labelled import CASES, evaluate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print the cases lint got wrong")
    options = parser.parse_args(argv)
    score, wrong = evaluate()
    languages = Counter(locale.split("-")[0] for locale, *_ in CASES)
    expected = sum(len(case[3]) for case in CASES)
    print(f"labelled set: {len(CASES)} cases ({', '.join(f'{n} {lang}' for lang, n in sorted(languages.items()))}), "
          f"{expected} expected findings, {sum(1 for case in CASES if not case[3])} cases with none")
    print(f"  true positives {score.true_positives}, false positives {score.false_positives}, "
          f"false negatives {score.false_negatives}")
    verdict = "OK" if min(score.precision, score.recall) >= 0.9 else "BELOW GOAL"
    print(f"  precision {score.precision:.3f}, recall {score.recall:.3f} (goal: both at least 0.9) -> {verdict}")
    if options.show_misses:
        for line in wrong:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
