"""How alike two texts are: edit distances for near-miss names (lint), a similarity ratio, and the
closest of many texts for translation memory (segment).

The only module that imports rapidfuzz: its C++ scorers with cut-offs keep matching against large
catalogs fast where a Python loop (or msgmerge's own fuzzy search) slows down.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel


def edit_distance(a: str, b: str) -> int:
    """Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbours
    (optimal string alignment, so "Knoo" is one edit from "Kono")."""
    return int(OSA.distance(a, b))


def ratio(a: str, b: str) -> float:
    """How alike, from 0 to 100 (rapidfuzz's normalised Indel similarity)."""
    return float(fuzz.ratio(a, b))


def closest(text: str, choices: Sequence[str], cutoff: float, limit: int | None = 1) -> list[tuple[str, float]]:
    """The choices at least `cutoff` alike to `text`, most alike first; of equally alike ones, the
    earlier in `choices` first. At most `limit` (None: every one)."""
    if limit == 1:
        found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return [] if found is None else [(str(found[0]), float(found[1]))]
    return [(str(match), float(score)) for match, score, _ in
            process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)]


def common_lengths(text: str, choices: Sequence[str], most_apart: int) -> list[tuple[str, int]]:
    """The choices at most `most_apart` insertions and deletions from `text`, each with the length
    of the longest sequence of letters it shares with `text` in order (its common subsequence)."""
    return [(str(choice), (len(choice) + len(text) - int(apart)) // 2) for choice, apart, _ in
            process.extract(text, choices, scorer=Indel.distance, score_cutoff=most_apart, limit=None)]
