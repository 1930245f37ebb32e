"""Benchmark: assembling a translated 10 MB article, against translate-toolkit's po2txt.

Run: python benchmarks/assemble_speed.py [--size 10]
Needs translate-toolkit (pip install translate-toolkit) for txt2po and po2txt.

Both tools get every message translated. `translator assemble` re-reads and re-segments the
article, looks up its 105,000 sentences in the ja catalog and joins them for Japanese;
`po2txt -t` merges the same article with a catalog that `txt2po` made of it (one message per
paragraph), every msgstr filled. Both are timed as commands from start to exit, in turns, and the
medians compared. `translator segment` ran first, as in the workflow, so assemble finds the
article's segmentation in .translator/ (assemble without it: delete .translator/segmentation.cache).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus, make_workspace, write_article  # noqa: E402
from segment_speed import fill_translations, timed, tool  # noqa: E402

from translator.formats.po import format_catalog, parse_catalog  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=10.0, help="article size in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (the medians are compared)")
    options = parser.parse_args(argv)
    translator = str(Path(sys.executable).parent / "translator")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workspace = make_workspace(root / "ws", 10_000)
        article = write_article(workspace, "news.txt", corpus(int(options.size * 1_000_000), 10_000))
        subprocess.run([translator, "-w", str(workspace.root), "segment", str(article)], check=True, capture_output=True)
        catalog = workspace.root / "locales" / "ja" / "LC_MESSAGES" / "news.po"
        fill_translations(catalog, "ja")
        ours_command = [translator, "-w", str(workspace.root), "assemble", str(article), "--locale", "ja",
                        "-o", str(root / "ours.ja.txt")]
        ours = timed(ours_command)
        messages = len(parse_catalog(catalog.read_text(encoding="utf-8"), "news.po"))
        print(f"{article.stat().st_size / 1e6:.1f} MB article, {messages:,} messages, every one translated")
        print(f"  translator assemble --locale ja, first run: {ours:6.2f} s")
        txt2po, po2txt = tool("txt2po"), tool("po2txt")
        if not (txt2po and po2txt):
            print("  po2txt: not installed (pip install translate-toolkit)")
            return 0
        theirs_po = root / "theirs.po"
        subprocess.run([txt2po, "-i", str(article), "-o", str(theirs_po)], check=True, capture_output=True)
        parsed = parse_catalog(theirs_po.read_text(encoding="utf-8"), "theirs.po")
        parsed.entries = [replace(entry, msgstr="訳：" + entry.msgid) for entry in parsed.entries]
        theirs_po.write_text(format_catalog(parsed), encoding="utf-8")
        theirs_command = [po2txt, "-t", str(article), "-i", str(theirs_po), "-o", str(root / "theirs.ja.txt")]
        # Each command --repeat times, in turns, and the medians: this machine's speed drifts.
        ours_runs, theirs_runs = [ours], []
        for turn in range(options.repeat):
            theirs_runs.append(timed(theirs_command))
            if turn:
                ours_runs.append(timed(ours_command))
        ours, theirs = statistics.median(ours_runs), statistics.median(theirs_runs)
        print(f"  translator assemble, median of {len(ours_runs)}: {ours:6.2f} s")
        print(f"  po2txt -t (paragraph catalog), median of {len(theirs_runs)}: {theirs:6.2f} s   "
              f"ratio translator/po2txt = {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
