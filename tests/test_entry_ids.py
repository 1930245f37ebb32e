"""Ids for new entries: read from the words, unique among the glossary's ids and removed ids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translator.entry_ids import entry_id_for, unique_entry_id
from translator.glossary import ID_MAX_LENGTH, ID_PATTERN


def test_ids_are_read_from_the_words() -> None:
    assert entry_id_for("Tokyo Tower", "en") == "tokyo-tower"
    assert (entry_id_for("東京", "ja"), entry_id_for("台北", "zh-Hant")) == ("tokyo", "taibei")
    assert entry_id_for("外務省", "ja") == "gaimusho"
    assert entry_id_for("!!!", "en") == "new-entry"


def test_a_taken_id_gets_the_next_number() -> None:
    assert unique_entry_id("Tokyo Tower", "en", set()) == "tokyo-tower"
    assert unique_entry_id("Tokyo Tower", "en", {"tokyo-tower", "tokyo-tower-2"}) == "tokyo-tower-3"
    long = "word " * 40
    taken = {entry_id_for(long, "en")}
    made = unique_entry_id(long, "en", taken)
    assert made not in taken and made.endswith("-2") and len(made) <= ID_MAX_LENGTH


@given(st.text(max_size=120), st.sets(st.text(max_size=5), max_size=3))
def test_every_id_made_is_valid_and_free(text: str, taken: set[str]) -> None:
    made = unique_entry_id(text, "en", taken)
    assert ID_PATTERN.fullmatch(made) and len(made) <= ID_MAX_LENGTH and made not in taken
