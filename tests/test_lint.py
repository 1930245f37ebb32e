"""translator lint: the labelled set, the sample article, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translator.glossary import Glossary
from translator.lint import _deletions, _near
from translator.workspace import Workspace
from tests.conftest import REPOSITORY, Run
from tests.lint_labelled import CASES, evaluate


def test_the_labelled_set_has_every_kind_of_case_in_every_language() -> None:
    assert len(CASES) >= 110
    assert {locale.split("-")[0] for locale, *_ in CASES} == {"en", "ja", "zh"}
    codes = {code for *_, expected in CASES for code, _ in expected}
    assert codes == {"LN01", "LN02", "LN03", "LN04", "LN05"}
    assert sum(1 for *_, expected in CASES if not expected) >= 25  # look-alikes that are not errors


def test_precision_and_recall_on_the_labelled_set() -> None:
    score, wrong = evaluate()
    assert score.precision >= 0.9 and score.recall >= 0.9, "\n".join(wrong)


@pytest.mark.parametrize(
    ("found", "expected", "near"),
    [("Abbe", "Abe", True), ("Abel", "Abe", False), ("Jingping", "Jinping", True), ("Takai", "Takaichi", True),
     ("Takaichii", "Takaichi", True), ("Ishibashi", "Ishiba", False), ("Sanea", "Sanae", True), ("Abe", "Abe", False),
     ("Oshimo", "Oshima", True), ("Man", "Mao", False)],
)
def test_near(found: str, expected: str, near: bool) -> None:
    assert _near(found, expected) is near


def test_lint_the_sample_article(sample: Path) -> None:
    from click.testing import CliRunner

    from translator.cli import cli

    result = CliRunner().invoke(cli, ["-w", str(sample), "lint", "--all", "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    spans = sorted({(f["code"], f["span"], f["entry"], f["preferred"]) for f in findings})
    assert spans == [
        ("LN01", "Liu Jingsong", "liu-jinsong", "Liu Jinsong"),
        ("LN01", "Masaki", "masaaki-kanai", "Masaaki Kanai"),
        ("LN01", "Masaki Kanai", "masaaki-kanai", "Masaaki Kanai"),
        ("LN01", "Sanae Takai", "sanae-takaichi", "Sanae Takaichi"),
        ("LN01", "Takai", "sanae-takaichi", "Sanae Takaichi"),
        ("LN03", "Chief Cabinet Secretary Tadamori Oshima", "tadamori-oshima", "Tadamori Oshima"),
    ]
    first = findings[0]
    assert (first["file"], first["line"], first["column"]) == ("articles/japan-china-talks.txt", 6, 100)


def test_cli_text_dates_and_errors(workspace: Workspace, run: Run) -> None:
    run("glossary", "add", "--no-suggest", "fumio-kishida", "--type", "person", "--form", "en=Fumio Kishida",
        "--family", "en=Kishida", "--given", "en=Fumio")
    run("glossary", "add", "--no-suggest", "pm", "--type", "title", "--form", "en=Prime Minister",
        "--holder", "fumio-kishida from 2021-10-04 to 2024-10-01")
    article = workspace.root / "articles" / "a.md"
    article.write_text("---\ndate: 2025-11-18\n---\n# News\n\nPrime Minister Fumio Kishida spoke. Kishidda agreed.\n", encoding="utf-8")
    result = run("lint", str(article))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "articles/a.md:6:1: error LN03 title-holder: Fumio Kishida held the Prime Minister from 2021-10-04 to "
        "2024-10-01, not on 2025-11-18 (glossary: pm)",
        "articles/a.md:6:37: error LN01 near-miss: 'Kishidda' looks like fumio-kishida but differs; the glossary has Fumio Kishida",
    ]  # the glossary records no Prime Minister on 2025-11-18, but it records when Kishida was one
    dated = run("lint", str(article), "--date", "2022-01-01")
    assert "LN03" not in dated.stdout
    assert run("lint").exit_code == 2
    assert run("lint", str(article), "--date", "18/11/2025").exit_code == 2


def test_every_lint_code_is_documented() -> None:
    from translator.lint import LINT_CODES

    readme = (REPOSITORY / "docs" / "checks.md").read_text(encoding="utf-8")
    for code, (name, _, _) in LINT_CODES.items():
        assert f"| `{code}` | `{name}` |" in readme, code


# --- near misses, rule by rule, on people of our own ----------------------------------------------

def _glossary() -> "Glossary":
    from translator.glossary import Glossary, build_entry

    entries = [
        {"id": "taro-tanaka", "type": "person", "en": "Taro Tanaka", "en-family": "Tanaka", "romanization": "hepburn",
         "ja": "田中太郎", "ja-family": "田中", "ja-reading": "たなか たろう"},
        {"id": "wen-jiabao", "type": "person", "en": "Wen Jiabao", "en-family": "Wen", "romanization": "pinyin",
         "zh-Hans": "温家宝", "zh-Hant": "溫家寶", "zh-Hant-forbidden": ["温家宝"], "ja": "温家宝"},
        {"id": "hu-yi", "type": "person", "en": "Hu Yi", "en-family": "Hu", "romanization": "pinyin",
         "zh-Hans": "胡毅", "zh-Hans-family": "胡"},
        {"id": "shigeru-nakayama", "type": "person", "en": "Shigeru Nakayama", "en-family": "Nakayama",
         "romanization": "hepburn", "ja": "中山茂", "ja-family": "中山", "ja-reading": "なかやま しげる"},
    ]
    return Glossary.of(build_entry(fields) for fields in entries)


def _lint(text: str, locale: str = "en") -> list[tuple[str, str]]:
    from translator.formats.article import parse_article
    from translator.lint import lint_article

    article = parse_article(text + "\n", "a.txt", "text", "a")
    return [(f.code, f.span) for f in lint_article(article, _glossary(), locale, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Takana said so.", [("LN01", "Takana")]),  # two letters swapped across one
    ("Taro Tanaak said so.", [("LN01", "Taro Tanaak")]),
    ("Wen Jiabo said so.", [("LN01", "Wen Jiabo")]),  # a pinyin given name one letter short
    ("Hu Yu said so.", [("LN01", "Hu Yu")]),  # a one-syllable given name, family exact
    ("Wen Jiabaoming said so.", []),  # a syllable more is another name
    ("Hu Chunhua said so.", []),  # another person with the same family name
    ("Wan said so; Wenn too.", []),  # a Chinese family name alone is left alone
    ("Ichiro Tanaka said so.", []),  # someone else's full name, not a slip of Taro's
    ("Tanaka's aides and Taro Tanaka agreed.", []),
])
def test_near_misses_in_english(text: str, expected: list[tuple[str, str]]) -> None:
    assert _lint(text) == expected


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("溫家宝表示。", "zh-Hant", [("LN01", "溫家宝")]),  # a Simplified character inside a Traditional name
    ("总理温嘉宝表示。", "zh-Hans", [("LN01", "温嘉宝")]),  # a homophone
    ("胡一表示同意。", "zh-Hans", [("LN01", "胡一")]),  # two characters, a homophone
    ("胡同里很安静。", "zh-Hans", []),  # 胡同 is a word
    ("總理温家宝並表示。", "zh-Hant", [("LN02", "温家宝")]),  # a forbidden form inside running text
    ("中山繁氏は述べた。", "ja", [("LN01", "中山繁")]),
    ("中山氏は述べた。", "ja", []),
    ("中山派の議員が集まった。", "ja", []),
    ("中山前首相は述べた。", "ja", []),
    ("中山政権の政策。", "ja", []),
    ("田中太朗氏が述べた。", "ja", [("LN01", "田中太朗")]),
])
def test_near_misses_in_japanese_and_chinese(text: str, locale: str, expected: list[tuple[str, str]]) -> None:
    assert _lint(text, locale) == expected


def test_a_forbidden_form_is_not_a_second_form_of_the_person() -> None:
    assert _lint("總理溫家寶與温家宝。", "zh-Hant") == [("LN02", "温家宝")]


def test_katakana_names_with_a_slip() -> None:
    from translator.formats.article import parse_article
    from translator.glossary import Glossary, build_entry
    from translator.lint import lint_article

    glossary = Glossary.of([
        build_entry({"id": "antony-blinken", "type": "person", "en": "Antony Blinken", "ja": "アントニー・ブリンケン",
                     "ja-family": "ブリンケン"}),
        build_entry({"id": "lloyd-austin", "type": "person", "en": "Lloyd Austin", "ja": "ロイド・オースティン"}),
    ])

    def spans(text: str) -> list[tuple[str, str]]:
        article = parse_article(text + "\n", "a.txt", "text", "a")
        return [(f.code, f.span) for f in lint_article(article, glossary, "ja", None)]

    assert spans("ブリンケソ国務長官は述べた。") == [("LN01", "ブリンケソ")]  # ソ for ン
    assert spans("ロイド・オースチン国防長官") == [("LN01", "ロイド・オースチン")]  # チ for ティ
    assert spans("ブリンケン氏とオースティン氏は述べた。") == []
    assert spans("ブリッジを渡った。") == []


def test_columns_count_list_markers_quote_marks_and_indentation(workspace: Workspace, run: Run) -> None:
    from tests.conftest import add_sample_people

    add_sample_people(run)
    text = ('---\ntitle: "Sanae Takai speaks"\n---\n- A list item\n  with Sanae Takai indented.\n\n'
            "> Quote with\n> Sanae Takai too.\n\nPara line.\n    Sanae Takai indented.\n")
    (workspace.root / "articles" / "c.md").write_text(text, encoding="utf-8")
    findings = json.loads(run("lint", str(workspace.root / "articles" / "c.md"), "--format", "json").output)
    lines = text.split("\n")
    places = [(finding["line"], finding["column"]) for finding in findings]
    assert places == [(2, 9), (5, 8), (8, 3), (11, 5)]
    for line, column in places:
        assert lines[line - 1][column - 1 :].startswith("Sanae Takai")


def _deletions_by_frontier(word: str, depth: int) -> set[str]:
    """The near-miss index's variants as first written: a letter left out of each variant so far."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w)) if len(w) > 1}
        found |= frontier
    return found


@given(st.text(alphabet="abcxyzé ", max_size=12), st.sampled_from([1, 2]))
def test_the_variants_of_a_name_part_are_every_way_to_leave_out_letters(word: str, depth: int) -> None:
    assert _deletions(word, depth) == _deletions_by_frontier(word, depth)



_PARTS = st.text("abcdeé", min_size=1, max_size=9)


@given(families=st.lists(st.tuples(_PARTS, st.one_of(st.just(""), _PARTS)), max_size=25),
       words=st.lists(st.text("abcdeéABC", min_size=0, max_size=10), max_size=15))
def test_name_parts_searched_a_word_at_a_time_are_what_the_index_finds(
        families: list[tuple[str, str]], words: list[str]) -> None:
    """After a glossary edit few articles are linted: their words' near parts are searched for
    (rapidfuzz) instead of indexing every part's deletion variants; the two must agree."""
    from translator.lint import _LatinNames, _Name

    names = [_Name(None, family, given, False) for family, given in families]  # type: ignore[arg-type]
    indexed, searched = _LatinNames(names, indexed=True), _LatinNames(names, indexed=False)
    for word in words + [part[:cut] for part in searched.parts for cut in (2, 4, 5)] + list(searched.parts):
        assert searched.similar(word) == indexed.similar(word), word


def test_a_few_articles_are_linted_with_name_parts_searched_and_find_what_the_index_finds(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from translator import lint
    from translator.cli import cli

    def findings(indexed_from: int) -> str:
        monkeypatch.setattr(lint, "INDEXED_FROM", indexed_from)
        (sample / ".translator" / "lint.cache").unlink(missing_ok=True)  # (linted again, not remembered)
        result = CliRunner().invoke(cli, ["-w", str(sample), "lint", "--all", "--format", "json"])
        assert result.exit_code == 1, result.output
        return result.output

    made = lint._LatinNames.__init__
    kinds: list[bool] = []

    def recording(self: object, people: object, indexed: bool = True) -> None:
        kinds.append(indexed)
        made(self, people, indexed)  # type: ignore[arg-type]

    monkeypatch.setattr(lint._LatinNames, "__init__", recording)
    searched = findings(100)
    assert kinds == [False]
    indexed = findings(1)
    assert kinds == [False, True]
    assert searched == indexed and "LN0" in searched
