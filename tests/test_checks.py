"""Each check: a case that must fire and one that must not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translator.checks import REGISTRY, check_catalog, context_for
from translator.glossary import Glossary, build_entry
from translator.formats.po import Catalog, Entry, format_catalog, parse_catalog
from tests.conftest import REPOSITORY

GLOSSARY = Glossary.of([
    build_entry({"id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "en-family": "Takaichi",
                 "en-given": "Sanae", "ja": "高市早苗", "ja-family": "高市", "ja-given": "早苗", "zh-Hans": "高市早苗",
                 "zh-Hant": "高市早苗", "ja-forbidden": ["高市早菜"]}),
    build_entry({"id": "taiwan", "type": "place", "en": "Taiwan", "ja": "台湾", "zh-Hans": "台湾", "zh-Hant": "臺灣",
                 "zh-Hant-admitted": ["台灣"]}),
    build_entry({"id": "liu-jinsong", "type": "person", "en": "Liu Jinsong", "ja": "劉勁松", "zh-Hans": "刘劲松", "zh-Hant": "劉勁松"}),
])


def _codes(msgid: str, msgstr: str, target: str, source: str = "en", reference: str = "articles/a.txt:1") -> list[str]:
    catalog = Catalog((), {}, [Entry(msgid, msgstr, references=(reference,), line=7)])
    findings = check_catalog(catalog, "a.po", context_for(GLOSSARY, source, target, {}))
    return [finding.code for finding in findings]


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr", "target", "fires"),
    [
        ("GL01", "Sanae Takaichi spoke.", "首相が話した。", "ja", True),
        ("GL01", "Sanae Takaichi spoke.", "高市早苗首相が話した。", "ja", False),
        ("GL01", "Takaichi spoke.", "高市氏が話した。", "ja", False),  # the family name alone answers a family name
        ("GL01", "Taiwan matters.", "台灣很重要。", "zh-Hant", False),  # an admitted form
        ("GL01", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hans", True),
        ("GL02", "Sanae Takaichi spoke.", "高市早菜首相が話した。", "ja", True),
        ("GL02", "Sanae Takaichi spoke.", "高市早苗首相が話した。", "ja", False),
        ("LG01", "The meeting ended without progress.", "The meeting ended without progress.", "ja", True),
        ("LG01", "The meeting ended without progress.", "Meeting ended, no progress at all.", "ja", True),
        ("LG01", "The meeting ended without progress.", "会談は進展なく終わった。", "ja", False),
        ("LG02", "The meeting ended.", "会谈在没有进展的情况下结束了。", "zh-Hans", False),
        ("LG02", "The meeting ended.", "会谈は结束了。", "zh-Hans", True),
        ("LG03", "Liu Jinsong spoke.", "刘劲松表示。", "zh-Hant", True),
        ("LG03", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hans", True),
        ("LG03", "Taiwan matters.", "台灣很重要。", "zh-Hant", False),  # 台 is in an admitted zh-Hant form
        ("LG03", "Liu Jinsong spoke.", "劉勁松表示。", "zh-Hant", False),
        ("LG04", "会談は終わった。", "会談 ended.", "en", True),
        ("LG04", "会談は終わった。", "La réunion s'est terminée sans aucun progrès cette semaine à Pékin.", "en", True),
        ("LG04", "会談は終わった。", "The meeting ended without any progress this week in Beijing.", "en", False),
        ("NM01", "It rose 3.5 percent on November 18.", "11月１８日に3.5％上昇した。", "ja", False),
        ("NM01", "It rose 3.5 percent on November 18.", "11月に3.5％上昇した。", "ja", True),
        ("NM01", "It cost 1,000 yen.", "1000円かかった。", "ja", False),
        ("BR01", "He said (quietly) no.", "彼は（静かに）いいえと言った。", "ja", False),
        ("BR01", "He said (quietly) no.", "彼は（静かにいいえと言った。", "ja", True),
        ("BR01", "He said no.", "彼は「いいえと言った。", "ja", True),
        ("WS01", "He said no.", "彼はいいえと言った。", "ja", False),
        ("WS01", "He said no.", "彼はいいえと言った。 ", "ja", True),
    ],
)
def test_each_check(code: str, msgid: str, msgstr: str, target: str, fires: bool) -> None:
    source = "ja" if target == "en" else "en"
    assert (code in _codes(msgid, msgstr, target, source)) is fires


@pytest.mark.parametrize(
    ("msgstr", "fires"),
    [
        ("**太字** と [リンク](https://example.com/a) と `code`。", False),
        ("太字 と [リンク](https://example.com/b) と `code`。", True),
        ("**太字** と [リンク](https://example.com/a) と code。", True),
    ],
)
def test_markup_check_on_markdown(msgstr: str, fires: bool) -> None:
    msgid = "**Bold** and [a link](https://example.com/a) and `code`."
    assert ("MK01" in _codes(msgid, msgstr, "ja", reference="articles/a.md:3")) is fires


def test_counts_are_reported_per_catalog() -> None:
    catalog = Catalog((), {}, [Entry("One.", ""), Entry("Two.", "二。", flags=("fuzzy",)), Entry("Three.", "三。")])
    findings = check_catalog(catalog, "a.po", context_for(GLOSSARY, "en", "ja", {}))
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("ST01", "info", "1 untranslated entry"), ("ST02", "info", "1 fuzzy entry"),
    ]


def test_codes_are_unique_and_documented() -> None:
    codes = [check.code for check in REGISTRY]
    assert len(codes) == len(set(codes))
    readme = (REPOSITORY / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in REGISTRY:
        assert f"| `{check.code}` | `{check.name}` |" in readme, check.code


def test_check_cli_on_the_sample_and_a_broken_translation(sample: Path) -> None:
    from click.testing import CliRunner

    from translator.cli import cli

    root = sample
    clean = CliRunner().invoke(cli, ["-w", str(root), "check"])
    assert clean.exit_code == 0, clean.output
    assert clean.stdout.splitlines() == ["locales/zh-Hant/LC_MESSAGES/japan-china-talks.po:1: info ST01 untranslated: 14 untranslated entries"]
    path = root / "locales" / "ja" / "LC_MESSAGES" / "japan-china-talks.po"
    path.write_text(path.read_text(encoding="utf-8").replace("アジア局長の劉勁松\"", "アジア局長の刘劲松\""), encoding="utf-8")
    broken = CliRunner().invoke(cli, ["-w", str(root), "check", "--locale", "ja", "--format", "json"])
    assert broken.exit_code == 1
    finding, script = json.loads(broken.stdout)
    assert (finding["file"], finding["code"], finding["severity"]) == ("locales/ja/LC_MESSAGES/japan-china-talks.po", "GL01", "error")
    assert finding["message"] == "the source mentions liu-jinsong: write 劉勁松"
    assert (script["code"], script["line"]) == ("LG05", finding["line"])
    assert script["message"] == "characters Japanese does not write (Simplified Chinese forms): 刘劲"
    assert path.read_text(encoding="utf-8").count("\n") > 50 and finding["line"] > 20


# --- names, shared titles, scripts and dates, on entries of our own -----------------------------------

NAMES = Glossary.of([
    build_entry({"id": "taro-kono", "type": "person", "en": "Taro Kono", "en-family": "Kono", "romanization": "hepburn",
                 "ja": "河野太郎", "ja-family": "河野", "ja-reading": "こうの たろう", "zh-Hans": "河野太郎",
                 "zh-Hant": "河野太郎"}),
    build_entry({"id": "hu-jintao", "type": "person", "en": "Hu Jintao", "en-family": "Hu", "romanization": "pinyin",
                 "ja": "胡錦濤", "zh-Hans": "胡锦涛", "zh-Hant": "胡錦濤", "zh-Hans-family": "胡"}),
    build_entry({"id": "yang-jiechi", "type": "person", "en": "Yang Jiechi", "en-family": "Yang",
                 "romanization": "pinyin", "ja": "楊潔篪", "zh-Hans": "杨洁篪", "zh-Hant": "楊潔篪"}),
    build_entry({"id": "foreign-minister-japan", "type": "title", "en": "Minister for Foreign Affairs",
                 "en-admitted": ["Foreign Minister"], "ja": "外務大臣", "ja-admitted": ["外相"], "zh-Hans": "日本外相",
                 "holders": ["taro-kono from 2017-08-03 to 2019-09-11"]}),
    build_entry({"id": "foreign-minister-china", "type": "title", "en": "Foreign Minister of China",
                 "en-admitted": ["Foreign Minister", "Chinese Foreign Minister"], "ja": "外交部長", "ja-admitted": ["外相"],
                 "zh-Hans": "外交部长", "zh-Hans-admitted": ["外长", "中国外长"],
                 "holders": ["yang-jiechi from 2007-04-27 to 2013-03-16"]}),
])


def _names(msgid: str, msgstr: str, target: str, source: str = "en") -> list[str]:
    catalog = Catalog((), {}, [Entry(msgid, msgstr, references=("articles/a.txt:1",), line=7)])
    return [f.code for f in check_catalog(catalog, "a.po", context_for(NAMES, source, target, {}))]


@pytest.mark.parametrize(("msgid", "msgstr", "target", "codes"), [
    ("Taro Kono spoke.", "河野太郎氏が話した。", "ja", []),
    ("Taro Kono spoke.", "河野氏が話した。", "ja", ["GL01"]),  # the source gives the full name
    ("Taro Kono spoke.", "河野太朗氏が話した。", "ja", ["GL01"]),  # a wrong given name is no full form
    ("Kono spoke.", "河野氏が話した。", "ja", []),  # the family name answers a family name
    ("Taro Kono spoke.", "河野发言。", "zh-Hans", ["GL01"]),
    ("Hu said so.", "胡表示同意。", "zh-Hans", []),  # a one-character family name, as a word of its own
    ("Hu said so.", "他走进胡同。", "zh-Hans", ["GL01"]),  # 胡 inside 胡同 is no name
    ("Hu Jintao spoke.", "胡锦涛表示。", "zh-Hans", []),
    # A title form two countries share: the person decides which one the translation needs.
    ("Foreign Minister Yang Jiechi spoke.", "外交部长杨洁篪表示。", "zh-Hans", []),
    ("Foreign Minister Yang Jiechi spoke.", "日本外相杨洁篪表示。", "zh-Hans", ["GL01"]),
    ("Foreign Minister Taro Kono spoke.", "日本外相河野太郎表示。", "zh-Hans", []),
    ("Chinese Foreign Minister Yang Jiechi spoke.", "中国外长杨洁篪表示。", "zh-Hans", []),
    ("Foreign Minister spoke.", "外长表示。", "zh-Hans", []),  # nothing decides: any sharing entry's form
    ("楊潔篪外相は述べた。", "Foreign Minister Yang Jiechi said so.", "en", []),
    ("Taro Kono spoke at length about the talks.", "El ministro habló extensamente sobre las conversaciones.", "ja",
     ["LG01"]),  # another language altogether: not a glossary finding as well
])
def test_names_in_translations(msgid: str, msgstr: str, target: str, codes: list[str]) -> None:
    source = "ja" if target == "en" else "en"
    assert _names(msgid, msgstr, target, source) == codes


@pytest.mark.parametrize(("msgstr", "target", "fires"), [
    ("河野表示，政府的立场没有改变，他不会撤回自己的发言。", "ja", True),  # Chinese text, no kana
    ("河野表示，政府立場並未改變。", "ja", True),  # short, but the Chinese comma and no kana
    ("河野氏は、政府の立場に変わりはないと述べた。", "ja", False),
    ("河野氏は强く反対した。", "ja", True),  # a Simplified-only character Japanese does not write
    ("河野氏は国会で述べた。", "ja", False),  # 国 and 会: Japanese writes them too
    ("日中関係の改善について表示。", "zh-Hans", True),  # 関: Japanese only
    ("真正的关系改善需要谨慎。", "zh-Hans", False),  # 真 and 慎 are Chinese too
])
def test_japanese_or_chinese_script(msgstr: str, target: str, fires: bool) -> None:
    assert ("LG05" in _names("Kono said so.", msgstr, target)) is fires


@pytest.mark.parametrize(("msgid", "msgstr", "source", "target", "fires"), [
    ("会談は11月7日に行われた。", "The talks were held on Nov. 7.", "ja", "en", False),
    ("会談は11月7日に行われた。", "The talks were held on 7 November.", "ja", "en", False),
    ("会談は9月7日に行われた。", "The talks were held on Sept. 7.", "ja", "en", False),
    ("会談は11月7日に行われた。", "The talks were held on Dec. 7.", "ja", "en", True),
    ("The talks were held on May 5.", "会談は5月5日に行われた。", "en", "ja", False),
    ("The talks were held on May 5.", "会談は5日に行われた。", "en", "ja", True),  # the month was dropped
    ("You may see 5 of them.", "5つ見えるかもしれない。", "en", "ja", False),  # "may" is no month
])
def test_dates_carry_their_numbers(msgid: str, msgstr: str, source: str, target: str, fires: bool) -> None:
    assert ("NM01" in _names(msgid, msgstr, target, source)) is fires


@pytest.mark.parametrize(("msgid", "msgstr", "target", "fires"), [
    ("More than 3,000 soldiers took part.", "有三千名士兵参加。", "zh-Hans", False),  # Han numerals in a translation
    ("The talks were held on Sept. 13.", "会谈于九月十三日举行。", "zh-Hans", False),
    ("The plan runs to 2025.", "该计划持续到二〇二五年。", "zh-Hans", False),
    ("About 30,000 people took part.", "約3万人が参加した。", "ja", False),  # 3万 is 30000
    ("About 30,000 people took part.", "約3千人が参加した。", "ja", True),
])
def test_numbers_in_han_numerals_and_units(msgid: str, msgstr: str, target: str, fires: bool) -> None:
    assert ("NM01" in _names(msgid, msgstr, target)) is fires


def test_a_form_inside_a_longer_form_of_another_entry_does_not_count() -> None:
    glossary = Glossary.of([
        build_entry({"id": "president-taiwan", "type": "title", "en": "President of Taiwan", "en-admitted": ["President"],
                     "ja": "総統"}),
        build_entry({"id": "vice-president-taiwan", "type": "title", "en": "Vice President of Taiwan",
                     "en-admitted": ["Vice President"], "ja": "副総統"}),
        build_entry({"id": "mofa-china", "type": "organisation", "en": "Chinese Foreign Ministry", "zh-Hant": "中國外交部"}),
        build_entry({"id": "spokesperson-china", "type": "title", "en": "Chinese Foreign Ministry spokesperson",
                     "zh-Hant": "外交部發言人"}),
    ])

    def codes(msgid: str, msgstr: str, source: str, target: str) -> list[str]:
        catalog = Catalog((), {}, [Entry(msgid, msgstr, references=("articles/a.txt:1",), line=7)])
        return [f.code for f in check_catalog(catalog, "a.po", context_for(glossary, source, target, {}))]

    # 総統 inside 副総統 renders the Vice President, not the President the source names.
    assert codes("The President and the Vice President spoke.", "大統領と副総統が話した。", "en", "ja") == ["GL01"]
    assert codes("The President and the Vice President spoke.", "総統と副総統が話した。", "en", "ja") == []
    # Two forms that overlap in the source may be rendered by one longer form.
    assert codes("中國外交部發言人表示。", "A Chinese Foreign Ministry spokesperson said so.", "zh-Hant", "en") == []


def test_chinese_and_korean_names_split_by_syllables() -> None:
    from translator.names import name_parts

    entry = build_entry({"id": "cho-tae-yul", "type": "person", "en": "Cho Tae-yul", "en-family": "Cho",
                         "romanization": "other", "ja": "趙兌烈", "zh-Hans": "赵兑烈"})
    assert name_parts(entry, "ja") == ("趙", "兌烈")
    assert name_parts(entry, "zh-Hans") == ("赵", "兑烈")


@pytest.mark.parametrize(
    ("msgstr", "fires"),
    [
        ("[北京  \nで](https://example.com/a)会談。", False),
        ("[北京\\\nで](https://example.com/a)会談。", False),
        ("[北京\nで](https://example.com/a)会談。", True),
    ],
)
def test_markup_check_counts_hard_line_breaks(msgstr: str, fires: bool) -> None:
    msgid = "[Talks  \nin Beijing](https://example.com/a) went on."
    assert ("MK01" in _codes(msgid, msgstr, "ja", reference="articles/a.md:3")) is fires


# --- what msgfmt -c rejects: the same verdicts as the real msgfmt -------------------------------

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None and not os.environ.get("CI"), reason="GNU gettext is not installed")
MSGFMT_CODES = {check.code for check in REGISTRY if check.scope in ("msgfmt", "header")}


def _metadata(plural_forms: str | None) -> dict[str, str]:
    metadata = {
        "Project-Id-Version": "t", "PO-Revision-Date": "2026-01-01 00:00+0000", "Last-Translator": "x",
        "Language-Team": "x", "Language": "ja", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if plural_forms is not None:
        metadata["Plural-Forms"] = plural_forms
    return metadata


def _msgfmt_rejects(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "t.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([MSGFMT or "msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)],
                            capture_output=True, text=True, errors="replace")  # (it may quote a character cut in two)
    assert "fatal" in result.stderr or result.returncode == 0, result.stderr
    return result.returncode != 0


def _we_reject(text: str) -> list[str]:
    catalog = parse_catalog(text, "t.po")
    findings = check_catalog(catalog, "t.po", context_for(GLOSSARY, "en", "ja", {}))
    return [f"{f.line} {f.code} {f.message}" for f in findings if f.code in MSGFMT_CODES and f.severity == "error"]


_PIECES = ["%d", "%s", "%i", "%u", "%x", "%5.2f", "%ld", "%lld", "%zu", "%c", "%ls", "%p", "%%", "%1$s", "%2$d",
           "%*d", "%.*s", "%y", "%", "%(a)s", "%(b)d", "%(a)r", "{a}", "{0}", "{b.c}", "{a[1]}", "{a:>{b}}", "{{",
           "}}", "}", "{", "{}", "x", " ", "\n", "字"]
format_texts = st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)
_FLAGS = ["fuzzy", "c-format", "possible-c-format", "no-c-format", "python-format", "no-python-format",
          "python-brace-format"]
_PLURAL_FORMS = [None, "nplurals=1; plural=0;", "nplurals=2; plural=n != 1;", "nplurals=2; plural=n>1;",
                 "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
                 "nplurals=2; plural=n;", "nplurals=2; plural=n/0;", "nplurals=2; plural=n-2;", "nplurals=x; plural=0;",
                 "nplurals=2;", "plural=n!=1;", "nplurals=2; plural=(n;", "nplurals=1; plural=n>1000;", "nplurals=0; plural=0;"]


@st.composite
def checked_entries(draw: st.DrawFn, index: int) -> Entry:
    flags = tuple(draw(st.lists(st.sampled_from(_FLAGS), max_size=3, unique=True)))
    msgid = draw(format_texts) + f"#{index}"  # unique, and never empty
    if draw(st.booleans()):
        return Entry(draw(format_texts) + msgid, draw(format_texts), flags=flags)
    forms = draw(st.lists(format_texts, min_size=1, max_size=3))
    return Entry(msgid, msgid_plural=draw(format_texts), msgstr_plural=tuple(forms), flags=flags)


@needs_msgfmt
@settings(max_examples=int(os.environ.get("MSGFMT_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_PLURAL_FORMS), st.integers(0, 3).flatmap(lambda n: st.tuples(*[checked_entries(i) for i in range(n)])))
@example("nplurals=2; plural=n != 1;",  # a brace format form used for n == 1 alone: its arguments are not compared
         (Entry("#0", "", msgid_plural="", msgstr_plural=("{a}", ""), flags=("c-format", "python-brace-format")),))
@example("nplurals=2; plural=n != 1;",
         (Entry("{0}", "", msgid_plural="{0}", msgstr_plural=("{a}", "{0}"), flags=("python-brace-format",)),))
@example(None, (Entry("% %d#0", "%d", flags=("c-format",)),))  # "% %" takes no argument: "d" is text
@example(None, (Entry("%*%#0", "%s", flags=("c-format",)),))  # but its width takes an int
def test_check_rejects_exactly_what_msgfmt_rejects(tmp_path: Path, plural_forms: str | None, entries: tuple[Entry, ...]) -> None:
    text = format_catalog(Catalog((), _metadata(plural_forms), list(entries)))
    ours = _we_reject(text)
    assert _msgfmt_rejects(tmp_path, text) == bool(ours), (text, ours)


@pytest.mark.parametrize(
    ("body", "plural_forms", "expected"),
    [
        ('#, c-format\nmsgid "%d apples"\nmsgstr "%s りんご"\n', None, "PO04 c-format: argument 1 has different types"),
        ('#, c-format\nmsgid "%d apples"\nmsgstr "りんご"\n', None, "PO04 c-format: 1 format directive(s) in msgid, 0 in msgstr"),
        ('#, python-format\nmsgid "%(n)d apples"\nmsgstr "%(m)d りんご"\n', None, "PO04 python-format: msgstr has an argument 'm'"),
        ('#, python-brace-format\nmsgid "{n} apples"\nmsgstr "{m} りんご"\n', None, "PO04 python-brace-format: msgstr has an argument 'm'"),
        ('#, c-format\nmsgid "%d apples"\nmsgstr "%y りんご"\n', None, "PO04 msgstr is not a valid c-format string"),
        ('#, java-format\nmsgid "{0} apples"\nmsgstr "{0} りんご"\n', None, "PO05 java-format strings are not checked"),
        ('msgid "apples\\n"\nmsgstr "りんご"\n', None, "PO03 msgid and msgstr do not both end with a line break"),
        ('msgid "\\napples"\nmsgstr "りんご"\n', None, "PO03 msgid and msgstr do not both begin with a line break"),
        ('msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "a"\nmsgstr[1] "b"\n', "nplurals=1; plural=0;",
         "PO02 2 plural form(s), but the header says nplurals=1"),
        ('msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "a"\n', None, 'PO01 the catalog has plural entries but its header lacks "plural='),
        ('msgid "apple"\nmsgstr "a"\n', "nplurals=2; plural=n;", "PO01 nplurals = 2 but plural expression can produce values as large as 2"),
        ('msgid "apple"\nmsgstr "a"\n', "nplurals=2; plural=n/0;", "PO01 plural expression can produce division by zero"),
        ('msgid "apple"\nmsgstr "a"\n', "nplurals=2; plural=(n;", "PO01 invalid plural expression"),
    ],
)
def test_each_msgfmt_check(tmp_path: Path, body: str, plural_forms: str | None, expected: str) -> None:
    header = format_catalog(Catalog(("A comment.",), _metadata(plural_forms)))
    text = f"{header}\n#. a note\n{body}"
    found = _we_reject(text)
    line = 1 if expected.startswith("PO01") else text.count("\n") - body.count("\n")  # where the entry starts
    assert [f for f in found if f.startswith(f"{line} {expected}")], found
    if MSGFMT is not None and not expected.startswith("PO05"):  # PO05 holds back what we cannot vouch for
        assert _msgfmt_rejects(tmp_path, text)
    # The same entry fuzzy, untranslated or obsolete is not msgfmt's business, nor ours.
    if not expected.startswith("PO01"):
        for variant in (body.replace("#, ", "#, fuzzy, ") if body.startswith("#, ") else "#, fuzzy\n" + body,):
            assert not _we_reject(f"{header}\n{variant}")


def test_msgfmt_checks_leave_the_sample_alone(sample: Path) -> None:
    for path in sorted((sample / "locales").rglob("*.po")):
        assert not _we_reject(path.read_text(encoding="utf-8")), path
