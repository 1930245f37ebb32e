"""Assembly: a source article plus a translated catalog gives the localized article.

The source article is the skeleton: it is read again, segmented exactly as `segment` did, and
each segment is looked up in the catalog, so the output has the source's structure (front
matter, headings, list markers, quote marks, table pipes, code kept verbatim) and no third file
can drift out of step. Sentences are joined as the target script wants: one space in English,
nothing in Japanese and Chinese; line breaks are kept, and so, as written, are Markdown hard line
breaks (two spaces or a backslash at the line end) and the space where markup touches it.
"""

from __future__ import annotations

import json
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path


from translator.batch import collector_paused
from translator.formats.article import Article, Block, load_article
from translator.catalog import Settings, catalog_settings, language_mismatch, read_catalog
from translator.errors import InputError, Problem, UsageError
from translator.files import write_atomic
from translator.language.locales import display_name, long_date
from translator.formats.po import Catalog, Entry
from translator.language.sentences import hard_breaks, language_of, segment_spans
from translator.memo import known_segmentation
from translator.workspace import Workspace, article_name, article_source, catalog_paths, workspace_name

SPACED = {"en"}  # languages that put a space between sentences
SINGLE_LINE = {"heading", "table_cell", "title"}  # unless the source spans lines (a setext heading)


@dataclass(frozen=True, slots=True)
class Missing:
    """A segment the output lacks a translation for."""

    reference: str
    source: str
    state: str  # "untranslated", "fuzzy" or "stale" (not in the catalog at all)


@dataclass(frozen=True, slots=True)
class Assembly:
    """A localized article, or what stands in its way."""

    text: str
    total: int
    missing: tuple[Missing, ...]

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def stale(self) -> tuple[Missing, ...]:
        return tuple(item for item in self.missing if item.state == "stale")


def join_separator(separator: str, source: str, target: str) -> str:
    """The text between two sentences in the target: line breaks kept, spaces as its script wants."""
    spaced_source, spaced_target = language_of(source) in SPACED, language_of(target) in SPACED
    if spaced_source == spaced_target:
        return separator
    if spaced_source:  # into Japanese or Chinese: no spaces, but keep line breaks
        return "\n" * separator.count("\n")
    return separator if separator else " "


def _markup_at_junction(before: str, after: str) -> bool:
    """Whether Markdown may read two sentences differently if the space between them changes:
    `!` and `[` make an image, `]` and `(` or `[` a link, a backslash escapes punctuation,
    backtick runs merge, `&` starts a character reference, and emphasis delimiters (`*`, `_`)
    open or close by what is next to them. Only a run that opens after punctuation and before
    a letter reads the same with or without a space before it."""
    last, first = before[-1], after[0]
    if last in "*_":
        return True
    if first in "*_":
        following = after.lstrip(first)[:1]
        return not (_punctuation(last) and following and not following.isspace() and not _punctuation(following))
    escaping = last == "\\" and (len(before) - len(before.rstrip("\\"))) % 2 == 1
    return ((last, first) in {("!", "["), ("]", "("), ("]", "["), ("`", "`")}
            or (escaping and first in string.punctuation) or (last == "&" and (first.isalnum() or first == "#")))


def _punctuation(char: str) -> bool:
    """CommonMark's Unicode punctuation: general category P or S."""
    return unicodedata.category(char)[0] in "PS"


def translate_block(
    block: Block, article: Article, translations: dict[str, Entry], source: str, target: str, by: str,
    missing: list[Missing], known: Sequence[tuple[int, int]] | None = None,
) -> tuple[str, int]:
    """The block's text in the target, and how many segments it has (`known`: its segments'
    bounds, as `segment` found them, if they are known)."""
    spans = [(span.start, span.end) for span in segment_spans(block.text, source, block.markdown, by)] \
        if known is None else known
    if not spans:
        return block.text, 0
    pieces = [block.text[: spans[0][0]]]
    kept = []  # whether each segment stays in the source language
    for start, end in spans:
        text = block.text[start:end]
        entry = translations.get(text)
        kept.append(entry is None or not entry.translated)
        if not kept[-1]:
            pieces.append(entry.msgstr)  # type: ignore[union-attr]
        else:
            state = "stale" if entry is None else ("fuzzy" if entry.fuzzy else "untranslated")
            line = block.line + block.text.count("\n", 0, start)
            missing.append(Missing(f"{article.name}:{line}", text, state))
            pieces.append(text)
        pieces.append("")  # the separator after it, decided below
    for index in range(len(spans) - 1):
        separator = block.text[spans[index][1] : spans[index + 1][0]]
        # Two sentences both left in the source language keep the source's own spacing. So does
        # Markdown where changing it could change the markup (a hard line break, emphasis next to
        # the space): a space in Japanese text is better than markup broken.
        as_written = (kept[index] and kept[index + 1]) or (block.markdown and (
            bool(hard_breaks(separator)) or _markup_at_junction(pieces[2 * index + 1], pieces[2 * index + 3])))
        pieces[2 * index + 2] = separator if as_written else join_separator(separator, source, target)
    pieces.append(block.text[spans[-1][1] :])
    translated = "".join(pieces)
    if block.kind in SINGLE_LINE and "\n" not in block.text:
        translated = " ".join(translated.split("\n"))
    return translated, len(spans)


@dataclass
class _Placement:
    """Where a block's lines sit in the file: per line, the text before and after its content."""

    block: Block
    first: int  # index of the first line
    prefixes: list[str]
    suffixes: list[str]
    starts: list[int]


def _locate(lines: list[str], blocks: list[Block], name: str) -> list[_Placement]:
    cursors: dict[int, int] = {}
    placements = []
    for block in blocks:
        prefixes, suffixes, starts = [], [], []
        for offset, content in enumerate(block.text.split("\n")):
            index = block.line - 1 + offset
            start = _content_start(lines[index], content, cursors.get(index, 0)) if index < len(lines) else -1
            if start < 0:
                raise InputError("cannot find this block's text in the article again", file=name, line=block.line)
            prefixes.append(lines[index][:start])
            suffixes.append(lines[index][start + len(content) :])
            starts.append(start)
            cursors[index] = start + len(content)
        placements.append(_Placement(block, block.line - 1, prefixes, suffixes, starts))
    return placements


def _content_start(line: str, content: str, cursor: int) -> int:
    """Where a block's `content` starts in `line`, from `cursor` on: where what is before it ends
    as a prefix of markers does (in a space, `>` or `|`), so that a list marker `1.` is not taken
    for the `.` of a block; failing that, where it first occurs."""
    first = start = line.find(content, cursor)
    while start > 0 and line[start - 1] not in " \t>|":
        start = line.find(content, start + 1)
    return start if start >= 0 else first


def _continuation(prefix: str) -> str:
    """The prefix of an added line: quote marks kept, list markers turned into spaces."""
    return "".join(char if char in "> \t" else " " for char in prefix)


def _replace(lines: list[str], placement: _Placement, text: str) -> None:
    """Put `text` where the block was, line by line, keeping each line's own prefix and suffix."""
    old_count = len(placement.prefixes)
    new = text.split("\n")
    if old_count == 1 and len(new) == 1:  # several blocks may share a line (table cells)
        line = lines[placement.first]
        start = placement.starts[0]
        lines[placement.first] = line[:start] + text + line[start + len(placement.block.text) :]
        return
    continuation = _continuation(placement.prefixes[-1] if old_count > 1 else placement.prefixes[0])
    out = []
    for index, piece in enumerate(new):
        prefix = placement.prefixes[index] if index < old_count else continuation
        last = index == len(new) - 1
        suffix = placement.suffixes[-1] if last else (placement.suffixes[index] if index < old_count - 1 else "")
        out.append(prefix + piece + suffix)
    lines[placement.first : placement.first + old_count] = out


def assemble(
    text: str,
    article: Article,
    catalog: Catalog,
    source: str,
    target: str,
    by: str = "sentence",
    segmentation: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> Assembly:
    """The localized article. Missing segments keep the source text and are listed; the caller
    decides whether that is acceptable. `segmentation`: each block's segment bounds, if known."""
    translations = {entry.msgid: entry for entry in catalog.entries if not entry.obsolete and entry.msgctxt is None}
    known: dict[int, Sequence[tuple[int, int]]] = {} if segmentation is None else \
        {id(block): spans for block, spans in zip(article.blocks, segmentation)}
    lines = text.split("\n")
    missing: list[Missing] = []
    total = 0
    body_blocks = [block for block in article.blocks if block.kind != "title"]
    placements = _locate(lines, body_blocks, article.name)
    replacements = []
    for placement in placements:
        translated, count = translate_block(placement.block, article, translations, source, target, by, missing,
                                            known.get(id(placement.block)))
        total += count
        replacements.append((placement, translated))  # even if unchanged: the same path for every block
    for placement, translated in reversed(replacements):
        _replace(lines, placement, translated)
    for block in article.blocks:
        if block.kind == "title":
            translated, count = translate_block(block, article, translations, source, target, by, missing,
                                                known.get(id(block)))
            total += count
            if translated != block.text:
                lines[block.line - 1] = _yaml_line(lines[block.line - 1], translated)
    if article.date is not None and language_of(source) != language_of(target):
        _add_display_date(lines, article.date, target)
    return Assembly("\n".join(lines), total, tuple(missing))


def _yaml_line(line: str, value: str) -> str:
    key = line.split(":", 1)[0]
    return f"{key}: {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a valid YAML scalar


def _add_display_date(lines: list[str], day: date, target: str) -> None:
    """Add `date_display:` after the front matter's `date:`; the ISO date stays for machines."""
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return
        if line.startswith("date:"):
            shown = long_date(day, target)
            lines.insert(index + 1, f"date_display: {json.dumps(shown, ensure_ascii=False)}")
            return


# --- in a workspace ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    """An assembled article written to disk."""

    path: Path
    assembly: Assembly


def check_catalog(catalog: Catalog, article: Article, locale: str, shown: str) -> None:
    """Refuse a catalog made for another locale or another article."""
    language = language_mismatch(catalog, locale)
    if language is not None:
        raise InputError(f"this catalog is for '{language}', not {locale}", file=shown, line=1)
    # (the usual case found at the first reference: the set of every article named only for an error)
    references = (reference for entry in catalog.entries for reference in entry.references)
    first = next(references, None)
    if first is None or first.rpartition(":")[0] == article.name:
        return
    articles = {first.rpartition(":")[0], *(reference.rpartition(":")[0] for reference in references)}
    if article.name not in articles:
        raise InputError(f"this catalog belongs to {sorted(articles)[0]}, not {article.name}", file=shown, line=1)


def open_catalog(
    workspace: Workspace, article: Article, locale: str, catalog_path: Path | None = None, comments: bool = True
) -> tuple[Catalog, Settings, str]:
    """The article's catalog for `locale` (or the one at `catalog_path`), checked to be for this
    article and locale, with the settings it records and its name as messages show it (without
    `comments`, perhaps without its entries' comments)."""
    if catalog_path is None:
        catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
    shown = workspace_name(workspace, catalog_path)
    catalog = read_catalog(catalog_path, shown, comments)
    if catalog is None:
        raise InputError(f"no {locale} catalog for this article; run 'translator segment {article.name}'", file=shown)
    check_catalog(catalog, article, locale, shown)
    return catalog, catalog_settings(catalog, catalog_path, shown, article_source(workspace, article)), shown


def assemble_article(
    workspace: Workspace,
    path: Path,
    locale: str,
    output: Path | None = None,
    catalog_path: Path | None = None,
    fallback: bool = False,
    min_translated: float | None = None,
    write: bool = True,
) -> Published:
    """Assemble one article for `locale` and write it (unless not `write`: the caller writes
    `Published.assembly.text` to `Published.path`); nothing is written if anything is wrong."""
    name = article_name(workspace, path)
    with collector_paused():  # a large article and its catalog: many small objects, no cycles
        text, article = load_article(path, name)
        if catalog_path is None and locale == article_source(workspace, article):
            raise UsageError(f"{name} is written in {locale} ({display_name(locale)}): it is its own {locale} version")
        catalog, settings, shown = open_catalog(workspace, article, locale, catalog_path, comments=False)
        segmentation = known_segmentation(workspace.root, article, settings.source, settings.by)
        result = assemble(text, article, catalog, settings.source, locale, settings.by, segmentation)
    if result.stale:
        raise InputError(
            problems=[Problem(f"the catalog is stale: {len(result.stale)} segment(s) of the article are not in it; "
                              f"run 'translator segment {name}'", shown)]
            + [Problem(f"not in the catalog: {item.source[:70]}", *_place(item.reference)) for item in result.stale[:20]]
        )
    if result.missing:
        allowed = fallback or (min_translated is not None and result.percent >= min_translated)
        if not allowed:
            why = (f"{result.percent:.0f}% translated, below --min-translated {min_translated:g}"
                   if min_translated is not None else
                   f"{len(result.missing)} of {result.total} segments are untranslated or fuzzy")
            raise InputError(
                problems=[Problem(f"{why}; translate them, or pass --fallback source to publish with the source text", shown)]
                + [Problem(f"{item.state}: {item.source[:70]}", *_place(item.reference)) for item in result.missing]
            )
    if output is None:
        output = workspace.folder("exports") / f"{article.slug}.{locale}{path.suffix.lower()}"
    if write:
        write_atomic(output, result.text, workspace.root)
    return Published(output, result)


def _place(reference: str) -> tuple[str, int]:
    file, _, line = reference.rpartition(":")
    return file, int(line)
