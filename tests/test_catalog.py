"""The translation memory segment offers: a locale's catalogs, built once per run, never an article's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.catalog import CatalogMemory, RememberedTexts, TranslationMemory
from translator.formats.po import Catalog, Entry


def _catalog(pairs: dict[str, str]) -> Catalog:
    return Catalog(entries=[Entry(msgid=text, msgstr=translation) for text, translation in pairs.items()])


def test_an_article_never_remembers_its_own_catalog() -> None:
    memory = CatalogMemory()
    memory.add("b.po", _catalog({"The envoy listened.": "特使は聞いた。"}))
    memory.add("a.po", _catalog({"The envoy listened.": "特使は耳を傾けた。", "Only in a.": "aだけ。"}))
    assert TranslationMemory(memory, "c.po").exact("The envoy listened.") == ("特使は耳を傾けた。", "a.po")  # first by name
    assert TranslationMemory(memory, "a.po").exact("The envoy listened.") == ("特使は聞いた。", "b.po")
    assert TranslationMemory(memory, "a.po").exact("Only in a.") is None
    assert TranslationMemory(memory, "a.po").close("Only in a!") is None  # a's own text is no close match for a
    assert TranslationMemory(memory, "b.po").close("Only in a!") == ("Only in a.", "aだけ。", "a.po")


def test_a_catalog_merged_in_the_run_replaces_what_it_held() -> None:
    memory = CatalogMemory()
    memory.add("a.po", _catalog({"Old text.": "古い。"}))
    memory.add("a.po", _catalog({"New text.": "新しい。"}))
    later = TranslationMemory(memory, "b.po")
    assert later.exact("Old text.") is None and later.close("Old text!") is None
    assert later.exact("New text.") == ("新しい。", "a.po")


def test_catalogs_come_before_imported_memory_on_a_tie() -> None:
    memory = CatalogMemory()
    memory.add("a.po", _catalog({"The talks went on.": "協議は続いた。"}))
    imported = RememberedTexts({"The talks went on.": ("会談は続いた。", "memory/agency.tmx")})
    combined = TranslationMemory(memory, "b.po", [imported])
    assert combined.exact("The talks went on.") == ("協議は続いた。", "a.po")
    assert combined.close("The talks went on!") == ("The talks went on.", "協議は続いた。", "a.po")


texts = st.text(alphabet="abcde .", min_size=3, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(texts, texts, max_size=5), min_size=1, max_size=4), texts)
def test_the_shared_memory_answers_as_one_built_for_the_article_alone(catalogs: list[dict[str, str]], query: str) -> None:
    """What the run-wide memory offers article 0 equals a memory of only the other catalogs."""
    shared, alone = CatalogMemory(), CatalogMemory()
    for number, pairs in enumerate(catalogs):
        shared.add(f"{number}.po", _catalog(pairs))
        if number:
            alone.add(f"{number}.po", _catalog(pairs))
    assert TranslationMemory(shared, "0.po").exact(query) == TranslationMemory(alone, "x.po").exact(query)
    assert TranslationMemory(shared, "0.po").close(query) == TranslationMemory(alone, "x.po").close(query)


def _header_line_by_line(data: bytes) -> bytes:
    """What read_header reads, found a line at a time (its reading before the one-block read)."""
    head: list[bytes] = []
    for line in data.splitlines(keepends=True):
        if not line.strip() and any(part.startswith(b"msgstr") for part in head):
            break
        head.append(line)
    return b"".join(head)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b'msgid ""', b'msgstr ""', b'"Language: ja\\n"', b"", b"  ", b"\r", b"#, fuzzy",
                                 b'msgid "x"', b"msgstr" + b"x" * 40]), max_size=30),
       st.booleans(), st.integers(min_value=8, max_value=64))
def test_the_header_is_cut_where_reading_line_by_line_cuts_it(lines: list[bytes], newline_at_end: bool,
                                                             block: int) -> None:
    import translator.catalog as catalog

    data = b"\n".join(lines) + (b"\n" if newline_at_end else b"")
    end = catalog._header_end(data[:block])
    expected = _header_line_by_line(data)
    if end is not None:  # else the whole file is read line by line, as before
        assert data[:end] == expected
    if expected and expected != data and len(data) <= block and data.endswith(b"\n"):
        assert end is not None  # a header that ends before a blank line the block holds is found there
