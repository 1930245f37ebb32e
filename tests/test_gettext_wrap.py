"""The writer lays out catalogs exactly as GNU gettext does: msgcat and msgmerge give back what
we write, byte for byte, for English, Japanese and Chinese text; the line break classes and
widths behind it match libunistring's; translate-toolkit reads our catalogs and writes them back
unchanged."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.formats import linebreak
from translator.formats import po as pofile
from translator.formats.po import Catalog, Entry, format_catalog, parse_catalog

REPOSITORY = Path(__file__).resolve().parent.parent
MSGCAT, MSGMERGE = shutil.which("msgcat"), shutil.which("msgmerge")
needs_gettext = pytest.mark.skipif(MSGCAT is None or MSGMERGE is None, reason="GNU gettext is not installed")

METADATA = {
    "Project-Id-Version": "test", "POT-Creation-Date": "2026-11-28 20:00+0000", "PO-Revision-Date": "2026-11-29 06:47+0000",
    "Last-Translator": "", "Language-Team": "Japanese", "Language": "ja", "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;",
    "X-A-Very-Long-Header-Field": "a value long enough that gettext has to wrap this header line somewhere in it",
}

# Hand-picked: where a character-count wrapper, or a careless line breaker, goes wrong.
HARD = [
    "On Tuesday, November 18th, senior officials from Japan and China held a meeting in Beijing in an attempt to ease "
    "the recent controversies sparked by comments on Taiwan-related issues.",
    "11月18日（火）、日本と中国の高官が北京で会談し、台湾関連の問題をめぐる発言をきっかけとした最近の対立の緩和を図った。",
    "中国の伝統的な服装をまとった劉勁松氏は、かなり誇らしげで硬い姿勢で立っていた。",
    "その後、中国の駐大阪総領事の薛剣氏は、日本の首相の発言を受けてソーシャルメディアに「勝手に突っ込んできたその汚い首は、"
    "一瞬のためらいもなく斬ってやるしかない」と投稿した。",
    "11月18日（星期二），日本和中国高级官员在北京举行会谈，试图缓和近期因涉台言论引发的争议。目前，赴日中国游客尚未受到这场政治风波的影响。",
    "11月18日（星期二），日本和中國高級官員在北京舉行會談，試圖緩和近期因涉臺言論引發的爭議。「台灣」與『臺灣』，兩種寫法都常見。",
    "The Nikkei Asia（日経アジア）reported that the dispute between 日本 and 中国 may continue — 劉勁松 said “no comment.”",
    "Minister’s statements, while strongly opposing Xue Jian’s remarks as “extremely inappropriate.” And (so on) [and on].",
    "https://www.example.com/news/2026/11/18/japan-china-talks-in-beijing-end-without-substantial-progress?ref=rss&lang=en",
    "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaces at all.",
    "Tabs\tand \"quotes\" and back\\slashes and a trailing newline\n",
    "Line one\nLine two is long enough that it will have to be wrapped by the writer at some point in the middle\n\n\nEnd",
    "\n",
    "\n\n",
    "A \\n that is not a line break, and a real one\nhere.",
    "全角「かぎかっこ」、句読点。！？：；（括弧）〔亀甲〕【隅付き】…—ー・ゝゞヽヾ々〆ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ",
    "ｈａｌｆｗｉｄｔｈ ｶﾀｶﾅ ﾃﾞｽ。 ＦＵＬＬＷＩＤＴＨ　ＡＳＣＩＩ　１２３４５６７８９０％＄",
    "Emoji 😀👍🏽🇯🇵👨‍👩‍👧 and combining: e\u0301 a\u0308 n\u0303 ﾊﾟ \u3099 — zero width\u200bspace, no\u2060break, joiner\u200d.",
    "Numbers: 1,234.56 $100 100% -5 +81 3-1234-5678 (03) 1234 № 7 ¥1,000 €5 ₩3000 2026-11-18 12:30",
    "Hebrew שלום-עולם and Arabic مرحبا بالعالم and Korean 안녕하세요 세계 and Thai สวัสดีชาวโลก in one line of text.",
    "日本語" * 40,
    "。" * 50,
    "「" * 50,
    "a " * 60,
    "x" * 200,
    " leading and trailing spaces ",
    "\u2028a line separator\u2029and a paragraph separator\x85and NEL, which gettext writes raw" * 2,
]

_WORDS = st.sampled_from(
    "the of and to in a is that for it as was with minister talks Beijing Tokyo officials Taiwan-related "
    "“extremely inappropriate.” (so) [on] {x} $100 100% 3.14 e.g. http://example.com/a/b?c=d&e=f".split()
)
_CJK = st.sampled_from(
    list("日本と中国の高官が北京で会談し台湾関連問題をめぐる発言きっかけとした最近対立緩和図った目前赴游客尚未受到这场政治风波影响但會談試圖舉行")
    + list("、。「」『』（）！？：；…—ー・っゃゅょァィッャ，“”‘’〔〕【】％＄１２ｶﾀﾅﾞ　")
    + ["ソーシャルメディア", "劉勁松", "高市早苗"]
)
_ODD = st.sampled_from(
    [" ", "  ", "\n", "\t", '"', "\\", "\\n", "-", "—", "😀", "👍🏽", "🇯🇵", "\u0301", "\u200b", "\u200d", "\u2060", "\u00a0",
     "\u3000", "é", "한", "שלום", "\u2028", "\r", "\f"]
)
texts = st.lists(st.one_of(_WORDS.map(lambda word: word + " "), _CJK, _ODD), max_size=80).map("".join)
single_line = st.text(st.sampled_from(list("abc XYZ 日本語「」。、")), max_size=40).map(str.strip)


@st.composite
def entries(draw: st.DrawFn, index: int) -> Entry:
    """An entry that gettext keeps as it is: flags it knows, in its order; no fuzzy flag without
    a translation; obsolete entries translated and flagged fuzzy at most."""
    msgstr = draw(st.one_of(st.just(""), texts))
    obsolete = index % 5 == 4 and bool(msgstr)
    fuzzy = bool(msgstr) and draw(st.booleans())
    flags = (("fuzzy",) if fuzzy else ()) + (() if obsolete or not draw(st.integers(0, 9)) == 0 else ("no-wrap",))
    previous = fuzzy and not obsolete and draw(st.booleans())
    return Entry(
        msgid=f"{index}:" + draw(texts),
        msgstr=msgstr,
        msgctxt=draw(st.one_of(st.none(), texts)) if index % 4 == 1 else None,
        translator_comments=tuple(draw(st.lists(single_line, max_size=2))),
        extracted_comments=() if obsolete else tuple(draw(st.lists(single_line, max_size=2))),
        references=() if obsolete else tuple(
            f"{draw(st.sampled_from(['articles/japan-china-talks', 'a', 'articles/日本語の記事', './b']))}.txt:{line}"
            for line in draw(st.lists(st.integers(1, 99999), max_size=8))
        ),
        flags=flags,
        previous_msgctxt=draw(st.one_of(st.none(), texts)) if previous and index % 3 == 0 else None,
        previous_msgid=draw(texts) if previous else None,
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    items = [draw(entries(index)) for index in range(draw(st.integers(1, 12)))]
    return Catalog(("A header comment.",), dict(METADATA), [e for e in items if not e.obsolete] + [e for e in items if e.obsolete])


def _random_catalog(seed: int, count: int) -> Catalog:
    """Many entries at once, for one msgcat run: random words, CJK and odd characters."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        def text(length: int) -> str:
            return "".join(rng.choice(_POOL) for _ in range(rng.randint(0, length)))
        msgstr = text(rng.choice([0, 10, 40, 120]))
        fuzzy = bool(msgstr) and rng.random() < 0.2
        obsolete = bool(msgstr) and rng.random() < 0.1
        items.append(Entry(
            msgid=f"{index}:" + text(rng.choice([10, 40, 120])),
            msgstr=msgstr,
            msgctxt=text(30) if rng.random() < 0.1 else None,
            references=() if obsolete else tuple(f"articles/a{n}.txt:{rng.randint(1, 9999)}" for n in range(rng.choice([0, 1, 9]))),
            flags=("fuzzy",) if fuzzy else (),
            previous_msgid=text(60) if fuzzy and not obsolete and rng.random() < 0.5 else None,
            obsolete=obsolete,
        ))
    return Catalog((), dict(METADATA), [e for e in items if not e.obsolete] + [e for e in items if e.obsolete])


_POOL = (
    [word + " " for word in "the of and to in a is that for it as was with minister talks Beijing “extremely” (so) $100 3.14".split()]
    + list("日本と中国の高官が北京で会談し台湾関連問題をめぐる発言目前赴游客尚未受到这场政治风波影响、。「」『』（）！？：；…—ー・っゃァッ，“”％１ｶﾀﾅﾞ　")
    + [" ", "\n", "\t", '"', "\\", "-", "😀", "👍🏽", "🇯🇵", "\u0301", "\u200b", "\u200d", "é", "한", "שלום", "https://example.com/a/b?c=d"]
)


def _hard_catalog() -> Catalog:
    entries = []
    for index, text in enumerate(HARD):
        entries.append(Entry(f"{index}:{text}", text, references=tuple(f"articles/{'x' * index}.txt:{n}" for n in range(index % 7))))
        entries.append(Entry(f"{index}:{text}:untranslated", "", extracted_comments=("glossary: 北京 [beijing, place]",)))
        entries.append(Entry(f"{index}:{text}:fuzzy", text[::-1], flags=("fuzzy",), previous_msgid=text))
        entries.append(Entry(f"{index}:{text}:context", text, msgctxt=text))
        entries.append(Entry(f"{index}:{text}:plural", msgid_plural=text, msgstr_plural=(text, text[:10])))
        entries.append(Entry(f"{index}:{text}:no-wrap", text, flags=("no-wrap",)))
        entries.append(Entry(f"{index}:{text}:obsolete", text, obsolete=True))
    return Catalog(("Hard cases.",), dict(METADATA), [e for e in entries if not e.obsolete] + [e for e in entries if e.obsolete])


def _sample_texts() -> list[tuple[str, str]]:
    paths = sorted(REPOSITORY.glob("locales/*/LC_MESSAGES/*.po"))
    return [(str(path.relative_to(REPOSITORY)), format_catalog(parse_catalog(path.read_text(encoding="utf-8"), path.name))) for path in paths]


def _msgcat(folder: Path, text: str) -> str:
    path = folder / "catalog.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([MSGCAT or "msgcat", str(path)], capture_output=True, text=True, encoding="utf-8", check=True)
    return result.stdout


def _template(catalog: Catalog) -> Catalog:
    """What xgettext would have written for the catalog: no translations, no fuzzy flags, no
    previous strings, no obsolete entries (no-wrap comes from the source, so it stays)."""
    return Catalog(catalog.header_comments, dict(catalog.metadata), [
        replace(entry, msgstr="", msgstr_plural=tuple("" for _ in entry.msgstr_plural), previous_msgid=None,
                previous_msgctxt=None, flags=tuple(flag for flag in entry.flags if flag == "no-wrap"))
        for entry in catalog.entries if not entry.obsolete
    ])


def _without_dates(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:')))


def _msgmerge(folder: Path, catalog: Catalog) -> tuple[str, str]:
    """(what we write, what msgmerge --previous writes for it and its template), less the dates."""
    text = format_catalog(catalog)
    (folder / "old.po").write_text(text, encoding="utf-8")
    (folder / "template.pot").write_text(format_catalog(_template(catalog)), encoding="utf-8")
    subprocess.run([MSGMERGE or "msgmerge", "--quiet", "--previous", "-o", str(folder / "new.po"), str(folder / "old.po"),
                    str(folder / "template.pot")], check=True, capture_output=True)
    return _without_dates(text), _without_dates((folder / "new.po").read_text(encoding="utf-8"))


# --- msgcat and msgmerge ------------------------------------------------------------------------


@needs_gettext
def test_msgcat_keeps_the_hard_cases(tmp_path: Path) -> None:
    text = format_catalog(_hard_catalog())
    assert _msgcat(tmp_path, text) == text


@needs_gettext
def test_msgmerge_keeps_the_hard_cases(tmp_path: Path) -> None:
    ours, theirs = _msgmerge(tmp_path, _hard_catalog())
    assert theirs == ours


@needs_gettext
@pytest.mark.parametrize("seed", range(4))
def test_msgcat_keeps_thousands_of_random_entries(tmp_path: Path, seed: int) -> None:
    text = format_catalog(_random_catalog(seed, 1000))
    assert _msgcat(tmp_path, text) == text


@needs_gettext
@pytest.mark.parametrize("seed", range(2))
def test_msgmerge_keeps_thousands_of_random_entries(tmp_path: Path, seed: int) -> None:
    ours, theirs = _msgmerge(tmp_path, _random_catalog(100 + seed, 1000))
    assert theirs == ours


@needs_gettext
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(catalogs())
def test_msgcat_keeps_what_we_write(tmp_path: Path, catalog: Catalog) -> None:
    text = format_catalog(catalog)
    assert _msgcat(tmp_path, text) == text


@needs_gettext
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(catalogs())
def test_msgmerge_keeps_what_we_write(tmp_path: Path, catalog: Catalog) -> None:
    ours, theirs = _msgmerge(tmp_path, catalog)
    assert theirs == ours


@needs_gettext
def test_msgcat_keeps_the_sample_catalogs_as_we_write_them(tmp_path: Path) -> None:
    for name, text in _sample_texts():
        assert _msgcat(tmp_path, text) == text, name


# --- the layout, without gettext ----------------------------------------------------------------


def _one(entry: Entry) -> str:
    return format_catalog(Catalog((), {}, [entry])).split("\n\n", 1)[1]


def test_cjk_is_wrapped_by_columns_and_never_before_closing_punctuation() -> None:
    text = "中国の伝統的な服装をまとった劉勁松氏は、かなり誇らしげで硬い姿勢で立っていた。"
    assert _one(Entry("a", text)) == (
        'msgid "a"\nmsgstr ""\n"中国の伝統的な服装をまとった劉勁松氏は、かなり誇らしげで硬い姿勢で立ってい"\n"た。"\n'
    )


def test_a_string_that_does_not_fit_after_its_keyword_starts_on_the_next_line() -> None:
    fits = "x " * 35  # `msgstr "` and `"`: 79 columns
    assert _one(Entry("a", fits)).endswith(f'msgstr "{fits}"\n')
    assert _one(Entry("a", fits + "y")).endswith(f'msgstr ""\n"{fits}y"\n')
    assert _one(Entry("a", "日本" * 18)).endswith('msgstr ""\n"' + "日本" * 18 + '"\n')  # 72 columns, 36 characters


def test_a_word_longer_than_a_line_is_not_cut() -> None:
    word = "x" * 100
    assert _one(Entry(word)) == f'msgid "{word}"\nmsgstr ""\n'
    assert _one(Entry("a " + word)) == f'msgid ""\n"a "\n"{word}"\nmsgstr ""\n'


def test_escapes_are_never_split_and_lines_end_after_a_line_break() -> None:
    # As msgcat writes them: the tab escape stays whole on the full line, "本" goes on.
    assert _one(Entry("日本" * 37 + "\t" + "日本")) == (
        'msgid ""\n"' + "日本" * 19 + '"\n"' + "日本" * 18 + '\\t日"\n"本"\nmsgstr ""\n'
    )
    assert _one(Entry("a" * 73 + ' "quoted"\nnext\n')) == (
        'msgid ""\n"' + "a" * 73 + ' "\n"\\"quoted\\"\\n"\n"next\\n"\nmsgstr ""\n'
    )


def test_no_wrap_keeps_each_line_whole() -> None:
    text = "word " * 30 + "\nend"
    assert _one(Entry(text, flags=("no-wrap",))) == f'#, no-wrap\nmsgid ""\n"{"word " * 30}\\n"\n"end"\nmsgstr ""\n'


def test_references_share_lines_up_to_the_width() -> None:
    references = tuple(f"articles/japan-china-talks.txt:{line}" for line in range(1, 6))
    assert _one(Entry("a", references=references)).split("msgid")[0] == (
        "#: articles/japan-china-talks.txt:1 articles/japan-china-talks.txt:2\n"
        "#: articles/japan-china-talks.txt:3 articles/japan-china-talks.txt:4\n"
        "#: articles/japan-china-talks.txt:5\n"
    )


def test_obsolete_and_previous_lines_count_their_prefix() -> None:
    text = "word " * 15 + "end"  # its first 75 columns fit on an unprefixed line, not after "#~ " or "#| "
    lines = '"word word word word word word word word word word word word word word "\n{0}"word end"\n'
    assert _one(Entry("a", text)).endswith('msgstr ""\n"' + "word " * 15 + '"\n"end"\n')
    assert _one(Entry("a", text, obsolete=True)) == '#~ msgid "a"\n#~ msgstr ""\n#~ ' + lines.format("#~ ")
    assert _one(Entry("a", "b", flags=("fuzzy",), previous_msgid=text)).startswith('#, fuzzy\n#| msgid ""\n#| ' + lines.format("#| "))


@settings(max_examples=300)
@given(texts)
def test_wrapped_strings_read_back_the_same(text: str) -> None:
    catalog = Catalog((), {}, [Entry("id", text), Entry(text or "x", "y", flags=("no-wrap",))])
    assert [(e.msgid, e.msgstr) for e in parse_catalog(format_catalog(catalog), "t.po")] == [("id", text), (text or "x", "y")]


# Texts the per-line search takes (no class that looks further than the character before), with
# escapes as `escape` writes them, and a few characters of the classes it leaves to the walk.
_SIMPLE_PIECES = st.one_of(
    _WORDS.map(lambda word: word + " "), _CJK,
    st.sampled_from([" ", "  ", "\\\\", "\\n", '\\"', "\\t", "\t", "-", "—", "/", "\u2060", "\u00a0", "\u3000",
                     "é", "한", "ᅡ", "\u2061", "😀", "\u200b", "\u0301", "\u200d", "🇯🇵", "שלום", "\u2028"]))


@settings(max_examples=3000)
@given(st.lists(_SIMPLE_PIECES, max_size=40).map("".join), st.integers(0, 90), st.integers(1, 90), st.booleans(),
       st.booleans())
def test_the_per_line_search_breaks_where_the_walk_does(text: str, start: int, limit: int, newline: bool,
                                                          any_break: bool) -> None:
    if newline:
        text += "\\n"
    if linebreak._is_simple(text):
        assert (linebreak._simple_breaks(text, start, limit, newline, any_break)
                == linebreak._walked_breaks(text, start, limit, newline, any_break))
    else:
        assert set(text) & {"\u200b", "\u0301", "\u200d", "\U0001F1EF", "ש", "\u2028"}


def test_the_per_line_search_takes_only_what_the_walk_would_do_alike() -> None:
    for code in range(0x30000):
        char = chr(code)
        if linebreak._is_simple(char):
            assert linebreak._line_break_class(char) not in (
                linebreak.BK, linebreak.CR, linebreak.LF, linebreak.CM, linebreak.ZJ, linebreak.ZW, linebreak.RI,
                linebreak.HL), hex(code)
        if code < 0x80:
            assert linebreak._is_simple(char) == (char == "\t" or char.isprintable()), hex(code)
    for code in range(0x110000):
        if linebreak._SIMPLE_BLOCKS.fullmatch(chr(code)):
            assert linebreak._SIMPLE[chr(code)], hex(code)
    for code in range(0x80):  # one character each from the ASCII regex, the rest from their class
        assert linebreak._is_simple(chr(code)) == linebreak._is_simple("é" + chr(code)), hex(code)


@settings(max_examples=1000)
@given(texts, st.sampled_from(["msgid", "msgstr", "msgid_plural", "msgstr[0]", "msgctxt"]), st.sampled_from(["", "#~ ", "#| "]),
       st.booleans())
def test_a_string_without_line_breaks_is_laid_out_as_any_string(text: str, keyword: str, prefix: str,
                                                                  newline: bool) -> None:
    text = text.replace("\n", "") + ("\n" if newline else "")
    escaped, room = pofile.escape(text), pofile.WIDTH - len(prefix) - len(keyword) - 3
    if len(escaped) <= room if escaped.isascii() else linebreak.columns(escaped) <= room:
        expected = f'{prefix}{keyword} "{escaped}"\n'
    else:
        expected = pofile._pieces(keyword, text, prefix, True)
    assert pofile._layout(keyword, text, prefix) == expected


def test_the_shortcuts_take_only_what_they_may() -> None:
    # Words of ASCII letters and digits (AL, NU), and runs of ideographs and kana (ID, 2 columns).
    for char in "abcXYZ0189":
        assert linebreak._CLASS_NAMES[linebreak._line_break_class(char)] in ("AL", "NU")
    for code in [*range(0x3040, 0x3100), *range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]:
        if linebreak._IDEOGRAPHS.fullmatch(chr(code)):
            assert (linebreak._line_break_class(chr(code)), linebreak._column_width(chr(code))) == (linebreak.ID, 2), hex(code)


# --- the tables, against libunistring -----------------------------------------------------------


def _libunistring() -> ctypes.CDLL | None:
    """libunistring 1.0, the one gettext 0.21 uses here; None elsewhere (another version breaks
    lines by other rules, and its tables are laid out otherwise)."""
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    return library if version >> 8 == 0x100 else None  # 1.0.x


LIBUNISTRING = _libunistring()
needs_libunistring = pytest.mark.skipif(
    LIBUNISTRING is None or unicodedata.unidata_version != "14.0.0",
    reason="needs libunistring 1.0 and the Unicode 14 data of Python 3.11",
)
# libunistring 1.0's class numbers, in the order of its enum (XX: a number no character has).
_THEIR_CLASSES = "WJ GL B2 BA BB HY CL CP XX EX IN NS OP OW QU IS NU PO PR SY AL H2 H3 ID IP JL JV JT HL RI ZJ EB EM " \
    "BK CR LF CM ZW SP CB AI SA XX".split()
_RESOLVED = {"CB": "ID", "AI": "AL", "SA": "AL", "XX": "AL"}  # as u8_possible_linebreaks resolves them for UTF-8


def _their_class(code: int) -> str:
    """The class in libunistring's three-level table unilbrkprop (15 int, 2048 int, bytes)."""
    assert LIBUNISTRING is not None
    base = ctypes.addressof(ctypes.c_char.in_dll(LIBUNISTRING, "libunistring_unilbrkprop"))
    level1 = (ctypes.c_int * 15).from_address(base)
    if code >> 16 >= 15 or level1[code >> 16] < 0:
        return _RESOLVED["XX"]
    level2 = (ctypes.c_int * 2048).from_address(base + 60)[level1[code >> 16] + ((code >> 7) & 511)]
    if level2 < 0:
        return _RESOLVED["XX"]
    value = ctypes.c_ubyte.from_address(base + 60 + 4 * 2048 + level2 + (code & 127)).value
    name = _THEIR_CLASSES[value]
    return _RESOLVED.get(name, name)


@needs_libunistring
def test_every_code_point_has_libunistrings_class_and_width() -> None:
    assert LIBUNISTRING is not None
    uc_width = LIBUNISTRING.uc_width
    uc_width.argtypes, uc_width.restype = [ctypes.c_uint32, ctypes.c_char_p], ctypes.c_int
    wrong = []
    # Every code point of the planes in use, a sample of the unassigned ones.
    for code in [*range(0x40000), *range(0x40000, 0xE0000, 97), *range(0xE0000, 0xE1000), *range(0xE1000, 0x110000, 97)]:
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        ours = linebreak._CLASS_NAMES[linebreak._line_break_class(char)], linebreak._column_width(char)
        if ours != (_their_class(code), max(uc_width(code, b"UTF-8"), 0)):
            wrong.append(f"U+{code:04X}")
    assert wrong == []


@needs_libunistring
def test_break_opportunities_are_libunistrings() -> None:
    assert LIBUNISTRING is not None
    breaks = LIBUNISTRING.u8_width_linebreaks_v2
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                       ctypes.c_char_p, ctypes.c_char_p]
    rng = random.Random(7)
    # One character of each class, and the ones that matter most here.
    pool = sorted({chr(code) for code in range(0x2FFFF) if not 0xD800 <= code < 0xE000
                   and rng.random() < 0.002} | set("a b.,!?()「」。、一あア0-—\u200d\u200b\u0301👍🏻🇯🇵א-\t \u2028ｱ％") | {
        next(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and linebreak._line_break_class(chr(code)) == kind)
        for kind in range(len(linebreak._CLASS_NAMES)) if linebreak._CLASS_NAMES[kind] not in ("CR", "LF")})
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        data = text.encode("utf-8")
        result = ctypes.create_string_buffer(len(data))
        start, width = rng.randint(0, 10), rng.randint(1, 30)
        breaks(data, len(data), width, start, 0, None, b"UTF-8", result)
        offsets = [len(text[:index].encode("utf-8")) for index in range(len(text))]
        theirs = [index for index, offset in enumerate(offsets) if result.raw[offset] == 2]  # UC_BREAK_POSSIBLE
        assert linebreak.line_breaks(text, start, width, False) == theirs, repr(text)


# --- translate-toolkit --------------------------------------------------------------------------


def _translate_toolkit_round_trip(text: str) -> str:
    po = pytest.importorskip("translate.storage.po")
    return bytes(po.pofile.parsestring(text.encode("utf-8"))).decode("utf-8")


def test_translate_toolkit_writes_back_the_hard_cases_and_samples() -> None:
    for name, text in [("hard cases", format_catalog(_hard_catalog())), *_sample_texts()]:
        assert _translate_toolkit_round_trip(text) == text, name


@settings(max_examples=100, deadline=None)
@given(catalogs())
def test_translate_toolkit_writes_back_what_we_write(catalog: Catalog) -> None:
    text = format_catalog(catalog)
    assert _translate_toolkit_round_trip(text) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("the of and to in a is that for it as was with minister talks Beijing Tokyo".split()),
                min_size=1, max_size=60).map(" ".join))
def test_translate_toolkit_wraps_plain_english_msgids_like_gettext(text: str) -> None:
    """The one case where its own wrapping agrees: it fills by UAX #29 words and puts `msgid ""`
    first by a character count that fits msgid alone (see the notes in translator/formats/po.py)."""
    pypo = pytest.importorskip("translate.storage.pypo")
    if not hasattr(pypo, "PoWrapper"):
        pytest.skip("an older translate-toolkit, without the PoWrapper this was checked with (3.20)")
    ours = pofile._string("msgid", text).removeprefix("msgid ").splitlines()
    assert pypo.quoteforpo(text) == ours
