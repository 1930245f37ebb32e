"""segment leaves alone what nothing changed: decided by content, never by what a fresh clone lacks."""

from __future__ import annotations

import json
import re

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from translator import catalog, extraction, matching
from translator.cli import cli

CATALOG = Path("locales") / "ja" / "LC_MESSAGES" / "japan-china-talks.po"


def _segment(root: Path) -> str:
    result = CliRunner().invoke(cli, ["-w", str(root), "segment", "--all"])
    assert result.exit_code == 0, result.output
    return result.output


def _merges(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = catalog.merge_catalog

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(str(args[3]))  # the locale
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction, "merge_catalog", counting)
    return calls


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "locales").rglob("*.po*"))}


def test_an_unchanged_article_is_not_merged_again_and_says_the_same(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _segment(sample)  # no record yet: everything is merged
    before = _files(sample)
    merges = _merges(monkeypatch)
    assert _segment(sample) == first
    assert merges == [] and _files(sample) == before


@pytest.mark.parametrize("change", ["glossary", "catalog", "article", "settings", "cache"])
def test_any_change_of_an_input_merges_again(sample: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    _segment(sample)
    expected_from_scratch = sample.parent / "scratch"
    if change == "glossary":
        assert CliRunner().invoke(cli, ["-w", str(sample), "glossary", "edit", "beijing", "--note", "Capital."]).exit_code == 0
    elif change == "catalog":  # as a translator's editor or Weblate would
        path = sample / CATALOG
        path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1) + "\n", encoding="utf-8")
    elif change == "article":
        path = sample / "articles" / "japan-china-talks.txt"
        path.write_text(path.read_text(encoding="utf-8") + "\nOfficials met again on Friday.\n", encoding="utf-8")
    elif change == "cache":
        (sample / ".translator" / "segmented.cache").write_bytes(b"\x00not marshal")
    shutil.copytree(sample, expected_from_scratch, ignore=shutil.ignore_patterns(".translator"))
    merges = _merges(monkeypatch)
    arguments = ["--by", "paragraph"] if change == "settings" else []
    result = CliRunner().invoke(cli, ["-w", str(sample), "segment", "--all", *arguments])
    assert result.exit_code == 0, result.output
    assert sorted(merges) == ["ja", "zh-Hans", "zh-Hant"]
    monkeypatch.undo()
    scratch = CliRunner().invoke(cli, ["-w", str(expected_from_scratch), "segment", "--all", *arguments])
    assert _files(sample) == _files(expected_from_scratch) and result.output.replace(str(sample), "") == \
        scratch.output.replace(str(expected_from_scratch), "")


def _glossary(root: Path, *arguments: str) -> None:
    result = CliRunner().invoke(cli, ["-w", str(root), "glossary", *arguments])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("edit", [
    ("edit", "beijing", "--note", "Capital."),  # an entry the second article does not mention
    ("add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連", "--form", "zh-Hans=大连",
     "--form", "zh-Hant=大連"),  # a new entry nothing mentions yet
])
def test_a_glossary_edit_merges_again_only_the_articles_whose_notes_it_changes(
        sample: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, ...]) -> None:
    other = sample / "articles" / "weather.txt"
    other.write_text("Rain is expected across the region on Friday.\n\nTemperatures will fall.\n", encoding="utf-8")
    _segment(sample)
    before = _files(sample)
    _glossary(sample, *edit)
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator"))
    merges = _merges(monkeypatch)
    output = _segment(sample)
    beijing_note_changed = edit[1] == "beijing"
    assert sorted(merges) == (["ja", "zh-Hans", "zh-Hant"] if beijing_note_changed else [])
    after = _files(sample)
    weather = {name for name in after if "weather" in name}
    assert weather and all(after[name] == before[name] for name in weather)  # not merged, not written
    monkeypatch.undo()
    from_scratch = _segment(scratch)
    assert after == _files(scratch) and output.replace(str(sample), "") == from_scratch.replace(str(scratch), "")
    merges = _merges(monkeypatch)
    assert _segment(sample) == output and merges == []  # the record now holds the new glossary


def test_a_new_glossary_entry_an_article_mentions_merges_it_again(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = sample / "articles" / "weather.txt"
    other.write_text("Rain is expected in Dalian on Friday.\n", encoding="utf-8")
    _segment(sample)
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連",
              "--form", "zh-Hans=大连", "--form", "zh-Hant=大連")
    merges = _merges(monkeypatch)
    _segment(sample)
    assert sorted(merges) == ["ja", "zh-Hans", "zh-Hant"]  # the weather article alone: it mentions Dalian now
    catalog = (sample / "locales" / "ja" / "LC_MESSAGES" / "weather.po").read_text(encoding="utf-8")
    assert "#. glossary: dalian (place" in catalog


def test_a_fresh_clone_without_the_record_gets_the_same_catalogs(sample: Path) -> None:
    _segment(sample)
    kept = _files(sample)
    shutil.rmtree(sample / ".translator")
    _segment(sample)
    assert _files(sample) == kept


def _build(root: Path) -> str:
    result = CliRunner().invoke(cli, ["-w", str(root), "build"])
    assert result.exit_code == 0, result.output
    return result.output


def _work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count what build does again: lint an article, check a catalog, render a page, export."""
    from translator import build, checks, lint

    counts = {"lint": 0, "check": 0, "assemble": 0, "review": 0, "export": 0}
    for module, name, kind in ((lint, "lint_article", "lint"), (checks, "check_catalog", "check"),
                               (build, "assemble_article", "assemble"), (build, "render_review", "review"),
                               (build, "xlsx_bytes", "export")):
        original = getattr(module, name)

        def counting(*args: object, __original: object = original, __kind: str = kind, **kwargs: object) -> object:
            counts[__kind] += 1
            return __original(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, name, counting)
    return counts


def _outputs(root: Path, times: bool = True) -> dict[str, bytes]:
    """Every catalog and export; with `times` False, without the file times review pages show."""
    found = {str(path.relative_to(root)): path.read_bytes()
             for folder in ("locales", "exports") for path in sorted((root / folder).rglob("*")) if path.is_file()}
    return found if times else {name: re.sub(rb"<time>[^<]*</time>", b"", data) for name, data in found.items()}


def test_a_second_build_with_nothing_changed_redoes_nothing(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _build(sample)
    outputs = _outputs(sample)
    counts = _work(monkeypatch)
    assert _build(sample) == first
    assert counts == {"lint": 0, "check": 0, "assemble": 0, "review": 0, "export": 0}
    assert _outputs(sample) == outputs


def test_build_redoes_what_a_change_touches_and_matches_a_build_from_scratch(sample: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _build(sample)
    page = sample / "exports" / "review" / "japan-china-talks.ja.html"
    page.write_text("edited by hand", encoding="utf-8")
    catalog = sample / CATALOG
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("高市早苗", "高市", 1), encoding="utf-8")
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator"))
    counts = _work(monkeypatch)
    output = _build(sample)
    assert counts == {"lint": 0, "check": 1, "assemble": 1, "review": 1, "export": 0}
    monkeypatch.undo()
    assert output.replace(str(sample), "") == _build(scratch).replace(str(scratch), "")
    xlsx = "exports/glossary.xlsx"  # openpyxl stamps a workbook with the time it was made
    # Both builds rewrite the hand-edited catalog, perhaps a second apart: the review pages show when.
    assert {**_outputs(sample, times=False), xlsx: b""} == {**_outputs(scratch, times=False), xlsx: b""}
    assert CliRunner().invoke(cli, ["-w", str(sample), "glossary", "edit", "beijing", "--note", "Capital."]).exit_code == 0
    counts = _work(monkeypatch)
    _build(sample)
    # the notes in every catalog changed, so each is checked again; lint reads no notes
    assert counts == {"lint": 0, "check": 3, "assemble": 3, "review": 3, "export": 1}


def test_a_note_edit_lints_and_checks_nothing_again_and_a_form_edit_does(sample: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """lint and check read no entry's note, status or source: their records outlive edits of
    those; an edit of anything they read (a forbidden form here) that bears on the article makes
    them run again."""
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連",
              "--form", "zh-Hans=大连", "--form", "zh-Hant=大連")
    _build(sample)
    _glossary(sample, "edit", "dalian", "--note", "A port city.", "--status", "approved", "--source", "An atlas.")
    counts = _work(monkeypatch)
    _build(sample)
    assert (counts["lint"], counts["check"]) == (0, 0)
    _glossary(sample, "edit", "osaka", "--forbidden", "en=Consul General in Osaka")  # written in the article
    _build(sample)
    assert (counts["lint"], counts["check"]) == (1, 3)


def _lint_and_check(root: Path) -> tuple[str, str]:
    runner = CliRunner()
    return (runner.invoke(cli, ["-w", str(root), "lint", "--all", "--format", "json"]).output,
            runner.invoke(cli, ["-w", str(root), "check", "--format", "json"]).output)


# Glossary edits, each with whether it bears on the sample article (lint and its three catalogs).
EDITS: list[tuple[tuple[str, ...], bool]] = [
    (("add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "zh-Hans=大连"), False),  # not in it
    (("edit", "dalian", "--forbidden", "en=Dairen"), False),
    (("add", "hu-jintao", "--type", "person", "--form", "en=Hu Jintao", "--family", "en=Hu", "--given", "en=Jintao",
      "--form", "ja=胡錦濤", "--form", "zh-Hans=胡锦涛", "--form", "zh-Hant=胡錦濤"), False),
    (("edit", "masaaki-kanai", "--admitted", "en=Masaki Kanai"), True),  # a near miss becomes a right form
    (("edit", "minoru-kihara", "--form", "en=Minoru KIHARA"), True),  # named in a title's verdict, not in the text
    (("edit", "prime-minister-japan", "--remove-holder", "fumio-kishida"), True),  # "Former ... Fumio Kishida"
    (("edit", "hu-jintao", "--family", "en=Takai"), True),  # a word the article has alone
    (("remove", "osaka"), True),
    (("edit", "sanae-takaichi", "--given", "en=Sanai"), True),
]


@pytest.mark.parametrize("count", range(1, len(EDITS) + 1))
def test_after_glossary_edits_lint_and_check_find_what_a_run_without_records_finds(
        sample: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """A record made from the last build's glossary stands when no entry changed since, as it
    was or as it is, bears on the article or catalog; the findings are those of a run from
    nothing, edit after edit."""
    _build(sample)
    for edit, bears in EDITS[:count]:
        _glossary(sample, *edit)
        counts = _work(monkeypatch)
        _build(sample)
        monkeypatch.undo()
        assert (counts["lint"], counts["check"]) == ((1, 3) if bears else (0, 0)), edit
    kept = _lint_and_check(sample)
    shutil.rmtree(sample / ".translator")
    assert _lint_and_check(sample) == kept


def test_a_character_a_new_entry_allows_checks_the_catalogs_that_have_it_again(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Simplified character in a Traditional translation is an error unless a glossary form
    has it: a new entry with one changes the findings of a catalog that has it nowhere near the
    entry's forms."""
    catalog = sample / "locales" / "zh-Hant" / "LC_MESSAGES" / "japan-china-talks.po"
    text = catalog.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index('msgstr "') + 1) + len('msgstr "')  # the first after the header
    catalog.write_text(text[:at] + "关" + text[at:], encoding="utf-8")
    _build(sample)
    assert "关" in _lint_and_check(sample)[1]
    _glossary(sample, "add", "kansai", "--type", "place", "--form", "en=Kansai", "--form", "zh-Hant=关西")
    counts = _work(monkeypatch)
    _build(sample)
    monkeypatch.undo()
    assert (counts["lint"], counts["check"]) == (0, 1)
    kept = _lint_and_check(sample)
    assert "关" not in kept[1]
    shutil.rmtree(sample / ".translator")
    assert _lint_and_check(sample) == kept


def test_a_review_page_rewritten_as_it_was_is_not_made_again_and_not_read_again(sample: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose size, times or inode changed (a checkout, a copy) is compared by its bytes;
    if they are as written, the record takes its new signature, and the next run only stats it."""
    import os

    from translator import memo

    _build(sample)
    page = sample / "exports" / "review" / "japan-china-talks.ja.html"
    page.write_bytes(page.read_bytes())  # the same bytes, written again
    os.utime(page, (1_000_000_000, 1_000_000_000))
    counts = _work(monkeypatch)
    digests = []
    original = memo.digest

    def counting(*parts: bytes | str) -> bytes:
        digests.append(parts)
        return original(*parts)

    monkeypatch.setattr(memo, "digest", counting)
    _build(sample)
    assert counts["review"] == 0
    read_once = len([parts for parts in digests if parts == (page.read_bytes(),)])
    digests.clear()
    _build(sample)
    assert read_once == 1 and [parts for parts in digests if parts == (page.read_bytes(),)] == []


def _assemble(root: Path, locale: str = "ja") -> tuple[int, str, str]:
    output = root / "out.txt"
    article = root / "articles" / "japan-china-talks.txt"
    result = CliRunner().invoke(cli, ["-w", str(root), "assemble", str(article), "--locale", locale,
                                      "--fallback", "source", "-o", str(output)])
    return result.exit_code, result.output, output.read_text(encoding="utf-8") if output.exists() else ""


def test_assemble_takes_the_segmentation_segment_kept_and_gets_what_splitting_again_gives(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translator import assembly, memo

    _segment(sample)
    assert (sample / ".translator" / "segmentation.cache").exists()
    splits: list[str] = []
    original = assembly.segment_spans

    def counting(text: str, *args: object) -> object:
        splits.append(text)
        return original(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(assembly, "segment_spans", counting)
    kept = _assemble(sample)
    assert splits == [] and kept[0] == 0
    (sample / ".translator" / "segmentation.cache").unlink()
    monkeypatch.setattr(memo, "_segmentations", {})
    assert _assemble(sample) == kept and splits  # split again, the same article


@pytest.mark.parametrize("damage", ["article", "record"])
def test_a_segmentation_record_of_another_text_or_a_damaged_one_is_not_used(
        sample: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    from translator import memo

    _segment(sample)
    article = sample / "articles" / "japan-china-talks.txt"
    if damage == "article":  # edited after segment: the record is of another text (the catalog is stale too)
        article.write_text(article.read_text(encoding="utf-8").replace("Beijing", "Beijing today", 1), encoding="utf-8")
    else:
        (sample / ".translator" / "segmentation.cache").write_bytes(b"\x00not marshal")
    monkeypatch.setattr(memo, "_segmentations", {})
    with_record = _assemble(sample)
    (sample / ".translator" / "segmentation.cache").unlink(missing_ok=True)
    monkeypatch.setattr(memo, "_segmentations", {})
    assert with_record == _assemble(sample)


def _pages(root: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "exports" / "review").glob("*.html"))}


def _without_times(html: str) -> str:
    return re.sub(r"<time>[^<]*</time>", "<time></time>", html)


def test_after_a_glossary_edit_pages_without_the_entry_take_the_new_time_and_are_not_made_again(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page none of whose entries changed, and in whose texts no changed entry is found, is the
    page as it was with when the glossary changed; the rest are made again; all as from scratch."""
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連",
              "--form", "zh-Hans=大连", "--form", "zh-Hant=大連")
    _build(sample)
    before = _pages(sample)
    _glossary(sample, "edit", "dalian", "--note", "A port city.")  # on no page
    from translator import build

    reads: list[object] = []
    original = build.read_catalog
    monkeypatch.setattr(build, "read_catalog", lambda *args, **kwargs: reads.append(args) or original(*args, **kwargs))
    counts = _work(monkeypatch)
    _build(sample)
    assert counts["review"] == 0
    assert reads == []  # a note edit changes no entry's forms: where an entry is found, the page's record says
    after = _pages(sample)
    assert {name: _without_times(html) for name, html in after.items()} == \
        {name: _without_times(html) for name, html in before.items()}
    glossary_time = re.compile(r"<dt>Glossary changed</dt><dd><time>([^<]*)</time>")
    from translator.review import changed_at

    assert {glossary_time.findall(html)[0] for html in after.values()} == {changed_at(sample / "glossary" / "glossary.toml")}
    monkeypatch.undo()
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator", "exports"))
    _build(scratch)
    assert {name: _without_times(html) for name, html in _pages(scratch).items()} == \
        {name: _without_times(html) for name, html in after.items()}


def test_a_page_edited_by_hand_is_made_again_after_a_glossary_edit(sample: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A page is taken as written, with the glossary's new time, only if it is as written: an edit
    by hand, even to the same size, is found by its bytes."""
    _build(sample)
    page = sample / "exports" / "review" / "japan-china-talks.ja.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<html", "<HTML", 1), encoding="utf-8")
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian")  # on no page
    counts = _work(monkeypatch)
    _build(sample)
    assert counts["review"] == 1
    assert "<HTML" not in page.read_text(encoding="utf-8")


def test_review_pages_take_from_check_whether_a_changed_entry_is_in_their_catalog(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check reads each catalog an edit may bear on; whether a changed entry is in its texts,
    which decides whether its review page is made again, is found then, not read again."""
    from translator import build

    _build(sample)
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連")  # on no page
    reads: list[object] = []
    original = build.read_catalog
    monkeypatch.setattr(build, "read_catalog", lambda *args, **kwargs: reads.append(args) or original(*args, **kwargs))
    counts = _work(monkeypatch)
    _build(sample)
    assert (counts["check"], counts["review"], reads) == (0, 0, [])


def test_a_page_made_by_a_build_that_stopped_before_keeping_its_glossary_is_made_again(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page takes the new glossary time as it is only if the last build, whose glossary the
    changes are counted from, made it: here a build stopped after writing its pages, and the
    note edit it showed (of an entry found only in a translation: no catalog changed) was undone."""
    from translator.changes import GlossaryChanges

    _glossary(sample, "add", "asian-affairs-chief", "--type", "title", "--form", "en=Asia Bureau Chief Q",
              "--form", "ja=アジア局長", "--note", "The note as it stays.")
    _build(sample)
    glossary = sample / "glossary" / "glossary.toml"
    before = glossary.read_bytes()
    _glossary(sample, "edit", "asian-affairs-chief", "--note", "An edit that will be undone.")

    def stopped(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(GlossaryChanges, "save", stopped)
    assert CliRunner().invoke(cli, ["-w", str(sample), "build"]).exit_code != 0
    monkeypatch.undo()
    assert "An edit that will be undone." in _pages(sample)["japan-china-talks.ja.html"]
    glossary.write_bytes(before)
    _build(sample)
    assert "The note as it stays." in _pages(sample)["japan-china-talks.ja.html"]


def test_a_new_entry_found_only_in_a_translation_makes_that_page_again(sample: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _build(sample)
    _glossary(sample, "add", "asian-affairs-chief", "--type", "title", "--form", "en=Asia Bureau Chief Q",
              "--form", "ja=アジア局長", "--form", "zh-Hans=亚洲局长Q", "--form", "zh-Hant=亞洲局長Q")
    counts = _work(monkeypatch)
    _build(sample)
    assert counts["review"] >= 1  # the ja page shows the new entry in its translation
    assert "asian-affairs-chief" in _pages(sample)["japan-china-talks.ja.html"]
    # Its note edited: found in that page's texts before, so found there now; the page shows it.
    _glossary(sample, "edit", "asian-affairs-chief", "--note", "Head of the Asian Affairs Bureau.")
    counts = _work(monkeypatch)
    _build(sample)
    assert counts["review"] == 1 and "Head of the Asian Affairs Bureau." in _pages(sample)["japan-china-talks.ja.html"]
    monkeypatch.undo()
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator", "exports"))
    _build(scratch)
    assert {name: _without_times(html) for name, html in _pages(scratch).items()} == \
        {name: _without_times(html) for name, html in _pages(sample).items()}


def test_the_translation_memory_is_read_only_when_a_new_sentence_asks_it(sample: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A merge whose every message is in the old catalog (a translator edited it) reads no other
    catalog; a new sentence does, and is offered what the memory holds, as before."""
    _segment(sample)
    reads: list[str] = []
    original = extraction._memory

    def counting(workspace: object, folder: Path, *args: object) -> object:
        reads.append(folder.parent.name)
        return original(workspace, folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction, "_memory", counting)
    path = sample / CATALOG
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1), encoding="utf-8")
    _segment(sample)
    assert reads == []
    article = sample / "articles" / "japan-china-talks.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOfficials met again on Friday.\n", encoding="utf-8")
    _segment(sample)
    assert sorted(set(reads)) == ["ja", "zh-Hans", "zh-Hant"]


def _searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the glossary is searched in when an article is annotated."""
    from translator.matching import GlossaryMatcher

    searched: list[str] = []
    original = GlossaryMatcher.entries_in

    def counting(self: GlossaryMatcher, text: str) -> object:
        searched.append(text)
        return original(self, text)

    monkeypatch.setattr(GlossaryMatcher, "entries_in", counting)
    return searched


@pytest.mark.parametrize("damage", ["none", "ids", "bytes", "file"])
def test_a_sentence_the_last_merge_searched_is_not_searched_again_under_the_same_glossary(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """The entries each sentence mentions are kept (`mentions.cache`); after an edit only the new
    sentence is searched, a glossary edit searches every one again, and a damaged record is not
    used. The catalogs are those a run without the record makes."""
    import marshal

    article = sample / "articles" / "japan-china-talks.txt"
    _segment(sample)
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("On Tuesday,", "On Tuesday afternoon,", 1), encoding="utf-8")
    record = sample / ".translator" / "mentions.cache"
    if damage == "file":
        record.write_bytes(b"\x00not marshal")
    elif damage != "none":
        version, records = marshal.loads(record.read_bytes())
        for key, (holds_for, digests, ids) in records.items():
            records[key] = (holds_for, digests[:-1] if damage == "bytes" else digests,
                            tuple(("no-such-entry",) for _ in ids) if damage == "ids" else ids)
        record.write_bytes(marshal.dumps((version, records)))
    scratch = tmp_path / "scratch"
    shutil.copytree(sample, scratch)
    shutil.rmtree(scratch / ".translator")
    searched = _searches(monkeypatch)
    _segment(sample)
    new = [sentence for sentence in searched if "afternoon" in sentence]
    assert len(new) == 1 and (searched == new if damage == "none" else len(searched) > 20)
    monkeypatch.undo()
    _segment(scratch)
    assert _files(sample) == _files(scratch)
    # Another glossary: every sentence is searched again (an unchanged one now mentions a new entry).
    for root in (sample, scratch):
        _glossary(root, "add", "tuesday", "--type", "term", "--form", "en=Tuesday", "--form", "ja=火曜日",
                  "--form", "zh-Hans=星期二", "--form", "zh-Hant=星期二")
        article = root / "articles" / "japan-china-talks.txt"
        article.write_text(article.read_text(encoding="utf-8").replace("afternoon", "evening", 1), encoding="utf-8")
    shutil.rmtree(scratch / ".translator")
    searched = _searches(monkeypatch)
    _segment(sample)
    assert len(searched) > 20
    monkeypatch.undo()
    _segment(scratch)
    assert _files(sample) == _files(scratch)
    assert "glossary: tuesday" in (sample / CATALOG).read_text(encoding="utf-8")


def test_mentions_found_with_other_releases_of_the_segmenters_are_searched_again(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = sample / "articles" / "japan-china-talks.txt"
    _segment(sample)
    article.write_text(article.read_text(encoding="utf-8").replace("On Tuesday,", "On Tuesday afternoon,", 1),
                       encoding="utf-8")
    monkeypatch.setattr(extraction, "matching_libraries", lambda: "fugashi 99 (another release)")
    searched = _searches(monkeypatch)
    _segment(sample)
    assert len(searched) > 20


def test_a_glossary_edit_landing_while_segment_runs_is_not_recorded_as_read(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """segment keys its records by the glossary it loaded, not by the file as it is later: an edit
    that lands between the two (another process's `glossary add`) is seen by the next run."""
    from translator.formats.glossary_toml import GlossaryStore

    article = sample / "articles" / "japan-china-talks.txt"
    _segment(sample)
    article.write_text(article.read_text(encoding="utf-8").replace("On Tuesday,", "On Tuesday afternoon,", 1),
                       encoding="utf-8")
    original = GlossaryStore._load
    edits: list[str] = []

    def load_then_edit(self: GlossaryStore, data: bytes | None, few: bool = False) -> object:
        loaded = original(self, data, few)
        if not edits:
            edits.append("tuesday")
            _glossary(sample, "add", "tuesday", "--type", "term", "--form", "en=Tuesday", "--form", "ja=火曜日",
                      "--form", "zh-Hans=星期二", "--form", "zh-Hant=星期二")
        return loaded

    monkeypatch.setattr(GlossaryStore, "_load", load_then_edit)
    _segment(sample)
    monkeypatch.undo()
    assert edits and "glossary: tuesday" not in (sample / CATALOG).read_text(encoding="utf-8")
    _segment(sample)
    scratch = tmp_path / "scratch"
    shutil.copytree(sample, scratch)
    shutil.rmtree(scratch / ".translator")
    _segment(scratch)
    assert _files(sample) == _files(scratch)
    assert "glossary: tuesday" in (sample / CATALOG).read_text(encoding="utf-8")


def test_segment_and_build_with_the_matchers_kept_write_what_new_matchers_write(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    shutil.copytree(sample, scratch)
    made = CliRunner().invoke(cli, ["-w", str(scratch), "build"])
    assert not list((scratch / ".translator").glob("matcher-*"))  # (the sample's glossary is small)
    monkeypatch.setattr(matching, "CACHED_AT", 0)
    first = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    kept = sorted(path.name for path in (sample / ".translator").glob("matcher-*"))
    assert "matcher-en.cache" in kept and "matcher-ja-forbidden.cache" in kept
    for path in (sample / ".translator").iterdir():  # every record but the matchers forgotten
        if not path.name.startswith("matcher-"):
            path.unlink()
    shutil.rmtree(sample / "locales")
    shutil.rmtree(sample / "exports")
    shutil.copytree(scratch / "locales", sample / "locales")  # (as the translators left them)
    (sample / "exports").mkdir()
    monkeypatch.setattr(matching, "_tables", lambda *_: pytest.fail("a matcher was built, not loaded"))
    again = CliRunner().invoke(cli, ["-w", str(sample), "build"])
    assert (made.exit_code, made.output) == (first.exit_code, first.output) == (again.exit_code, again.output)
    assert _files(sample) == _files(scratch)
    assert _exported(sample) == _exported(scratch)


def _exported(root: Path) -> dict[str, bytes]:
    """The files build wrote to exports/, but the glossary's spreadsheet (a zip: its members' times
    are the second it was written)."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "exports").rglob("*"))
            if path.is_file() and path.suffix != ".xlsx"}


def test_the_releases_records_depend_on_are_those_the_standard_library_reads() -> None:
    """`releases` finds a package's release by its folder on the import path, without importing
    importlib.metadata; it must name the same release, and "unknown" for a package not installed."""
    from importlib.metadata import version

    from translator import memo

    names = ("sentencex", "fugashi", "unidic-lite", "jieba", "OpenCC", "pyahocorasick", "click")
    assert [memo._installed(name) for name in names] == [version(name) for name in names]
    memo.releases.cache_clear()
    assert memo.releases("no-such-package-anywhere").startswith("no-such-package-anywhere unknown, Unicode ")


def _entries_checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from translator import glossary_checks

    checked: list[str] = []
    original = glossary_checks.check_entry

    def counting(entry: object) -> object:
        checked.append(entry.id)  # type: ignore[attr-defined]
        return original(entry)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary_checks, "check_entry", counting)
    return checked


def _glossary_findings(root: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["-w", str(root), "glossary", "check", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_after_a_glossary_edit_build_checks_only_the_entries_edited_or_added(sample: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every glossary check reads one entry: a build after an edit takes each other entry's
    findings from the last build, and finds what checking the whole glossary finds."""
    _build(sample)
    _glossary(sample, "edit", "beijing", "--note", "Capital.", "--form", "zh-Hans=北京市")
    _glossary(sample, "add", "dalian", "--type", "place", "--form", "en=Dalian", "--form", "ja=大連",
              "--form", "zh-Hans=大連")  # a Traditional form where Simplified is due: GC04
    checked = _entries_checked(monkeypatch)
    output = _build(sample)
    assert sorted(checked) == ["beijing", "dalian"]
    assert "dalian: error GC04 wrong-script" in output
    monkeypatch.undo()
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator"))
    assert output.replace(str(sample), "") == _build(scratch).replace(str(scratch), "")
    assert _glossary_findings(sample) == _glossary_findings(scratch)


def test_glossary_check_after_an_edit_checks_only_the_entries_edited_and_finds_what_checking_all_finds(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translator.glossary_checks import check_glossary
    from translator.workspace import load_workspace

    assert _glossary_findings(sample) == []  # (each entry's findings kept for the next run)
    _glossary(sample, "edit", "beijing", "--form", "zh-Hans=北京東城")  # 東: Traditional only
    checked = _entries_checked(monkeypatch)
    found = _glossary_findings(sample)
    assert checked == ["beijing"] and [finding["code"] for finding in found] == ["GC04"]
    monkeypatch.undo()
    assert found == [finding.as_dict() for finding in check_glossary(load_workspace(sample).glossary.load())]
    assert _glossary_findings(sample) == found


def test_the_glossary_checks_record_keeps_only_the_current_glossary(sample: Path) -> None:
    """A record of each earlier version of the glossary's findings would grow the state folder
    at every edit (by tens of megabytes for a glossary of 100,000 entries)."""
    from translator.memo import Memo

    _build(sample)
    for note in ("One.", "Two.", "Three."):
        _glossary(sample, "edit", "beijing", "--note", note)
        _build(sample)
    assert len(Memo.load(sample, "glossary-check")._records) == 1  # the current file's findings
    assert len(Memo.load(sample, "glossary-check-entries")._records) == 1  # each entry's, by its values


def test_a_damaged_record_of_an_entrys_findings_is_not_used(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from translator.memo import FORMAT
    from translator.workspace import load_workspace

    _build(sample)
    path = sample / ".translator" / "glossary-check-entries.cache"
    version, records = marshal.loads(path.read_bytes())
    for value in records.values():
        for fingerprint in value:
            value[fingerprint] = ("not", "a finding")
    path.write_bytes(marshal.dumps((FORMAT, records)))
    _glossary(sample, "edit", "beijing", "--note", "Capital.")
    checked = _entries_checked(monkeypatch)
    output = _build(sample)
    assert sorted(checked) == sorted(load_workspace(sample).glossary.load().ids())  # every entry checked again
    monkeypatch.undo()
    scratch = sample.parent / "scratch"
    shutil.copytree(sample, scratch, ignore=shutil.ignore_patterns(".translator"))
    assert output.replace(str(sample), "") == _build(scratch).replace(str(scratch), "")


def test_a_form_edit_that_bears_on_no_article_makes_no_linter_of_the_whole_glossary(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A linter's indexes of 100,000 entries cost seconds: made only where an article is linted."""
    from translator import lint
    from translator.workspace import load_workspace

    _build(sample)
    _glossary(sample, "add", "zebulon-quartermaine", "--type", "person", "--form", "en=Zebulon Quartermaine",
              "--family", "en=Quartermaine", "--given", "en=Zebulon")
    whole = len(load_workspace(sample).glossary.load())
    sizes: list[int] = []
    made = lint.Linter.__init__

    def counting(self: lint.Linter, glossary: Any, *args: Any, **kwargs: Any) -> None:
        sizes.append(len(glossary))
        made(self, glossary, *args, **kwargs)

    monkeypatch.setattr(lint.Linter, "__init__", counting)
    counts = _work(monkeypatch)
    _build(sample)
    assert counts["lint"] == 0 and sizes and whole not in sizes  # (the changed entry's own linter only)
    _glossary(sample, "edit", "osaka", "--forbidden", "en=Consul General in Osaka")  # written in the article
    _build(sample)
    assert counts["lint"] == 1 and whole in sizes


def test_the_glossary_checks_records_are_not_used_after_their_libraries_change(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pypinyin, OpenCC or zhon upgraded: every entry is checked again, the file unchanged."""
    from translator import glossary_checks
    from translator.workspace import load_workspace

    _glossary_findings(sample)
    checked = _entries_checked(monkeypatch)
    _glossary_findings(sample)
    assert checked == []  # (the file's record)
    monkeypatch.setattr(glossary_checks, "glossary_check_libraries", lambda: "pypinyin 99.0")
    _glossary_findings(sample)
    assert sorted(checked) == sorted(load_workspace(sample).glossary.load().ids())
