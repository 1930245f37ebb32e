"""TBX v2 (martif) as translate-toolkit reads and writes it; removed ids through v3; hostile XML
refused through the CLI with nothing changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from lxml import etree
from translate.storage import tbx as ttk_tbx

from tests.strategies import glossaries
from tests.test_tbx import _full
from translator.cli import cli
from translator.glossary import Entry, Forms, Glossary
from translator.language.locales import LOCALES
from translator.formats.tbx import V2_LOST_KEYS, parse_tbx, plan_tbx_import, tbx_bytes, v2_losses
from translator.workspace import Workspace, init_workspace, load_workspace


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=False)


def _without_v2_losses(entry: Entry) -> Entry:
    """The entry as TBX v2 carries it: no status, names, reading, romanisation or holders."""
    return replace(entry, status="draft", reading="", romanization="", holders=(),
                   forms=tuple(replace(forms, family="", given="") for forms in entry.forms))


def test_v2_export_is_martif_tbx_default() -> None:
    data = tbx_bytes(_full(), version=2)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                           b'<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n<martif type="TBX-Default" xml:lang="en">')
    root = etree.fromstring(data)
    assert [entry.get("id") for entry in root.iter("termEntry")] == [entry.id for entry in _full()]
    assert b"translator:" not in data.replace(b"translator:status=approved looks like ours", b"")


def test_v2_losses_are_named() -> None:
    assert v2_losses(_full()) == [
        "TBX v2 has no place for the review status (approved): 2 entries",
        "TBX v2 has no place for family and given names: 1 entry",
        "TBX v2 has no place for kana readings: 1 entry",
        "TBX v2 has no place for romanisation systems: 1 entry",
        "TBX v2 has no place for title holders: 1 entry",
        "TBX v2 has no place for removed ids: 1",
    ]


@pytest.mark.parametrize("target", [locale for locale in LOCALES if locale != "en"])
def test_translate_toolkit_reads_the_same_terms(target: str) -> None:
    glossary = _full()
    store = ttk_tbx.tbxfile.parsestring(tbx_bytes(glossary, version=2), sourcelanguage="en", targetlanguage=target)
    units = {unit.getid(): unit for unit in store.units}
    assert set(units) == {entry.id for entry in glossary}
    for entry in glossary:
        unit = units[entry.id]
        for terms, forms in ((unit.get_source_terms(), entry.form("en")), (unit.get_target_terms(), entry.form(target))):
            expected = [forms.preferred, *forms.admitted, *forms.forbidden] if forms.preferred else []
            assert [term.text for term in terms] == expected
            assert [term.deprecated for term in terms] == [text in forms.forbidden for text in expected]
        assert unit.source == entry.form("en").preferred
        assert unit.getnotes().split() == entry.note.split()  # translate-toolkit folds white space


def test_v2_round_trip_keeps_what_v2_holds() -> None:
    glossary = _full()
    read = parse_tbx(tbx_bytes(glossary, version=2), "g.tbx")
    assert read.version == 2
    assert list(read.glossary) == [_without_v2_losses(entry) for entry in glossary]
    plan = plan_tbx_import(read, glossary)  # into the glossary it came from: the rest is kept
    assert plan.is_empty and plan.unchanged == len(glossary)
    assert plan.notes == [
        "TBX v2 has no place for the review status (approved): kept the glossary's for 2 entries",
        "TBX v2 has no place for family and given names: kept the glossary's for 1 entry",
        "TBX v2 has no place for kana readings: kept the glossary's for 1 entry",
        "TBX v2 has no place for romanisation systems: kept the glossary's for 1 entry",
        "TBX v2 has no place for title holders: kept the glossary's for 1 entry",
    ]


@settings(max_examples=40, deadline=None)
@given(glossaries().filter(len))
def test_any_glossary_round_trips_through_v2(glossary: Glossary) -> None:
    read = parse_tbx(tbx_bytes(glossary, version=2), "g.tbx")
    assert list(read.glossary) == [_without_v2_losses(entry) for entry in glossary]
    assert plan_tbx_import(read, glossary).is_empty
    assert not any(key in V2_LOST_KEYS for key in ("id", "type", "note", "source", *LOCALES))


def test_cli_v2_export_and_import_say_what_v2_lost(sample: Path, tmp_path: Path) -> None:
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    path = tmp_path / "g.tbx"
    result = _invoke(sample, "glossary", "export", str(path), "--tbx-version", "2")
    assert result.exit_code == 0, result.output
    assert "Note: TBX v2 has no place for title holders: 8 entries\n" in result.output
    assert result.output.endswith(f"Exported 27 entries to {path}\n")
    result = _invoke(sample, "glossary", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Note: TBX v2 has no place for title holders: kept the glossary's for 8 entries\n" in result.output
    assert result.output.endswith(" 0 added, 0 changed, 0 removed, 27 unchanged\n")
    assert store.read_bytes() == before


def test_tbx_version_is_for_tbx_only(sample: Path, tmp_path: Path) -> None:
    result = _invoke(sample, "glossary", "export", str(tmp_path / "g.xlsx"), "--tbx-version", "2")
    assert result.exit_code == 2
    assert "Error: --tbx-version is for a .tbx file" in result.output


def _translate_toolkit_file() -> bytes:
    store = ttk_tbx.tbxfile(sourcelanguage="en", targetlanguage="ja")
    for source, target in (("Prime Minister", "内閣総理大臣"), ("Tokyo Tower", "東京タワー")):
        unit = store.addsourceunit(source)
        unit.settarget(target)
    unit.addnote("a landmark", origin="translator")
    return bytes(store)


def test_translate_toolkit_file_imports(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "weblate.tbx"
    path.write_bytes(_translate_toolkit_file())
    assert b"<martif" in path.read_bytes() and b"id=" not in path.read_bytes()
    result = _invoke(workspace.root, "glossary", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 added, 0 changed, 0 removed, 0 unchanged\n")
    loaded = workspace.glossary.load()
    assert [(entry.id, entry.type, entry.form("en").preferred, entry.form("ja").preferred, entry.note)
            for entry in loaded] == [("prime-minister", "term", "Prime Minister", "内閣総理大臣", ""),
                                     ("tokyo-tower", "term", "Tokyo Tower", "東京タワー", "a landmark")]
    again = _invoke(workspace.root, "glossary", "import", str(path))  # matched by the English term
    assert again.output.endswith("0 added, 0 changed, 0 removed, 2 unchanged\n"), again.output


def test_id_less_entry_keeps_the_type_of_its_match(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.glossary.editing() as current:
        current.add(Entry("tokyo", "place", forms=(Forms("Tokyo"),) + (Forms(),) * (len(LOCALES) - 1)))
    path = tmp_path / "weblate.tbx"
    store = ttk_tbx.tbxfile(sourcelanguage="en", targetlanguage="ja")
    store.addsourceunit("Tokyo").settarget("東京")
    path.write_bytes(bytes(store))
    result = _invoke(workspace.root, "glossary", "import", str(path))
    assert result.output.endswith("0 added, 1 changed, 0 removed, 0 unchanged\n"), result.output
    [entry] = workspace.glossary.load()
    assert (entry.id, entry.type, entry.form("ja").preferred) == ("tokyo", "place", "東京")


def test_v2_doctype_is_never_loaded_and_utf16_reads(workspace: Workspace, tmp_path: Path) -> None:
    dtd = tmp_path / "TBXcoreStructV02.dtd"
    dtd.write_text("<!ENTITY this is no DTD at all", encoding="utf-8")  # loading it would fail
    data = tbx_bytes(_full(), version=2).replace(b'SYSTEM "TBXcoreStructV02.dtd"', f'SYSTEM "{dtd.as_uri()}"'.encode())
    assert [entry.id for entry in parse_tbx(data, "g.tbx").glossary] == [entry.id for entry in _full()]
    text = data.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    path = tmp_path / "utf16.tbx"
    path.write_bytes(text.encode("utf-16"))  # with a byte-order mark
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    result = _invoke(workspace.root, "glossary", "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("4 added, 0 changed, 0 removed, 0 unchanged\n")


# --- removed ids: v3 export then import into an empty glossary changes no byte ------------------


def _copied_by_tbx(source: Path, tmp_path: Path) -> None:
    target = init_workspace(tmp_path / "copy", "en", ("ja", "zh-Hans", "zh-Hant"))
    path = tmp_path / "g.tbx"
    assert _invoke(source, "glossary", "export", str(path)).exit_code == 0
    result = _invoke(target.root, "glossary", "import", str(path))
    assert result.exit_code == 0, result.output
    name = Path("glossary") / "glossary.toml"
    assert (target.root / name).read_bytes() == (source / name).read_bytes()


def test_sample_glossary_copies_byte_for_byte(sample: Path, tmp_path: Path) -> None:
    store = sample / "glossary" / "glossary.toml"
    with load_workspace(sample).glossary.editing() as current:
        current.retired.add("an-old-entry")  # so that the copy has removed ids to restore
    assert b"an-old-entry" in store.read_bytes()
    _copied_by_tbx(sample, tmp_path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(glossaries().filter(len))
def test_any_glossary_copies_byte_for_byte(tmp_path_factory: pytest.TempPathFactory, glossary: Glossary) -> None:
    tmp_path = tmp_path_factory.mktemp("copy")
    source = init_workspace(tmp_path / "source", "en", ("ja", "zh-Hans", "zh-Hant"))
    with source.glossary.editing() as current:
        for entry in sorted(glossary, key=lambda entry: entry.type != "person"):  # holders first
            current.add(entry)
        current.retired.update({"gone-1", "gone-2"})
    _copied_by_tbx(source.root, tmp_path)


def test_removed_id_that_is_an_entry_is_kept(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.glossary.editing() as current:
        current.add(_full().entries["tokyo"])
    data = tbx_bytes(Glossary.of([_full().entries["shigeru-ishiba"]], retired={"tokyo", "gone"}))
    path = tmp_path / "g.tbx"
    path.write_bytes(data)
    result = _invoke(workspace.root, "glossary", "import", str(path))
    assert result.exit_code == 0, result.output
    assert f"= {path}:8: kept the entry 'tokyo', which the file lists as removed\n" in result.output
    assert "- gone (a removed id, never to be reused)\n" in result.output
    loaded = workspace.glossary.load()
    assert "tokyo" in loaded and loaded.retired == {"gone"}


# --- hostile files ----------------------------------------------------------------------------

_HEAD = (b'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
         b'<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>')
_TAIL = b"</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n"


def _hostile(secret: Path) -> dict[str, tuple[bytes, int, str]]:
    """name: (file, line, the error's message)."""
    uri = secret.as_uri().encode()
    entities = "the file declares entities in its DOCTYPE; a TBX file has no need of them, so it is refused"
    laughs = b"".join(b'<!ENTITY l%d "%s">\n' % (n, (b"&l%d;" % (n - 1)) * 10) for n in range(1, 10))
    return {
        "billion laughs": (b'<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY l0 "lol">\n' + laughs + b"]>\n"
                           + _HEAD + b"&l9;" + _TAIL, 3, entities),
        "quadratic blow-up": (b'<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "' + b"A" * 200_000 + b'">]>\n'
                              + _HEAD + b"&a;" * 5_000 + _TAIL, 2, entities),
        "external entity": (b'<?xml version="1.0"?>\n<!DOCTYPE tbx [\n  <!ENTITY secret SYSTEM "' + uri + b'">\n]>\n'
                            + _HEAD + b"&secret;" + _TAIL, 3, entities),
        "parameter entity": (b'<?xml version="1.0"?>\n\n<!DOCTYPE tbx [<!ENTITY % p SYSTEM "' + uri + b'"> %p;]>\n'
                             + _HEAD + b"x" + _TAIL, 3, entities),
        "undeclared entity": (_HEAD + b"&secret;" + _TAIL, 2, "not well-formed XML: Entity 'secret' not defined"),
        "xinclude": (_HEAD.replace(b"<term>", b'<term><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="'
                                   + uri + b'" parse="text"/>') + _TAIL, 2,
                     "the file uses XInclude, which is never processed; include the content itself"),
        "wrong declared encoding": (b'<?xml version="1.0" encoding="UTF-16"?>\n' + _HEAD + b"x" + _TAIL, 1,
                                    "the file declares the encoding UTF-16, but its bytes are not UTF-16"),
        "invalid bytes": (b'<?xml version="1.0" encoding="UTF-8"?>\n' + _HEAD + "Café".encode("latin-1") + _TAIL, 3,
                          "the bytes are not valid UTF-8, the file's encoding"),
        "unknown encoding": (b'<?xml version="1.0" encoding="klingon"?>\n' + _HEAD + b"x" + _TAIL, 1,
                             "the file declares the encoding 'klingon', which is not one XML parsers know"),
        "control character": (_HEAD + b"a\x01b" + _TAIL, 2,
                              "the file contains the control character U+0001, which XML does not allow"),
        "control character reference": (_HEAD + b"a&#27;b" + _TAIL, 2,
                                        "the file contains the control character U+001B, which XML does not allow"),
        "truncated": ((_HEAD + b"x" + _TAIL)[:-30], 2, "not well-formed XML: "),
        "other dialect": (_HEAD.replace(b"TBX-Basic", b"TBX-Linguist") + b"x" + _TAIL, 1,
                          "TBX dialect 'TBX-Linguist' is not supported; use TBX-Basic, TBX-Core, TBX-Min"),
        "empty": (b"", 1, "the file is empty"),
        "byte-order mark only": (b"\xef\xbb\xbf\n", 1, "the file is empty"),
        "not TBX": (b"<html/>", 1, "not a TBX file: the root element is html, not tbx in the namespace "
                    "urn:iso:std:iso:30042:ed-2 (TBX v3) or martif (TBX v2)"),
    }


@pytest.mark.parametrize("case", list(_hostile(Path("/s"))))
def test_hostile_file_is_refused_and_changes_nothing(sample: Path, tmp_path: Path, case: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data, line, message = _hostile(secret)[case]
    path = tmp_path / "hostile.tbx"
    path.write_bytes(data)
    store = sample / "glossary" / "glossary.toml"
    before = store.read_bytes()
    for extra in ((), ("--dry-run",)):
        result = _invoke(sample, "glossary", "import", str(path), *extra)
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: {path}:{line}: {message}"), result.output
        assert "TOP-SECRET" not in result.output
    assert store.read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["glossary.toml"]
