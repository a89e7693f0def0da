"""Number words and placeholders: what the voice says must be what the timer measured."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from voice_coach.routines.text import fill, number_words, placeholders


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (1, "one"), (12, "twelve"), (20, "twenty"), (26, "twenty-six"), (59, "fifty-nine"),
    (100, "one hundred"), (105, "one hundred and five"), (600, "six hundred"),
])
def test_number_words(n, words):
    assert number_words(n) == words


@given(st.integers(0, 999))
def test_number_words_are_words_and_distinct_from_their_neighbours(n):
    words = number_words(n)
    assert words.replace("-", " ").replace(" ", "").isalpha()
    assert words != number_words((n + 1) % 1000)


def test_number_words_out_of_range():
    with pytest.raises(ValueError):
        number_words(1000)


def test_placeholders_known_and_unknown():
    assert placeholders("Your {side} leg, then your {other}; {rep} of {reps}.") == {"side", "other", "rep", "reps"}
    for bad in ("{foot}", "{}", "{0}", "{side!r}", "{side:>5}", "{side", "side}"):
        with pytest.raises(ValueError):
            placeholders(bad)


def test_fill_capitalises_the_spoken_line():
    assert fill("{rep} of {reps}.", {"rep": "two", "reps": "five"}) == "Two of five."
    assert fill("your {side} leg", {"side": "left"}) == "Your left leg"
    with pytest.raises(ValueError):
        fill("{side}", {})
