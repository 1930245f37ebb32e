"""Suggesting glossary entries: the names, titles and organisations an article uses that the
glossary lacks, most frequent first, each with the command that would add it.

English: runs of capitalised words (with "of", "the", "and", "for" inside them); Japanese: katakana
runs and a Han name before an honorific or title (金井氏, 茂木外相); Chinese: a Han name before or
after a title (外交部发言人毛宁, 高市早苗首相). Spans that are glossary forms, or near misses of them
(misspellings for `lint`, not new entries), are left out.
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
_JA_NAME = re.compile(rf"([\u4e00-\u9fff]{{2,4}})(?={_JA_HONORIFICS})")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}(?:[・=][\u30a1-\u30fa\u30fc]+)*")
_HONORIFIC_AFTER = re.compile(rf"(?:{_JA_HONORIFICS})")
_ZH_TITLES = "发言人|發言人|首相|总统|總統|主席|总理|總理|外长|外長|大使|总领事|總領事|司长|司長|局长|局長|先生|女士"
_ZH_NAME_AFTER = re.compile(rf"(?:{_ZH_TITLES})([\u4e00-\u9fff]{{2,3}})(?=[表说說称稱指在对對于於和与與，。、]|$)")
_ZH_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,3})(?=先生|女士)")  # 美国总统: a country, not a name


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
    elif language_of(locale) == "ja":
        found.extend((m.group(0), "person" if _HONORIFIC_AFTER.match(text, m.end()) else "term", m.start(), m.end())
                     for m in _KATAKANA.finditer(text))
        found.extend((m.group(1), "person", m.start(1), m.end(1)) for m in _JA_NAME.finditer(text))
    else:
        for pattern in (_ZH_NAME_AFTER, _ZH_NAME_BEFORE):
            found.extend((m.group(1), "person", m.start(1), m.end(1)) for m in pattern.finditer(text))
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
