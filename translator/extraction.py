"""Segmenting: article -> blocks -> segments -> one template and one catalog per target locale.

Each message carries, for the translator, the glossary entries its source text mentions with
their forms in the catalog's locale. Re-running after the article changed merges into the
existing catalogs (see `catalog.merge_catalog`), so a translator's work is never lost.
"""

from __future__ import annotations

import re
from array import array
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from hashlib import blake2b
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import BinaryIO
from dataclasses import dataclass
from functools import partial
from operator import is_
from pathlib import Path

from translator.formats.article import Article, Block, read_article
from translator.batch import collector_paused
from translator.catalog import (
    UNITS,
    MergeSummary,
    CatalogMemory,
    Message,
    RememberedTexts,
    Settings,
    TranslationMemory,
    build_template,
    forget_pairing,
    language_mismatch,
    merge_catalog,
    pair_now,
    read_catalog,
    read_header,
    template_versions,
)
from translator.errors import InputError, TranslatorError, UsageError
from translator.files import Staging, StagingPart, locked
from translator.glossary import Entry, Glossary
from translator.formats.po import (Catalog, Entry as CatalogEntry, Shared, catalog_pieces, entry_bytes,
                                   header_bytes, in_blocks)
from translator.matching import GlossaryMatcher, matcher_in, matching_libraries
from translator.pool import ALONE, Streamed, ordered, spreads
from translator.progress import SILENT, Steps
from translator.language.sentences import Span, segment_spans
from translator.memo import (SEGMENTATIONS, Digesting, Memo, Remembered, article_digest, digest, file_digest,
                             glossary_digest, joined_digest, read_digest, remember_digests, remembered_segmentation)
from translator.workspace import (
    STATE_FOLDER,
    Workspace,
    article_name,
    catalog_paths,
    detected_source,
    remember_settings,
    remembered_settings,
    target_locales,
    workspace_name,
)

NOTE_LENGTH = 100


@dataclass(frozen=True, slots=True)
class CatalogResult:
    locale: str
    path: Path
    summary: MergeSummary


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """What segmenting one article did."""

    article: Article
    source: str
    template: Path
    messages: int
    catalogs: tuple[CatalogResult, ...]
    changes: tuple[str, ...] = ()  # settings that differ from what the article remembered


def settings_for(
    workspace: Workspace, article: Article, source_option: str | None, by_option: str | None
) -> tuple[Settings, tuple[str, ...]]:
    """The settings to segment `article` with, and what changed from those it remembers.

    An option left out keeps the remembered value (the workspace's source locale and sentences
    for a new article); a given one that differs replaces it, and the change is named."""
    remembered = remembered_settings(workspace, article)
    source = detected_source(article) if source_option == "auto" else source_option
    settings = Settings(
        source or (remembered.source if remembered else workspace.source),
        by_option or (remembered.by if remembered else "sentence"),
    )
    changes = []
    if remembered is not None:
        if settings.source != remembered.source:
            changes.append(f"source locale changed from {remembered.source} to {settings.source}")
            orphan = catalog_paths(workspace, article.slug, [settings.source])[1][settings.source]
            if orphan.exists():
                changes.append(f"{workspace_name(workspace, orphan)} is no longer updated: "
                               f"{settings.source} is the article's own locale now")
        if settings.by != remembered.by:
            changes.append(f"one message per {settings.by} now, per {remembered.by} before")
    return settings, tuple(changes)


KINDS = {"title": "title", "heading": "heading", "paragraph": "paragraph", "list_item": "list item",
         "blockquote": "quotation", "table_cell": "table cell"}
_ONLY_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_ONLY_LINK = re.compile(r"\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")


def kind_of(block: Block, text: str) -> str:
    """Where a segment stands in the article, for the translator (po4a's "type:" line)."""
    if block.markdown:
        if _ONLY_IMAGE.fullmatch(text):
            return "image alt text"
        if _ONLY_LINK.fullmatch(text):
            return "link text"
    return KINDS.get(block.kind, block.kind.replace("_", " "))


def messages_of(article: Article, locale: str, by: str, segmentation: Segmentation | None = None) -> list[Message]:
    """The article's distinct segments in order, each with every place it occurs and a `type:`
    note naming what it is there (heading, list item, ...); `segmentation`: the article's, if
    known (see `segmentation_of`)."""
    places = _Places(article.name)
    for block, spans in zip(article.blocks, segmentation if segmentation is not None else
                            segmentation_of(article, locale, by)):
        places.add(block, spans)
    return places.messages()


class _Places:
    """An article's distinct segments, each with every place it occurs and what it is there,
    taken a block at a time (see `messages_of`). Most segments stand in one place, of one kind:
    each is kept as a string until a second one comes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.places: dict[str, str | dict[str, None]] = {}  # each place once, as a PO file keeps it (a sentence twice on a line)
        self.kinds: dict[str, str | list[str]] = {}

    def add(self, block: Block, spans: Iterable[Span], new: list[str] | None = None) -> None:
        """The segments of a block; those met for the first time also added to `new`, if given."""
        places, kinds, name = self.places, self.kinds, self.name
        whole = block.text
        several_lines = "\n" in whole
        kind = "" if block.markdown else kind_of(block, "")  # (only Markdown's depends on the segment)
        for span in spans:
            text = whole[span.start : span.end]
            line = block.line + whole.count("\n", 0, span.start) if several_lines else block.line
            place = f"{name}:{line}"
            found = places.get(text)
            if found is None:
                places[text] = place
                kinds[text] = kind or kind_of(block, text)
                if new is not None:
                    new.append(text)
                continue
            if isinstance(found, str):
                if found != place:
                    places[text] = {found: None, place: None}
            else:
                found[place] = None
            each, had = kind or kind_of(block, text), kinds[text]
            if isinstance(had, str):
                if had != each:
                    kinds[text] = [had, each]
            elif each not in had:
                had.append(each)

    def messages(self, mentions: Sequence[tuple[str, ...]] = (), notes: _Notes | None = None) -> list[Message]:
        """The messages; with `notes`, each with those of the entries it `mentions` (their ids, in
        the messages' order), as `_annotated` gives them (each message made once, not twice)."""
        kinds = self.kinds
        # Each `type:` note's tuple, by the kinds it names: made once, shared by the messages that have it.
        notes_of: dict[str | tuple[str, ...], tuple[str, ...]] = {}

        def type_note(text: str) -> tuple[str, ...]:
            found = kinds[text]
            key = found if isinstance(found, str) else tuple(found)
            note = notes_of.get(key)
            if note is None:
                note = notes_of[key] = (f"type: {found if isinstance(found, str) else ', '.join(found)}",)
            return note

        def references(found: str | dict[str, None]) -> tuple[str, ...]:
            return (found,) if isinstance(found, str) else tuple(found)

        if notes is None:
            return [Message(text, references(found), type_note(text)) for text, found in self.places.items()]
        of = notes.of
        return [Message(text, references(found), of(type_note(text), ids) if ids else type_note(text))
                for (text, found), ids in zip(self.places.items(), mentions)]


Segmentation = tuple[tuple[Span, ...], ...]  # each block's segments, in the article's order


def segmentation_of(article: Article, locale: str, by: str) -> Segmentation:
    """Each block's segments (`segment_spans`)."""
    return tuple(tuple(segment_spans(block.text, locale, block.markdown, by)) for block in article.blocks)


def _short(note: str) -> str:
    first = note.strip().split("\n", 1)[0]
    end = first.find(". ")
    first = first[: end + 1] if 0 < end < NOTE_LENGTH else first
    return first if len(first) <= NOTE_LENGTH else first[: NOTE_LENGTH - 1] + "…"


def glossary_notes(entry: Entry, locales: Sequence[str]) -> tuple[str, ...]:
    """Extracted-comment lines about `entry`: its id and type, then its forms in each of these
    locales, locales with the same forms on one line. The template and every catalog carry the
    same lines, so a merge with the template (msgmerge, a PO editor's "update") keeps them."""
    label = f"{entry.id} ({entry.type}{', draft' if entry.status == 'draft' else ''})"
    lines = [f"glossary: {label}" + (f" - {_short(entry.note)}" if entry.note else "")]
    grouped: dict[str, list[str]] = {}
    for locale in locales:
        forms = entry.form(locale)
        text = forms.preferred or "no form yet"
        if forms.admitted:
            text += f"; also correct: {' | '.join(forms.admitted)}"
        if forms.forbidden:
            text += f"; never: {' | '.join(forms.forbidden)}"
        grouped.setdefault(text, []).append(locale)
    lines.extend(f"- {', '.join(group)}: {text}" for text, group in grouped.items())
    return tuple(lines)


def _annotated(messages: Sequence[Message], mentions: Sequence[tuple[str, ...]], glossary: Glossary,
               locales: Sequence[str]) -> list[Message]:
    """The messages with the notes of the glossary entries each mentions (`mentions`: their ids)."""
    notes = _Notes(glossary, locales)
    return [Message(message.text, message.references, notes.of(message.notes, ids)) if ids else message
            for message, ids in zip(messages, mentions)]


class _Notes:
    """A message's notes: its own, then those of each glossary entry it mentions (`glossary_notes`),
    made once for each entry and each combination."""

    def __init__(self, glossary: Glossary, locales: Sequence[str]) -> None:
        self.glossary, self.locales = glossary, locales
        self._entries: dict[str, tuple[str, ...]] = {}  # an entry's notes are the same wherever it is mentioned
        self._together: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] = {}  # by own notes and ids

    def of(self, own: tuple[str, ...], ids: tuple[str, ...]) -> tuple[str, ...]:
        found = self._together.get((own, ids))
        if found is None:
            lines = list(own)
            for entry_id in ids:
                if entry_id not in self._entries:
                    self._entries[entry_id] = glossary_notes(self.glossary.entry(entry_id), self.locales)
                lines.extend(self._entries[entry_id])
            found = self._together[own, ids] = tuple(lines)
        return found


class ImportedMemory:
    """The workspace's imported memories (memory/*.tmx), each file read once per run, and the
    pairs of each language direction built once from them.

    A memory file is kept in `.translator/imported-memory.cache` as its units' texts, under the
    digest of its bytes: a CAT tool's memory of hundreds of thousands of units is parsed as XML
    once, when it is imported or changed, not by every `segment`. Only the files' present
    versions are kept."""

    def __init__(self, files: Sequence[tuple[str, Sequence[Sequence[tuple[str, str]]]]]) -> None:
        self.files = files  # (file name, units: each a sequence of (locale, text))
        self._pairs: dict[tuple[str, str], RememberedTexts] = {}

    @classmethod
    def load(cls, workspace: Workspace) -> ImportedMemory:
        folder = workspace.folder("memory")
        paths = sorted(folder.glob("*.tmx")) if folder.is_dir() else []
        if not paths:
            return cls([])
        memo = Memo.load(workspace.root, "imported-memory")
        files = []
        for path in paths:
            shown = workspace_name(workspace, path)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise InputError(f"cannot read the file: {error.strerror}", file=shown) from None
            key = digest(shown, data)
            units = memo.get(key)
            if units is None:
                from translator.formats.tmx import parse_tmx  # lxml only where there is memory to read

                units = tuple(tuple((variant.locale, variant.text) for variant in unit.variants)
                              for unit in parse_tmx(data, shown).units)
            memo.put(key, units)
            files.append((shown, units))
        memo.save(only_used=True)  # a memory's earlier versions are not kept: each is as large as it
        return cls(files)

    def pairs(self, source: str, target: str) -> RememberedTexts:
        """Source text -> (translation, file) for this direction; the first file and unit win."""
        if (source, target) not in self._pairs:
            texts: dict[str, tuple[str, str]] = {}
            for name, units in self.files:
                for unit in units:
                    texts_of = dict(reversed(unit))  # a locale's first variant wins
                    original, translation = texts_of.get(source), texts_of.get(target)
                    if original is not None and translation is not None:
                        texts.setdefault(original, (translation, name))
            self._pairs[source, target] = RememberedTexts(texts)
        return self._pairs[source, target]


def _memory(workspace: Workspace, folder: Path, memories: dict[Path, CatalogMemory],
            unused: str | None = None, done: Memo | None = None) -> CatalogMemory:
    """The translated messages of every catalog of a locale as the run found them, read once per
    process, when a merge first asks (the run's own catalogs are moved into place only at its
    end): each article's translation memory is all of them but its own, then the workspace's
    imported memories. Catalogs the run merges are not added back, so what an article is offered
    does not depend on which articles were merged before it (nor on `--jobs`). `unused`: the one
    catalog no article of the run will be offered (the own catalog of the only article merged).
    `done`: the records of earlier segment runs, where a catalog a merge wrote with no translation
    in it is known by its digest, and is not read (see `_untranslated_key`)."""
    memory = memories.get(folder)
    if memory is None:
        memory = memories[folder] = CatalogMemory()
        for path in sorted(folder.glob("*.po")):
            if path.name == unused or done is not None and _known_untranslated(done, path):
                continue
            catalog = read_catalog(path, workspace_name(workspace, path))
            if catalog is not None:
                memory.add(path.name, catalog)
    return memory


def _untranslated_key(made: bytes) -> bytes:
    """The record that a catalog with this digest, as a merge wrote it, has no translation: all
    its messages were new (an article nobody has translated yet, whose catalogs are as large as
    it is)."""
    return digest(b"no translation", made)


def _known_untranslated(done: Memo, path: Path) -> bool:
    found = file_digest(path)
    return found is not None and done.get(_untranslated_key(found)) is True


def segment_articles(
    workspace: Workspace,
    paths: Sequence[Path],
    glossary: Glossary,
    source_option: str | None = None,
    by: str | None = None,
    steps: Steps = SILENT,
    glossary_key: bytes | None = None,
    jobs: int = 1,
    matchers: dict[str, GlossaryMatcher] | None = None,
) -> list[SegmentResult]:
    """Segment several articles over `jobs` processes; all are read and merged before any catalog
    is written. Options left as None keep what each article remembers (see `settings_for`); an
    article whose inputs are as the last run left them is not merged again (`glossary_key`: the
    digest of the glossary file, if the caller has it)."""
    if by is not None and by not in UNITS:
        raise UsageError(f"--by must be one of {', '.join(UNITS)}")
    articles = [read_article(path, article_name(workspace, path)) for path in dict.fromkeys(paths)]
    owners: dict[str, str] = {}
    for article in articles:
        owner = owners.setdefault(article.slug, article.name)
        if owner != article.name:
            raise InputError(
                f"has the slug '{article.slug}' of {owner}; give one of them another 'slug:' in its front matter",
                file=article.name,
            )
    with collector_paused(), locked(workspace.root / STATE_FOLDER / "catalogs.lock", root=workspace.root):
        done = Memo.load(workspace.root, "segmented")
        glossary_key = glossary_key if glossary_key is not None else glossary_digest(workspace)
        plans = [_plan(workspace, article, source_option, by, glossary_key, done) for article in articles]
        todo = [plan for plan in plans if plan.result is None]
        steps.phase("segment", len(plans))
        for _ in range(len(plans) - len(todo)):
            steps.advance()
        shared = _Shared(glossary, ImportedMemory([]), matchers)
        shared.done = done
        _leave_alone_if_notes_unchanged([plan for plan in todo if plan.earlier is not None], shared, done, jobs)
        todo = [plan for plan in todo if plan.result is None]
        # What every article's merge shares, made before the workers start (they inherit it).
        if todo:
            shared.imported = ImportedMemory.load(workspace)
            shared.mentions = Memo.load(workspace.root, MENTIONS)
            matching_libraries()  # found once, before any worker starts
        for plan in todo:
            shared.prepare(workspace, plan, alone=len(todo) == 1)
        inner = SILENT if spreads(len(todo), jobs) else steps  # what workers are doing is not shown
        # Each article's files are written to temporary files as soon as they are made, each file
        # as soon as it is encoded (a large article's catalogs are not all held at once), by the
        # process that made them; they are moved into place only after every article's catalogs
        # were read and merged, all or none.
        with Staging(workspace.root) as staging:
            staging.expect([path for plan in todo for path in (plan.template, *plan.catalogs.values())])
            # an article merged alone spreads its own search if it is large (no thread runs yet: see pool.py)
            within = jobs if len(todo) == 1 else 1
            made = ordered(lambda plan: _segment_article(workspace, plan, shared, glossary_key, inner, staging.part(),
                                                         within),
                           todo, jobs, steps, lambda plan: plan.article.name,
                           each=lambda outcome: staging.adopt(outcome[1]))
            segmentations = Memo.load(workspace.root, SEGMENTATIONS) if made else None
            for plan, ((messages, catalogs), _, key, files_key, notes, (name_key, segmentation), template_key,
                       mentioned, written) in zip(todo, made):
                plan.result = result = SegmentResult(plan.article, plan.settings.source, plan.template, messages,
                                                     catalogs, plan.changes)
                done.put(key, result.messages)
                for merged, made_digest in zip(result.catalogs, written[1:]):
                    if merged.summary.new == result.messages:
                        done.put(_untranslated_key(made_digest), True)
                done.put(files_key, (notes, result.messages))
                done.put(template_key, True)
                if shared.mentions is not None:
                    shared.mentions.put(KnownMentions.key(plan.article), mentioned)
                if segmentations is not None:
                    segmentations.put(name_key, segmentation)
            steps.at("writing catalogs")
            staging.commit()
        for plan, outcome in zip(todo, made):  # what check, publish and review ask next: known, not read again
            remember_digests((plan.template, *plan.catalogs.values()), outcome[8])
            remember_settings(workspace, plan.template, plan.settings)
        done.save()
        if segmentations is not None:
            segmentations.save()
        if shared.mentions is not None and made:
            shared.mentions.save()
    return [plan.result for plan in plans if plan.result is not None]


def _leave_alone_if_notes_unchanged(plans: Sequence[_Plan], shared: _Shared, done: Memo, jobs: int) -> None:
    """Of these articles, whose files are as a merge under an earlier glossary left them, leave
    alone (their results set) those whose catalogs would take the same glossary notes now: the
    glossary changed only where they do not mention it. The notes are found over `jobs` processes."""
    for plan in plans:
        shared.prepare_matcher(plan.settings.source)
    found = ordered(lambda plan: _notes_now(plan, shared), plans, jobs)
    for plan, notes in zip(plans, found):
        assert plan.earlier is not None
        if notes == plan.earlier[0]:
            plan.result = _unchanged(plan, plan.earlier[1])
            done.put(plan.key, plan.earlier[1])


def _notes_now(plan: _Plan, shared: _Shared) -> bytes | None:
    """The digest of the glossary notes the article's catalogs would take now (None if it cannot
    be segmented: it is merged as any other, to report that)."""
    try:
        return _notes_digest(_annotated_messages(plan, shared))
    except InputError:
        return None


@dataclass(slots=True)
class _Plan:
    """An article to segment: its settings and files, and its result if nothing changed."""

    article: Article
    settings: Settings
    changes: tuple[str, ...]
    template: Path
    catalogs: dict[str, Path]  # locale -> catalog
    result: SegmentResult | None = None
    key: bytes = b""  # the digest of its inputs (`_inputs_key`)
    earlier: tuple[bytes, int] | None = None  # its files are as a merge under another glossary left them: (notes, messages)
    template_ours: bool = False  # its template is as its last merge wrote it (`_template_key`)


def _plan(workspace: Workspace, article: Article, source_option: str | None, by: str | None, glossary_key: bytes,
          done: Memo) -> _Plan:
    settings, changes = settings_for(workspace, article, source_option, by)
    template, catalogs = catalog_paths(workspace, article.slug, target_locales(workspace, settings.source))
    plan = _Plan(article, settings, changes, template, catalogs)
    files = [file_digest(path) for path in (template, *catalogs.values())]
    plan.key = _inputs_key(workspace, glossary_key, article, settings, files)
    plan.template_ours = files[0] is not None and done.get(_template_key(article, files[0])) is not None
    known = done.get(plan.key)
    if changes:
        return plan
    if known is not None:
        plan.result = _unchanged(plan, known)
        return plan
    earlier = done.get(_inputs_key(workspace, _ANY_GLOSSARY, article, settings, files))
    if isinstance(earlier, tuple) and len(earlier) == 2:
        plan.earlier = earlier
    return plan


_ANY_GLOSSARY = b""  # in place of the glossary's digest: the record of an article's files under any glossary


def _unchanged(plan: _Plan, messages: int) -> SegmentResult:
    return SegmentResult(plan.article, plan.settings.source, plan.template, messages, tuple(
        CatalogResult(locale, path, MergeSummary(unchanged=messages)) for locale, path in plan.catalogs.items()),
        plan.changes)


def _annotated_messages(plan: _Plan, shared: _Shared, segmentation: Segmentation | None = None,
                        known: KnownMentions | None = None, jobs: int = 1) -> list[Message]:
    """The article's messages with the glossary notes the catalogs carry (`shared` prepared);
    `known`: the entries its sentences mentioned in its last merge, which are not searched again;
    the search of a large article spread over `jobs` processes."""
    article, settings = plan.article, plan.settings
    messages = messages_of(article, settings.source, settings.by, segmentation)
    if not messages:
        raise InputError("no translatable text in this article", file=article.name)
    texts = [message.text for message in messages]
    matcher = shared.matchers.get(settings.source) or GlossaryMatcher(shared.glossary, settings.source, within=texts)
    if known is None:
        mentions = searched(matcher, texts, jobs)
    else:
        mentions = known.ids_in(texts, matcher, shared.glossary, jobs)
    return _annotated(messages, mentions, shared.glossary, list(plan.catalogs))


SEARCH_SLICE = 2000  # sentences searched together in a worker: a large article's search is spread from eight slices on


def searched(matcher: GlossaryMatcher, texts: Sequence[str], jobs: int = 1) -> list[tuple[str, ...]]:
    """The ids of the entries each text mentions (`matcher.entries_in`); for one large article,
    in slices over `jobs` processes."""
    starts = range(0, len(texts), SEARCH_SLICE)
    if not spreads(len(starts), jobs):
        return _ids_in(matcher, texts)
    matcher.ready()  # loaded once, here, not by each worker (Japanese and Chinese: 80 MB and 0.5 s each)
    return [ids for part in ordered(lambda start: _ids_in(matcher, texts[start:start + SEARCH_SLICE]), starts, jobs)
            for ids in part]


def _ids_in(matcher: GlossaryMatcher, texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The ids of the entries each text mentions, as a worker hands them back."""
    return [tuple([entry.id for entry in matcher.entries_in(text)]) for text in texts]


STREAMED_SIZE = ALONE * SEARCH_SLICE * 100  # characters (some 16,000 sentences) of an article searched as it is split


def _split_and_annotated(plan: _Plan, shared: _Shared, known: KnownMentions,
                         jobs: int) -> tuple[Segmentation, list[Message]]:
    """The article's segmentation (`segmentation_of`) and annotated messages (`_annotated_messages`).
    With jobs to spare, a large article whose matcher can be made before its sentences are known
    (`GlossaryMatcher.before_texts`) has each slice of its new sentences searched by the workers
    as soon as it is split (or looked up, if `known` has it), while the parent splits the rest:
    the splitting is not a step of its own before the search."""
    article, settings = plan.article, plan.settings
    source, glossary = settings.source, shared.glossary
    size = sum(len(block.text) for block in article.blocks)
    matcher = None
    if size >= STREAMED_SIZE and spreads(ALONE, jobs):
        matcher = shared.matchers.get(source) or GlossaryMatcher.before_texts(glossary, source, size)
    if matcher is None:
        segmentation = segmentation_of(article, source, settings.by)
        return segmentation, _annotated_messages(plan, shared, segmentation, known, jobs)
    matcher.ready()  # (as for `searched`)
    places, split = _Places(article.name), []
    new: list[str] = []
    with Streamed(partial(known.found_in, matcher=matcher, glossary=glossary), jobs) as search:
        for block in article.blocks:
            spans = tuple(segment_spans(block.text, source, block.markdown, settings.by))
            split.append(spans)
            places.add(block, spans, new)
            if len(new) >= SEARCH_SLICE:
                search.add(new)
                new = []
        if new:
            search.add(new)
        found = search.results()
    mentions = known.recorded(b"".join(digests for digests, _ in found), [ids for _, part in found for ids in part])
    annotated = places.messages(mentions, _Notes(glossary, list(plan.catalogs)))
    if not annotated:
        raise InputError("no translatable text in this article", file=article.name)
    return tuple(split), annotated


MENTIONS = "mentions"  # the memo of the entries each article's sentences mention (`KnownMentions`)


Mentioned = tuple[bytes, bytes, tuple[tuple[str, ...], ...]]  # a `KnownMentions` record


class KnownMentions:
    """The glossary entries each sentence of an article mentioned when the article was last
    merged: under the same glossary file and source language, a sentence met then is not searched
    again, only new and edited ones are (searching is most of what annotating a large article
    costs). One record an article, under its name: the digest that it holds for (the glossary's
    and the language), each sentence's digest (16 bytes, one after the other), and the ids of
    the entries each mentions; compact, because a large article's is held while it is merged."""

    def __init__(self, record: object, holds_for: bytes) -> None:
        self.holds_for = holds_for
        self._known: dict[bytes, tuple[str, ...]] = {}
        if isinstance(record, tuple) and len(record) == 3 and record[0] == holds_for:
            texts, ids = record[1], record[2]
            if isinstance(texts, bytes) and isinstance(ids, tuple) and len(texts) == 16 * len(ids):
                self._known = {texts[16 * index:16 * index + 16]: each for index, each in enumerate(ids)}
        self.record: Mentioned = (holds_for, b"", ())

    @staticmethod
    def key(article: Article) -> bytes:
        return digest(b"mentions", article.name)

    def ids_in(self, texts: Sequence[str], matcher: GlossaryMatcher, glossary: Glossary,
               jobs: int = 1) -> list[tuple[str, ...]]:
        """The ids of the entries each text mentions (`matcher.entries_in`): from the record where
        it has the text, the others `searched` over `jobs` processes; `record` becomes what the
        next run will find."""
        return self.recorded(*self._found(texts, matcher, glossary, jobs))

    def found_in(self, texts: Sequence[str], matcher: GlossaryMatcher, glossary: Glossary) -> tuple[bytes, list[tuple[str, ...]]]:
        """(A slice of `ids_in`, as a worker does it:) the texts' digests, one after the other,
        and the ids each mentions, from the record or searched; for `recorded`."""
        digests, found = self._found(texts, matcher, glossary, 1)
        return bytes(digests), found

    def _found(self, texts: Sequence[str], matcher: GlossaryMatcher, glossary: Glossary,
               jobs: int) -> tuple[bytearray, list[tuple[str, ...]]]:
        digests = bytearray()  # not a bytes object per sentence, alive together: a large article has 100,000
        found: list[tuple[str, ...]] = []
        unknown: list[int] = []  # the texts to search
        for text in texts:
            text_digest = _text_digest(text)
            digests += text_digest
            ids = self._known_ids(text_digest, glossary)
            if ids is None:
                unknown.append(len(found))
            found.append(ids or ())
        for index, ids in zip(unknown, searched(matcher, [texts[index] for index in unknown], jobs)):
            found[index] = ids
        return digests, found

    def _known_ids(self, text_digest: bytes, glossary: Glossary) -> tuple[str, ...] | None:
        """The ids the record has for a text, if they all name entries of the glossary (a record
        that does not fit it: searched again)."""
        mentioned = self._known.get(text_digest)
        if isinstance(mentioned, tuple):
            try:
                if all(entry_id in glossary for entry_id in mentioned):
                    return mentioned
            except TypeError:  # (not an id)
                pass
        return None

    def recorded(self, digests: bytes | bytearray, found: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
        """What each text mentions (`found`, in order), each distinct tuple once; `record`
        becomes what the next run will find (`digests`: the texts', one after the other)."""
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        ids = [shared.setdefault(each, each) for each in found]
        self._known = {}
        self.record = (self.holds_for, bytes(digests), tuple(ids))
        return ids


def _text_digest(text: str) -> bytes:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _notes_digest(annotated: Sequence[Message]) -> bytes:
    """The digest of all an article's catalogs take from the glossary: its messages' notes
    (`digest(repr([message.notes for message in annotated]))`, made without that text, which
    for a large article is large: each distinct notes' part once)."""
    shown: dict[tuple[str, ...], bytes] = {}
    pieces = [b"["]
    for index, message in enumerate(annotated):
        if index:
            pieces.append(b", ")
        found = shown.get(message.notes)
        if found is None:
            found = shown[message.notes] = repr(message.notes).encode("utf-8")
        pieces.append(found)
    pieces.append(b"]")
    return joined_digest(pieces)


class _Shared:
    """The glossary's matchers, each locale's catalogs as the run found them and the imported
    memories: read or built once per run, for every article (and every worker) to use."""

    def __init__(self, glossary: Glossary, imported: ImportedMemory,
                 matchers: dict[str, GlossaryMatcher] | None = None) -> None:
        self.glossary = glossary
        self.imported = imported
        self.given = matchers is not None  # (a build's, which lint, check and review share)
        self.matchers: dict[str, GlossaryMatcher] = {} if matchers is None else matchers  # (see `matcher_in`)
        self.memories: dict[Path, CatalogMemory] = {}
        self.unused: dict[Path, str] = {}  # a locale's folder -> the catalog its memory leaves out
        self.mentions: Memo | None = None  # what each article's sentences mentioned (`KnownMentions`)
        self.done: Memo | None = None  # the records of earlier segment runs (see `_memory`)

    def prepare(self, workspace: Workspace, plan: _Plan, alone: bool) -> None:
        """Build what merging `plan` needs; `alone`: it is the only article the run merges, whose
        own catalogs need not be read for the memory (a large article's are large). The locales'
        catalogs are read for the memory only when a merge first asks it, each process for
        itself: a merge whose messages are all in the old catalog (an unchanged article whose
        notes or translations changed) does not. An article merged alone, with no matchers given,
        gets a matcher of its own sentences once they are known (`GlossaryMatcher`'s `within`): of
        a large glossary, only the forms that may stand in them are read."""
        source = plan.settings.source
        if self.given or not alone:
            self.prepare_matcher(source)
        for locale, path in plan.catalogs.items():
            if alone:
                self.unused[path.parent] = path.name
            self.imported.pairs(source, locale)

    def prepare_matcher(self, source: str) -> None:
        matcher_in(self.matchers, self.glossary, source)

    def memory(self, workspace: Workspace, catalog: Path, source: str, locale: str) -> TranslationMemory:
        folder = catalog.parent
        return TranslationMemory(lambda: _memory(workspace, folder, self.memories, self.unused.get(folder), self.done),
                                 catalog.name, [self.imported.pairs(source, locale)])


def _segment_article(
    workspace: Workspace, plan: _Plan, shared: _Shared, glossary_key: bytes, steps: Steps, stage: StagingPart,
    jobs: int = 1,
) -> tuple[tuple[int, tuple[CatalogResult, ...]], StagingPart, bytes, bytes, bytes, tuple[bytes, Remembered],
           bytes, Mentioned, tuple[bytes, ...]]:
    """The template and catalogs of one article brought up to date, each written to `stage` as it
    is encoded (a large article's template and catalogs are never whole in memory as bytes): how
    many messages the template has and what came of each catalog (the rest of its `SegmentResult`
    the plan has: a worker need not send the article back); the digest its inputs will have once
    they are written, the same under any glossary, the digest of the glossary notes its catalogs
    took, its segmentation as `assemble` finds it again, the record of its template
    (`_template_key`), what its sentences mention (`KnownMentions`), and the digests of its
    template and catalogs as written."""
    article, settings = plan.article, plan.settings
    source = settings.source
    steps.at(f"{article.name}: splitting sentences and finding glossary names")
    known = KnownMentions(shared.mentions.take(KnownMentions.key(article)) if shared.mentions is not None else None,
                          digest(b"mentions", glossary_key, source, matching_libraries()))
    segmentation, annotated = _split_and_annotated(plan, shared, known, jobs)
    count = len(annotated)
    derived: list[tuple[tuple[bytes, Remembered], bytes]] = []  # what is kept of the segmentation and the messages

    def derive() -> None:
        nonlocal segmentation
        if not derived:
            derived.append((remembered_segmentation(article, source, settings.by, segmentation),
                            _notes_digest(annotated)))
            segmentation = ()  # (a large article's is large)

    results = []
    steps.at(f"{article.name}: reading catalogs")
    # The catalogs' msgids, references and notes are mostly the messages' own: each held once
    # (for catalogs there are: a new article has none).
    common = Shared()
    for message in annotated if any(path.exists() for path in (plan.template, *plan.catalogs.values())) else ():
        common.texts[message.text] = message.text
        common.tuples[message.references] = message.references
        common.tuples.setdefault(message.notes, message.notes)
    shown = workspace_name(workspace, plan.template)
    # A large template that this article's last merge wrote is not read but for its header: the
    # new one is compared with it as it is written (see `template_versions`).
    header_only = plan.template_ours and count >= STREAMED_ENTRIES
    if header_only:
        derive()  # before the old catalogs are read
    old_template = read_header(plan.template, shown) if header_only else read_catalog(plan.template, shown, shared=common)
    if not header_only:
        _check_owner(old_template, article, shown)
    olds = {}
    for locale, catalog_path in plan.catalogs.items():
        olds[locale] = read_catalog(catalog_path, workspace_name(workspace, catalog_path), shared=common)
        _check_language(olds[locale], locale, workspace_name(workspace, catalog_path))
    del common
    files: list[bytes] = []
    reused = _reused(olds)

    def write(path: Path, size: int, pieces: Iterator[bytes]) -> Path | list[bytes]:
        where, made = _staged(stage, path, size, pieces)
        files.append(made)
        return where

    written: _Written | None = None
    if header_only and old_template is not None:
        kept, stamped = template_versions(annotated, article.slug, source, old_template, settings.by)
        pieces = catalog_pieces(kept, reused)
        head = (next(pieces), next(catalog_pieces(stamped)))
        files.append(read_digest(stage.add_streamed(plan.template, in_blocks(pieces), head)))
        del kept, stamped, pieces
    else:
        template = build_template(annotated, article.slug, source, old_template, settings.by)
        del old_template  # each catalog is let go of as soon as it is no longer needed: a large one is large
        written = _Written(template.entries)
        written.at(write(plan.template, len(template.entries),
                         written.recorded(_template_pieces(template, jobs, meanwhile=derive))))
        del template
    derive()  # (done by now, while the template was written: its pieces are all taken)
    (remembered, notes), = derived
    template_key = _template_key(article, files[0])
    side_by_side = written is not None and count >= SPREAD_CATALOGS and spreads(len(plan.catalogs), jobs, least=2)
    if side_by_side:
        # A large article's catalogs, copied from its template as written, written side by side.
        # A new article's (copies of the template, but for what the memory offers) are merged
        # here one after the other, each written by a thread while the next is merged: a copy is
        # mostly system calls, in which the thread lets go of the interpreter's lock. An existing
        # article's are merged and written the first here, each other one by a worker (the
        # pairing of old and new sentences worked out once, before).
        assert written is not None
        copied, template_entries = written, written.entries

        def merged(locale: str) -> tuple[CatalogResult, Catalog]:
            catalog_path = plan.catalogs[locale]
            catalog, summary = merge_catalog(annotated, olds[locale], article.slug, locale, source,
                                             shared.memory(workspace, catalog_path, source, locale), settings.by,
                                             template_entries)
            return CatalogResult(locale, catalog_path, summary), catalog

        def staged(result: CatalogResult, catalog: Catalog) -> tuple[CatalogResult, bytes, StagingPart]:
            part = stage.sibling()
            return result, _staged(part, result.path, len(catalog.entries), copied.spliced(catalog))[1], part

        steps.at(f"{article.name}: merging {', '.join(plan.catalogs)}")
        if all(old is None for old in olds.values()):
            with ThreadPoolExecutor(len(plan.catalogs), thread_name_prefix="translator-copy") as threads:
                writing = [threads.submit(staged, *merged(locale)) for locale in plan.catalogs]
            done = [each.result() for each in writing]
        else:
            pair_now(annotated, next(iter(olds.values())))
            first, *others = plan.catalogs
            mine: list[tuple[CatalogResult, bytes, StagingPart]] = []  # the first, made here meanwhile
            done = mine + ordered(lambda locale: staged(*merged(locale)), others, jobs, least=1,
                                  meanwhile=lambda: mine.append(staged(*merged(first))))
        for merged_result, made, part in done:
            stage.take(part)
            files.append(made)
            results.append(merged_result)
    for index, (locale, catalog_path) in enumerate(() if side_by_side else plan.catalogs.items()):
        steps.at(f"{article.name}: merging {locale}")
        memory = shared.memory(workspace, catalog_path, source, locale)
        catalog, summary = merge_catalog(annotated, olds.pop(locale), article.slug, locale, source, memory,
                                         settings.by, None if written is None else written.entries)
        if index == len(plan.catalogs) - 1:
            forget_pairing()  # the last locale merged: the old texts it holds are let go of
            annotated = []  # and the messages (their texts live on in the catalog)
        write(catalog_path, len(catalog.entries),
              catalog_pieces(catalog, reused) if written is None else written.spliced(catalog))
        del catalog
        results.append(CatalogResult(locale, catalog_path, summary))
    forget_pairing()
    return ((count, tuple(results)), stage, _inputs_key(workspace, glossary_key, article, settings, files),
            _inputs_key(workspace, _ANY_GLOSSARY, article, settings, files), notes, remembered, template_key,
            known.record, tuple(files))


def _staged(stage: StagingPart, path: Path, size: int, pieces: Iterator[bytes]) -> tuple[Path | list[bytes], bytes]:
    """Stage a file of `size` entries from its pieces: where its bytes now are, and their digest."""
    if size >= STREAMED_ENTRIES:
        made = Digesting()
        return stage.add_streamed(path, made.passed(in_blocks(pieces))), made.digest()
    parts = list(pieces)  # bytes: half the memory of text with CJK; not joined
    stage.add([(path, parts)])  # written now; staging flushes it to disk with the rest at the commit
    return parts, joined_digest(parts)


SPREAD_CATALOGS = 32000  # messages of an article whose catalogs are merged side by side, with jobs to spare


ENCODED_SLICE = 4000  # template entries encoded together in a worker: a large template's are spread from eight slices on


def _template_pieces(template: Catalog, jobs: int, meanwhile: Callable[[], object]) -> Iterator[bytes]:
    """`catalog_pieces(template, _none_kept)`; a large template's entries encoded in slices over
    `jobs` processes (encoding is most of what writing it costs), while the parent does
    `meanwhile` (before the first piece, where there are no workers)."""
    entries = template.entries  # (a template has no obsolete entries, which `catalog_pieces` puts last)
    starts = range(0, len(entries), ENCODED_SLICE)
    if not spreads(len(starts), jobs):
        meanwhile()
        yield from catalog_pieces(template, _none_kept)
        return

    def encoded(start: int) -> list[bytes]:
        return list(map(entry_bytes, entries[start:start + ENCODED_SLICE]))

    with Streamed(encoded, jobs) as encoding:
        for start in starts:
            encoding.add(start)
        meanwhile()
        yield header_bytes(template)
        for part in encoding.each():  # written as each slice comes, while the workers encode the next
            yield from part


def _none_kept(entry: CatalogEntry) -> bool:
    """(As `catalog_pieces`' `reused`:) no entry is kept once encoded: see `_Written`."""
    return False


class _Written:
    """The template of an article as written: its entries, and where each one's bytes are (in its
    file, or in the pieces it was written from, for a small one). A catalog's entry equal to the
    template's at the same place is the same bytes, copied from there, not encoded again: in an
    article nobody has translated yet, every entry of every catalog is (see `merge_catalog`'s
    `fresh`)."""

    def __init__(self, entries: list[CatalogEntry]) -> None:
        self.entries = entries
        self.path: Path | None = None  # where a large template's bytes are now
        self.pieces: list[bytes] | None = None  # a small template's
        self._ends = array("q")  # where each piece of a large template ends: the header, then each entry

    def at(self, where: Path | list[bytes]) -> None:
        """Where the template's bytes are, once written: its file, or its pieces."""
        if isinstance(where, list):
            self.pieces = where
        else:
            self.path = where

    def recorded(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """The pieces, passed on, where each ends noted."""
        end = 0
        ends = self._ends
        for piece in pieces:
            end += len(piece)
            ends.append(end)
            yield piece

    def spliced(self, catalog: Catalog) -> Iterator[bytes]:
        """`catalog_pieces(catalog)`, each run of entries that are the template's at their place
        copied from the template (in blocks of a few MB, for a large one)."""
        yield header_bytes(catalog)
        template = self.entries
        whole = len(catalog.entries) == len(template) and all(map(is_, catalog.entries, template))
        entries = [] if whole else ([entry for entry in catalog.entries if not entry.obsolete]
                                    + [entry for entry in catalog.entries if entry.obsolete])
        with ExitStack() as opened:
            stream = None if self.path is None else opened.enter_context(open(self.path, "rb"))
            if whole:  # (a catalog nobody has translated yet, nor memory offered anything: all the template's)
                yield from self._copied(0, len(template), stream)
                return
            start = 0  # the first entry not passed on yet (those from it on are the template's)
            for index, entry in enumerate(entries):
                if index < len(template) and (entry is template[index] or entry == template[index]):
                    continue
                yield from self._copied(start, index, stream)
                yield entry_bytes(entry)
                start = index + 1
            yield from self._copied(start, len(entries), stream)

    def _copied(self, start: int, end: int, stream: BinaryIO | None) -> Iterator[bytes]:
        """The bytes of the template's entries from `start` to `end`: from its pieces, or its file
        (`stream`)."""
        if start >= end:
            return
        if self.pieces is not None:
            yield from self.pieces[start + 1:end + 1]
            return
        assert stream is not None
        stream.seek(self._ends[start])
        left = self._ends[end] - self._ends[start]
        while left > 0:
            block = stream.read(min(left, COPIED_BLOCK))
            if not block:
                raise TranslatorError(f"{self.path}: changed while this run was writing it")
            left -= len(block)
            yield block


COPIED_BLOCK = 1 << 22

# Catalogs of this many entries or more (about 1 MB) are written as they are encoded; smaller ones
# are encoded whole, then written. Staging flushes them all to disk at the commit, many at a time
# (a file flushed costs the disk a wait, which threads overlap).
STREAMED_ENTRIES = 5000


def _reused(olds: dict[str, Catalog | None]) -> Callable[[CatalogEntry], bool] | None:
    """Which of the template's entries a catalog may write as they are (None: any): those whose
    text some catalog lacks, or has without a translation, comments or flags. Only these are kept
    once written (see `catalog_parts`): after an update, a fully translated catalog's are none."""
    done: set[str] | None = None  # the texts every catalog has translated (or commented, or flagged)
    for old in olds.values():
        if old is None:
            return None
        mine = {entry.msgid for entry in old.entries if entry.msgstr or entry.msgstr_plural or entry.flags
                or entry.translator_comments}
        done = mine if done is None else done & mine
    if done is None:
        return None
    kept = done
    return lambda entry: entry.msgid not in kept


def _inputs_key(workspace: Workspace, glossary_key: bytes, article: Article, settings: Settings,
                files: Sequence[bytes | None]) -> bytes:
    """The digest of everything an article's template and catalogs are made from, given the
    digests of those files as they are (None for a missing one): the same digest a run after
    this one computes means nothing changed, and the article is not read, merged or written
    again (`segmented.cache` in .translator/)."""
    return digest(glossary_key, repr((workspace.source, workspace.targets, settings)), article_digest(article),
                  *(part for data in files for part in ((b"-",) if data is None else (b"+", data))))


def _template_key(article: Article, template: bytes | None) -> bytes:
    """The record that the template with this digest is as a merge of this article wrote it:
    its bytes are then its catalog's encoding, and the article its owner (see `_check_owner`)."""
    return digest(b"template", article.name, template or b"")


def _check_owner(template: object, article: Article, shown: str) -> None:
    """Refuse to take over another article's catalogs through a reused slug. An entry's places are
    read back from its `#:` line, where a name with spaces in it reads as several: they are
    joined again, and the article's name looked for as a whole place there."""
    lines = [" ".join(entry.references) for entry in (template or []) if entry.references]  # type: ignore[attr-defined]
    if not lines:
        return
    mine = re.compile(r"(?:^| )%s:\d+(?= |$)" % re.escape(article.name))
    if not any(mine.search(line) for line in lines):
        first = _FIRST_PLACE.match(lines[0])
        owner = first.group(1) if first is not None else lines[0]
        raise InputError(
            f"the slug '{article.slug}' belongs to {owner}; give {article.name} another 'slug:' in its front matter",
            file=shown,
        )


_FIRST_PLACE = re.compile(r"(.*?):\d+(?: |$)")  # the file of a `#:` line's first place


def _check_language(catalog: Catalog | None, locale: str, shown: str) -> None:
    language = language_mismatch(catalog, locale) if catalog is not None else None
    if language is not None:
        raise InputError(f"this catalog is for '{language}', but it sits in the folder for {locale}", file=shown)
