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

from dataclasses import dataclass

import ahocorasick

from translator.glossary import Entry, Glossary
from translator.scripts import fold
from translator.words import boundaries

MIN_CJK_FAMILY_LENGTH = 2  # a one-character family name alone (劉, 毛) would match everywhere
BOUNDED_CJK_LENGTH = 2  # Japanese and Chinese forms this short must match whole words (高市, not 高市場)


@dataclass(frozen=True, slots=True)
class Hit:
    """An entry found in text: which one, the folded form that matched, and where."""

    entry: Entry
    form: str
    start: int
    end: int


def entry_patterns(entry: Entry, locale: str) -> set[str]:
    """Every written form under which `entry` can appear in `locale` text."""
    forms = entry.form(locale)
    patterns = set(forms.acceptable) | set(forms.forbidden)
    if entry.type == "person" and forms.family:
        family, given = forms.family, forms.given
        if family.isascii() or len(family) >= MIN_CJK_FAMILY_LENGTH:
            patterns.add(family)
        if given:
            separator = " " if (family + given).isascii() or " " in forms.preferred else ""
            patterns.update({f"{given}{separator}{family}", f"{family}{separator}{given}", f"{family}{given}"})
    return {pattern for pattern in patterns if pattern.strip()}


def _is_word_char(char: str) -> bool:
    return char.isalnum() and char.isascii() or char.isalpha() and ord(char) < 0x2E80


class GlossaryMatcher:
    """All entries of a glossary that can be found in text written in one locale."""

    def __init__(self, glossary: Glossary, locale: str, forbidden_only: bool = False) -> None:
        """All forms of every entry, or with `forbidden_only` just the known wrong ones."""
        self.locale = locale
        language = locale.split("-")[0]
        self._segmented = language if language in ("ja", "zh") else ""
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, list[Entry]] = {}
        for entry in glossary:
            patterns = set(entry.form(locale).forbidden) if forbidden_only else entry_patterns(entry, locale)
            for pattern in patterns:
                owners.setdefault(fold(pattern), []).append(entry)
        for key, entries in owners.items():
            # Whether each end of the form is a letter, so that a match needs a word boundary there.
            self._automaton.add_word(key, (key, tuple(entries), _is_word_char(key[0]), _is_word_char(key[-1])))
        self._empty = not owners
        if owners:
            self._automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        """Every whole-word occurrence of a form in `text`, in text order (offsets are in the
        folded text, which has the same length as `text` for the scripts we handle)."""
        if self._empty:
            return []
        folded = fold(text)
        found: list[Hit] = []
        last = len(folded) - 1
        words: set[int] | None = None
        for end, (key, entries, bounded_start, bounded_end) in self._automaton.iter(folded):
            start = end - len(key) + 1
            if bounded_start and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if bounded_end and end < last and _is_word_char(folded[end + 1]):
                continue
            if self._segmented and len(key) <= BOUNDED_CJK_LENGTH and not bounded_start:
                if words is None:
                    words = boundaries(text, self._segmented)
                if start not in words or end + 1 not in words:
                    continue  # part of another word
            found.extend(Hit(entry, key, start, end + 1) for entry in entries)
        return sorted(found, key=lambda hit: (hit.start, -hit.end))

    def entries_in(self, text: str) -> list[Entry]:
        """The entries mentioned in `text`, each once, in order of first mention."""
        seen: dict[str, Entry] = {}
        for hit in self.hits(text):
            seen.setdefault(hit.entry.id, hit.entry)
        return list(seen.values())
