"""status and build on a copy of the sample workspace: the full cycle a newsroom runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli


def test_status_table_and_json(sample: Path) -> None:
    table = CliRunner().invoke(cli, ["-w", str(sample), "status"])
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split()[:3] == ["article", "language", "translated"]
    assert "Japanese (ja)" in lines[2] and lines[2].rstrip().endswith("100% ██████████")
    assert "Chinese (Traditional) (zh-Hant)" in lines[4] and lines[4].rstrip().endswith("42% ████░░░░░░")
    rows = json.loads(CliRunner().invoke(cli, ["-w", str(sample), "status", "--format", "json"]).output)
    assert [(r["locale"], r["translated"], r["untranslated"], r["percent"]) for r in rows] == [
        ("ja", 24, 0, 100.0), ("zh-Hans", 24, 0, 100.0), ("zh-Hant", 10, 14, 41.7),
    ]
    assert rows[2]["language"] == "Chinese (Traditional)" and rows[0]["total_words"] == 626


def test_build_publishes_what_is_complete_and_says_what_is_not(sample: Path) -> None:
    result = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert result.exit_code == 0, result.output
    assert "publish  exports/japan-china-talks.ja.txt (24 segments)" in result.output
    assert "publish  exports/japan-china-talks.zh-Hans.txt (24 segments)" in result.output
    assert "export   exports/glossary.xlsx" in result.output
    assert "lint     articles/japan-china-talks.txt:20:1: error LN03 title-holder: on 2025-11-18 the Chief Cabinet " \
        "Secretary was Minoru Kihara, not Tadamori Oshima (glossary: chief-cabinet-secretary-japan)" in result.output
    assert result.output.splitlines()[-4:] == [
        "Published 2 article version(s); 3 review page(s) in exports/review/ for the editors.",
        "Needs a human:",
        "  the source articles: 16 lint error(s); see 'translator lint --all'",
        "  articles/japan-china-talks.txt [zh-Hant, Chinese (Traditional)]: 14 of 24 segments are untranslated or "
        "fuzzy; translate them, or pass --fallback source to publish with the source text",
    ]
    japanese = (sample / "exports" / "japan-china-talks.ja.txt").read_text(encoding="utf-8")
    source = (sample / "articles" / "japan-china-talks.txt").read_text(encoding="utf-8")
    assert japanese.count("\n") == source.count("\n") + 1 and "date_display: \"2025年11月18日\"" in japanese and "高市早苗首相" in japanese and "Takai" not in japanese
    assert sorted(p.name for p in (sample / "exports").iterdir()) == [
        "glossary.xlsx", "japan-china-talks.ja.txt", "japan-china-talks.zh-Hans.txt", "review",
    ]
    assert sorted(p.name for p in (sample / "exports" / "review").iterdir()) == [
        "japan-china-talks.ja.html", "japan-china-talks.zh-Hans.html", "japan-china-talks.zh-Hant.html",
    ]
    for locale in ("ja", "zh-Hans", "zh-Hant"):
        assert f"review   exports/review/japan-china-talks.{locale}.html" in result.output
    assert CliRunner().invoke(cli, ["-w", str(sample), "build", "--strict"]).exit_code == 1


def test_check_errors_hold_a_locale_back(sample: Path) -> None:
    path = sample / "locales" / "zh-Hans" / "LC_MESSAGES" / "japan-china-talks.po"
    path.write_text(path.read_text(encoding="utf-8").replace("刘劲松表示不满", "劉勁松表示不满"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert result.exit_code == 0
    assert "error LG03 wrong-chinese-script" in result.output
    assert "  articles/japan-china-talks.txt [zh-Hans, Chinese (Simplified)]: 2 check error(s) in " in result.output
    assert not (sample / "exports" / "japan-china-talks.zh-Hans.txt").exists()


def test_glossary_errors_appear_in_the_build_summary(sample: Path) -> None:
    path = sample / "glossary" / "glossary.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('en = "Tadamori Oshima"', 'en = "Tadamori Oshimo"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(sample), "build", "--strict"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "glossary tadamori-oshima: error GC02 hepburn-mismatch: en form 'Tadamori Oshimo' does not match the reading "
        "おおしま ただもり, which gives Ōshima Tadamori"
    )
    assert result.output.splitlines()[-1] == "  the glossary: 1 error(s); see 'translator glossary check'"


@pytest.mark.parametrize("command", [["status"], ["check"], ["build"]])
def test_a_broken_catalog_stops_status_check_and_build_with_its_line(sample: Path, command: list[str]) -> None:
    path = sample / "locales" / "zh-Hant" / "LC_MESSAGES" / "japan-china-talks.po"
    broken = path.read_text(encoding="utf-8").replace('msgstr "然而', 'msgstr 然而', 1)
    path.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(sample), *command])
    assert result.exit_code == 1
    line = broken.splitlines().index(next(l for l in broken.splitlines() if l.startswith("msgstr 然而"))) + 1
    assert f"Error: locales/zh-Hant/LC_MESSAGES/japan-china-talks.po:{line}: unexpected 'msgstr'" in result.stderr
    assert path.read_text(encoding="utf-8") == broken


def test_a_broken_glossary_stops_build(sample: Path) -> None:
    path = sample / "glossary" / "glossary.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('type = "place"', 'type = place', 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: glossary/glossary.toml:")
    assert not (sample / "exports" / "glossary.xlsx").exists()


def test_build_takes_the_options_its_summary_suggests(sample: Path) -> None:
    export = sample / "exports" / "japan-china-talks.zh-Hant.txt"
    held = CliRunner().invoke(cli, ["-w", str(sample), "build", "--min-translated", "50"])
    assert held.exit_code == 0
    assert "42% translated, below --min-translated 50" in held.output
    assert not export.exists()
    result = CliRunner().invoke(cli, ["-w", str(sample), "build", "--fallback", "source"])
    assert result.exit_code == 0, result.output
    assert "publish  exports/japan-china-talks.zh-Hant.txt (24 segments, 14 kept in the source language)" in result.output
    assert "Published 3 article version(s); 3 review page(s)" in result.output
    assert "  exports/japan-china-talks.zh-Hant.txt: published with 14 of 24 segments in the source language" \
        in result.output
    partial = export.read_text(encoding="utf-8")
    assert "The post was later deleted." in partial and "北京" in partial
    assert CliRunner().invoke(cli, ["-w", str(sample), "build", "--strict", "--fallback", "source"]).exit_code == 1
    again = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert "exports/japan-china-talks.zh-Hant.txt is from an earlier run" in again.output
    export.unlink()
    assert "Published 3" in CliRunner().invoke(cli, ["-w", str(sample), "build", "--min-translated", "40"]).output
    assert export.exists()


def test_review_pages_of_build_are_the_pages_review_writes(sample: Path) -> None:
    """build shares matchers and its lint and check findings between pages; the pages must be
    exactly what `translator review` makes for each article on its own."""
    from translator.review import render_review, review_article
    from translator.workspace import load_workspace

    catalog = sample / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("高市早苗", "高市", 1), encoding="utf-8")
    assert CliRunner().invoke(cli, ["-w", str(sample), "build"]).exit_code == 0
    workspace = load_workspace(sample)
    pages = sorted((sample / "exports" / "review").glob("*.html"))
    assert len(pages) == 3
    for page in pages:
        slug, locale = page.stem.rsplit(".", 1)
        alone = render_review(review_article(workspace, sample / "articles" / f"{slug}.txt", locale))
        assert page.read_text(encoding="utf-8") == alone, page.name


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_makes_each_languages_matcher_once(sample: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    """Lint, segment, check and the review pages search the glossary in the same languages: each
    language's matcher of it is made once in the run, and workers inherit it."""
    from collections import Counter

    from translator.matching import GlossaryMatcher

    made: Counter[tuple[int, str, bool]] = Counter()
    make = GlossaryMatcher.__init__

    def counted(self: GlossaryMatcher, glossary: object, locale: str, forbidden_only: bool = False,
                within: object = None) -> None:
        made[(id(glossary), locale, forbidden_only)] += 1
        make(self, glossary, locale, forbidden_only, within)  # type: ignore[arg-type]

    monkeypatch.setattr(GlossaryMatcher, "__init__", counted)
    result = CliRunner().invoke(cli, ["-w", str(sample), "build", "--jobs", jobs])
    assert result.exit_code == 0, result.output
    glossary = Counter(key[0] for key in made).most_common(1)[0][0]  # the run's glossary, of all that were searched
    full = {locale: count for (which, locale, forbidden), count in made.items() if which == glossary and not forbidden}
    assert full == {"en": 1, "ja": 1, "zh-Hans": 1, "zh-Hant": 1}


def test_an_article_met_twice_through_a_link_is_reported_alike_by_every_build(sample: Path) -> None:
    """Its catalogs' findings count twice, as its two paths do: in the build that checks them and
    in the builds after, which take them from the record; nor is its review page made again."""
    import re

    (sample / "articles" / "alias.txt").symlink_to("japan-china-talks.txt")
    catalog = sample / "locales" / "zh-Hans" / "LC_MESSAGES" / "japan-china-talks.po"
    catalog.write_text(re.sub(r'(msgstr ")([^"\n]+)', r"\1の\2", catalog.read_text(encoding="utf-8"), count=1),
                       encoding="utf-8")
    page = sample / "exports" / "review" / "japan-china-talks.zh-Hans.html"
    runs, pages = [], []
    for _ in range(3):
        result = CliRunner().invoke(cli, ["-w", str(sample), "build"])
        runs.append(re.findall(r"\d+ check error\(s\) in \S+", result.output))
        pages.append((page.read_bytes(), page.stat().st_ino))
    assert runs[0] and runs[0] == runs[1] == runs[2]
    assert pages[0] == pages[1] == pages[2]  # (the same file: not written again)
