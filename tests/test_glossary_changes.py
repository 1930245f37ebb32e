"""After a glossary edit, lint and check reuse a record only where no changed entry bears on it:
random edits drawn from the articles' own words (forms found in them, near misses of them,
holders of titles they mention), each compared with a run that has no record."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.changes import checked_glossary
from translator.checks import check_articles
from translator.cli import cli
from translator.formats.po import parse_catalog
from translator.lint import lint_articles
from translator.workspace import find_workspace

REPOSITORY = Path(__file__).resolve().parent.parent


def _workspace(root: Path) -> Path:
    """The sample workspace, with a Japanese and a Chinese article made of its translations (so
    that lint's Japanese and Chinese name searches have text too)."""
    root.mkdir()
    for name in ("translator.toml", "articles", "glossary", "locales"):
        source = REPOSITORY / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "exports").mkdir()
    for locale, slug in (("ja", "tokyo-notes"), ("zh-Hant", "taipei-notes")):
        catalog = parse_catalog((root / "locales" / locale / "LC_MESSAGES" / "japan-china-talks.po").read_text(encoding="utf-8"), "x")
        texts = [entry.msgstr for entry in catalog.entries if entry.msgstr]
        (root / "articles" / f"{slug}.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    return root


def _texts(root: Path) -> dict[str, list[str]]:
    """The words and runs of each language the articles and translations have, to draw forms from."""
    english = (root / "articles" / "japan-china-talks.txt").read_text(encoding="utf-8")
    found = {"en": re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", english),
             "en words": re.findall(r"(?<![A-Za-z] )\b[A-Z][a-z]{3,}\b(?! [A-Z])", english)}  # standing alone
    for locale, slug in (("ja", "tokyo-notes"), ("zh-Hant", "taipei-notes")):
        text = (root / "articles" / f"{slug}.txt").read_text(encoding="utf-8")
        runs = re.findall(r"[\u3040-\u30ff\u3400-\u9fff]{2,}", text)
        found[locale] = [run[start:start + size] for run in runs for size in (2, 3, 4) for start in range(0, len(run) - size + 1, 3)]
        found[f"{locale} words"] = re.findall(r"[\u30a1-\u30fa\u30fc]{4,}", text) or ["ポッドキャスト"]
    return found


def _near(rng: random.Random, text: str) -> str:
    """The text, or it with one character changed (a near miss), or one more letter."""
    choice = rng.random()
    if choice < 0.4 or len(text) < 3:
        return text
    at = rng.randrange(1, len(text))
    if text.isascii():
        return text[:at] + rng.choice("aeiouns") + text[at + (choice < 0.7):]
    return text[:at] + rng.choice("林田中山雄郎介高市") + text[at + 1:]


def _edit(rng: random.Random, root: Path, glossary_ids: list[str], texts: dict[str, list[str]], number: int) -> list[str]:
    """One random glossary edit, as an editor makes it on the command line."""
    kind = rng.choice(["form", "admitted", "forbidden", "family", "new person", "new term", "holder", "remove holder",
                       "remove", "note", "reading", "near miss", "near miss", "near miss"])
    locale = rng.choice(["en", "ja"] if kind == "near miss" else ["en", "ja", "zh-Hant"])
    text = _near(rng, rng.choice(texts[locale]))
    entry = rng.choice(glossary_ids)
    if kind in ("form", "admitted", "forbidden", "family"):
        return ["edit", entry, f"--{kind}", f"{locale}={text}"] if kind != "family" or entry.count("-") == 1 else \
            ["edit", entry, "--note", f"edit {number}"]
    if kind == "new person":
        if locale == "en" and " " in text:
            given, family = text.split(" ", 1)
            return ["add", f"person-{number}", "--type", "person", "--form", f"en={text}", "--family", f"en={family}",
                    "--given", f"en={given}", "--no-suggest"]
        return ["add", f"person-{number}", "--type", "person", "--form", f"{locale}={text}", "--no-suggest"]
    if kind == "near miss":  # a person whose family name is one letter off a word the article has alone
        word = rng.choice(texts[f"{'en' if locale == 'en' else 'ja'} words"])
        at = rng.randrange(1, len(word))
        if locale == "en":
            family = word[:at] + rng.choice("aeiou") + word[at + 1:]
            return ["add", f"person-{number}", "--type", "person", "--form", f"en=Li {family}", "--family", f"en={family}",
                    "--given", "en=Li", "--no-suggest"]
        family = word[:at] + rng.choice("アイウエオカキクケコ") + word[at + 1:]
        return ["add", f"person-{number}", "--type", "person", "--form", f"ja={family}・リー", "--family", f"ja={family}",
                "--given", "ja=リー", "--no-suggest"]
    if kind == "new term":
        return ["add", f"term-{number}", "--type", "term", "--form", f"{locale}={text}", "--no-suggest"]
    titles = [entry_id for entry_id in glossary_ids if "minister" in entry_id or "secretary" in entry_id
              or "director" in entry_id or "speaker" in entry_id or "consul" in entry_id or "spokesperson" in entry_id]
    people = [entry_id for entry_id in glossary_ids if entry_id.count("-") == 1 and entry_id not in ("nikkei-asia",)]
    if kind == "holder":
        year = rng.choice([2019, 2022, 2025])
        return ["edit", rng.choice(titles), "--holder", f"{rng.choice(people)} from {year}-01-01"]
    if kind == "remove holder":
        return ["edit", rng.choice(titles), "--remove-holder", rng.choice(people)]
    if kind == "remove":
        return ["remove", entry]
    if kind == "reading":
        return ["edit", rng.choice(people), "--reading", rng.choice(["たかい さなえ", "かない まさき", "きしだ ふみお"])]
    return ["edit", entry, "--note", f"edit {number}"]


def _findings(root: Path, recorded: bool) -> tuple[list[object], list[object]]:
    """Lint (each article in its own language) and check findings, through the records or without."""
    workspace = find_workspace(root)
    glossary, _, changes = checked_glossary(workspace)
    paths = sorted((root / "articles").glob("*.txt"))
    sources = {"japan-china-talks.txt": "en", "tokyo-notes.txt": "ja", "taipei-notes.txt": "zh-Hant"}
    lint = [finding for path in paths
            for finding in lint_articles(workspace, [path], sources[path.name], None, glossary,
                                         changes=changes if recorded else None)]
    check = check_articles(workspace, paths[:1], glossary=glossary, changes=changes if recorded else None)
    return lint, check


def _as_last_build(root: Path) -> None:
    checked_glossary(find_workspace(root))[2].save()


@pytest.mark.parametrize("seed", range(10))
def test_random_glossary_edits_leave_lint_and_check_as_a_run_without_records(tmp_path: Path, seed: int) -> None:
    root = _workspace(tmp_path / "ws")
    rng = random.Random(seed)
    texts = _texts(root)
    runner = CliRunner()
    _findings(root, recorded=True)
    _as_last_build(root)
    applied = 0
    for number in range(8):
        ids = sorted(re.findall(r"^\[([^\]]+)\]", (root / "glossary" / "glossary.toml").read_text(encoding="utf-8"), re.M))
        edit = _edit(rng, root, ids, texts, number)
        result = runner.invoke(cli, ["-w", str(root), "glossary", *edit])
        if result.exit_code != 0:
            continue  # an edit the glossary refuses (a form another entry has, an unknown person)
        applied += 1
        assert _findings(root, recorded=True) == _findings(root, recorded=False), edit
        if rng.random() < 0.5:
            _as_last_build(root)  # a build in between: the next edit is compared with this glossary
    assert applied >= 4


def _lint_after_adding(root: Path, *arguments: str) -> list[object]:
    """Lint and check, add an entry, and lint and check again through the records: the findings,
    which are those of a run without records and differ from those before."""
    before = _findings(root, recorded=True)
    _as_last_build(root)
    result = CliRunner().invoke(cli, ["-w", str(root), "glossary", "add", *arguments, "--no-suggest"])
    assert result.exit_code == 0, result.output
    after = _findings(root, recorded=True)
    assert after == _findings(root, recorded=False)
    assert after != before
    return after[0]


def test_a_new_name_one_character_off_a_name_in_a_japanese_article_lints_it_again(tmp_path: Path) -> None:
    """No form of the new entry is in the article (石坡茂 for 石破茂, the family name misspelt too):
    only lint's window search over Japanese names finds it, so the screen must look as widely."""
    root = _workspace(tmp_path / "ws")
    article = root / "articles" / "tokyo-notes.txt"
    article.write_text(article.read_text(encoding="utf-8") + "石坡茂首相は記者会見で述べた。\n", encoding="utf-8")
    lint = _lint_after_adding(root, "shigeru-ishiba", "--type", "person", "--form", "ja=石破茂", "--reading", "いしば しげる")
    assert any("shigeru-ishiba" in str(finding) for finding in lint)


def test_a_new_forbidden_form_inside_a_japanese_word_lints_it_again(tmp_path: Path) -> None:
    """A forbidden form is wrong wherever it stands, inside a longer word too (外務 in 外務省),
    where the entry's other forms, whole words only, are not found."""
    root = _workspace(tmp_path / "ws")
    lint = _lint_after_adding(root, "foreign-affairs-office", "--type", "term", "--form", "ja=外務事務所",
                              "--forbidden", "ja=外務")
    assert any("foreign-affairs-office" in str(finding) for finding in lint)


@pytest.mark.parametrize("rows", [
    {"beijing": ("beijing",)},
    {"beijing": 7},
    {"beijing": ("beijing", "place", "draft", (None, 1), "", "", (), "", "")},  # forms of another shape
])
def test_a_damaged_record_of_the_last_build_glossary_is_no_record(tmp_path: Path, rows: object) -> None:
    """`.translator/` holds nothing that cannot be lost: rows of another shape for a changed entry
    mean that what changed is not known, and lint and check run again, as without a record."""
    import marshal

    from translator.memo import FORMAT

    root = _workspace(tmp_path / "ws")
    _findings(root, recorded=True)
    _as_last_build(root)
    record = root / ".translator" / "glossary-entries.cache"
    _, kept = marshal.loads(record.read_bytes())
    glossary_key, _ = kept[b"rows"]
    record.write_bytes(marshal.dumps((FORMAT, {b"rows": (glossary_key, rows)})))
    result = CliRunner().invoke(cli, ["-w", str(root), "glossary", "edit", "beijing", "--forbidden", "en=Peking"])
    assert result.exit_code == 0, result.output
    assert _findings(root, recorded=True) == _findings(root, recorded=False)
