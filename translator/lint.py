"""Linting a source article against the glossary, before anyone translates it.

Finds names that nearly match a glossary name (a changed, missing, extra or swapped letter; a
truncated or extended name part; in Japanese and Chinese a wrong character), forbidden forms,
titles followed by someone the glossary says did not hold the title on the article's date, and
one person written in different forms. Exact and admitted forms, possessives and names inside
longer words are not findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapidfuzz.distance import OSA

from translator.article import Article, Block, read_article
from translator.extraction import article_name
from translator.glossary import Entry, Glossary
from translator.matching import GlossaryMatcher
from translator.romanization import pinyin_readings
from translator.scripts import convert_form, fold, is_han
from translator.segmenter import language_of
from translator.workspace import Workspace

LINT_CODES = {
    "LN01": ("near-miss", "error", "A span that looks like a glossary name but differs slightly: a changed, missing, "
             "extra or swapped letter, a truncated or extended name part; in Japanese and Chinese, one wrong character."),
    "LN02": ("forbidden-form", "error", "A known wrong form of a glossary entry."),
    "LN03": ("title-holder", "error", "A title followed by a person when the glossary records another holder of that "
             "title on the article's date (front matter date or --date)."),
    "LN04": ("mixed-forms", "info", "One entry written in different forms within one article (name orders, macrons)."),
}

_TOKEN = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\-]*")
_FORMER = re.compile(r"(?:\b(?:former|ex-|then|late|previous)\W+(?:\w+\W+){0,2}|[前元原])$", re.IGNORECASE)


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


def _near(found: str, expected: str) -> bool:
    """One name part nearly another: not equal, and one edit apart (two for long parts), or one
    a truncation or extension of the other."""
    a, b = fold(found), fold(expected)
    if a == b or len(a) < 3:
        return False
    longest = max(len(a), len(b))
    distance = OSA.distance(a, b)
    if len(b) <= 3:  # Abe, Mao, Xue: only a letter doubled ("Abbe"), or two swapped; "Abel" is a word
        doubled = any(b[:i] + b[i] + b[i:] == a for i in range(len(b)))
        return doubled or (len(a) == len(b) and distance == 1 and sorted(a) == sorted(b))
    if distance <= (1 if longest <= 6 else 2):
        return True
    if a.startswith(b):  # extended: at most two letters more ("Takaichii"; "Ishibashi" is another name)
        return len(a) - len(b) <= 2
    if b.startswith(a):  # truncated: at most three letters dropped ("Takai" for Takaichi)
        return len(a) >= 4 and len(b) - len(a) <= 3
    return False


@dataclass(frozen=True, slots=True)
class _Name:
    entry: Entry
    family: str
    given: str


def _people(glossary: Glossary, locale: str) -> list[_Name]:
    names = []
    for entry in glossary:
        forms = entry.form(locale)
        if entry.type == "person" and forms.family:
            names.append(_Name(entry, forms.family, forms.given))
    return names


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # without a possessive
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = re.sub(r"['’]s?$", "", match.group(0))
        tokens.append(_Token(word, match.start(), match.start() + len(word)))
    return tokens


class Linter:
    """Lints text of one locale against a glossary."""

    def __init__(self, glossary: Glossary, locale: str) -> None:
        self.glossary = glossary
        self.locale = locale
        self.people = _people(glossary, locale)
        self.exact = GlossaryMatcher(glossary, locale)
        self.forbidden = GlossaryMatcher(glossary, locale, forbidden_only=True)
        self.known = {fold(form) for entry in glossary for form in entry.form(locale).acceptable}
        self.known_words = {word for form in self.known for word in form.split()}
        self.titles = [entry for entry in glossary if entry.type == "title" and entry.holders]

    def lint(self, text: str, day: date | None) -> Iterator[tuple[int, int, str, str, Entry, str]]:
        """(start, end, code, span, entry, message) for every finding in `text`."""
        forbidden_spans = []
        for hit in self.forbidden.hits(text):
            forbidden_spans.append((hit.start, hit.end))
            yield hit.start, hit.end, "LN02", text[hit.start : hit.end], hit.entry, (
                f"'{text[hit.start:hit.end]}' is a forbidden form of {hit.entry.id}; write {hit.entry.form(self.locale).preferred}")
        exact_spans = [(hit.start, hit.end) for hit in self.exact.hits(text)]
        people_at: list[tuple[int, int, Entry]] = [(h.start, h.end, h.entry) for h in self.exact.hits(text) if h.entry.type == "person"]
        near = self._near_misses_cjk(text) if language_of(self.locale) in ("ja", "zh") else self._near_misses_latin(text)
        for start, end, entry in near:
            if any(s <= start and end <= e for s, e in exact_spans + forbidden_spans):
                continue  # part of a form written correctly (or already reported as forbidden)
            people_at.append((start, end, entry))
            yield start, end, "LN01", text[start:end], entry, (
                f"'{text[start:end]}' looks like {entry.id} but differs; the glossary has {entry.form(self.locale).preferred}")
        if day is not None:
            yield from self._title_holders(text, day, people_at)

    def _near_misses_latin(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        tokens = [t for t in _tokens(text)]
        used: set[int] = set()
        for index in range(len(tokens) - 1):
            first, second = tokens[index], tokens[index + 1]
            if not (first.text[:1].isupper() and second.text[:1].isupper()) or text[first.end : second.start].strip():
                continue
            for name in self.people:
                if not name.given:
                    continue
                for a, b in ((name.given, name.family), (name.family, name.given)):
                    same = (fold(first.text) == fold(a), fold(second.text) == fold(b))
                    if all(same):
                        break
                    if (same[0] or _near(first.text, a)) and (same[1] or _near(second.text, b)):
                        used.update({index, index + 1})
                        yield first.start, second.end, name.entry
                        break
        for index, token in enumerate(tokens):
            if index in used or not token.text[:1].isupper() or fold(token.text) in self.known_words:
                continue
            for name in self.people:
                # A family name alone is how English news refers to people; a given name alone is
                # rare, so only a misspelt long one counts ("Masaki" for Masaaki, not "Minor").
                given_near = len(name.given) >= 6 and len(token.text) >= 6 and OSA.distance(
                    fold(token.text), fold(name.given)) == 1
                if (len(name.family) >= 3 and _near(token.text, name.family)) or given_near:
                    yield token.start, token.end, name.entry
                    break

    def _near_misses_cjk(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        """Windows of a name's length with exactly one character different. A match of two or more
        neighbouring characters anchors it; with a weaker anchor the odd character must sound the
        same (a homophone, by pinyin). A Simplified/Traditional variant is a script matter, not a
        near miss."""
        for name in self.people:
            full = name.family + name.given
            if len(full) < 3 or not name.given:
                continue
            starts = set()
            for k in range(len(full)):
                position = text.find(full[k])
                while position >= 0:
                    starts.add(position - k)
                    position = text.find(full[k], position + 1)
            for start in sorted(starts):
                window = text[start : start + len(full)] if start >= 0 else ""
                if len(window) != len(full) or window == full or not all(is_han(char) for char in window):
                    continue
                differing = [i for i, (a, b) in enumerate(zip(window, full)) if a != b]
                if len(differing) != 1:
                    continue
                i = differing[0]
                wrong, right = window[i], full[i]
                if convert_form(right, "zh-Hans", "zh-Hant") == wrong or convert_form(right, "zh-Hant", "zh-Hans") == wrong \
                        or convert_form(right, "ja", "zh-Hant") == wrong or convert_form(wrong, "ja", "zh-Hant") == right:
                    continue
                homophone = bool(pinyin_readings(wrong)[0] & pinyin_readings(right)[0])
                anchored = i >= 2 or len(full) - i - 1 >= 2
                # Chinese text runs words together (学习近日 holds 习近日), so a Chinese near miss
                # must also sound like the name; Japanese names are anchored by two characters.
                if homophone or (anchored and language_of(self.locale) == "ja"):
                    yield start, start + len(full), name.entry

    def _title_holders(self, text: str, day: date, people_at: list[tuple[int, int, Entry]]) -> Iterator[tuple[int, int, str, str, Entry, str]]:
        folded = fold(text)
        for title in self.titles:
            holders = [h for h in title.holders if h.holds_on(day)]
            if not holders:
                continue
            for form in title.form(self.locale).acceptable:
                key = fold(form)
                position = folded.find(key)
                while position >= 0:
                    after = position + len(key)
                    if not _FORMER.search(text[max(0, position - 40) : position]):
                        cjk = language_of(self.locale) in ("ja", "zh")
                        for start, end, person in people_at:
                            gap = text[after:start]
                            before = 0 <= start - after <= 3 and not gap.strip(" ,")
                            behind = cjk and end == position  # 岸田文雄首相: the title follows the name
                            if before or behind:
                                span_start, span_end = (position, end) if before else (start, after)
                                if person.id not in {h.person for h in holders}:
                                    holder_names = ", ".join(self._name(h.person) for h in holders)
                                    yield span_start, span_end, "LN03", text[span_start:span_end], person, (
                                        f"on {day.isoformat()} the {title.form(self.locale).preferred} was {holder_names}, "
                                        f"not {person.form(self.locale).preferred or person.id} (glossary: {title.id})")
                                break
                    position = folded.find(key, position + 1)

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
    for block in article.blocks:
        for start, _end, code, span, entry, message in linter.lint(block.text, day or article.date):
            line, column = _position(block, start)
            findings.append(LintFinding(article.name, line, column, span, code, entry.id,
                                        entry.form(locale).preferred, message))
        for hit in linter.exact.hits(block.text):
            if hit.entry.type == "person" and fold(block.text[hit.start:hit.end]) != fold(hit.entry.form(locale).family):
                forms_used.setdefault(hit.entry.id, {}).setdefault(block.text[hit.start:hit.end], _position(block, hit.start))
    for entry_id, forms in forms_used.items():
        if len(forms) > 1:
            (line, column) = sorted(forms.values())[1]
            entry = glossary.entries[entry_id]
            findings.append(LintFinding(article.name, line, column, ", ".join(forms), "LN04", entry_id,
                                        entry.form(locale).preferred,
                                        f"{entry_id} is written as {', '.join(repr(f) for f in forms)} in this article"))
    return sorted(findings, key=lambda f: (f.line, f.column))


def _position(block: Block, offset: int) -> tuple[int, int]:
    line = block.line + block.text.count("\n", 0, offset)
    column = offset - (block.text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def lint_articles(
    workspace: Workspace, paths: Sequence[Path], source: str | None, day: date | None,
    glossary: Glossary | None = None,
) -> list[LintFinding]:
    """Findings for these articles, each in `source` (default: the workspace's source locale)."""
    glossary = glossary if glossary is not None else workspace.glossary.load()
    locale = source or workspace.source
    linter = Linter(glossary, locale)  # its automata serve every article
    findings: list[LintFinding] = []
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        findings.extend(lint_article(article, glossary, locale, day, linter))
    return findings
