"""A workspace Weblate commits to: build works from a fresh clone with Weblate's edits and headers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from translator.cli import cli

CATALOG = Path("locales") / "zh-Hant" / "LC_MESSAGES" / "japan-china-talks.po"


def _commit_as_weblate(root: Path) -> str:
    """Translate one untranslated message and save the catalog as Weblate does (translate-toolkit's
    writer, Weblate's headers); return the message's source text."""
    from translate.storage import po

    path = root / CATALOG
    store = po.pofile.parsefile(str(path))
    unit = next(unit for unit in store.units if not unit.isheader() and not unit.istranslated() and not unit.isfuzzy())
    unit.target = "（由翻譯平臺填入的譯文。）"
    store.updateheader(add=True, Last_Translator="Jane Doe <jane@example.org>",
                       Language_Team="Chinese (Traditional) <https://weblate.example.org/projects/news/talks/zh_Hant/>",
                       X_Generator="Weblate 5.8.4", PO_Revision_Date="2026-11-29 10:00+0000")
    path.write_bytes(bytes(store))
    return str(unit.source)


def test_build_from_a_fresh_clone_weblate_committed_to(sample: Path) -> None:
    assert not (sample / ".translator").exists()  # nothing but what a clone holds
    source = _commit_as_weblate(sample)
    runner = CliRunner()
    built = runner.invoke(cli, ["-w", str(sample), "build"])
    assert built.exit_code == 0, built.output
    status = json.loads(runner.invoke(cli, ["-w", str(sample), "status", "--format", "json"]).stdout)
    zh_hant = next(row for row in status if row["locale"] == "zh-Hant")
    assert zh_hant["translated"] == 11  # ten in the sample, one from Weblate
    text = (sample / CATALOG).read_text(encoding="utf-8")
    assert "（由翻譯平臺填入的譯文。）" in text and source.split()[0] in text
    for header in ('"X-Generator: Weblate 5.8.4\\n"', '"Last-Translator: Jane Doe <jane@example.org>\\n"',
                   '"X-Source-Language: en\\n"', '"X-Segment-By: sentence\\n"'):
        assert header in text, header  # segment keeps what Weblate wrote and what the article remembers
    again = runner.invoke(cli, ["-w", str(sample), "build"])
    assert again.exit_code == 0 and (sample / CATALOG).read_text(encoding="utf-8") == text
