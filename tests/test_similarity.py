"""Edit distances and closest texts: what lint's near misses and the translation memory rest on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translator.language.similarity import closest, edit_distance, ratio


def test_a_swap_of_neighbours_is_one_edit() -> None:
    assert edit_distance("Takana", "Tanaka") == 2  # two letters apart, not neighbours
    assert edit_distance("Knoo", "Kono") == 1
    assert edit_distance("胡锦桃", "胡锦涛") == 1


def test_closest_prefers_the_most_alike_then_the_earlier() -> None:
    choices = ["The envoy listened.", "The envoy listened!", "Something else entirely."]
    assert closest("The envoy listened?", choices, 70) == [("The envoy listened.", ratio("The envoy listened?", choices[0]))]
    assert [match for match, _ in closest("The envoy listened?", choices, 70, limit=None)] == choices[:2]
    assert closest("Nothing like it", choices, 90) == []


@given(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=8))
def test_closest_agrees_with_ratio(text: str, choices: list[str]) -> None:
    found = closest(text, choices, 50, limit=None)
    assert all(score == ratio(text, match) >= 50 for match, score in found)
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)
