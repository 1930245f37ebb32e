"""Suggesting glossary entries: the names, titles and organisations an article uses that the
glossary lacks, most frequent first, each with the command that would add it.

English: runs of capitalised words (with "of", "the", "and", "for" inside them); Japanese and
Chinese: the proper nouns the word segmenter tags (fugashi's 固有名詞 人名/地名, jieba's nr/ns/nt/nz),
and in Japanese a katakana name before a title (トランプ大統領). Spans that are glossary forms, or
near misses of them (misspellings for `lint`, not new entries), are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from translator.article import Article
from translator.glossary import Glossary
from translator.lint import Linter
from translator.romanization import hepburn_variants, pinyin_readings
from translator.scripts import fold, is_han, is_kana
from translator.segmenter import language_of
from translator.words import proper_nouns

_CAPITALISED = re.compile(
    r"\b(?:[A-Z][\w’'\-]*[A-Za-z])(?:\s+(?:(?:of|the|and|for|de)\s+)*[A-Z][\w’'\-]*[A-Za-z])+"
)
_CONNECTORS = {"of", "the", "and", "for", "de"}
_SENTENCE_STARTERS = {"the", "a", "an", "on", "in", "at", "after", "when", "with", "earlier", "currently", "this", "that",
                      "subsequently", "however", "both", "former", "because", "chinese", "japanese"}
_TITLE_WORDS = {"minister", "secretary", "director", "director-general", "president", "spokesperson", "consul",
                "ambassador", "chief", "speaker", "governor", "chairman", "premier", "general", "envoy"}
_ORGANISATION_WORDS = {"ministry", "department", "bureau", "forces", "party", "government", "agency", "council",
                       "university", "bank", "company", "committee", "radio", "asia", "news", "office", "house",
                       "guard", "army", "navy", "police", "court", "parliament", "diet", "assembly", "association",
                       "institute", "group", "corporation", "times", "post", "journal", "union", "league"}
_JA_HONORIFICS = "氏|さん|首相|外相|大臣|長官|局長|報道官|総領事|大使|知事|議長|主席|総統|大統領"
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}(?:[・=][\u30a1-\u30fa\u30fc]+)*")
_HONORIFIC_AFTER = re.compile(rf"(?:{_JA_HONORIFICS})")


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    type: str
    count: int
    locale: str

    @property
    def entry_id(self) -> str:
        """A readable id: the text itself in Latin script, else its romanisation (pinyin for
        Han, Hepburn for kana), to be changed by the editor at will."""
        slug = re.sub(r"[^a-z0-9]+", "-", fold(self.text)).strip("-")
        if slug:
            return slug[:80].strip("-")
        parts = []
        for run in re.findall(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]+|.", self.text):
            if is_kana(run):
                parts.append(min(hepburn_variants(run), key=len))
            elif is_han(run):
                readings = sorted(pinyin_readings(run)[0])
                parts.append(readings[0] if readings else "")
        return "-".join(part for part in parts if part)[:80].strip("-") or "new-entry"

    @property
    def command(self) -> str:
        text = self.text.replace('"', '\\"')
        return f'translator glossary add {self.entry_id} --type {self.type} --form {self.locale}="{text}"'


def _english_type(words: list[str]) -> str:
    lowered = {word.lower().strip("’'") for word in words}
    if words and words[0].lower() in _TITLE_WORDS:
        return "title"
    if lowered & _ORGANISATION_WORDS:
        return "organisation"
    if lowered & _TITLE_WORDS:
        return "title"
    if len(words) == 2 and all(word[:1].isupper() for word in words):
        return "person"
    return "term"


def _candidates(text: str, locale: str) -> list[tuple[str, str, int, int]]:
    """(text, type, start, end) of every span that could be a glossary entry."""
    found = []
    if language_of(locale) == "en":
        for match in _CAPITALISED.finditer(text):
            words = match.group(0).split()
            start = match.start()
            while words and words[0].lower() in _SENTENCE_STARTERS:
                start += len(words[0]) + 1
                words = words[1:]
                while words and words[0] in ("of", "the", "and", "for", "on", "de"):
                    start += len(words[0]) + 1
                    words = words[1:]
            if len(words) >= 2:
                phrase = " ".join(words)
                found.append((phrase, _english_type(words), start, start + len(phrase)))
    else:  # the segmenter's proper nouns, and a katakana name before a title (トランプ大統領)
        language = language_of(locale)
        found.extend((text[start:end], kind, start, end) for start, end, kind in proper_nouns(text, language)
                     if end - start >= 2)
        if language == "ja":
            found.extend((m.group(0), "person", m.start(), m.end()) for m in _KATAKANA.finditer(text)
                         if _HONORIFIC_AFTER.match(text, m.end()))
    return found


def _pieces(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the covered spans (glossary forms and near misses)."""
    pieces = [(start, end)]
    for s, e in sorted(covered):
        pieces = [part for a, b in pieces for part in ((a, min(b, s)), (max(a, e), b)) if part[1] > part[0]]
    return pieces


def _run(words: list[str], step: int, start: int) -> int:
    """How many capitalised words stand next to `start` going `step` (no connectors between)."""
    count, index = 0, start
    while 0 <= index < len(words) and words[index][:1].isupper():
        count, index = count + 1, index + step
    return count


def _tidy(phrase: str) -> list[str]:
    """A capitalised run cut into the names it holds: at 'and' between two names ("Japan Coast
    Guard and Nikkei Radio", but not "Asian and Oceanian Affairs Bureau"), and after a title
    followed by a name ("Defence Minister | Gen Nakatani"); connectors trimmed at the ends."""
    words = phrase.split()
    has_body = bool({w.lower() for w in words} & _ORGANISATION_WORDS)
    parts: list[list[str]] = [[]]
    for index, word in enumerate(words):
        if word == "and" and (not has_body or (_run(words, -1, index - 1) >= 2 and _run(words, 1, index + 1) >= 2)):
            parts.append([])
        else:
            parts[-1].append(word)
    split: list[list[str]] = []
    for part in parts:
        for index, word in enumerate(part[:-2]):
            rest = part[index + 1 :]
            if word.lower() in _TITLE_WORDS and len(rest) >= 2 and all(w[:1].isupper() for w in rest) \
                    and not {w.lower() for w in rest} & (_TITLE_WORDS | _ORGANISATION_WORDS):
                split.extend([part[: index + 1], rest])
                break
        else:
            split.append(part)
    tidy = []
    for part in split:
        while part and (part[0] in _CONNECTORS or part[0].lower() in _SENTENCE_STARTERS):
            part = part[1:]
        while part and part[-1] in _CONNECTORS:
            part = part[:-1]
        if sum(1 for word in part if word[:1].isupper()) >= 2:
            tidy.append(re.sub(r"['’]s$", "", " ".join(part)))
    return tidy


def suggest_entries(articles: list[Article], glossary: Glossary, locale: str) -> list[Suggestion]:
    """Entries the glossary lacks, most frequent first."""
    linter = Linter(glossary, locale)
    known = {fold(form) for entry in glossary for forms in entry.forms for form in (*forms.acceptable, *forms.forbidden)}
    counts: Counter[tuple[str, str]] = Counter()
    english = language_of(locale) == "en"
    for article in articles:
        for block in article.blocks:
            covered = [(s, e) for s, e, *_ in linter.lint(block.text, None)]
            covered += [(hit.start, hit.end) for hit in linter.exact.hits(block.text)]
            for phrase, kind, start, end in _candidates(block.text, locale):
                if not english:
                    if fold(phrase) not in known and not any(s <= start and end <= e for s, e in covered):
                        counts[(phrase, kind)] += 1
                    continue
                for a, b in _pieces(block.text, start, end, covered):
                    for piece in _tidy(block.text[a:b]):
                        if fold(piece) not in known:
                            counts[(piece, _english_type(piece.split()))] += 1
    return [Suggestion(text, kind, count, locale)
            for (text, kind), count in sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))]
