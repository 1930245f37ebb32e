"""A catalog whose entries are the template's at their places is written by copying the
template's bytes (`extraction._Written`): what it writes is exactly what encoding the catalog
writes, whether the template is held as pieces or read back from its file, and a segment run
writes the same catalogs either way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator import extraction
from translator.extraction import _Written, _none_kept
from translator.formats.po import Catalog, Entry, catalog_pieces, encode_catalog, in_blocks
from translator.workspace import Workspace
from tests.conftest import Run

TEXTS = ["Short.", "A longer sentence that goes past the seventy-nine columns of a line in a PO file, surely.",
         "引用 \"quoted\"\n", "高市早苗首相は火曜日に演説した。", "Tab\there.", ""]

_entries = st.builds(
    Entry,
    msgid=st.sampled_from(TEXTS[:-1]),
    extracted_comments=st.lists(st.sampled_from(["type: paragraph", "glossary: person-1 (person)", ""]),
                                max_size=2).map(tuple),
    references=st.lists(st.sampled_from(["articles/a.txt:1", "articles/a.txt:12"]), max_size=2).map(tuple),
)
# What a catalog's entry at a place may be: the template's own object, an equal copy, the same text
# translated, fuzzy or with a translator's comment, or another entry altogether.
_CHANGES = ["same", "copy", "translated", "fuzzy", "comment", "other"]


def _catalog_entry(entry: Entry, change: str) -> Entry:
    if change == "same":
        return entry
    if change == "copy":
        return replace(entry, line=7)  # (the line an entry was read from is not part of it)
    if change == "translated":
        return replace(entry, msgstr="訳文")
    if change == "fuzzy":
        return replace(entry, msgstr="訳", flags=("fuzzy",), previous_msgid="Old.")
    if change == "comment":
        return replace(entry, translator_comments=("checked",))
    return Entry("Something else.")


def _template(entries: list[Entry]) -> Catalog:
    return Catalog(header_comments=("Template.",), metadata={"Language": "en"}, entries=entries)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_entries, max_size=12), st.data())
def test_a_spliced_catalog_is_the_catalog_encoded(tmp_path: Path, template_entries: list[Entry], data: st.DataObject) -> None:
    changes = data.draw(st.lists(st.sampled_from(_CHANGES), min_size=len(template_entries),
                                 max_size=len(template_entries)))
    entries = [_catalog_entry(entry, change) for entry, change in zip(template_entries, changes)]
    entries += data.draw(st.lists(_entries.map(lambda entry: replace(entry, msgstr="古い", obsolete=True,
                                                                     extracted_comments=(), references=())),
                                  max_size=2))
    if data.draw(st.booleans()):  # a catalog with fewer active entries than the template
        entries = entries[:data.draw(st.integers(0, len(entries)))]
    catalog = Catalog(header_comments=("Japanese.",), metadata={"Language": "ja"}, entries=entries)
    expected = encode_catalog(catalog)
    held = _Written(template_entries)
    held.pieces = list(catalog_pieces(_template(template_entries), _none_kept))
    assert b"".join(held.spliced(catalog)) == expected
    in_file = _Written(template_entries)
    path = tmp_path / "template.pot"
    path.write_bytes(b"".join(in_blocks(in_file.recorded(catalog_pieces(_template(template_entries), _none_kept)), 64)))
    in_file.path = path
    assert b"".join(in_file.spliced(catalog)) == expected


@pytest.mark.parametrize("streamed", [False, True])
def test_a_new_article_with_translations_from_memory_is_written_as_encoded(
        workspace: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    """A new article's catalogs are the template's entries but where the translation memory gives
    a translation: the runs between are copied from the template, the rest encoded; the catalog
    read back and written again (the writer itself) is the same bytes."""
    from translator.catalog import read_catalog
    from translator.formats.po import encode_catalog as encoded

    if streamed:
        monkeypatch.setattr(extraction, "STREAMED_ENTRIES", 0)
    articles = workspace.root / "articles"
    (articles / "first.txt").write_text("The envoy listened.\nThe talks ended on Tuesday.\n", encoding="utf-8")
    assert run("segment", str(articles / "first.txt")).exit_code == 0
    first = workspace.root / "locales" / "ja" / "LC_MESSAGES" / "first.po"
    text = first.read_text(encoding="utf-8")
    for source, translation in (("The envoy listened.", "特使は耳を傾けた。"), ("The talks ended on Tuesday.", "協議は火曜日に終わった。")):
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{translation}"')
    first.write_text(text, encoding="utf-8")
    (articles / "second.txt").write_text("A new start.\nThe envoy listened.\nThe talks ended on Wednesday.\nAn end.\n",
                                         encoding="utf-8")
    result = run("segment", str(articles / "second.txt"))
    assert result.exit_code == 0, result.output
    assert "  ja       2 new, 0 changed, 0 unchanged, 0 obsolete, 2 from memory" in result.output
    for locale in workspace.targets:
        path = workspace.root / "locales" / locale / "LC_MESSAGES" / "second.po"
        catalog = read_catalog(path, path.name)
        assert catalog is not None
        assert path.read_bytes() == encoded(catalog)
    ja = (workspace.root / "locales" / "ja" / "LC_MESSAGES" / "second.po").read_text(encoding="utf-8")
    assert 'msgid "The envoy listened."\nmsgstr "特使は耳を傾けた。"' in ja
    template = (workspace.root / "locales" / "templates" / "second.pot").read_text(encoding="utf-8")
    zh = (workspace.root / "locales" / "zh-Hans" / "LC_MESSAGES" / "second.po").read_text(encoding="utf-8")
    assert zh.split("\n\n", 1)[1] == template.split("\n\n", 1)[1]  # nothing from memory: the template's entries


def test_a_catalog_a_merge_wrote_without_translations_is_not_read_for_the_memory(
        workspace: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another article's catalog that a merge wrote with every message new has nothing for the
    translation memory: known by its digest, it is not read. Once a translator fills it in, it is."""
    from translator import catalog as catalog_module

    articles = workspace.root / "articles"
    (articles / "first.txt").write_text("The envoy listened.\nThe talks ended.\n", encoding="utf-8")
    assert run("segment", str(articles / "first.txt")).exit_code == 0
    read: list[str] = []
    reader = catalog_module.read_catalog
    monkeypatch.setattr(extraction, "read_catalog",
                        lambda path, *args, **kwargs: read.append(path.name) or reader(path, *args, **kwargs))
    (articles / "second.txt").write_text("The envoy listened.\nA new line.\n", encoding="utf-8")
    result = run("segment", str(articles / "second.txt"))
    assert result.exit_code == 0, result.output
    assert "first.po" not in read
    assert "  ja       2 new, 0 changed, 0 unchanged, 0 obsolete, 0 from memory" in result.output
    first = workspace.root / "locales" / "ja" / "LC_MESSAGES" / "first.po"
    first.write_text(first.read_text(encoding="utf-8").replace(
        'msgid "The envoy listened."\nmsgstr ""', 'msgid "The envoy listened."\nmsgstr "特使は耳を傾けた。"'), encoding="utf-8")
    (articles / "second.txt").write_text("The envoy listened.\nAnother line.\n", encoding="utf-8")
    result = run("segment", str(articles / "second.txt"))
    assert result.exit_code == 0, result.output
    assert "first.po" in read
    assert "  ja       1 new, 0 changed, 1 unchanged, 0 obsolete, 0 from memory" in result.output
    (articles / "third.txt").write_text("The envoy listened.\n", encoding="utf-8")
    result = run("segment", str(articles / "third.txt"))
    assert "  ja       0 new, 0 changed, 0 unchanged, 0 obsolete, 1 from memory" in result.output


@given(st.lists(st.binary(max_size=40), max_size=6))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_digest_made_as_the_bytes_pass_is_the_file_s(tmp_path: Path, pieces: list[bytes]) -> None:
    """The digest a segment run records of a file it wrote as it went (`Digesting`) is the one a
    later run makes by reading the file (`file_digest`), and `digest` of its bytes."""
    from translator.memo import Digesting, digest, joined_digest, read_digest

    made = Digesting()
    path = tmp_path / "file.po"
    path.write_bytes(b"".join(made.passed(pieces)))
    assert made.digest() == read_digest(path) == joined_digest(pieces) == digest(b"".join(pieces))
    assert made.digest() != digest(b"".join(pieces) + b"\0")
