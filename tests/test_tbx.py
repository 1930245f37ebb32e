"""TBX v3 export and import: valid against the TBX core schema, lossless in a round trip, safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from lxml import etree

from tests.conftest import Run
from tests.strategies import glossaries
from tests.test_tbx_schematron import assert_valid_basic
from translator.cli import cli
from translator.errors import InputError
from translator.glossary import Glossary, build_entry
from translator.formats.tbx import parse_tbx, plan_tbx_import, read_tbx, tbx_bytes
from translator.workspace import Workspace

DATA = Path(__file__).parent / "data" / "tbx"
# The core schema leaves each DCA `type` value list as an extension point (`<empty/>`) that a
# dialect fills in; opened to `<text/>` as its own documentation says, it accepts the standard's
# example. The values TBX-Basic allows are checked below, as its Schematron does.
_CORE = (DATA / "TBXcoreStructV03_TBX-Core_integrated.rng").read_text(encoding="utf-8")
_OPENED = re.sub(r'(<define name="\w+\.types">\s*<choice>.*?)<empty/>', r"\1<text/>", _CORE, flags=re.S)
SCHEMA = etree.RelaxNG(etree.fromstring(_OPENED.encode("utf-8")))
BASIC_TYPES = {
    "descrip": {"subjectField", "context", "definition"},
    "admin": {"customerSubset", "projectSubset", "source"},
    "termNote": {"administrativeStatus", "partOfSpeech", "grammaticalGender", "termLocation", "termType"},
}
BASIC_VALUES = {
    "administrativeStatus": {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                             "preferredTerm-admn-sts"},
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
}


def _full() -> Glossary:
    people = [
        build_entry({
            "id": "sanae-takaichi", "type": "person", "status": "approved",
            "en": "Sanae Takaichi", "en-admitted": ("TAKAICHI Sanae",), "en-forbidden": ("Sanae Takai",),
            "en-family": "Takaichi", "en-given": "Sanae",
            "ja": "高市早苗", "ja-family": "高市", "ja-given": "早苗", "ja-reading": "たかいち さなえ",
            "zh-Hans": "高市早苗", "zh-Hant": "高市早苗", "romanization": "hepburn",
            "note": "First woman in the office.\n\n  Indented line\twith a tab.\n", "source": "https://japan.kantei.go.jp/",
        }),
        build_entry({"id": "shigeru-ishiba", "type": "person", "en": "Shigeru Ishiba", "ja": "石破茂",
                     "note": "translator:status=approved looks like ours but is a note"}),
        build_entry({
            "id": "prime-minister", "type": "title", "status": "approved", "en": "Prime Minister",
            "ja": "内閣総理大臣", "ja-admitted": ("首相", "総理"), "zh-Hans-forbidden": ("首相大臣",),
            "zh-Hans": "日本首相",
            "holders": ("shigeru-ishiba from 2024-10-01 to 2025-10-21", "sanae-takaichi from 2025-10-21"),
        }),
        build_entry({"id": "tokyo", "type": "place", "en": "Tokyo", "zh-Hant": "東京", "note": "<b>&amp; not markup</b>"}),
    ]
    return Glossary.of(people, retired={"old-entry"})


def _valid(data: bytes) -> None:
    """Valid against the core RELAX NG schema, TBX-Basic's Schematron (DCA) and its value lists."""
    assert_valid_basic(data)
    document = etree.fromstring(data)
    assert SCHEMA.validate(document), SCHEMA.error_log
    for element in document.iter():
        name = etree.QName(element).localname
        kind = element.get("type")
        if name in BASIC_TYPES:
            assert kind in BASIC_TYPES[name], (name, kind)
        if kind in BASIC_VALUES:
            assert element.text in BASIC_VALUES[kind], (kind, element.text)


def test_schema_accepts_the_standard_example() -> None:
    _valid((DATA / "Example_Astronomy_DCA_VALID.tbx").read_bytes())


def test_export_is_valid_tbx_basic() -> None:
    data = tbx_bytes(_full())
    _valid(data)
    root = etree.fromstring(data)
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tbx')


def test_empty_glossary_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("glossary", "export", str(tmp_path / "g.tbx"))
    assert (result.exit_code, result.output) == (1, "Error: the glossary has no entries, and a TBX file needs at least one\n")


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    glossary = _full()
    read = parse_tbx(tbx_bytes(glossary), "g.tbx")
    assert list(read.glossary) == list(glossary)
    assert read.glossary.retired == glossary.retired
    assert plan_tbx_import(read, glossary).is_empty


@settings(max_examples=60, deadline=None)
@given(glossaries().filter(len))
def test_any_glossary_round_trips(glossary: Glossary) -> None:
    data = tbx_bytes(glossary)
    _valid(data)
    assert list(parse_tbx(data, "g.tbx").glossary) == list(glossary)


def _export_import(root: Path, tmp_path: Path) -> None:
    store = root / "glossary" / "glossary.toml"
    before = store.read_bytes()
    path = tmp_path / "glossary.tbx"
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(root), "glossary", "export", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    _valid(path.read_bytes())
    result = runner.invoke(cli, ["-w", str(root), "glossary", "import", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(" 0 added, 0 changed, 0 removed, "
                                  f"{len(read_tbx(path).glossary)} unchanged\n")
    assert store.read_bytes() == before


def test_sample_round_trip_changes_nothing(sample: Path, tmp_path: Path) -> None:
    _export_import(sample, tmp_path)


def test_full_round_trip_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.glossary.editing() as current:
        for entry in sorted(_full(), key=lambda entry: entry.type != "person"):  # holders first
            current.add(entry)
        current.retired.add("old-entry")
    _export_import(workspace.root, tmp_path)


def test_import_adds_and_dry_run_changes_nothing(run: Run, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "in.tbx"
    path.write_bytes(tbx_bytes(_full()))
    result = run("glossary", "import", str(path), "--dry-run")
    assert result.exit_code == 0
    assert "+ prime-minister (title)" in result.output
    assert result.output.endswith("Would import " + str(path) + ": 4 added, 0 changed, 0 removed, 0 unchanged\n")
    assert len(workspace.glossary.load()) == 0
    assert run("glossary", "import", str(path)).exit_code == 0
    assert list(workspace.glossary.load()) == list(_full())


def test_standard_example_imports(run: Run, workspace: Workspace) -> None:
    read = read_tbx(DATA / "Example_Astronomy_DCA_VALID.tbx")
    assert len(read.glossary) > 0
    assert any("skipped the terms in 'es'" in problem.message for problem in read.skipped)
    result = run("glossary", "import", str(DATA / "Example_Astronomy_DCA_VALID.tbx"))
    assert result.exit_code == 0, result.output
    assert len(workspace.glossary.load()) == len(read.glossary)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&lol3;</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&secret;</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL.replace(b"<!DOCTYPE", b"\n<!DOCTYPE")],
                         ids=["billion-laughs", "external-entity"])
def test_entities_are_refused(run: Run, workspace: Workspace, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "hostile.tbx"
    path.write_bytes(data)
    result = run("glossary", "import", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:3: the file declares entities in its DOCTYPE")
    assert len(workspace.glossary.load()) == 0


def test_other_dialect_is_refused_by_name(tmp_path: Path) -> None:
    data = tbx_bytes(_full()).replace(b'type="TBX-Basic"', b'type="TBX-Linguist"')
    with pytest.raises(InputError, match=r"g.tbx:2: TBX dialect 'TBX-Linguist' is not supported"):
        parse_tbx(data, "g.tbx")


def test_broken_xml_names_the_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.tbx"
    path.write_bytes(tbx_bytes(_full())[:-20])
    result = run("glossary", "import", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:")
    assert "not well-formed XML" in result.output


def test_invalid_entry_is_reported_with_its_line(tmp_path: Path) -> None:
    data = tbx_bytes(_full()).replace("たかいち さなえ".encode(), b"Takaichi Sanae")
    with pytest.raises(InputError) as raised:
        parse_tbx(data, "g.tbx")
    [problem] = raised.value.problems
    assert problem.line is not None and problem.line > 1
    assert problem.message == "[sanae-takaichi] ja-reading: reading 'Takaichi Sanae' must be written in kana"
