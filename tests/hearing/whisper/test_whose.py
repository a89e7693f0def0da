"""Whose body the free text speaks of: someone else's is found, the user's and misheard words are not."""

from __future__ import annotations

import pytest

from voice_coach.hearing.whisper.whose import OwnerSettings, someone_elses


@pytest.mark.parametrize("free_text, held, other", [
    ("His calf is cramping.", "the calf is cramping", "his"),
    ("Your calf is cramping", "the calf is cramping", "your"),
    ("Her left leg is all swollen.", "my left leg is all swollen", "her"),
    ("My wife's leg is swollen.", "my leg is swollen", "wife's"),
    ("Oh no, my husband's poor calf is cramping again", "oh no my calf is cramping again", "husband's"),
    ("She started a new medicine last week.", "i started a new medicine last week", "she"),
    ("Um, he's got a cramp.", "i've got a cramp", "he's"),
    ("You've got cramp, pull your toes up.", "i've got cramp", "you've"),  # said to someone else
    ("He says the pain's unbearable.", "the pain is unbearable", "he"),
])
def test_someone_else_is_found(free_text, held, other):
    assert someone_elses(free_text, held) == other


@pytest.mark.parametrize("free_text, held", [
    ("My calf is cramping.", "my calf is cramping"),
    ("Crike your cramp in my right leg.", "i got cramp in my right leg"),  # "crikey, cramp", misheard
    ("He is okay now", "it's okay now"),  # "feels okay now", misheard: the held sentence is not the user's "I"
    ("friend of my left thigh is cramping.", "the front of my left thigh is cramping"),  # no "'s"
    ("I can't feel your my toes.", "i can't feel my toes"),
    ("Thank you, your stretch helped my leg.", "that helped"),
    ("Stretch your calves with me", "stretch your calves with me"),  # a grammar that holds "your" hears it
    ("They're swelling behind my knee.", "there's swelling behind my knee"),  # "there's", misheard
    ("He feels worse than before.", "it feels worse than before"),  # "feels worse", misheard
])
def test_the_users_body_and_misheard_words_are_not_someone_elses(free_text, held):
    assert someone_elses(free_text, held) is None


def test_the_words_are_settings():
    assert someone_elses("Nan's calf is cramping", "my calf is cramping") == "nan's"
    assert someone_elses("Nan's calf is cramping", "my calf is cramping", OwnerSettings(relatives=())) is None
