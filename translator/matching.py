"""Finding glossary entries in text, in time proportional to the text, not text × glossary.

Every form of every entry in the text's locale (preferred, admitted and forbidden forms, a
person's family name alone and both orders of family and given name) goes into one Aho–Corasick
automaton (pyahocorasick, a C implementation) over folded text, so case, width and Latin
diacritics do not matter. In Latin script a match must stand as whole words; "Takaichi's" and
"Takaichi’s" still match, "Abenomics" does not match "Abe". In Japanese and Chinese a short form
must begin and end at word boundaries found by a segmenter (`words`): 高市 is found in 高市氏, not in
高市場; 北京 in 在北京举行, not in 北京大学.
"""

from __future__ import annotations

import marshal
import re
import zlib
from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, count
from operator import add, not_, or_
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from translator.glossary import Entry, Glossary
from translator.names import name_parts
from translator.language.scripts import fold
from translator.language.words import boundaries, proper_nouns, starts_chinese_word

if TYPE_CHECKING:
    from translator.memo import Items

MIN_CJK_FAMILY_LENGTH = 2  # a one-character family name alone (劉, 毛) would match everywhere
BOUNDED_CJK_LENGTH = 2  # Japanese and Chinese forms this short must match whole words (高市, not 高市場)


class Hit(NamedTuple):
    """An entry found in text: which one, the folded form that matched, and where. (A named
    tuple rather than a frozen dataclass: a paragraph full of a family name many people share
    makes a hit per person, and a tuple is made three times faster.)"""

    entry: Entry
    form: str
    start: int
    end: int


def entry_patterns(entry: Entry, locale: str, parts: tuple[str, str] | None = None) -> set[str]:
    """Every written form under which `entry` can appear in `locale` text (`parts`: the person's
    family and given name there, if known already)."""
    forms = entry.form(locale)
    patterns = set(forms.acceptable) | set(forms.forbidden)
    family, given = parts if parts is not None else name_parts(entry, locale) if entry.type == "person" else ("", "")
    if entry.type == "person" and family:
        if family.isascii() or len(family) >= MIN_CJK_FAMILY_LENGTH:
            patterns.add(family)
        if given:
            separator = " " if (family + given).isascii() or " " in forms.preferred else ""
            patterns.update({f"{given}{separator}{family}", f"{family}{separator}{given}", f"{family}{given}"})
    return {pattern for pattern in patterns if pattern.strip()}


# Capitalised words that begin sentences or phrases rather than names, and the calendar's: the
# base every check of "is this capitalised word a name?" starts from.
FUNCTION_WORDS = frozenset({
    "a", "after", "also", "an", "and", "as", "at", "before", "but", "by", "dr", "for", "from", "in",
    "mr", "mrs", "ms", "of", "on", "prof", "the", "to", "when", "while", "with"
})
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"
})
# Beside a family name, these words are not someone's given name.
_NOT_NAMES = FUNCTION_WORDS | CALENDAR_WORDS | {
    "administration", "cabinet", "camp", "doctrine", "era", "faction", "government", "said", "says",
    "told", "visit"
}


def _outermost(hits: list[Hit]) -> list[Hit]:
    """The hits not inside a longer hit, in one sweep over the hits in the order `hits()` gives
    them (by start, longest first): a hit is inside when an earlier one reaches past its end, or
    to its end from before its start."""
    kept = []
    reach, reach_from = -1, -1  # the furthest end so far, and the earliest start that reaches it
    for hit in hits:
        if not (reach > hit.end or (reach == hit.end and reach_from < hit.start)):
            kept.append(hit)
        if hit.end > reach:
            reach, reach_from = hit.end, hit.start
    return kept


class Coverage:
    """Which offsets a set of spans covers, answered by bisection rather than a scan of them all."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []  # the furthest end of the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def covers(self, offset: int) -> bool:
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and self._reach[index] > offset

    def contains(self, start: int, end: int) -> bool:
        """Whether one span holds all of [start, end)."""
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and self._reach[index] >= end


_NAME_AFTER = re.compile(r" ([A-Z][a-z]+(?:-[a-z]+)?)\b(?!['’]s)")
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+(?:-[a-z]+)?) $")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")


def _names_beside(text: str, start: int, end: int, covered: Coverage) -> list[str]:
    """The folded capitalised words right beside a Latin family name at [start, end) that no
    glossary form covers and that could be given names: not sentence openers, weekdays or
    other common capitalised words, nor a word opening a sentence before the name."""
    found = []
    after = _NAME_AFTER.match(text, end)
    before = _NAME_BEFORE.search(text[max(0, start - 40):start])
    for match, at in ((after, end + 1), (before, start - 1 - len(before.group(1)) if before else 0)):
        if match is None or match.group(1).lower() in _NOT_NAMES or covered.covers(at):
            continue
        if before is match and _OPENS_SENTENCE.search(text[max(0, at - 40):at]):
            continue  # a sentence opener ("Yesterday Kono ...") is not a given name
        found.append(fold(match.group(1)))
    return found


def _other_given(words: list[str], given: str) -> bool:
    """Whether a word beside a family name is another given name than the person's: not the
    given name, nor a slip of it ("Liu Jingsong" for Liu Jinsong is still the person)."""
    from translator.language.similarity import edit_distance

    return any(not given or edit_distance(word, given) > (1 if len(given) <= 6 else 2) for word in words)


def _place(match: tuple[int, int, str, tuple[Entry, ...]]) -> tuple[int, int]:
    return match[0], match[1]


def folded_each(texts: set[str]) -> dict[str, str]:
    """Each text's `fold`, all folded as one string: a call per text costs several times more.
    Folding never joins a character to a line break (see Glossary._candidates), so the folded
    whole is the folded texts, one a line, unless a text holds a line break of its own."""
    ordered = list(texts)
    joined = "\n".join(ordered)
    if joined.count("\n") == len(ordered) - 1:
        lines = fold(joined).split("\n")
        if len(lines) == len(ordered):
            return dict(zip(ordered, lines))
    return {text: fold(text) for text in ordered}


def is_word_char(char: str) -> bool:
    return char.isalnum() and char.isascii() or char.isalpha() and ord(char) < 0x2E80


class _WordChars(dict[str, bool]):
    """Character -> `is_word_char`, each worked out once (a search asks for every form found)."""

    def __missing__(self, char: str) -> bool:
        value = self[char] = is_word_char(char)
        return value


_WORD_CHAR = _WordChars()


# A glossary of this many entries keeps its matchers in its state folder (`matcher-<locale>.cache`),
# for the next run under the same file to load rather than build, and the next run after an edit
# of a few entries to update: for 100,000 entries (340,000 forms), building one takes about five
# seconds, loading it (its automaton built again from the kept forms, in C) about half a second,
# updating it about a second. A smaller glossary's are built each time, which costs less than a file.
CACHED_AT = 5_000
MATCHER_FORMAT = 2
INDEX_FORMAT = 1
_STARTS_WORD, _ENDS_WORD, _WHOLE_WORD = 4, 2, 1  # a form's flags, below its index in the automaton's value


def matching_libraries() -> str:
    """What finding names depends on besides the glossary and translator's own rules: the releases
    of the libraries that segment words, convert scripts and search."""
    from translator.memo import releases

    return releases("fugashi", "unidic-lite", "jieba", "OpenCC", "pyahocorasick")


class _Tables(NamedTuple):
    """What a matcher finds by: the automaton over the folded forms (each form's value its index
    times 8 plus its flags), each form and the ids of the entries it names, in glossary order,
    and per person the folded family and given name."""

    automaton: Any
    forms: list[str]
    flags: bytes  # per form, the low three bits of its value
    owners: list[tuple[str, ...]]
    family_keys: dict[str, str]
    given_keys: dict[str, str]


class GlossaryMatcher:
    """All entries of a glossary that can be found in text written in one locale. It looks an
    entry up in the glossary when one of its forms is first found, so it is for the glossary as
    it was when the matcher was made: a glossary that changes needs a new matcher."""

    def __init__(self, glossary: Glossary, locale: str, forbidden_only: bool = False,
                 within: Sequence[str] | int | None = None) -> None:
        """All forms of every entry, or with `forbidden_only` just the known wrong ones. `within`:
        the texts the matcher will be asked about (or their size, before they are known: see
        `before_texts`): of a large glossary whose matcher an earlier run kept, when the texts
        are short beside it, only the forms that may stand in them are read (see `_Index`), and
        `family_keys` and `given_keys` hold only their entries'. Asked about another text, the
        matcher reads all the forms first."""
        self.locale = locale
        language = locale.split("-")[0]
        self._segmented = language if language in ("ja", "zh") else ""
        self._entry = glossary.entry
        self._whole: tuple[Glossary, bool] | None = None  # (what reads all the forms, while only some are read)
        if within is None:
            tables = _kept_tables(glossary, locale, forbidden_only, self._segmented)
            self._folded: dict[str, str] = {}  # (the texts `within`, folded to find what they may hold)
        else:
            tables, folded = _tables_within(glossary, locale, forbidden_only, self._segmented, within)
            self._folded = folded or {}
            if folded is not None:  # (some of the forms)
                self._whole = (glossary, forbidden_only)
        self._take(tables)

    @classmethod
    def before_texts(cls, glossary: Glossary, locale: str, size: int) -> GlossaryMatcher | None:
        """The matcher `within` texts of `size` characters in all, made before they are known:
        where it reads every form for them anyway (they are long beside the glossary, or it keeps
        no index); None where its index would pick some forms, which takes the texts themselves."""
        kept_at = _kept_at(glossary, locale, False)
        if kept_at is not None and _serves(_Index.decoded(kept_at), size):
            return None
        return cls(glossary, locale, within=size)

    def _take(self, tables: _Tables) -> None:
        self._automaton = tables.automaton
        self._forms = tables.forms
        self._owners = tables.owners
        self.family_keys = tables.family_keys  # entry id -> its folded family name in this locale
        self.given_keys = tables.given_keys  # entry id -> its folded given name in this locale
        self._found: dict[int, tuple[str, tuple[Entry, ...], bool, bool, bool]] = {}  # per value met, as `_form` gives it
        self._empty = not self._forms

    def _widen(self) -> None:
        """Read all the forms: the matcher is asked about a text it was not made for. (Nothing is
        kept of them: this may be a worker process, which leaves the state folder to the run.)"""
        assert self._whole is not None
        glossary, forbidden_only = self._whole
        self._whole = None
        self._take(_kept_tables(glossary, self.locale, forbidden_only, self._segmented, keep=False))

    def _form(self, value: int) -> tuple[str, tuple[Entry, ...], bool, bool, bool]:
        """A value of the automaton as the form, its entries and its flags (made once each)."""
        index = value >> 3
        found = self._found[value] = (self._forms[index], tuple(map(self._entry, self._owners[index])),
                                      bool(value & _STARTS_WORD), bool(value & _ENDS_WORD), bool(value & _WHOLE_WORD))
        return found

    def ready(self) -> None:
        """Load the word segmenter this matcher may ask (see `words.ready`): none without forms."""
        from translator.language.words import ready

        if not self._empty:
            ready(self._segmented)

    def hits(self, text: str) -> list[Hit]:
        """Every whole-word occurrence of a form in `text`, in text order (offsets are in the
        folded text, which has the same length as `text` for the scripts we handle)."""
        folded = self._folded.get(text)
        if folded is None:
            if self._whole is not None:
                self._widen()
            folded = fold(text)
        if self._empty:
            return []
        found: list[tuple[int, int, str, tuple[Entry, ...]]] = []
        last = len(folded) - 1
        words: frozenset[int] | None = None
        known, word_char = self._found, _WORD_CHAR
        for end, value in self._automaton.iter(folded):
            key, entries, bounded_start, bounded_end, whole_word = known.get(value) or self._form(value)
            start = end - len(key) + 1
            if bounded_start and start > 0 and word_char[folded[start - 1]]:
                continue
            if bounded_end and end < last and word_char[folded[end + 1]]:
                continue
            if whole_word:
                if words is None:
                    words = boundaries(text, self._segmented)
                if start not in words or end + 1 not in words:
                    continue  # part of another word
            found.append((start, -end - 1, key, entries))
        found.sort(key=_place)  # places, then a hit per entry: many people may share one form
        return [Hit(entry, key, start, -negative_end) for start, negative_end, key, entries in found for entry in entries]

    def entries_in(self, text: str) -> list[Entry]:
        """The entries mentioned in `text`, each once, in order of first mention."""
        seen: dict[str, Entry] = {}
        for hit in self.mentions(text):
            seen.setdefault(hit.entry.id, hit.entry)
        return list(seen.values())

    def is_family_only(self, hit: Hit) -> bool:
        """Whether the hit is a person's family name standing alone ("Takaichi", 高市)."""
        return self.family_keys.get(hit.entry.id) == hit.form

    def _in_longer_name(self, text: str, hit: Hit) -> bool:
        """Whether a Japanese or Chinese family name found alone is the start of a longer name the
        segmenter tags (河野洋平). Nothing but Han characters can continue a name, and in Chinese
        a dictionary word right after it (表示, 外长) cannot either; only then is the tagger asked."""
        following = text[hit.end:hit.end + 1]
        if not following or not '\u3400' <= following <= '\u9fff':
            return False
        if self._segmented == "zh" and starts_chinese_word(text, hit.end):
            return False
        return any(s == 0 and e > hit.end - hit.start and kind == "person"
                   for s, e, kind in proper_nouns(text[hit.start:hit.end + 4], self._segmented))

    def mentions(self, text: str, hits: list[Hit] | None = None) -> list[Hit]:
        """The hits that name their entry: not those inside a longer form found at the same
        place ("Foreign Minister" inside "Chinese Foreign Minister"), and not a family name that
        is part of someone else's full name ("Hu" in "Hu Chunhua", 河野 in 河野洋平). `hits`, if
        given, are this text's hits as `hits()` returns them, in its order."""
        hits = self.hits(text) if hits is None else hits
        kept = _outermost(hits) if len(hits) > 1 else hits
        family_only = [hit for hit in kept if self.is_family_only(hit)]
        if not family_only:
            return kept
        if self._segmented:
            # The segmenter reads a few characters from the family name on (a whole paragraph
            # would cost the part-of-speech tagger far more, for the same answer).
            inside = {id(hit) for hit in family_only if self._in_longer_name(text, hit)}
        else:  # people sharing a family name share the words beside it: read them once per place
            covered = Coverage((hit.start, hit.end) for hit in kept)
            beside: dict[tuple[int, int], list[str]] = {}
            for hit in family_only:
                if (hit.start, hit.end) not in beside:
                    beside[(hit.start, hit.end)] = _names_beside(text, hit.start, hit.end, covered)
            inside = {id(hit) for hit in family_only
                      if _other_given(beside[(hit.start, hit.end)], self.given_keys.get(hit.entry.id, ""))}
        return [hit for hit in kept if id(hit) not in inside]


def matcher_in(matchers: dict[str, GlossaryMatcher] | None, glossary: Glossary, locale: str,
               within: Sequence[str] | None = None) -> GlossaryMatcher:
    """The matcher of every form in `locale` of `glossary` (`within`: see `GlossaryMatcher`): from
    `matchers` (what a run made of that glossary, which lint, segment, check and review share, and
    forked workers inherit), or made, and kept there."""
    if matchers is None:
        return GlossaryMatcher(glossary, locale, within=within)
    found = matchers.get(locale)
    if found is None:
        found = matchers[locale] = GlossaryMatcher(glossary, locale, within=within)
    return found


class _Owned(NamedTuple):
    """What entries give a matcher: per folded form the ids of the entries it names, in glossary
    (id) order, an id once per form as written that folds to it; per person the folded family
    and given name."""

    owners: dict[str, Sequence[str]]
    family_keys: dict[str, str]
    given_keys: dict[str, str]


def _owned(entries: Iterable[Entry], locale: str, forbidden_only: bool) -> _Owned:
    """What these entries (in id order) give a matcher; each entry's part depends on its type,
    forms, reading and romanization alone (see `Glossary.fingerprints`)."""
    found: list[tuple[str, set[str]]] = []  # per entry, its forms as written
    unique: set[str] = set()
    parted: list[tuple[str, str, str]] = []  # entry id, family and given name as written
    for entry in entries:
        if forbidden_only:
            patterns = set(entry.form(locale).forbidden)
        else:
            parts = name_parts(entry, locale) if entry.type == "person" else ("", "")
            patterns = entry_patterns(entry, locale, parts)
            if parts[0]:
                parted.append((entry.id, parts[0], parts[1]))
        if patterns:
            found.append((entry.id, patterns))
            unique |= patterns
    folded = folded_each(unique.union(*((family, given) for _, family, given in parted)))
    owners: dict[str, list[str]] = {}
    for entry_id, patterns in found:
        for pattern in patterns:
            owners.setdefault(folded[pattern], []).append(entry_id)
    owners.pop("", None)  # (a form of nothing but marks that folding takes away: nothing to find)
    return _Owned(cast("dict[str, Sequence[str]]", owners), {entry_id: folded[family] for entry_id, family, _ in parted},
                  {entry_id: folded[given] for entry_id, _, given in parted})


def _tables(glossary: Glossary, locale: str, forbidden_only: bool, segmented: str) -> _Tables:
    """The tables of a new matcher (see `GlossaryMatcher`)."""
    owned = _owned(glossary, locale, forbidden_only)
    forms = list(owned.owners)
    flags = _flags(forms, forbidden_only, segmented)
    automaton = _automaton(forms, flags)
    assert automaton is not None  # (its forms are strings, each once: the keys of a dict)
    return _Tables(automaton, forms, flags, list(map(tuple, owned.owners.values())), owned.family_keys, owned.given_keys)


def _flags(forms: Iterable[str], forbidden_only: bool, segmented: str) -> bytes:
    """Per form, whether each of its ends is a letter, so that a match needs a word boundary
    there; and whether a short Japanese or Chinese form must be a whole word. A forbidden form is
    wrong wherever it stands, so it is found inside running text too (温家宝並表示, where the
    segmenter joins it to its neighbours)."""
    flags = bytearray()
    word_char: dict[str, bool] = {}  # per first or last character of a form
    for key in forms:
        first, last = key[0], key[-1]
        starts_word = word_char.get(first)
        if starts_word is None:
            starts_word = word_char[first] = is_word_char(first)
        ends_word = word_char.get(last)
        if ends_word is None:
            ends_word = word_char[last] = is_word_char(last)
        whole_word = bool(segmented) and len(key) <= BOUNDED_CJK_LENGTH and not starts_word and not forbidden_only
        flags.append(starts_word * _STARTS_WORD | ends_word * _ENDS_WORD | whole_word * _WHOLE_WORD)
    return bytes(flags)


def _automaton(forms: list[str], flags: bytes) -> Any:
    """The automaton of these forms, each form's value its index times 8 plus its flags; None
    when a form is not a string or comes twice."""
    import ahocorasick  # here, not at the top: importing this module (status does) needs no automaton

    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    try:
        if not all(map(automaton.add_word, forms, map(or_, count(0, 8), flags))):
            return None
    except TypeError:
        return None
    if forms:
        automaton.make_automaton()
    return automaton


class _KeptAt(NamedTuple):
    """Where a matcher of a glossary keeps its tables, what they depend on but the entries, and the
    glossary file's digest."""

    path: Path
    made_by: bytes
    glossary_key: bytes


def _kept_at(glossary: Glossary, locale: str, forbidden_only: bool) -> _KeptAt | None:
    """Where a matcher of this glossary in this locale keeps its tables (`_KeptAt`); None for a
    glossary too small to keep them or not read from a file."""
    origin = glossary.origin if len(glossary) >= CACHED_AT else None
    if origin is None:
        return None
    from translator.memo import digest

    folder, glossary_key = origin
    path = folder / f"matcher-{locale}{'-forbidden' if forbidden_only else ''}.cache"
    return _KeptAt(path, digest(b"matcher", locale, str(forbidden_only), matching_libraries()), glossary_key)


def _tables_within(glossary: Glossary, locale: str, forbidden_only: bool, segmented: str,
                   texts: Sequence[str] | int) -> tuple[_Tables, dict[str, str] | None]:
    """The tables of a matcher for these texts alone, and each text folded if they are not all
    the forms (None if they are): the forms the index picks for them (`_Index`; brought up to the
    glossary if it was made for an earlier version), when the texts are short beside the
    glossary; else all the forms (`_kept_tables`), and the index made if it should have served
    and could not. `texts` may be only their size, in characters, for texts not known yet: all
    the forms are read then (see `GlossaryMatcher.before_texts`)."""
    kept_at = _kept_at(glossary, locale, forbidden_only)
    if kept_at is None:
        return _tables(glossary, locale, forbidden_only, segmented), None
    searched = texts if isinstance(texts, int) else sum(map(len, texts))
    index = _Index.decoded(kept_at)
    if _serves(index, searched) and not isinstance(texts, int):
        assert index is not None
        if index.glossary_key != kept_at.glossary_key:  # (made for an earlier version of the glossary)
            index = index.updated(kept_at, glossary, locale, forbidden_only, segmented)
        indexed = index.folded_tables(texts, glossary) if index is not None else None
        if indexed is not None:
            tables, folded = indexed
            return tables, dict(zip(texts, folded))
        index = None  # (too many entries edited, or a group damaged or not what `of` wrote: made again)
    tables = _kept_tables(glossary, locale, forbidden_only, segmented)
    if index is None and searched <= INDEXED_SHARE * max(len(tables.forms), 1):
        _keep(kept_at.path.with_suffix(".index"),
              _Index.of(kept_at.made_by, kept_at.glossary_key, tables, glossary.fingerprints()))
    return tables, None


def _serves(index: _Index | None, size: int) -> bool:
    """Whether the index picks the forms for texts of `size` characters (see `INDEXED_SHARE`)."""
    return index is not None and size <= INDEXED_SHARE * max(index.forms, 1)


def _kept_tables(glossary: Glossary, locale: str, forbidden_only: bool, segmented: str, keep: bool = True) -> _Tables:
    """The matcher's tables from its state folder's cache when they were made from the same
    glossary file (`Glossary.origin`), by the same releases; after an edit of a few entries, the
    kept tables with those entries' forms taken out and put in again; else made. For a large
    glossary, what was made is kept there, unless not to `keep` (a cache that cannot be written
    costs the next run time, never a result)."""
    kept_at = _kept_at(glossary, locale, forbidden_only)
    if kept_at is None:
        return _tables(glossary, locale, forbidden_only, segmented)
    path, made_by, glossary_key = kept_at
    kept = _Kept.decoded(path, made_by)
    tables = kept.tables(glossary) if kept is not None and kept.glossary_key == glossary_key else None
    if tables is None:
        digests = glossary.fingerprints()
        tables = (kept.updated(glossary, digests, locale, forbidden_only, segmented) if kept is not None else None) \
            or _tables(glossary, locale, forbidden_only, segmented)
        if keep:
            _Kept(made_by, glossary_key, list(digests), b"".join(digests.values()), tables.forms, tables.flags,
                  tables.owners, tables.family_keys, tables.given_keys).keep(path)
    return tables


def _keep(path: Path, data: bytes) -> None:
    """Write a matcher's cache file (see `memo.keep_cache`)."""
    from translator.memo import keep_cache

    keep_cache(path, data)


def _few(entries: int) -> int:
    """How many entries of a glossary of `entries` an edit may touch for a kept matcher to be
    updated rather than built anew: a thousand, or a tenth of the glossary if less."""
    return min(1000, max(entries // 10, 1))


class _Kept(NamedTuple):
    """A matcher's tables as its cache file keeps them: the digest of what they depend on but the
    entries (`made_by`), the glossary file they were made from, every entry's id and digest
    (`Glossary.fingerprints`, one after the other), and the tables but the automaton."""

    made_by: bytes
    glossary_key: bytes
    ids: list[str]
    digests: bytes
    forms: list[str]
    flags: bytes
    owners: list[tuple[str, ...]]
    family_keys: dict[str, str]
    given_keys: dict[str, str]

    def keep(self, path: Path) -> None:
        from translator.memo import sealed

        _keep(path, sealed(MATCHER_FORMAT, ("matcher", *self)))

    @classmethod
    def decoded(cls, path: Path, made_by: bytes) -> _Kept | None:
        """The tables kept at `path` if they are whole, of the right shape and made by `made_by`."""
        from translator.batch import collector_paused
        from translator.memo import unsealed

        try:
            with collector_paused():  # (a few hundred thousand objects, none of them garbage)
                content = unsealed(path.read_bytes(), MATCHER_FORMAT, "matcher", len(cls._fields))
        except OSError:
            return None
        if content is None or content[0] != made_by:
            return None
        kept = cls(*content)
        if not (isinstance(kept.glossary_key, bytes) and isinstance(kept.ids, list) and isinstance(kept.digests, bytes)
                and len(kept.digests) == 8 * len(kept.ids) and isinstance(kept.forms, list)
                and isinstance(kept.flags, bytes) and isinstance(kept.owners, list)
                and len(kept.forms) == len(kept.flags) == len(kept.owners) and max(kept.flags, default=0) < 8
                and isinstance(kept.family_keys, dict) and isinstance(kept.given_keys, dict)):
            return None
        return kept

    def tables(self, glossary: Glossary) -> _Tables | None:
        """The tables, if every owner is an entry of the glossary. The automaton is built again from
        the forms, in pyahocorasick's C code (a tenth of building the matcher): its own saved bytes
        would load faster, but bytes it did not write can crash it, and a state folder may be
        damaged or written by anyone who can write the workspace."""
        try:
            if not set(chain.from_iterable(self.owners)).issubset(glossary.ids()):
                return None
        except TypeError:  # (an owner that is not a tuple of strings)
            return None
        automaton = _automaton(self.forms, self.flags)
        if automaton is None:
            return None
        return _Tables(automaton, self.forms, self.flags, self.owners, self.family_keys, self.given_keys)

    def updated(self, glossary: Glossary, digests: dict[str, bytes], locale: str, forbidden_only: bool,
                segmented: str) -> _Tables | None:
        """The tables of the glossary from these, made for an earlier version of it: the forms of
        entries edited, added or removed since taken out and put in again, in id order, as a new
        matcher would have them; None when more than a few entries changed."""
        try:
            return self._updated(glossary, digests, locale, forbidden_only, segmented)
        except TypeError:  # (a form, id or owner of the wrong type: the file was not written by us)
            return None

    def _updated(self, glossary: Glossary, digests: dict[str, bytes], locale: str, forbidden_only: bool,
                 segmented: str) -> _Tables | None:
        size = len(self.digests)
        earlier = dict(zip(self.ids, map(self.digests.__getitem__, map(slice, range(0, size, 8), range(8, size + 8, 8)))))
        changed = sorted(entry_id for entry_id, made in digests.items() if earlier.get(entry_id) != made)
        gone = earlier.keys() - digests.keys()
        if len(changed) + len(gone) > _few(len(digests)):
            return None
        out = gone.union(changed)
        forms, flags, owners = list(self.forms), bytearray(self.flags), list(self.owners)
        emptied = False
        for index in compress(count(), map(not_, map(out.isdisjoint, owners))):  # (the forms of entries out)
            owners[index] = tuple([name for name in owners[index] if name not in out])
            emptied = emptied or not owners[index]
        added = _owned(map(glossary.entry, changed), locale, forbidden_only)
        if added.owners:
            index_of = dict(zip(forms, range(len(forms))))
            for form, named in added.owners.items():
                at = index_of.get(form)
                if at is None:
                    forms.append(form)
                    owners.append(tuple(named))
                    flags += _flags([form], forbidden_only, segmented)
                else:
                    merged = list(owners[at])
                    for name in named:
                        insort(merged, name)
                    owners[at] = tuple(merged)
        if emptied:  # (forms no entry has any more)
            forms, flags = list(compress(forms, owners)), bytearray(compress(flags, owners))
            owners = list(filter(None, owners))
        family_keys = {entry_id: key for entry_id, key in self.family_keys.items() if entry_id not in out}
        given_keys = {entry_id: key for entry_id, key in self.given_keys.items() if entry_id not in out}
        family_keys.update(added.family_keys)
        given_keys.update(added.given_keys)
        return self._replace(forms=forms, flags=bytes(flags), owners=owners, family_keys=family_keys,
                             given_keys=given_keys).tables(glossary)


@lru_cache(maxsize=1)
def _word_runs() -> re.Pattern[str]:
    """The runs of word characters (`is_word_char`: ASCII letters and digits, and letters below
    U+2E80) in folded text."""
    letters = [code for code in range(128, 0x2E80) if chr(code).isalpha()]
    ranges = [[ord("0"), ord("9")], [ord("A"), ord("Z")], [ord("a"), ord("z")]]
    for code in letters:
        if ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges) + "]+")


def _bucket(anchor: str, buckets: int) -> int:
    return zlib.crc32(anchor.encode("utf-8", "surrogatepass")) % buckets


# Texts of at most this many characters per form of the matcher are searched with the forms their
# anchors pick from the index (`_Index`); longer ones with all the forms, which then cost less
# than finding the texts' anchors and reading a group for each (a 1 MB article, a million
# characters: with the 340,000 forms of 100,000 entries, the index; with the 34,000 of 10,000,
# all the forms).
INDEXED_SHARE = 8
# Texts that hold at most this many two-character anchors are searched for each (`in`); with
# more, every pair of characters of the texts is listed once.
_FEW_PAIRS = 64


class _Index(NamedTuple):
    """A kept matcher's forms grouped by an anchor that every text holding the form holds too, so
    that a matcher for a few texts reads only the groups of their anchors (`matcher-<locale>.index`,
    beside the matcher's cache, for the same releases):
    - a form with word characters is anchored by one of its runs of word characters, the rarest
      when the index is made. A match's first and last characters, when they are word characters,
      must border non-word ones (the flags), so each such run of the form is a whole run of the
      text's;
    - any other form (Japanese, Chinese) by its first two characters (a pair).
    The groups are buckets of anchors by a CRC-32 (a text's anchors pick their buckets without a
    table of every anchor to read), each marshalled alone: its forms, their flags, their entries,
    and those entries' family and given names. The pairs themselves are kept when there are few.
    A last item keeps every entry's id, fingerprint (`Glossary.fingerprints`) and buckets, so
    that after an edit of a few entries the index is updated: their forms taken out of their
    buckets and put in again (`updated`)."""

    glossary_key: bytes  # the glossary file it was made for
    forms: int  # how many forms the matcher has
    pairs: list[str] | int  # the pair anchors, or how many there are when more than `_FEW_PAIRS`
    groups: Items  # one a bucket, then the entries' item

    @staticmethod
    def of(made_by: bytes, glossary_key: bytes, tables: _Tables, fingerprints: dict[str, bytes]) -> bytes:
        """The index file of these tables, made from a glossary of these fingerprints."""
        from collections import Counter
        from translator.memo import sealed_items

        forms, flags, owners = tables.forms, tables.flags, tables.owners
        runs = list(map(_word_runs().findall, forms))
        rarity = Counter(chain.from_iterable(map(set, runs)))  # per run, how many forms hold it
        anchors = [min(form_runs, key=rarity.__getitem__) if form_runs else "\x00" + form[:2]
                   for form, form_runs in zip(forms, runs)]
        pairs = sorted({anchor[1:] for anchor in anchors if anchor[0] == "\x00"})
        distinct = dict.fromkeys(anchors)
        buckets = 1 << max(len(distinct), 1).bit_length()  # (about one anchor a bucket)
        bucket_of = dict(zip(distinct, (_bucket(anchor, buckets) for anchor in distinct)))
        form_buckets = list(map(bucket_of.__getitem__, anchors))
        placed: dict[str, set[int]] = {}
        for entries, bucket in zip(owners, form_buckets):
            for name in entries:
                placed.setdefault(name, set()).add(bucket)
        order = sorted(range(len(forms)), key=form_buckets.__getitem__)  # (the forms bucket by bucket)
        in_order = list(map(forms.__getitem__, order)), bytes(map(flags.__getitem__, order)), list(map(owners.__getitem__, order))
        sizes = Counter(form_buckets)
        family_keys, given_keys = tables.family_keys, tables.given_keys
        groups = []
        start = 0
        for bucket in range(buckets):
            end = start + sizes.get(bucket, 0)
            if start == end:
                groups.append(b"")
                continue
            named = in_order[2][start:end]
            ids = set(chain.from_iterable(named))
            groups.append(marshal.dumps((in_order[0][start:end], in_order[1][start:end], named,
                                         {name: family_keys[name] for name in ids if name in family_keys},
                                         {name: given_keys[name] for name in ids if name in given_keys})))
            start = end
        groups.append(_Index._entries(fingerprints, placed))
        return sealed_items(INDEX_FORMAT, _Index._header(made_by, glossary_key, len(forms), pairs), groups)

    @staticmethod
    def _header(made_by: bytes, glossary_key: bytes, forms: int, pairs: list[str] | int) -> tuple[Any, ...]:
        return ("index", made_by, glossary_key, forms, pairs if isinstance(pairs, int) or len(pairs) <= _FEW_PAIRS
                else len(pairs))

    @staticmethod
    def _entries(fingerprints: dict[str, bytes], placed: dict[str, set[int]]) -> bytes:
        """The last item: every entry's id and fingerprint, and the buckets of its forms."""
        return marshal.dumps((list(fingerprints), b"".join(fingerprints.values()),
                              [sorted(placed.get(name, ())) for name in fingerprints]))

    @classmethod
    def decoded(cls, kept_at: _KeptAt) -> _Index | None:
        """The index kept beside the matcher's tables if it is whole and of these releases (of
        this glossary file or an earlier one)."""
        from translator.memo import mapped

        data = mapped(kept_at.path.with_suffix(".index"))
        return cls.read(data, kept_at.made_by) if data is not None else None

    @classmethod
    def read(cls, data: bytes | memoryview, made_by: bytes) -> _Index | None:
        from translator.memo import unsealed_items

        content = unsealed_items(data, INDEX_FORMAT, "index", 4)
        if content is None:
            return None
        (made, key, forms, pairs), groups = content
        if not (made == made_by and isinstance(key, bytes) and type(forms) is int and len(groups) > 1
                and (type(pairs) is int or isinstance(pairs, list) and all(isinstance(pair, str) for pair in pairs))):
            return None
        return cls(key, forms, pairs, groups)

    def updated(self, kept_at: _KeptAt, glossary: Glossary, locale: str, forbidden_only: bool,
                segmented: str) -> _Index | None:
        """This index, made for an earlier version of the glossary, brought up to it and kept:
        the forms of the entries edited, added or removed since taken out of their buckets and
        put in again (a form another entry shares is found where it is; a new one goes to the
        bucket of its runs that held least); None when more than a few entries changed, or the
        index is not what `of` wrote."""
        try:
            return self._updated(kept_at, glossary, locale, forbidden_only, segmented)
        except (EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError):  # (not what `of` wrote)
            return None

    def _updated(self, kept_at: _KeptAt, glossary: Glossary, locale: str, forbidden_only: bool,
                 segmented: str) -> _Index | None:
        buckets = len(self.groups) - 1
        item = self.groups[buckets]
        if item is None:
            return None
        ids, digests, placed = marshal.loads(item)
        if not (isinstance(digests, bytes) and len(digests) == 8 * len(ids) == 8 * len(placed)):
            return None
        now = glossary.fingerprints()
        earlier = dict(zip(ids, map(digests.__getitem__, map(slice, range(0, len(digests), 8),
                                                              range(8, len(digests) + 8, 8)))))
        changed = sorted(entry_id for entry_id, made in now.items() if earlier.get(entry_id) != made)
        gone = earlier.keys() - now.keys()
        if len(changed) + len(gone) > _few(len(now)):
            return None
        placed_of = dict(zip(ids, placed))
        where = {entry_id: set(at) for entry_id, at in placed_of.items() if entry_id in now}
        touched: dict[int, tuple[list[str], bytearray, list[tuple[str, ...]], dict[str, str], dict[str, str]]] = {}

        def group(bucket: int) -> tuple[list[str], bytearray, list[tuple[str, ...]], dict[str, str], dict[str, str]]:
            if bucket not in touched:
                read = self.groups[bucket]
                if read is None:
                    raise ValueError("a damaged group")
                forms, flags, owners, family, given = marshal.loads(read) if read else ([], b"", [], {}, {})
                touched[bucket] = (list(forms), bytearray(flags), list(owners), dict(family), dict(given))
            return touched[bucket]

        counted = 0  # forms added less forms gone
        for name in gone.union(changed):
            for bucket in placed_of.get(name, ()):
                forms, flags, owners, family, given = group(bucket)
                family.pop(name, None)
                given.pop(name, None)
                for at in reversed(range(len(forms))):
                    if name in owners[at]:
                        owners[at] = tuple(other for other in owners[at] if other != name)
                        if not owners[at]:
                            del forms[at], flags[at], owners[at]
                            counted -= 1
            where[name] = set()
        added = _owned(map(glossary.entry, changed), locale, forbidden_only)
        pairs = self.pairs
        lengths = self.groups.lengths()
        for form, named in added.owners.items():
            runs = list(dict.fromkeys(_word_runs().findall(form))) or ["\x00" + form[:2]]
            candidates = [_bucket(run, buckets) for run in runs]
            home = next((bucket for bucket in candidates if form in group(bucket)[0]), None)
            if home is None:
                home = min(candidates, key=lengths.__getitem__)
                forms, flags, owners, _, _ = group(home)
                forms.append(form)
                flags += _flags([form], forbidden_only, segmented)
                owners.append(())
                counted += 1
                if runs[0][0] == "\x00" and isinstance(pairs, list) and form[:2] not in pairs:
                    pairs = sorted([*pairs, form[:2]])
            forms, flags, owners, _, _ = group(home)
            at = forms.index(form)
            merged = list(owners[at])
            for name in named:  # (an entry once per form as written that folds to this one, as `_owned` gives it)
                insort(merged, name)
            owners[at] = tuple(merged)
            for name in named:
                where.setdefault(name, set()).add(home)
        for name in changed:
            for bucket in where.get(name, ()):
                _, _, _, family, given = group(bucket)
                if name in added.family_keys:
                    family[name] = added.family_keys[name]
                if name in added.given_keys:
                    given[name] = added.given_keys[name]
        changes = {bucket: marshal.dumps((forms, bytes(flags), owners, family, given)) if forms else b""
                   for bucket, (forms, flags, owners, family, given) in touched.items()}
        changes[buckets] = _Index._entries(now, where)
        data = self.groups.resealed(INDEX_FORMAT, _Index._header(kept_at.made_by, kept_at.glossary_key,
                                                                 self.forms + counted, pairs), changes)
        _keep(kept_at.path.with_suffix(".index"), data)
        return _Index.read(data, kept_at.made_by)

    def folded_tables(self, texts: Sequence[str], glossary: Glossary) -> tuple[_Tables, list[str]] | None:
        """The tables of the forms that may stand in these texts, and the texts folded; None when
        a group read is not of the right shape or names an entry the glossary does not have."""
        folded = list(map(fold, texts))
        joined = "\n".join(folded)
        anchors = set(_word_runs().findall(joined))
        if isinstance(self.pairs, list):
            anchors.update("\x00" + pair for pair in self.pairs if pair in joined)
        elif self.pairs:
            anchors.update("\x00" + pair for pair in set(joined).union(map(add, joined, joined[1:])))
        forms: list[str] = []
        flags = bytearray()
        owners: list[tuple[str, ...]] = []
        family_keys: dict[str, str] = {}
        given_keys: dict[str, str] = {}
        groups = self.groups
        buckets = len(groups) - 1  # (the last item is the entries')
        try:
            for group in sorted({_bucket(anchor, buckets) for anchor in anchors}):
                item = groups[group]
                if item is None:
                    return None
                if not item:
                    continue
                part = marshal.loads(item)
                forms += part[0]
                flags += part[1]
                owners += part[2]
                family_keys.update(part[3])
                given_keys.update(part[4])
            if not (len(forms) == len(flags) == len(owners) and max(flags, default=0) < 8
                    and all(type(named) is tuple for named in owners)
                    and set(chain.from_iterable(owners)) <= glossary.ids()):
                return None
        except (EOFError, ValueError, TypeError, IndexError, KeyError):  # (not what `of` wrote)
            return None
        automaton = _automaton(forms, bytes(flags))
        if automaton is None:
            return None
        return _Tables(automaton, forms, bytes(flags), owners, family_keys, given_keys), folded
