"""Translation memory as TMX 1.4b: exports valid against the DTD and read by translate-toolkit as
written, imports from CAT tools that `segment` fills new messages from, and hostile files refused."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tmx as toolkit

from tests.conftest import Run
from translator import extraction
from translator.cli import cli
from translator.formats import tmx
from translator.formats.tmx import Unit, Variant, parse_tmx, segment_text, tmx_bytes
from translator.formats.xml import not_xml, parse_xml
from translator.workspace import Workspace, init_workspace

DTD = etree.DTD(str(Path(__file__).parent / "data" / "tmx" / "tmx14.dtd"))
TMX_DATE = re.compile(r"\d{8}T\d{6}Z")  # the form TMX and OmegaT's TMXReader2 read

ARTICLE = """\
Prime Minister Sanae Takaichi spoke on Tuesday. The U.S. envoy listened.
Takaichi's remarks drew a response.
Tadamori Oshima was not there.
"""
JA = {
    "Prime Minister Sanae Takaichi spoke on Tuesday.": "高市早苗首相は火曜日に演説した。",
    "The U.S. envoy listened.": "米国の特使は耳を傾けた。",
    "Takaichi's remarks drew a response.": "高市氏の発言は反応を呼んだ。",
}


def _valid(data: bytes) -> etree._Element:
    """The document, after checking it against the TMX 1.4b DTD and what OmegaT needs."""
    document = etree.fromstring(data)
    assert DTD.validate(document), DTD.error_log.filter_from_errors()
    assert document.find("header").get("srclang")  # type: ignore[union-attr]
    for element in document.iter("tu", "tuv"):
        for name in ("changedate", "creationdate"):
            assert element.get(name) is None or TMX_DATE.fullmatch(element.get(name, ""))
    assert all(tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in document.iter("tuv"))
    return document


def _write(workspace: Workspace, name: str, text: str) -> Path:
    path = workspace.root / "articles" / name
    path.write_text(text, encoding="utf-8")
    return path


def _catalog(workspace: Workspace, locale: str, slug: str = "talks") -> Path:
    return workspace.root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def _translate(workspace: Workspace, locale: str, texts: dict[str, str], slug: str = "talks",
               fuzzy: tuple[str, ...] = (), revised: str | None = None) -> None:
    catalog = polib.pofile(str(_catalog(workspace, locale, slug)))
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    if revised is not None:
        catalog.metadata["PO-Revision-Date"] = revised
    catalog.save(str(_catalog(workspace, locale, slug)))


@pytest.fixture
def translated(workspace: Workspace, run: Run) -> Workspace:
    """One article: ja has two translated messages, a fuzzy one and an empty one; zh-Hans one."""
    _write(workspace, "talks.txt", ARTICLE)
    assert run("segment", "--all").exit_code == 0
    _translate(workspace, "ja", JA, fuzzy=("Takaichi's remarks drew a response.",), revised="2025-11-18 09:30+0900")
    _translate(workspace, "zh-Hans", {"The U.S. envoy listened.": "美国特使听了。"})
    return workspace


def _pairs(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """(source, {locale: translation}) of every unit, as translate-toolkit reads them."""
    store = toolkit.tmxfile.parsestring(data)
    result = []
    for unit in store.units:
        languages = [node.get("{http://www.w3.org/XML/1998/namespace}lang") for node in unit.getlanguageNodes()]
        result.append((unit.source, {language: unit.gettarget(lang=language) for language in languages[1:]}))
    return result


# --- export ---------------------------------------------------------------------------------


def test_export_holds_translated_messages_only(translated: Workspace, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    result = run("tm", "export", str(path))
    assert (result.exit_code, result.output) == (
        0, f"Exported 2 translation unit(s) from 1 article(s) to {path} (ja 2, zh-Hans 1)\n")
    document = _valid(path.read_bytes())
    header = document.find("header")
    assert header is not None and dict(header.attrib) == {
        "creationtool": "translator", "creationtoolversion": header.get("creationtoolversion"), "segtype": "sentence",
        "o-tmf": "translator", "adminlang": "en", "srclang": "en", "datatype": "plaintext",
    }
    # The fuzzy, the empty and the untranslated messages are left out; zh-Hant has none.
    assert _pairs(path.read_bytes()) == [
        ("Prime Minister Sanae Takaichi spoke on Tuesday.", {"ja": "高市早苗首相は火曜日に演説した。"}),
        ("The U.S. envoy listened.", {"ja": "米国の特使は耳を傾けた。", "zh-Hans": "美国特使听了。"}),
    ]
    first = document.find("body/tu")
    assert first is not None
    assert [(prop.get("type"), prop.text) for prop in first.iter("prop")] == [("x-article", "talks")]
    # PO-Revision-Date 2025-11-18 09:30+0900 is 00:30 UTC.
    assert first.get("changedate") == "20251118T003000Z"
    assert [tuv.get("changedate") for tuv in first.iter("tuv")] == [None, "20251118T003000Z"]


def test_export_of_the_sample_is_read_by_translate_toolkit_as_the_catalogs_hold(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "sample.tmx"
    result = CliRunner().invoke(cli, ["-w", str(sample), "tm", "export", str(path)], catch_exceptions=False)
    assert result.output == f"Exported 24 translation unit(s) from 1 article(s) to {path} (ja 24, zh-Hans 24, zh-Hant 10)\n"
    _valid(path.read_bytes())
    expected: dict[str, dict[str, str]] = {}
    for locale in ("ja", "zh-Hans", "zh-Hant"):
        for entry in polib.pofile(str(sample / "locales" / locale / "LC_MESSAGES" / "japan-china-talks.po")):
            if entry.translated() and not entry.obsolete:
                expected.setdefault(entry.msgid, {})[locale] = entry.msgstr
    assert dict(_pairs(path.read_bytes())) == expected


def test_locale_option_restricts_the_targets(translated: Workspace, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "zh.tmx"
    result = run("tm", "export", str(path), "--locale", "zh_CN")
    assert result.output == f"Exported 1 translation unit(s) from 1 article(s) to {path} (zh-Hans 1)\n"
    assert _pairs(path.read_bytes()) == [("The U.S. envoy listened.", {"zh-Hans": "美国特使听了。"})]
    run("tm", "export", str(path), "-l", "zh-Hant")
    assert _pairs(path.read_bytes()) == []
    _valid(path.read_bytes())


def test_region_tags_for_omegat(translated: Workspace, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    run("tm", "export", str(path), "--region-tags")
    document = _valid(path.read_bytes())
    assert document.find("header").get("srclang") == "en-US"  # type: ignore[union-attr]
    languages = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in document.iter("tuv")}
    assert languages == {"en-US", "ja-JP", "zh-CN"}
    # They read back as our locales.
    units = parse_tmx(path.read_bytes(), "omegat.tmx").units
    assert [[variant.locale for variant in unit.variants] for unit in units] == [["en", "ja"], ["en", "ja", "zh-Hans"]]


def test_same_text_in_two_articles_is_one_unit_unless_translations_differ(translated: Workspace, run: Run,
                                                                          tmp_path: Path) -> None:
    _write(translated, "more.txt", "The U.S. envoy listened.\nPrime Minister Sanae Takaichi spoke on Tuesday.\n")
    run("segment", str(translated.root / "articles" / "more.txt"))  # fills both from memory
    _translate(translated, "ja", {"Prime Minister Sanae Takaichi spoke on Tuesday.": "高市首相は火曜日に話した。"}, "more")
    path = tmp_path / "memory.tmx"
    result = run("tm", "export", str(path))
    assert result.output == f"Exported 3 translation unit(s) from 2 article(s) to {path} (ja 3, zh-Hans 1)\n"
    document = _valid(path.read_bytes())
    units = [([prop.text for prop in tu.iter("prop")], [seg.text for seg in tu.iter("seg")]) for tu in document.iter("tu")]
    assert units == [  # in article order (by slug), then message order
        (["more", "talks"], ["The U.S. envoy listened.", "米国の特使は耳を傾けた。", "美国特使听了。"]),
        (["more"], ["Prime Minister Sanae Takaichi spoke on Tuesday.", "高市首相は火曜日に話した。"]),
        (["talks"], ["Prime Minister Sanae Takaichi spoke on Tuesday.", "高市早苗首相は火曜日に演説した。"]),
    ]


def test_articles_in_different_languages_make_srclang_all(translated: Workspace, run: Run, tmp_path: Path) -> None:
    _write(translated, "ja-talks.txt", "首相は火曜日に演説した。\n")
    assert run("segment", "--source", "ja", str(translated.root / "articles" / "ja-talks.txt")).exit_code == 0
    _translate(translated, "en", {"首相は火曜日に演説した。": "The Prime Minister spoke on Tuesday."}, "ja-talks")
    path = tmp_path / "memory.tmx"
    run("tm", "export", str(path))
    document = _valid(path.read_bytes())
    assert document.find("header").get("srclang") == "*all*"  # type: ignore[union-attr]
    assert [tu.get("srclang") for tu in document.iter("tu")] == ["ja", "en", "en"]
    store = toolkit.tmxfile.parsestring(path.read_bytes())
    assert (store.units[0].source, store.units[0].gettarget(lang="en")) == (
        "首相は火曜日に演説した。", "The Prime Minister spoke on Tuesday.")


def test_control_character_is_refused_with_its_line(translated: Workspace, run: Run, tmp_path: Path) -> None:
    catalog = _catalog(translated, "ja")
    text = catalog.read_text(encoding="utf-8").replace('msgstr "米国の特使は耳を傾けた。"', 'msgstr "米国の特使は\\a耳を傾けた。"')
    catalog.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    index = lines.index('msgid "The U.S. envoy listened."')
    while lines[index - 1].startswith("#"):  # the entry starts at its first comment
        index -= 1
    line = index + 1
    result = run("tm", "export", str(tmp_path / "memory.tmx"))
    assert result.exit_code == 1
    assert result.output == (f"Error: locales/ja/LC_MESSAGES/talks.po:{line}: the message holds the control character "
                             "U+0007, which XML (and so TMX) cannot carry; remove it from the catalog\n")
    assert not (tmp_path / "memory.tmx").exists()


def test_an_empty_workspace_exports_an_empty_valid_memory(run: Run, tmp_path: Path) -> None:
    result = run("tm", "export", str(tmp_path / "empty.tmx"))
    assert result.output == f"Exported 0 translation unit(s) from 0 article(s) to {tmp_path / 'empty.tmx'}\n"
    _valid((tmp_path / "empty.tmx").read_bytes())


_SPECIAL = st.sampled_from(list("<>&\"' ]]>-;#x高市早苗臺灣たかいちカタナ「」。，𠮷\u3000Ａ\t\n\r\u00a0é")
                           + ["&amp;", "]]>", "<!--", "&#1;", "<seg>", "</tuv>"])
_ANY = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
segment_texts = (st.lists(st.one_of(_SPECIAL, _ANY), min_size=1, max_size=20).map("".join).map(str.strip)
                 .filter(lambda text: bool(text) and not_xml(text) is None))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(segment_texts, segment_texts, st.one_of(st.none(), segment_texts)), min_size=1, max_size=5,
                unique_by=lambda triple: triple[0]))
def test_any_text_is_read_back_by_translate_toolkit_and_by_us(triples: list[tuple[str, str, str | None]]) -> None:
    units = [Unit((Variant("en", source), Variant("ja", ja), *([Variant("zh-Hant", zh)] if zh else [])))
             for source, ja, zh in triples]
    data = tmx_bytes(units, "en")
    _valid(data)
    assert _pairs(data) == [(source, {"ja": ja, **({"zh-Hant": zh} if zh else {})}) for source, ja, zh in triples]
    assert parse_tmx(data, "m.tmx").units == units


@given(st.text(min_size=1, max_size=10), st.sampled_from([chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C,
                                                                              *range(0x0E, 0x20), 0xFFFE, 0xFFFF]]))
def test_characters_xml_cannot_hold_are_found(text: str, character: str) -> None:
    assert not_xml(text + character + text) is not None


# --- import ---------------------------------------------------------------------------------

CAT_TOOL = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format" datatype="xml"
          segtype="sentence" adminlang="en-US" srclang="en-US"/>
  <body>
    <tu creationdate="20240102T030405Z">
      <prop type="x-Client">Agency</prop>
      <tuv xml:lang="en-US"><seg>The <bpt i="1" type="bold">&lt;b&gt;</bpt>U.S. envoy<ept i="1">&lt;/b&gt;</ept> listened.<ph x="2">&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="ja-JP" changedate="20240203T040506Z"><seg><bpt i="1">&lt;b&gt;</bpt>米国の特使<ept i="1">&lt;/b&gt;</ept>は<hi type="x-term">耳を傾けた</hi>。</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>美国特使听了。</seg></tuv>
      <tuv xml:lang="zh-TW"><seg><it pos="begin">{\\b </it>美國特使聽了。</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>L'envoyé a écouté.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Hallo.</seg></tuv>
    </tu>
    <tu srclang="ja-JP">
      <tuv lang="JA"><seg>高市氏は演説した。</seg></tuv>
      <tuv lang="EN-GB"><seg>Takaichi spoke on Tuesday.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def _import(run: Run, tmp_path: Path, text: str | bytes, *options: str, name: str = "agency.tmx") -> Result:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return run("tm", "import", str(path), *options)


def test_import_keeps_our_locales_as_plain_text(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    result = _import(run, tmp_path, CAT_TOOL)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Imported 2 translation unit(s) into memory/agency.tmx: en->ja 1, en->zh-Hans 1, "
                             "en->zh-Hant 1, ja->en 1; 1 skipped; inline codes dropped from 1\n")
    assert result.stderr == (f"Skipped {tmp_path / 'agency.tmx'}:15: no text in two of the locales "
                             "en, ja, zh-Hans, zh-Hant (it has: fr-FR, de-DE)\n")
    stored = (workspace.root / "memory" / "agency.tmx").read_bytes()
    _valid(stored)
    assert _pairs(stored) == [
        ("The U.S. envoy listened.", {"ja": "米国の特使は耳を傾けた。", "zh-Hans": "美国特使听了。", "zh-Hant": "美國特使聽了。"}),
        ("高市氏は演説した。", {"en": "Takaichi spoke on Tuesday."}),
    ]
    dates = [tuv.get("changedate") for tuv in etree.fromstring(stored).iter("tuv")][:2]
    assert dates == ["20240102T030405Z", "20240203T040506Z"]  # the tuv's own date, else the tu's


def test_importing_the_same_name_again_replaces_it(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    _import(run, tmp_path, CAT_TOOL)
    smaller = CAT_TOOL.split("    <tu>")[0] + "  </body>\n</tmx>\n"
    result = _import(run, tmp_path, smaller, "--name", "agency")
    assert result.output == ("Imported 1 translation unit(s) into memory/agency.tmx (replacing the previous one): "
                             "en->ja 1, en->zh-Hans 1, en->zh-Hant 1; 0 skipped; inline codes dropped from 1\n")
    assert len(parse_tmx((workspace.root / "memory" / "agency.tmx").read_bytes(), "m").units) == 1


def test_segment_fills_new_messages_from_imported_memory(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    _import(run, tmp_path, CAT_TOOL)
    _write(workspace, "talks.txt", "The U.S. envoy listened.\nThe U.S. envoy listened today.\nSomething else.\n")
    result = run("segment", "--all")
    assert "  ja       1 new, 0 changed, 0 unchanged, 0 obsolete, 2 from memory" in result.output
    catalog = polib.pofile(str(_catalog(workspace, "ja")))
    exact = catalog.find("The U.S. envoy listened.")
    assert (exact.msgstr, exact.flags, exact.tcomment) == ("米国の特使は耳を傾けた。", [], "from translation memory: memory/agency.tmx")
    close = catalog.find("The U.S. envoy listened today.")
    assert (close.msgstr, close.flags, close.previous_msgid) == ("米国の特使は耳を傾けた。", ["fuzzy"], "The U.S. envoy listened.")
    assert close.tcomment == "close match from translation memory: memory/agency.tmx"
    assert polib.pofile(str(_catalog(workspace, "zh-Hant"))).find("The U.S. envoy listened.").msgstr == "美國特使聽了。"


def test_catalogs_come_before_imported_memory(translated: Workspace, run: Run, tmp_path: Path) -> None:
    _import(run, tmp_path, CAT_TOOL)
    _write(translated, "more.txt", "The U.S. envoy listened.\n")
    run("segment", str(translated.root / "articles" / "more.txt"))
    entry = polib.pofile(str(_catalog(translated, "zh-Hans", "more"))).find("The U.S. envoy listened.")
    assert (entry.msgstr, entry.tcomment) == ("美国特使听了。", "from translation memory: talks.po")
    # zh-Hant has no catalog translation, so the imported one fills it.
    entry = polib.pofile(str(_catalog(translated, "zh-Hant", "more"))).find("The U.S. envoy listened.")
    assert (entry.msgstr, entry.tcomment) == ("美國特使聽了。", "from translation memory: memory/agency.tmx")


def test_round_trip_export_import_into_another_workspace(sample: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "sample.tmx"
    runner.invoke(cli, ["-w", str(sample), "tm", "export", str(path)], catch_exceptions=False)
    other = init_workspace(tmp_path / "other", "en", ("ja", "zh-Hans", "zh-Hant"))
    (other.root / "articles" / "japan-china-talks.txt").write_text(
        (sample / "articles" / "japan-china-talks.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(other.root), "tm", "import", str(path)], catch_exceptions=False)
    assert result.output == ("Imported 24 translation unit(s) into memory/sample.tmx: en->ja 24, en->zh-Hans 24, "
                             "en->zh-Hant 10; 0 skipped\n")
    result = runner.invoke(cli, ["-w", str(other.root), "segment", "--all"], catch_exceptions=False)
    assert "  ja       0 new, 0 changed, 0 unchanged, 0 obsolete, 24 from memory" in result.output
    assert "  zh-Hant  14 new, 0 changed, 0 unchanged, 0 obsolete, 10 from memory" in result.output
    for locale in ("ja", "zh-Hans", "zh-Hant"):
        theirs = {e.msgid: e.msgstr for e in polib.pofile(str(sample / "locales" / locale / "LC_MESSAGES" / "japan-china-talks.po"))
                  if e.translated() and not e.obsolete}
        ours = {e.msgid: e.msgstr for e in polib.pofile(str(other.root / "locales" / locale / "LC_MESSAGES" / "japan-china-talks.po"))
                if e.translated()}
        assert ours == theirs, locale
    # And what the memory filled is exported again as it came in.
    again = tmp_path / "again.tmx"
    runner.invoke(cli, ["-w", str(other.root), "tm", "export", str(again)], catch_exceptions=False)
    assert [pair for _, pair in _pairs(again.read_bytes())] == [pair for _, pair in _pairs(path.read_bytes())]


def test_each_memory_file_is_parsed_once_then_kept_until_it_changes(workspace: Workspace, run: Run, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _import(run, tmp_path, CAT_TOOL)
    for number in range(3):
        _write(workspace, f"a{number}.txt", "The U.S. envoy listened.\n")
    calls: list[str] = []
    original = tmx.parse_tmx

    def counting(data: bytes, name: str, *args: object, **kwargs: object) -> object:
        calls.append(name)
        return original(data, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tmx, "parse_tmx", counting)  # segment imports it from there when it needs it
    result = run("segment", "--all")
    assert result.output.count("1 from memory") == 9
    assert calls == ["memory/agency.tmx"]
    first = {path: path.read_bytes() for path in (workspace.root / "locales").rglob("*.po")}
    # The next runs take the memory's texts from .translator/, until the file changes.
    for path in first:
        path.unlink()
    assert run("segment", "--all").output == result.output
    assert calls == ["memory/agency.tmx"]
    assert {path: path.read_bytes() for path in first} == first
    memory = workspace.root / "memory" / "agency.tmx"
    memory.write_text(memory.read_text(encoding="utf-8").replace("米国の特使は耳を傾けた。", "特使は聞いた。"),
                      encoding="utf-8")
    for path in first:
        path.unlink()
    run("segment", "--all")
    assert calls == ["memory/agency.tmx"] * 2
    assert polib.pofile(str(_catalog(workspace, "ja", "a0"))).find("The U.S. envoy listened.").msgstr == "特使は聞いた。"


def test_init_creates_the_memory_folder(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "news", "en", ("ja",))
    assert (workspace.root / "memory").is_dir()
    assert 'memory = "memory"' in (workspace.root / "translator.toml").read_text(encoding="utf-8")


def test_segment_stops_on_a_broken_memory_and_writes_nothing(workspace: Workspace, run: Run) -> None:
    (workspace.root / "memory" / "broken.tmx").write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu>',
                                                            encoding="utf-8")
    _write(workspace, "talks.txt", ARTICLE)
    result = run("segment", "--all")
    assert (result.exit_code, result.output) == (
        1, "Error: memory/broken.tmx:4: not well-formed XML: Premature end of data in tag tu line 4\n")
    assert not (workspace.root / "locales" / "templates").exists()


# --- refused ----------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&c;</seg></tuv></tu></body></tmx>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<tmx version="1.4"><header srclang="en"/><body/></tmx>
"""
UNDECLARED = """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&nbsp;</seg></tuv></tu></body></tmx>
"""
ENTITIES = "the file declares entities in its DOCTYPE; a TMX file has no need of them, so it is refused"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, f"2: {ENTITIES}"),
        (EXTERNAL, f"2: {ENTITIES}"),
        (PARAMETER, f"2: {ENTITIES}"),
        (UNDECLARED, "3: not well-formed XML: Entity 'nbsp' not defined"),
        ('<tmx version="1.4" xmlns:xi="http://www.w3.org/2001/XInclude"><header srclang="en"/><body>\n'
         '<xi:include href="file:///etc/passwd" parse="text"/></body></tmx>',
         "2: the file uses XInclude, which is never processed; include the content itself"),
        ('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu>', "4: not well-formed XML: Premature end of data in tag tu line 4"),
        ("", "1: the file is empty"),
        ('<?xml version="1.0"?>\n<html><body/></html>\n', "2: not a TMX file: the root element is <html>, not <tmx>"),
        ('<tmx xmlns="urn:x"><body/></tmx>', '1: not a TMX file: the root element is <tmx xmlns="urn:x">, not <tmx>'),
        ('<tmx version="2.0"><header/><body/></tmx>', "1: TMX version 2.0 is not supported; use 1.4 (1.1 to 1.4b are read)"),
        ('<tmx version="1.4">\n<header srclang="en"/>\n</tmx>', "1: not a TMX file: it has no <body>"),
        ('<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv xml:lang="en"><seg>a&#1;</seg></tuv></tu></body></tmx>',
         "2: the file contains the control character U+0001, which XML does not allow"),
        ('<?xml version="1.0" encoding="UTF-8"?><tmx>\xff</tmx>'.encode("latin-1"),
         "1: the bytes are not valid UTF-8, the file's encoding"),
        ('<tmx version="1.4"><header srclang="en"/>\n<body>\n<tu><tuv xml:lang="fr"><seg>Oui</seg></tuv>'
         '<tuv xml:lang="ja"><seg>はい</seg></tuv></tu></body></tmx>',
         "3: nothing to import: no translation unit has text in two of the workspace's locales; the first: "
         "no text in two of the locales en, ja, zh-Hans, zh-Hant (it has: ja, fr)"),
        ('<tmx version="1.4"><header srclang="en"/>\n<body>\n<tu><tuv><seg>x</seg></tuv></tu></body></tmx>',
         "3: nothing to import: no translation unit has text in two of the workspace's locales; the first: "
         "a <tuv> has no xml:lang"),
        ('<tmx version="1.4"><header srclang="en"/><body/></tmx>', "nothing to import: the file has no translation units"),
    ],
    ids=["billion-laughs", "external-entity", "parameter-entity", "undeclared-entity", "xinclude", "truncated", "empty", "html",
         "namespaced", "tmx-2", "no-body", "control-character", "wrong-encoding", "no-locale-of-ours", "no-language",
         "no-units"],
)
def test_hostile_and_foreign_files_are_refused_and_nothing_changes(workspace: Workspace, run: Run, tmp_path: Path,
                                                                  text: str | bytes, message: str) -> None:
    _import(run, tmp_path, CAT_TOOL, name="kept.tmx")
    before = {path.name: path.read_bytes() for path in (workspace.root / "memory").iterdir()}
    result = _import(run, tmp_path, text, "--name", "kept")
    assert result.exit_code == 1
    place = str(tmp_path / "agency.tmx")
    assert result.output == (f"Error: {place}:{message}\n" if message[0].isdigit() else f"Error: {place}: {message}\n")
    assert {path.name: path.read_bytes() for path in (workspace.root / "memory").iterdir()} == before


def test_utf16_with_a_byte_order_mark_is_read(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    text = CAT_TOOL.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    result = _import(run, tmp_path, "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 2 translation unit(s) into memory/agency.tmx: ")


def test_a_name_that_is_not_a_file_name_is_a_usage_error(workspace: Workspace, run: Run, tmp_path: Path) -> None:
    result = _import(run, tmp_path, CAT_TOOL, "--name", "../x")
    assert (result.exit_code, result.output) == (
        2, "Error: '../x' cannot name a memory: use letters, digits, '.', '_' and '-' (starting with a letter or "
           "digit), e.g. --name x\n")
    assert list((workspace.root / "memory").iterdir()) == []


@pytest.mark.parametrize(("file_name", "options", "kept"), [
    ("my memory (1).tmx", (), "my-memory-1.tmx"),  # as a browser saves a second download
    ("agency.tmx", ("--name", "agency.tmx"), "agency.tmx"),
    ("Agency_TM.XML", (), "Agency_TM.tmx"),
])
def test_memory_names_are_made_of_any_file_name(workspace: Workspace, run: Run, tmp_path: Path, file_name: str,
                                                options: tuple[str, ...], kept: str) -> None:
    result = _import(run, tmp_path, CAT_TOOL, *options, name=file_name)
    assert result.exit_code == 0, result.output
    assert [path.name for path in (workspace.root / "memory").iterdir()] == [kept]


def test_export_refuses_a_locale_no_article_is_translated_into(translated: Workspace, run: Run, tmp_path: Path) -> None:
    result = run("tm", "export", str(tmp_path / "en.tmx"), "--locale", "en")
    assert (result.exit_code, result.output) == (
        2, "Error: --locale en: no article is translated into en (it is the articles' source locale)\n")
    assert not (tmp_path / "en.tmx").exists()


def test_export_writes_tmx_files_only(translated: Workspace, run: Run, tmp_path: Path) -> None:
    result = run("tm", "export", str(tmp_path / "memory.txt"))
    assert (result.exit_code, result.output) == (
        2, "Error: memory.txt: a TMX file's name ends in .tmx (CAT tools look for it)\n")
    assert not (tmp_path / "memory.txt").exists()


def test_segtype_says_what_a_unit_is(translated: Workspace, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    run("tm", "export", str(path))
    assert etree.fromstring(path.read_bytes()).find("header").get("segtype") == "sentence"
    notes = _write(translated, "notes.txt", "One paragraph. Of two sentences.\n")
    assert run("segment", str(notes), "--by", "paragraph").exit_code == 0
    _translate(translated, "ja", {"One paragraph. Of two sentences.": "二文の段落。"}, slug="notes")
    run("tm", "export", str(path))
    root = etree.fromstring(path.read_bytes())
    assert root.find("header").get("segtype") == "sentence"
    assert [tu.get("segtype") for tu in root.iter("tu")] == ["paragraph", None, None]  # articles by name


def test_a_missing_file_is_an_error(run: Run, tmp_path: Path) -> None:
    result = run("tm", "import", str(tmp_path / "nope.tmx"))
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path / 'nope.tmx'}: cannot read the file: No such file or directory\n")


def test_inline_codes_go_and_highlighted_text_stays() -> None:
    seg = parse_xml(b'<seg> A <bpt i="1">&lt;a href="x"&gt;<sub>title</sub></bpt><hi>link<ph>{1}</ph></hi>'
                    b'<ept i="1">&lt;/a&gt;</ept> <ut>\\b</ut>end. </seg>', "s", "a TMX file")
    assert segment_text(seg) == ("A link end.", True)
    assert segment_text(parse_xml(b"<seg>Plain &amp; simple</seg>", "s", "a TMX file")) == ("Plain & simple", False)


def test_every_command_documents_an_example() -> None:
    for path in (["tm"], ["tm", "export"], ["tm", "import"]):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, path


def test_xml_module_alone_imports_lxml_in_the_tmx_code() -> None:
    source = (Path(extraction.__file__).parent / "formats" / "tmx.py").read_text(encoding="utf-8")
    assert "lxml" not in source and "import etree" not in source
