"""Linting a source article against the glossary, before anyone translates it.

Finds names that nearly match a glossary name (a changed, missing, extra or swapped letter, a
truncated or extended name part; in Japanese and Chinese one wrong character, or a character of
the other script), forbidden forms, titles next to someone the glossary says did not hold them on
the article's date (glossary people, and people outside the glossary where it records the
holder), and one person written in different forms. Exact and admitted forms, possessives, names
inside longer words and other people who share a family name are not findings.

Candidates come from indexes built once per glossary and locale, never from comparing every word
with every name: Latin name parts by their deletion neighbourhoods (every spelling with up to two
letters removed, so one lookup finds all names within two edits) and prefixes; Japanese and
Chinese names by their character pairs, so only windows that share a pair with a name are compared.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path


from translator.batch import collector_paused
from translator.formats.article import Article, read_article
from translator.workspace import Workspace, article_name, article_source
from translator.glossary import Entry, Glossary
from translator.matching import Coverage, GlossaryMatcher, Hit, folded_each, matcher_in
from translator.names import name_parts
from translator.pool import ordered
from translator.progress import SILENT, Steps
from translator.language.romanization import pinyin_readings
from translator.language.similarity import common_lengths, edit_distance, ratio
from translator.memo import Memo, article_digest, completed
from translator.language.scripts import convert_form, fold, is_han, is_kana, not_japanese, wrong_script
from translator.language.sentences import language_of
from translator.changes import GlossaryChanges, checked_glossary
from translator.titles import NOT_NAMES, Named, TitleResolver, Verdict, describe_terms
from translator.language.words import boundaries, japanese_name_words

LINT_CODES = {
    "LN01": ("near-miss", "error", "A span that looks like a glossary name but differs slightly: a changed, missing, "
             "extra or swapped letter, a truncated or extended name part; in Japanese and Chinese, one wrong "
             "character (a homophone, or one that the name's neighbours or the word segmenter mark as a name) "
             "or a character of another script."),
    "LN02": ("forbidden-form", "error", "A known wrong form of a glossary entry."),
    "LN03": ("title-holder", "error", "A title next to a person when the glossary records another holder of that "
             "title on the article's date (front matter date or --date), or records the person's own terms and "
             "the date is outside them; with 'former', 'then-', 前, 元, 時任 or （当時）, a person who never held it. "
             "People outside the glossary are read from the text and reported when the glossary records the holder."),
    "LN04": ("mixed-forms", "info", "One entry written in different forms within one article (name orders, macrons)."),
    "LN05": ("holder-unknown", "info", "A title next to a person on a date for which the glossary records no holder "
             "of that title: add the holder to have the name checked."),
}

SAME_NAME_READING = 200 / 3  # percent: a reading this like the name's is a slip of one kanji, not another name
_HONORIFICS = ("氏", "さん", "様", "君", "ら")


@dataclass(frozen=True, slots=True)
class LintFinding:
    file: str
    line: int
    column: int
    span: str
    code: str
    entry: str
    preferred: str
    message: str

    @property
    def name(self) -> str:
        return LINT_CODES[self.code][0]

    @property
    def severity(self) -> str:
        return LINT_CODES[self.code][1]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code} {self.name}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "span": self.span, "code": self.code,
                "check": self.name, "severity": self.severity, "entry": self.entry, "preferred": self.preferred,
                "message": self.message}


# --- Latin names --------------------------------------------------------------------------------


def _swapped_across(a: str, b: str) -> bool:
    """Two letters swapped across one other letter (Takana for Tanaka)."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(differ) == 2 and differ[1] - differ[0] == 2 and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]


def _near(found: str, expected: str, syllabic: bool = False) -> bool:
    """One name part nearly another: not equal, and one edit apart (two for long parts of about
    the same length, or two letters swapped across one), truncated by at most three letters, or
    extended by a repeated last letter. A part of a
    Chinese name (`syllabic`: pinyin or Wade–Giles) is a run of syllables, and a syllable more or
    less is another name (Jiabaoming is not Jiabao): only one edit, at most one letter longer or shorter."""
    return _near_folded(fold(found), fold(expected), syllabic)


def _near_folded(a: str, b: str, syllabic: bool = False) -> bool:
    """`_near` of two folded name parts."""
    if a == b:
        return False
    if syllabic:
        return abs(len(a) - len(b)) <= 1 and edit_distance(a, b) == 1 and len(a) >= 2
    if len(a) < 3:
        return False
    longest = max(len(a), len(b))
    distance = edit_distance(a, b)
    if len(b) <= 3:  # Abe, Mao, Xue: only a letter doubled ("Abbe"), or two swapped; "Abel" is a word
        doubled = any(b[:i] + b[i] + b[i:] == a for i in range(len(b)))
        return doubled or (len(a) == len(b) and distance == 1 and sorted(a) == sorted(b))
    if distance == 1 or (len(b) >= 5 and _swapped_across(a, b)):
        return True
    if distance == 2 and longest > 6 and abs(len(a) - len(b)) <= 1:
        return True  # two slips in a long name; two letters more or less make another name (Onoda, Onodera)
    if a.startswith(b):  # extended by a doubled last letter ("Takaichii"); "Okadaya" is not "Okada" misspelt
        return len(a) - len(b) <= 2 and set(a[len(b):]) == {b[-1]}
    if b.startswith(a):  # truncated: at most three letters dropped ("Takai" for Takaichi)
        return len(a) >= 4 and len(b) - len(a) <= 3
    return False


@dataclass(frozen=True, slots=True)
class _Name:
    entry: Entry
    family: str  # folded
    given: str  # folded
    syllabic: bool  # a Chinese name romanised by syllables


def _deletions(word: str, depth: int) -> set[str]:
    """The word with up to `depth` (1 or 2) of its letters left out, never all of them."""
    size = len(word)
    found = {word}
    if size > 1:
        found.update([word[:i] + word[i + 1:] for i in range(size)])
    if depth > 1 and size > 2:  # (each pair of places once, not each order of them)
        found.update([word[:i] + word[i + 1:j] + word[j + 1:] for i in range(size - 1) for j in range(i + 1, size)])
    return found


# Articles of a locale from which its linter indexes name parts for near misses rather than
# search them a word at a time: the index costs what searching about 700 words does, whatever
# the glossary's size (an article has 50 to 100 capitalised words).
INDEXED_FROM = 8


class _LatinNames:
    """People's English name parts, indexed so that a word finds the parts it may be a slip of.

    `indexed`: with every part's deletion variants and prefixes in tables (seconds for 100,000
    people, then a lookup a word); without, each word's parts are searched for in all of them (a
    few milliseconds a word for 100,000 people): for a few articles, as after a glossary edit.
    Both find the same parts."""

    def __init__(self, people: list[_Name], indexed: bool = True) -> None:
        self.parts: dict[str, list[tuple[_Name, str]]] = {}  # folded part -> (name, "family"/"given")
        for name in people:
            self.parts.setdefault(name.family, []).append((name, "family"))
            if name.given:
                self.parts.setdefault(name.given, []).append((name, "given"))
        self.indexed = indexed
        self.deletions: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self._searched: list[str] = []
        if indexed:
            with collector_paused():  # (millions of small sets, none of them garbage)
                for part in self.parts:
                    if len(part) < 2:
                        continue
                    for variant in _deletions(part, _depth(part)):
                        parts = self.deletions.get(variant)
                        if parts is None:
                            self.deletions[variant] = {part}
                        else:
                            parts.add(part)
                    for length in range(4, len(part)):
                        self.prefixes.setdefault(part[:length], set()).add(part)
        else:
            self._searched = sorted(part for part in self.parts if len(part) >= 2)
        self._memo: dict[str, set[str]] = {}

    def similar(self, word: str) -> set[str]:
        """Indexed parts that `word` equals or may be a slip of (to be confirmed by `_near`)."""
        key = fold(word)
        if key not in self._memo:
            found = {key} & self.parts.keys()
            if self.indexed:
                for variant in _deletions(key, _depth(key)):
                    found |= self.deletions.get(variant, set())
                found |= self.prefixes.get(key, set())  # truncated
            else:
                found |= self._searched_for(key)
            found |= {key[:cut] for cut in (len(key) - 1, len(key) - 2) if key[:cut] in self.parts}  # extended
            self._memo[key] = found
        return self._memo[key]

    def _searched_for(self, key: str) -> set[str]:
        """The parts the tables would give `key`, found without them. A part and the key share a
        deletion variant exactly when some sequence of letters of both, in order, is as long as
        the shortest variant of each (and is a letter at least): when their longest common
        subsequence is, which puts them at most four insertions and deletions apart. Then the
        parts that begin with the key, of four letters or more, and are longer."""
        depth = _depth(key)
        found = {part for part, common in common_lengths(key, self._searched, depth + 2)
                 if common >= max(1, len(part) - _depth(part), len(key) - depth)}
        if len(key) >= 4:
            at = bisect_left(self._searched, key)
            while at < len(self._searched) and self._searched[at].startswith(key):
                if len(self._searched[at]) > len(key):
                    found.add(self._searched[at])
                at += 1
        return found


def _depth(part: str) -> int:
    """How many letters of a Latin name part a slip may leave out."""
    return 2 if len(part) >= 5 else 1


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # without a possessive
    start: int
    end: int
    key: str  # the text folded


# A word that may begin with a capital (Latin letters with diacritics included); lower-case words
# only break runs, so only these are looked at.
_CAPITALISED = re.compile(r"(?<![A-Za-zÀ-ɏ'’\-])[A-ZÀ-ɏ][A-Za-zÀ-ɏ'’\-]*")
_POSSESSIVE_END = re.compile(r"['’]s?$")


def _runs(text: str, covered: Coverage) -> list[list[_Token]]:
    """Runs of capitalised words one space apart, outside glossary forms (titles, places), without
    the sentence openers and months that are not names; a possessive ends a run."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    previous_end = -2
    possessive = False
    for match in _CAPITALISED.finditer(text):
        raw = match.group(0)
        if not raw[0].isupper():
            continue
        word = _POSSESSIVE_END.sub("", raw) if raw[-1] in "'’s" else raw
        token = _Token(word, match.start(), match.start() + len(word), fold(word))
        name_like = word.lower() not in NOT_NAMES and not covered.covers(token.start)
        joined = bool(current) and not possessive and previous_end + 1 == token.start and text[previous_end] == " "
        previous_end, possessive = match.end(), len(word) < len(raw)
        if name_like and joined:
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if name_like else []
    if current:
        runs.append(current)
    return runs


# --- Japanese and Chinese names -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CjkName:
    entry: Entry
    full: str
    reading: str  # folded kana without spaces, for Japanese


class _CjkNames:
    """People's Japanese or Chinese names indexed by character pairs: a window with one wrong
    character still shares a pair with the name (side by side, or around the wrong one in a
    three-character name); a two-character name is found by either character."""

    def __init__(self, people: list[_CjkName]) -> None:
        self.people = people
        self.pairs: dict[str, list[tuple[int, int]]] = {}  # pair -> (name index, offset in the name)
        self.gaps: dict[str, list[int]] = {}  # first + third character of a three-character name
        self.singles: dict[str, list[tuple[int, int]]] = {}
        for index, name in enumerate(people):
            full = name.full
            if len(full) == 2:
                for offset, char in enumerate(full):
                    self.singles.setdefault(char, []).append((index, offset))
                continue
            for offset in range(len(full) - 1):
                self.pairs.setdefault(full[offset:offset + 2], []).append((index, offset))
            if len(full) == 3:
                self.gaps.setdefault(full[0] + full[2], []).append(index)

    def windows(self, text: str) -> set[tuple[int, int]]:
        """(name index, start) of every window that may be a name with one character wrong."""
        found: set[tuple[int, int]] = set()
        for run in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}", text):
            chunk, base = run.group(0), run.start()
            for p in range(len(chunk)):
                for index, offset in self.pairs.get(chunk[p:p + 2], ()):
                    found.add((index, base + p - offset))
                if p + 2 < len(chunk):
                    for index in self.gaps.get(chunk[p] + chunk[p + 2], ()):
                        found.add((index, base + p))
                for index, offset in self.singles.get(chunk[p], ()):
                    found.add((index, base + p - offset))
        return found


# Katakana that a slip turns into each other: voiced and plain (デ/テ), small and large (ッ/ツ),
# look-alikes (ソ/ン, シ/ツ), and the spellings of one sound (ティ/チ); a long-vowel mark may
# come or go (オースティン, オスティン).
_KANA_SOUNDS = (("ティ", "チ"), ("ディ", "ジ"), ("トゥ", "ツ"), ("ドゥ", "ズ"), ("ヴ", "ブ"))
_KANA_SHAPES = str.maketrans("ァィゥェォッャュョヮヵヶソシ", "アイウエオツヤユヨワカケンツ")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]+(?:[・＝=][\u30a1-\u30fa\u30fc]+)*")


def _kana_key(word: str) -> str:
    """A katakana word with the differences a slip makes taken out."""
    for long, short in _KANA_SOUNDS:
        word = word.replace(long, short)
    plain = "".join(char for char in unicodedata.normalize("NFD", word) if char not in "\u3099\u309a")
    return unicodedata.normalize("NFC", plain).translate(_KANA_SHAPES).replace("ー", "")


class _KanaNames:
    """Name parts written in katakana (バイデン, ブリンケン), by their slip-free key: a word of a
    katakana run with the same key, or one letter off it, but written otherwise is a near miss."""

    def __init__(self, people: list[Entry], locale: str) -> None:
        self.keys: dict[str, list[tuple[Entry, str]]] = {}
        self.deletions: dict[str, set[str]] = {}
        for entry in people:
            forms = entry.form(locale)
            for form in (forms.preferred, forms.family, forms.given):
                for part in re.split(r"[・＝=\s]", form):
                    key = _kana_key(part)
                    if len(key) >= 3 and is_kana(part):
                        self.keys.setdefault(key, []).append((entry, part))
                        for variant in _deletions(key, 1):
                            self.deletions.setdefault(variant, set()).add(key)

    def near(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        for run in _KATAKANA_RUN.finditer(text):
            for piece in re.finditer(r"[^・＝=]+", run.group(0)):
                word = piece.group(0)
                key = _kana_key(word)
                if len(key) < 3:
                    continue
                candidates = {key} if key in self.keys else set()
                if len(key) >= 4:
                    for variant in _deletions(key, 1):
                        candidates |= {k for k in self.deletions.get(variant, ()) if edit_distance(k, key) == 1}
                for candidate in sorted(candidates):
                    entries = [(entry, part) for entry, part in self.keys[candidate] if part != word]
                    if entries and all(part != word for _, part in self.keys[candidate]):
                        yield run.start(), run.end(), entries[0][0]
                        break

    def may_bear_on(self, text: str) -> bool:
        """Whether a katakana word of `text` has one of these names' keys, or is a letter off one:
        every word `near` may report, and more."""
        for run in _KATAKANA_RUN.finditer(text):
            for piece in re.finditer(r"[^・＝=]+", run.group(0)):
                key = _kana_key(piece.group(0))
                if len(key) >= 3 and (key in self.keys or len(key) >= 4 and any(
                        variant in self.deletions for variant in _deletions(key, 1))):
                    return True
        return False


@lru_cache(maxsize=65536)
def _readings(char: str) -> frozenset[str]:
    readings = pinyin_readings(char)
    return frozenset(readings[0]) if readings else frozenset()


@lru_cache(maxsize=65536)
def _variant(wrong: str, right: str) -> bool:
    """Whether two characters are one character in different scripts (刘/劉, 剑/剣)."""
    for source, target in (("zh-Hans", "zh-Hant"), ("zh-Hant", "zh-Hans"), ("ja", "zh-Hant"), ("zh-Hant", "ja"),
                           ("ja", "zh-Hans"), ("zh-Hans", "ja")):
        if convert_form(right, source, target) == wrong or convert_form(wrong, source, target) == right:
            return True
    return False


@lru_cache(maxsize=65536)
def _foreign(char: str, locale: str) -> bool:
    """A character that this locale's script does not write (劲 in Traditional, 剑 in Japanese)."""
    if locale == "ja":
        return bool(not_japanese({char})) or bool(wrong_script(char, "ja"))
    return bool(wrong_script(char, locale))


class _Segmented:
    """Word boundaries and name tags of one text, computed on first use."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self._words: list[tuple[int, int, str, str, str]] | None = None
        self._bounds: frozenset[int] | None = None
        self._word_at: list[int] | None = None
        self._name_ends: frozenset[int] | None = None

    def words(self) -> list[tuple[int, int, str, str, str]]:
        """(start, end, part of speech, sub-kind, kana reading) of each word (Japanese)."""
        if self._words is None:
            self._words = japanese_name_words(self.text)
        return self._words

    def word_at(self, offset: int) -> int:
        """The index in `words()` of the word holding character `offset`."""
        if self._word_at is None:
            self._word_at = [0] * (len(self.text) + 1)
            for index, word in enumerate(self.words()):
                for position in range(word[0], word[1]):
                    self._word_at[position] = index
        return self._word_at[offset]

    def name_ends(self) -> frozenset[int]:
        """Offsets where a word tagged as part of a person's name ends."""
        if self._name_ends is None:
            self._name_ends = frozenset(word[1] for word in self.words() if word[3] == "人名")
        return self._name_ends

    def bounds(self) -> frozenset[int]:
        if self._bounds is None:
            if self.language == "ja":
                self._bounds = frozenset({0, len(self.text)} | {w[0] for w in self.words()} | {w[1] for w in self.words()})
            else:
                self._bounds = boundaries(self.text, "zh")
        return self._bounds


# --- the linter -------------------------------------------------------------------------------------


class Linter:
    """Lints text of one locale against a glossary."""

    def __init__(self, glossary: Glossary, locale: str, matchers: dict[str, GlossaryMatcher] | None = None,
                 indexed: bool = True) -> None:
        """`matchers`: the run's matchers of this glossary (see `matcher_in`), if it keeps them;
        `indexed`: whether English name parts are indexed for near misses (see `_LatinNames`)."""
        self.glossary = glossary
        self.locale = locale
        self.language = language_of(locale)
        self.exact = matcher_in(matchers, glossary, locale)
        self.forbidden = GlossaryMatcher(glossary, locale, forbidden_only=True)
        self.resolver = TitleResolver(glossary, locale)
        self._run_cache: dict[str, list[list[_Token]]] = {}
        self.known_words = set(folded_each({word for entry in glossary for form in entry.form(locale).acceptable
                                            for word in form.split()}).values())
        people = [entry for entry in glossary if entry.type == "person"]
        if self.language == "en":
            names = []
            for entry in people:
                family, given = name_parts(entry, locale)
                if family:
                    names.append(_Name(entry, fold(family), fold(given), entry.romanization in ("pinyin", "wade-giles")))
            self.latin = _LatinNames(names, indexed)
            self._pairs: dict[tuple[str, str], Entry | None] = {}
        else:
            cjk = []
            for entry in people:
                family, given = name_parts(entry, locale)
                full = (family + given if family and given else entry.form(locale).preferred).replace(" ", "")
                if len(full) >= 2 and all(is_han(char) for char in full):
                    cjk.append(_CjkName(entry, full, fold(entry.reading.replace(" ", "").replace("\u3000", ""))))
            self.cjk = _CjkNames(cjk)
            self.kana = _KanaNames(people, locale)

    def may_bear_on(self, text: str) -> bool:
        """Whether this linter's entries may bear on what a linter of a larger glossary finds in
        `text`: a form of theirs is found in it, or the near-miss search would compare a word or
        window of it with one of their names, or a word of their forms stands in it (a known
        word is no near miss). Made for the entries a glossary edit changed, as they were and as
        they are: where neither bears on an article, its findings are as they were."""
        if self.exact.hits(text) or self.forbidden.hits(text):
            return True
        if self.language == "en":  # a word of a name (a pair near a name has one), or one near a part
            parts = self.latin.parts  # `_near_single` reports, of three letters or more
            return any(token.key in self.known_words or token.key in parts
                       or any(len(part) >= 3 for part in self.latin.similar(token.text))
                       for run in _runs(text, Coverage(())) for token in run)
        return bool(self.cjk.windows(text)) or self.kana.may_bear_on(text)

    def _runs(self, text: str, hits: list[Hit]) -> list[list[_Token]]:
        """`_runs` of a block, kept while its article is linted (names_read and lint both need them)."""
        if text not in self._run_cache:
            self._run_cache[text] = _runs(text, Coverage((hit.start, hit.end) for hit in hits if hit.entry.type != "person"))
        return self._run_cache[text]

    def forget(self) -> None:
        """Drop what was kept for one article."""
        self._run_cache.clear()

    def names_read(self, text: str, hits: list[Hit]) -> set[str]:
        """The words of full names of people outside the glossary in `text` ("Nobuo Kishi"),
        whose glossary forms are `hits`: elsewhere in the article the same word alone is that
        person, not a slip."""
        if self.language != "en":
            return set()
        people = Coverage((hit.start, hit.end) for hit in hits if hit.entry.type == "person")
        words: set[str] = set()
        for run in self._runs(text, hits):
            if len(run) < 2 or any(people.covers(token.start) for token in run):
                continue
            if any(self._near_pair(a.key, b.key) for a, b in zip(run, run[1:])):
                continue
            words.update(token.key for token in run)
        return words

    def lint(self, text: str, day: date | None, names_read: set[str] | None = None, hits: list[Hit] | None = None,
             mentions: list[Hit] | None = None) -> Iterator[tuple[int, int, str, str, Entry, str]]:
        """(start, end, code, span, entry, message) for every finding in `text`; `names_read` are
        words of other people's full names found anywhere in the article (see `names_read`),
        `hits` and `mentions` the glossary forms in `text` and those naming their entry, if they
        are known already."""
        forbidden_spans = []
        for hit in self.forbidden.hits(text):
            forbidden_spans.append((hit.start, hit.end))
            yield hit.start, hit.end, "LN02", text[hit.start:hit.end], hit.entry, (
                f"'{text[hit.start:hit.end]}' is a forbidden form of {hit.entry.id}; write {hit.entry.form(self.locale).preferred}")
        hits = self.exact.hits(text) if hits is None else hits
        mentions = self.exact.mentions(text, hits) if mentions is None else mentions
        spans = [(hit.start, hit.end) for hit in hits] + forbidden_spans
        people = [Named(hit.start, hit.end, hit.entry) for hit in mentions if hit.entry.type == "person"]
        segmented = _Segmented(text, self.language) if self.language != "en" else None
        if segmented is None:
            near = self._near_latin(text, hits, names_read or set())
        else:
            near = itertools.chain(self._near_cjk(text, segmented, Coverage(spans)),
                                   ((start, end, entry, False) for start, end, entry in self.kana.near(text)))
        for start, end, entry, needs_title in near:
            if any(s <= start and end <= e for s, e in spans):
                continue  # part of a form written correctly (or already reported as forbidden)
            if needs_title and not self._held_title_beside(text, start, end, entry, mentions):
                continue
            people.append(Named(start, end, entry))
            yield start, end, "LN01", text[start:end], entry, (
                f"'{text[start:end]}' looks like {entry.id} but differs; the glossary has {entry.form(self.locale).preferred}")
        if day is not None:
            yield from self._title_holders(text, day, mentions, people)

    # --- near misses -------------------------------------------------------------------------

    def _held_title_beside(self, text: str, start: int, end: int, entry: Entry, mentions: list[Hit]) -> bool:
        """Whether a title that `entry` held at any time stands right after [start, end) (after
        前 or 元 too) or right before it (with の between, too)."""
        after = end + (1 if text[end:end + 1] in ("前", "元") else 0)
        for hit in mentions:
            beside = hit.start == after or hit.end == start or (hit.end + 1 == start and text[hit.end] == "の")
            if beside and hit.entry.type == "title" and any(h.person == entry.id for h in hit.entry.holders):
                return True
        return False

    def _near_latin(self, text: str, hits: list[Hit], names_read: set[str]) -> Iterator[tuple[int, int, Entry, bool]]:
        for run in self._runs(text, hits):
            used: set[int] = set()
            for index in range(len(run) - 1):
                first, second = run[index], run[index + 1]
                entry = self._near_pair(first.key, second.key)
                if entry is not None:
                    used.update({index, index + 1})
                    yield first.start, second.end, entry, False
            if len(run) != 1 or used:
                continue  # a family name alone stands alone; in a longer run it is someone else's
            token = run[0]
            if token.key in self.known_words or token.key in names_read or not token.text[1:].islower():
                continue
            entry = self._near_single(token.text)
            if entry is not None:
                yield token.start, token.end, entry, False

    def _near_pair(self, first: str, second: str) -> Entry | None:
        """The person two neighbouring (folded) words nearly name: one part exact, the other a slip."""
        key = (first, second)
        if key not in self._pairs:
            self._pairs[key] = self._find_pair(*key)
        return self._pairs[key]

    def _find_pair(self, first: str, second: str) -> Entry | None:
        candidates: list[tuple[_Name, str]] = [*self.latin.parts.get(first, []), *self.latin.parts.get(second, [])]
        for name, _role in candidates:
            if not name.given:
                continue
            for a, b in ((name.given, name.family), (name.family, name.given)):
                if first == a and second == b:
                    return None
                if first == a and _near_folded(second, b, name.syllabic) or \
                        second == b and _near_folded(first, a, name.syllabic):
                    return name.entry
        return None

    def _near_single(self, word: str) -> Entry | None:
        """The person whose family name (or long given name) a word standing alone nearly is. A
        Chinese family name is one syllable, and one changed letter makes another family name
        (Wang, Wan, Yang), so those are left alone."""
        for part in sorted(self.latin.similar(word)):
            for name, role in self.latin.parts[part]:
                if name.syllabic:
                    continue
                if role == "family" and len(part) >= 3 and _near(word, part):
                    return name.entry
                # A given name alone is rare in news, so only a misspelt long one counts.
                if role == "given" and len(part) >= 6 and len(word) >= 6 and edit_distance(fold(word), part) == 1:
                    return name.entry
        return None

    def _near_cjk(self, text: str, segmented: _Segmented, written: Coverage) -> Iterator[tuple[int, int, Entry, bool]]:
        """Windows of a name's length with exactly one character different, and whether only a
        title next to the window can confirm it (see `_support`). A character of another script
        in a name is always a slip (溫家宝 in Traditional text); any other wrong character must
        stand at word boundaries and have support. `written` covers the glossary forms found in
        the text, inside which no window is a slip."""
        reported: set[tuple[int, int]] = set()
        starts = segmented.bounds() if self.language == "ja" else None  # a Japanese slip begins a word
        for index, start in sorted(self.cjk.windows(text), key=lambda pair: (pair[1], pair[0])):
            if starts is not None and start not in starts:
                continue
            name = self.cjk.people[index]
            full = name.full
            window = text[start:start + len(full)] if start >= 0 else ""
            if len(window) != len(full) or window == full or written.contains(start, start + len(full)) \
                    or not all(is_han(char) for char in window):
                continue  # not a window, the name itself, or inside a form written correctly
            differing = [i for i, (a, b) in enumerate(zip(window, full)) if a != b]
            if len(differing) != 1 or (start, start + len(full)) in reported:
                continue
            i = differing[0]
            wrong, right = window[i], full[i]
            if self.language == "zh" and not _readings(wrong) & _readings(right) and not _foreign(wrong, self.locale):
                continue  # Chinese needs a homophone or a character of the other script: the cheap test first
            support = "yes" if _foreign(wrong, self.locale) and _variant(wrong, right) else \
                self._support(segmented, start, start + len(full), i, wrong, right, name)
            if support:
                reported.add((start, start + len(full)))
                yield start, start + len(full), name.entry, support == "title"

    def _support(self, segmented: _Segmented, start: int, end: int, i: int, wrong: str, right: str,
                 name: _CjkName) -> str:
        """'yes' when a window with one wrong character is a slip of the name, 'title' when it
        is one only if a title the person held stands next to it, '' when it is not one.

        In Chinese the odd character must sound the same (a homophone, by pinyin). In Japanese
        the window must begin a word, not right after a name (博文 in 平野博文 is someone's given
        name), and the odd character must not be an affix or a time word (中山氏, 中山派,
        中山前首相) unless it sounds the same, nor begin a longer word (中山政権). Then it is a slip
        when it sounds the same, reads like the name, is held by two right characters on one
        side, is tagged a name, or comes before an honorific; a two-character name has only one
        right character, so only sound or reading count. A window the segmenter reads as a known
        name of its own, with a reading less than two-thirds like the name's (岸信介, きししんすけ,
        for 岸信夫, きしのぶお), is another person unless a title the glossary person held stands
        next to it; one wrong kanji keeps most of a name's reading (こいずみのぶじろう for
        こいずみしんじろう)."""
        homophone = bool(_readings(wrong) & _readings(right))
        bounds = segmented.bounds()
        if self.language == "zh":
            edges = (start in bounds) + (end in bounds)
            return "yes" if homophone and edges >= (2 if len(name.full) == 2 else 1) else ""
        if start not in bounds:
            return ""
        words = segmented.words()
        if start in segmented.name_ends():
            return ""
        odd = words[segmented.word_at(start + i)]
        affix = odd[2] not in ("名詞", "接頭辞") and odd[4] or odd[2] == "接頭辞" or odd[3] in ("副詞可能", "数詞")
        if affix and not homophone:
            return ""  # 氏, 派, 前, 元: a suffix, prefix or time word after a family name is no given name
        if odd[1] > end and odd[4]:
            return ""  # the odd character begins a longer word (中山政権: 政権)
        first, last = segmented.word_at(start), segmented.word_at(end - 1)
        inside = [word for word in words[first:last + 1] if start <= word[0] and word[1] <= end]
        reading = fold("".join(word[4] for word in inside))
        complete = bool(inside) and all(word[4] for word in inside) and inside[0][0] == start and inside[-1][1] == end
        sounds_alike = homophone or bool(name.reading and complete and reading == name.reading)
        if len(name.full) == 2:
            return "yes" if sounds_alike else ""
        if sounds_alike:
            return "yes"
        anchored = i >= 2 or len(name.full) - i - 1 >= 2
        tagged = odd[3] == "人名" or any(word[3] == "人名" for word in inside)
        honorific = segmented.text.startswith(_HONORIFICS, end)
        if not (anchored or tagged or honorific):
            return ""
        if name.reading and complete and odd[3] == "人名" and ratio(reading, name.reading) < SAME_NAME_READING:
            return "title"  # fugashi knows it as a name of its own, read quite otherwise
        return "yes"

    # --- titles and holders ----------------------------------------------------------------------

    def _title_holders(self, text: str, day: date, mentions: list[Hit], people: list[Named]) -> Iterator[tuple[int, int, str, str, Entry, str]]:
        groups: dict[tuple[int, int], list[Entry]] = {}
        for hit in mentions:
            if hit.entry.type == "title":
                groups.setdefault((hit.start, hit.end), []).append(hit.entry)
        for (start, end), candidates in sorted(groups.items()):
            person = self.resolver.person_beside(text, start, end, people)
            if person is None:
                continue
            former = self.resolver.former(text, start, end)
            narrowed = self.resolver.resolve(text, start, end, candidates, person, None if former else day)
            verdict = self.resolver.judge(narrowed, person.entry.id if person.entry else None, day, former) \
                if narrowed else None
            if verdict is None:
                continue
            span_start, span_end = min(start, person.start), max(end, person.end)
            subject = person.entry or verdict.title
            yield span_start, span_end, "LN03" if verdict.known else "LN05", text[span_start:span_end], subject, \
                self._message(verdict, person, text, day, former)

    def _message(self, verdict: Verdict, person: Named, text: str, day: date, former: bool) -> str:
        title = verdict.title
        shown = person.entry.form(self.locale).preferred or person.entry.id if person.entry else \
            text[person.start:person.end]
        named = title.form(self.locale).preferred or title.id
        if not verdict.known:
            return (f"the glossary records no holder of the {named} on {day.isoformat()}; add one to have "
                    f"{shown} checked (glossary: {title.id})")
        if former and person.entry is not None:
            if verdict.held:
                return (f"{shown} held the {named} only {describe_terms(verdict.held)}, not before "
                        f"{day.isoformat()} (glossary: {title.id})")
            return f"the glossary does not record {shown} as ever holding the {named} (glossary: {title.id})"
        if verdict.holders:
            holders = ", ".join(self._name(holder) for holder in verdict.holders)
            return f"on {day.isoformat()} the {named} was {holders}, not {shown} (glossary: {title.id})"
        return f"{shown} held the {named} {describe_terms(verdict.held)}, not on {day.isoformat()} (glossary: {title.id})"

    def _name(self, entry_id: str) -> str:
        entry = self.glossary.entries.get(entry_id)
        return (entry.form(self.locale).preferred or entry_id) if entry else entry_id


def lint_article(
    article: Article, glossary: Glossary, locale: str, day: date | None, linter: Linter | None = None
) -> list[LintFinding]:
    """Every finding in the article, in text order, plus mixed forms per entry."""
    linter = linter or Linter(glossary, locale)
    findings: list[LintFinding] = []
    forms_used: dict[str, dict[str, tuple[int, int]]] = {}
    # English needs the whole article read first (the full names in it); Japanese and Chinese
    # blocks are done one by one, while the segmenter still remembers the block.
    english = linter.language == "en"
    hits: list[list[Hit] | None] = [linter.exact.hits(block.text) for block in article.blocks] if english \
        else [None] * len(article.blocks)
    names_read = set().union(*(linter.names_read(block.text, found or []) for block, found in zip(article.blocks, hits)))
    for block, known in zip(article.blocks, hits):
        found = known if known is not None else linter.exact.hits(block.text)
        mentions = linter.exact.mentions(block.text, found)
        for start, _end, code, span, entry, message in linter.lint(block.text, day or article.date, names_read, found,
                                                                   mentions):
            line, column = block.position(start)
            findings.append(LintFinding(article.name, line, column, span, code, entry.id,
                                        entry.form(locale).preferred, message))
        for hit in mentions:
            if hit.entry.type != "person" or linter.exact.is_family_only(hit):
                continue
            written = block.text[hit.start:hit.end]
            if fold(written) in {fold(form) for form in hit.entry.form(locale).forbidden}:
                continue  # reported as forbidden, not as a second form
            forms_used.setdefault(hit.entry.id, {}).setdefault(written, block.position(hit.start))
    linter.forget()
    for entry_id, forms in forms_used.items():
        if len(forms) > 1:
            (line, column) = sorted(forms.values())[1]
            entry = glossary.entries[entry_id]
            findings.append(LintFinding(article.name, line, column, ", ".join(forms), "LN04", entry_id,
                                        entry.form(locale).preferred,
                                        f"{entry_id} is written as {', '.join(repr(f) for f in forms)} in this article"))
    return sorted(findings, key=lambda f: (f.line, f.column))


def lint_articles(
    workspace: Workspace, paths: Sequence[Path], source: str | None, day: date | None,
    glossary: Glossary | None = None, steps: Steps = SILENT, jobs: int = 1, changes: GlossaryChanges | None = None,
    matchers: dict[str, GlossaryMatcher] | None = None,
) -> list[LintFinding]:
    """Findings for these articles, each in `source` (default: the locale its template records,
    else the workspace's source locale), linted over `jobs` processes. An article whose findings
    an earlier run made from the same article, glossary and date is not linted again; nor is one
    whose findings were made from the glossary the last build read, if none of the entries
    changed since bears on it (`changes`: what changed, of a given `glossary`; without it
    nothing is remembered)."""
    if glossary is None:
        glossary, _, changes = checked_glossary(workspace)
    memo = Memo.load(workspace.root, "lint") if changes is not None else None
    steps.phase("lint", len(paths))
    known: list[list[LintFinding] | None] = []
    todo: list[tuple[int, Article, str, bytes, list[LintFinding] | None]] = []
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        steps.at(article.name)
        locale = article_source(workspace, article, source)
        key, remembered, found = changes.records(memo, (locale, repr(day), article_digest(article))) \
            if changes is not None and memo is not None else (b"", None, None)
        earlier = None if found is None else [LintFinding(*fields) for fields in found]
        known.append(None if remembered is None else [LintFinding(*fields) for fields in remembered])
        if remembered is None:
            todo.append((len(known) - 1, article, locale, key, earlier))
        else:
            steps.advance()
    # Which articles the glossary's changes may bear on (screened by a linter of the changed
    # entries alone), found first: a locale none of whose articles is linted again needs no
    # linter of the whole glossary, whose indexes cost seconds for 100,000 entries. The linters
    # serve every article in their locale: made before the workers start, which share them.
    if changes is not None:
        changes.prepare_lint(dict.fromkeys(item[2] for item in todo if item[4] is not None))
    stands = {item[0] for item in todo if item[4] is not None and changes is not None
              and not changes.lint_may_change(item[1], item[2])}
    linted = Counter(item[2] for item in todo if item[0] not in stands)
    linters = {locale: Linter(glossary, locale, matchers, indexed=count >= INDEXED_FROM) for locale, count in linted.items()}

    def findings(item: tuple[int, Article, str, bytes, list[LintFinding] | None]) -> list[LintFinding]:
        index, article, locale, _, earlier = item
        if index in stands and earlier is not None:
            return earlier
        return lint_article(article, glossary, locale, day, linters[locale])

    found = ordered(findings, todo, jobs, steps, lambda item: item[1].name)
    return completed(memo, known, ((item[0], item[3], findings) for item, findings in zip(todo, found)))
