"""TBX import of foreign and partial files: an entry changes only where the file speaks for it
(docs/cat-tools.md, "The glossary as TBX"); foreign ids and language tags; nothing left out
without a Note; problems capped."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from translate.convert.tbx2po import tbx2po
from translate.storage import tbx as ttk_tbx

from tests.test_tbx import _full
from translator.cli import cli
from translator.formats.spreadsheet import MAX_PROBLEMS
from translator.formats.tbx import tbx_bytes
from translator.glossary import Glossary, build_entry
from translator.workspace import Workspace, load_workspace

DATA = Path(__file__).parent / "data" / "tbx"
V3_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
           'xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n')
V3_TAIL = "</body></text></tbx>\n"
V2_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en"><text><body>\n'
V2_TAIL = "</body></text></martif>\n"


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=False)


def _write(tmp_path: Path, text: str, name: str = "in.tbx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(root: Path, path: Path, *extra: str) -> Result:
    result = _invoke(root, "glossary", "import", str(path), *extra)
    assert result.exit_code == 0, result.output
    return result


def _store(root: Path) -> bytes:
    return (root / "glossary" / "glossary.toml").read_bytes()


def _notes(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Note: ")]


def _term(text: str, status: str = "") -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<termSec><term>{text}</term>{note}</termSec>"


def _lang(tag: str, *terms: str) -> str:
    return f'<langSec xml:lang="{tag}">{"".join(terms)}</langSec>'


# --- rule: a locale the file has no langSec for keeps its forms ---------------------------------


def test_weblate_pair_changes_nothing(sample: Path) -> None:
    before = _store(sample)
    result = _import(sample, DATA / "Weblate_pair.tbx")
    assert result.stdout == f"Imported {DATA / 'Weblate_pair.tbx'}: 0 added, 0 changed, 0 removed, 1 unchanged\n"
    assert "Note: TBX v2 has no place for family and given names: kept the glossary's for 1 entry" in _notes(result)
    assert _store(sample) == before


def test_partial_locales_keep_the_others(sample: Path, tmp_path: Path) -> None:
    """One langSec with statuses (authoritative for en) and a source: ja, zh, names, note, status
    and romanisation stay as they were."""
    before = load_workspace(sample).glossary.load().entries["sanae-takaichi"]
    path = _write(tmp_path, V3_HEAD + '<conceptEntry id="sanae-takaichi"><admin type="source">Kantei</admin>'
                  + _lang("en", _term("Sanae Takaichi", "preferredTerm-admn-sts"),
                          _term("Takaichi-san", "deprecatedTerm-admn-sts"))
                  + "</conceptEntry>\n" + V3_TAIL)
    result = _import(sample, path)
    assert result.stdout.splitlines()[0] == "~ sanae-takaichi: en-admitted, en-forbidden, source"
    after = load_workspace(sample).glossary.load().entries["sanae-takaichi"]
    assert after.form("en").admitted == () and after.form("en").forbidden == ("Takaichi-san",)
    assert after.source == "Kantei"
    assert after.forms[1:] == before.forms[1:] and after.form("en").family == "Takaichi"
    assert (after.type, after.status, after.note, after.reading, after.romanization) == \
        (before.type, before.status, before.note, before.reading, before.romanization)


def test_prune_keeps_its_meaning_with_a_partial_file(sample: Path) -> None:
    result = _import(sample, DATA / "Weblate_pair.tbx", "--prune", "--dry-run")
    assert result.stdout.endswith(": 0 added, 0 changed, 26 removed, 1 unchanged\n")
    assert "- prime-minister-japan (title)\n" in result.stdout


# --- rule: status-less terms set the preferred form and add admitted ones ------------------------


def _minister(workspace: Workspace) -> None:
    with workspace.glossary.editing() as current:
        current.add(build_entry({
            "id": "prime-minister", "type": "title", "status": "approved", "en": "Prime Minister",
            "en-admitted": ("PM",), "en-forbidden": ("Premier",), "ja": "内閣総理大臣", "ja-admitted": ("首相",),
            "zh-Hans": "日本首相", "note": "Head of the Cabinet.", "source": "Kantei",
        }))


def test_statusless_terms_set_the_preferred_form_and_add_admitted(workspace: Workspace, tmp_path: Path) -> None:
    _minister(workspace)
    path = _write(tmp_path, V2_HEAD + '<termEntry id="prime-minister">'
                  '<langSet xml:lang="en"><tig><term>Premier</term></tig><tig><term>Head of Government</term></tig>'
                  '</langSet><langSet xml:lang="ja"><tig><term>首相</term></tig></langSet></termEntry>\n' + V2_TAIL)
    result = _import(workspace.root, path)
    assert result.stdout.splitlines()[0] == "~ prime-minister: en, en-admitted, en-forbidden, ja, ja-admitted"
    entry = workspace.glossary.load().entries["prime-minister"]
    # the replaced preferred form goes; a form is never in two roles
    assert (entry.form("en").preferred, entry.form("en").admitted, entry.form("en").forbidden) == \
        ("Premier", ("PM", "Head of Government"), ())
    assert (entry.form("ja").preferred, entry.form("ja").admitted) == ("首相", ())
    assert (entry.form("zh-Hans").preferred, entry.note, entry.source, entry.status, entry.type) == \
        ("日本首相", "Head of the Cabinet.", "Kantei", "approved", "title")


def test_a_status_makes_the_locale_authoritative(workspace: Workspace, tmp_path: Path) -> None:
    _minister(workspace)
    path = _write(tmp_path, V2_HEAD + '<termEntry id="prime-minister"><langSet xml:lang="en">'
                  '<tig><term>Prime Minister</term></tig>'
                  '<tig><term>PM</term><termNote type="administrativeStatus">forbidden</termNote></tig>'
                  '</langSet></termEntry>\n' + V2_TAIL)
    result = _import(workspace.root, path)
    assert result.stdout.splitlines()[0] == "~ prime-minister: en-admitted, en-forbidden"
    forms = workspace.glossary.load().entries["prime-minister"].form("en")
    assert (forms.preferred, forms.admitted, forms.forbidden) == ("Prime Minister", (), ("PM",))


# --- rule: translator: fields are the file's only with translator:status ------------------------


def _exported(root: Path, tmp_path: Path) -> str:
    path = tmp_path / "export.tbx"
    assert _invoke(root, "glossary", "export", str(path)).exit_code == 0
    return path.read_text(encoding="utf-8")


def test_dropped_status_notes_keep_the_private_fields(sample: Path, tmp_path: Path) -> None:
    """A CAT tool that drops translator:status: the other translator: notes are not read (one
    edited here) and the glossary's values stay."""
    before = _store(sample)
    text = _exported(sample, tmp_path)
    text = re.sub(r"\s*<note>translator:status=\w+</note>", "", text)
    text = text.replace("translator:romanization=hepburn", "translator:romanization=other", 1)
    result = _import(sample, _write(tmp_path, text))
    assert result.stdout.endswith(": 0 added, 0 changed, 0 removed, 27 unchanged\n"), result.output
    name = str(tmp_path / "in.tbx")
    assert f"Note: {name} has no translator: notes for title holders: kept the glossary's for 8 entries" \
        in _notes(result)
    assert any(re.fullmatch(rf"Note: {re.escape(name)}: not imported: \d+ translator: notes of entries "
                            "without translator:status", line) for line in _notes(result))
    assert _store(sample) == before


def test_all_translator_notes_dropped_changes_nothing(sample: Path, tmp_path: Path) -> None:
    before = _store(sample)
    text = re.sub(r"\s*<note>translator:[^<]*</note>", "", _exported(sample, tmp_path))
    assert "translator:" not in text.replace("Exported by translator", "")
    result = _import(sample, _write(tmp_path, text))
    assert result.stdout.endswith(": 0 added, 0 changed, 0 removed, 27 unchanged\n"), result.output
    assert _store(sample) == before


# --- rule: concept fields set when present, kept when absent; the whole record in our export -----


def test_note_removed_in_our_own_export_clears_it(sample: Path, tmp_path: Path) -> None:
    text = _exported(sample, tmp_path)
    note = "<note>Prime Minister of Japan from 2025-10-21."
    start = text.index(note)
    text = text[:start] + text[text.index("</note>", start) + len("</note>"):]
    result = _import(sample, _write(tmp_path, text))
    assert result.stdout.splitlines() == ["~ sanae-takaichi: note",
                                          f"Imported {tmp_path / 'in.tbx'}: 0 added, 1 changed, 0 removed, 26 unchanged"]
    assert load_workspace(sample).glossary.load().entries["sanae-takaichi"].note == ""


def test_note_absent_from_a_foreign_entry_is_kept(sample: Path, tmp_path: Path) -> None:
    before = _store(sample)
    path = _write(tmp_path, V3_HEAD + '<conceptEntry id="sanae-takaichi"><descrip type="subjectField">person'
                  '</descrip>' + _lang("ja", _term("高市早苗")) + "</conceptEntry>\n" + V3_TAIL)
    result = _import(sample, path)
    assert result.stdout.endswith(": 0 added, 0 changed, 0 removed, 1 unchanged\n")
    assert _store(sample) == before
    with_note = path.read_text(encoding="utf-8").replace("</descrip>", "</descrip><note>Edited in memoQ.</note>")
    result = _import(sample, _write(tmp_path, with_note))
    assert result.stdout.splitlines()[0] == "~ sanae-takaichi: note"


# --- foreign ids ---------------------------------------------------------------------------------


def test_csv2tbx_file_imports(sample: Path, tmp_path: Path) -> None:
    """translate-toolkit's csv2tbx writes the source term as the id and `xx` as the target language."""
    csv = tmp_path / "terms.csv"
    csv.write_text('source,target\n"Sanae Takaichi","高市早苗"\n"Tokyo Tower","東京タワー"\n', encoding="utf-8")
    path = tmp_path / "terms.tbx"
    subprocess.run([str(Path(sys.executable).parent / "csv2tbx"), "-i", str(csv), "-o", str(path), "--progress", "none"],
                   check=True, capture_output=True)
    text = path.read_text(encoding="utf-8")
    assert '<termEntry id="Sanae Takaichi">' in text and 'xml:lang="xx"' in text
    before = _store(sample)
    result = _import(sample, path)
    assert result.stdout.splitlines() == [
        f"= {path}:15: [Sanae Takaichi] skipped the terms in 'xx', not a locale of the glossary",
        f"= {path}:19: [Tokyo Tower] skipped the terms in 'xx', not a locale of the glossary",
        "+ tokyo-tower (term)",
        f"Imported {path}: 1 added, 0 changed, 0 removed, 1 unchanged",
    ]
    assert f"Note: {path}: 2 ids are not glossary ids (such as 'Sanae Takaichi'): matched by their term, or " \
           "given new ids" in _notes(result)
    assert _store(sample) != before
    # named as a CAT tool would: the Japanese term now imports, into the entry made above
    path.write_text(text.replace('xml:lang="xx"', 'xml:lang="ja-JP"'), encoding="utf-8")
    result = _import(sample, path)
    assert result.stdout.splitlines() == ["~ tokyo-tower: ja", f"Imported {path}: 0 added, 1 changed, 0 removed, "
                                          "1 unchanged"]
    assert load_workspace(sample).glossary.load().entries["tokyo-tower"].form("ja").preferred == "東京タワー"


def test_weblate_concept_ids_are_matched_by_term(sample: Path, tmp_path: Path) -> None:
    before = _store(sample)
    path = _write(tmp_path, DATA.joinpath("Weblate_pair.tbx").read_text(encoding="utf-8")
                  .replace("<termEntry>", '<termEntry id="Concept 2">'))
    result = _import(sample, path)
    assert result.stdout.endswith(": 0 added, 0 changed, 0 removed, 1 unchanged\n")
    assert _store(sample) == before


# --- language tags -------------------------------------------------------------------------------


def test_region_and_posix_tags_are_our_locales(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, V3_HEAD.replace('xml:lang="en"', 'xml:lang="en-US"')
                  + '<conceptEntry id="tokyo">' + _lang("en-US", _term("Tokyo")) + _lang("ja-JP", _term("東京"))
                  + _lang("zh-CN", _term("东京")) + _lang("zh-TW", _term("東京")) + _lang("de", _term("Tokio"))
                  + _lang("ja", _term("とうきょう")) + "</conceptEntry>\n"
                  + '<conceptEntry id="beijing">' + _lang("zh-Hans-CN", _term("北京")) + _lang("zh_Hans", _term("北平"))
                  + _lang("zh_TW", _term("北京")) + "</conceptEntry>\n" + V3_TAIL)
    result = _import(workspace.root, path)
    assert result.stdout.splitlines() == [
        f"= {path}:3: [tokyo] skipped the terms in 'de', not a locale of the glossary",
        "+ beijing (term)", "+ tokyo (term)", f"Imported {path}: 2 added, 0 changed, 0 removed, 0 unchanged"]
    loaded = workspace.glossary.load()
    tokyo, beijing = loaded.entries["tokyo"], loaded.entries["beijing"]
    assert [forms.preferred for forms in tokyo.forms] == ["Tokyo", "東京", "东京", "東京"]
    assert tokyo.form("ja").admitted == ("とうきょう",)  # two langSecs of one locale: terms in file order
    assert (beijing.form("zh-Hans").preferred, beijing.form("zh-Hans").admitted) == ("北京", ("北平",))
    assert beijing.form("zh-Hant").preferred == "北京"


# --- nothing dropped silently --------------------------------------------------------------------


def test_standard_example_says_what_it_did_not_import(workspace: Workspace) -> None:
    path = DATA / "Example_Astronomy_DCA_VALID.tbx"
    result = _import(workspace.root, path, "--dry-run")
    assert _notes(result) == [f"Note: {path}: not imported: {what}" for what in (
        "316 transactions", "39 subject fields that are not entry types", "34 graphics (xGraphic)",
        "74 definitions", "74 sources of definitions", "104 contexts", "104 sources of contexts",
        "53 term-level notes", "25 term types", "20 language-level notes", "2 parts of speech other than noun",
        "1 reference object section (back matter)")]
    assert not any(line.startswith("Note:") for line in result.stdout.splitlines())


def test_term_level_notes_of_translate_toolkit_are_reported(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, V2_HEAD + '<termEntry id="tokyo"><langSet xml:lang="en"><tig><term>Tokyo</term>'
                  '<note from="developer">capital</note><termNote type="termType">fullForm</termNote></tig>'
                  '</langSet></termEntry>\n' + V2_TAIL)
    result = _import(workspace.root, path)
    assert _notes(result) == [f"Note: {path}: not imported: 1 term-level note",
                              f"Note: {path}: not imported: 1 term type"]


# --- a cap on reported problems ------------------------------------------------------------------


def test_problems_are_capped(workspace: Workspace, tmp_path: Path) -> None:
    count = MAX_PROBLEMS + 150
    concepts = "".join(f'<conceptEntry id="term-{n}"><note>translator:status=bogus</note>'
                       f'{_lang("en", _term(f"Term {n}"))}</conceptEntry>\n' for n in range(count))
    path = _write(tmp_path, V3_HEAD + concepts + V3_TAIL)
    result = _invoke(workspace.root, "glossary", "import", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"Error: {path}:3: [term-0] status: status 'bogus' is not one of draft, approved"
    assert lines[-1] == f"Error: {path}: 150 more problems not shown; fix these first"
    assert len(workspace.glossary.load()) == 0


def test_skipped_lines_are_capped(workspace: Workspace, tmp_path: Path) -> None:
    concepts = "".join(f'<termEntry id="Concept {n}"><langSet xml:lang="de"><tig><term>Begriff {n}</term></tig>'
                       "</langSet></termEntry>\n" for n in range(MAX_PROBLEMS))
    path = _write(tmp_path, V2_HEAD + concepts + V2_TAIL)
    result = _import(workspace.root, path)
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert lines[-2] == f"= {path}: {MAX_PROBLEMS:,} more skipped terms and entries not shown"
    assert lines[-1] == f"Imported {path}: 0 added, 0 changed, 0 removed, 0 unchanged"


def test_many_foreign_ids_import(workspace: Workspace, tmp_path: Path) -> None:
    count = 2_000
    concepts = "".join(f'<termEntry id="Concept {n}"><langSet xml:lang="en"><tig><term>Term {n}</term></tig>'
                       "</langSet></termEntry>\n" for n in range(count))
    path = _write(tmp_path, V2_HEAD + concepts + V2_TAIL)
    result = _import(workspace.root, path, "--dry-run")
    assert result.stdout.endswith(f": {count} added, 0 changed, 0 removed, 0 unchanged\n")
    assert "+ term-1999 (term)\n" in result.stdout


# --- v2 export: part of speech -------------------------------------------------------------------


def test_v2_export_gives_each_term_a_part_of_speech() -> None:
    glossary: Glossary = _full()
    data = tbx_bytes(glossary, version=2)
    assert data.count(b"<tig>") == data.count(b'<termNote type="partOfSpeech">noun</termNote>') > 0
    store = ttk_tbx.tbxfile.parsestring(data, sourcelanguage="en", targetlanguage="ja")
    catalog = tbx2po().convertfile(store)
    units = [unit for unit in catalog.units if not unit.isheader()]
    assert {unit.source for unit in units} == {entry.form("en").preferred for entry in glossary}
    assert all(unit.getnotes("developer") == "Part of speech: noun" for unit in units)
