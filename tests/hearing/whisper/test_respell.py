"""The free text respelt by the held decode: a word the model misspelt unheld, where the held decode heard the
grammar's word spelt nearly alike."""

from __future__ import annotations

import pytest

from voice_coach.hearing.whisper.nearest import changed
from voice_coach.hearing.whisper.respell import respelt


@pytest.mark.parametrize("free, held, out", [
    ("My cat has swollen right up.", "my calf has swollen up", "My calf has swollen right up."),
    ("What is touring and how much do I take?", "what is taurine", "What is taurine and how much do I take?"),
    ("Just woke up with my cat in a knot.", "i just woke up with a cramp in my calf",
     "Just woke up with my calf in a knot."),
])
def test_a_misspelt_word_lined_up_with_a_held_word_spelt_nearly_alike_is_respelt(free, held, out):
    assert respelt(free, held) == out


@pytest.mark.parametrize("free, held", [
    ("The traffic is slow on the bridge.", "the calf is sore"),  # no word near enough where it stands
    ("Is it on?", "it's on"),  # "is" for "it's": too short a word to say anything
    ("My car is parked outside.", "stop"),  # nothing held to line up with
])
def test_words_not_near_a_held_word_are_left_as_written(free, held):
    assert respelt(free, held) == free


def test_the_share_of_letters_changed():
    assert changed("cat", "calf") == 0.5
    assert changed("calf", "calf") == 0.0
    assert changed("touring", "taurine") == pytest.approx(2 / 7)


def test_the_coach_s_own_word_as_the_model_mishears_it_is_read_as_that_word_held_decode_or_not():
    assert respelt("When was my most recent crap?", "") == "When was my most recent cramp?"
    assert respelt("Show me how my crats are trending.", "tell me what i can say") == "Show me how my cramps are trending."
