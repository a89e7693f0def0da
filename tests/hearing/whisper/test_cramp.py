"""A cramp stated in the user's own words, read from whisper's free text; and what is not one."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import cramp_sentences
from voice_coach.hearing.whisper.cramp import CrampSettings, says_a_cramp, stated_cramp
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def sentences(parser):
    return cramp_sentences(parser)


def test_every_muscle_and_side_has_a_sentence_that_means_it(parser, sentences):
    muscles = {"calf", "hamstring", "quad", "foot", "leg"}
    assert set(sentences) == {(m, s) for m in muscles for s in (None, "left", "right")}
    for (muscle, side), sentence in sentences.items():
        slots = {"muscle": muscle} | ({"side": side} if side else {})
        assert parser.parse(sentence) == IntentMatch("cramp", slots), sentence


STATED = [
    ("Oh man, my left calf is totally balled up.", "calf", "left"),
    ("The back of my thigh's gone into a twist, like it's clenching.", "hamstring", None),
    ("Right quad, right quad, it's locking!", "quad", "right"),  # the side said before the leading words end
    ("Ugh, my toes are curling under.", "foot", None),
    ("Argh, it's a charley horse again.", "leg", None),
    ("My calf muscle's rock hard.", "calf", None),  # "'s" read as the word
    ("Woke up with the left shin cramping again.", "leg", "left"),
]


@pytest.mark.parametrize("free_text, muscle, side", STATED, ids=[s[0] for s in STATED])
def test_a_cramp_stated_in_other_words_is_heard_as_that_cramp(parser, sentences, free_text, muscle, side):
    assert parser.parse(free_text) is None  # no template holds it: the cramp reader is what hears it
    found = stated_cramp(free_text, -0.3, sentences)
    slots = {"muscle": muscle} | ({"side": side} if side else {})
    assert found is not None and parser.parse(found.sentence) == IntentMatch("cramp", slots), found
    assert found.confidence == CrampSettings().confidence


NOT_STATED = [
    "Calf cramps are common in older people.",  # no speaker: an article's
    "If you get a cramp in your calf, straighten the leg.",  # to the listener
    "My husband's calf cramps up at night.",  # someone else's
    "He says his hamstring is tight.",
    "My calf was cramping last night.",  # another time: the diary's
    "My calf cramps every night.",  # how often: a warning sign's
    "Why does my calf keep cramping?",  # a question
    "My calf isn't cramping any more.",  # gone: better
    "The cramp in my calf has eased.",
    "My hamstrings are tight, can we stretch them out?",  # a stretch: the grammar's
    "My calf is sore.",  # no cramp word
    "The calf was born in the spring and it was tight in the barn with the other calves all the time.",  # prose
]


@pytest.mark.parametrize("free_text", NOT_STATED)
def test_what_is_no_cramp_of_the_speakers_is_not_read_as_one(sentences, free_text):
    assert stated_cramp(free_text, -0.3, sentences) is None


def test_an_unsure_free_text_is_not_read(sentences):
    assert stated_cramp("My left calf is balling up.", -0.3, sentences) is not None
    assert stated_cramp("My left calf is balling up.", -1.5, sentences) is None


@pytest.mark.parametrize(("free_text", "says"), [
    ("My left foot is bigger than my right.", False),  # held "my left foot is tight" among its words: not said
    ("My left calf is killing me.", True),
    ("Ow, my calf!", True),
    ("My foot's seized.", True),
])
def test_a_cramp_among_other_words_needs_a_cramp_or_pain_said(free_text, says):
    assert says_a_cramp(free_text) is says


def test_a_cramp_asked_to_be_stretched_is_still_a_cramp(parser, sentences):
    """With a cramp word said, a request to stretch it is the cramp's relief; with only "tight", a stretch."""
    found = stated_cramp("Oh, my calf is cramping, can we stretch it?", -0.3, sentences)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("cramp", {"muscle": "calf"})
    assert stated_cramp("My calves feel tight, can we stretch them?", -0.3, sentences) is None


@pytest.mark.parametrize(("free_text", "side"), [
    ("Honestly, right now my foot is cramping up.", None),  # "right now" is no side
    ("Ow, my hamstring, the right one, it's cramping!", "right"),
    ("Left calf, left calf, it's seized!", "left"),
])
def test_the_side_is_a_side_of_the_leg(parser, sentences, free_text, side):
    found = stated_cramp(free_text, -0.3, sentences)
    assert found is not None and parser.parse(found.sentence).slots.get("side") == side, found


def test_a_muscle_the_model_misspells_is_read_when_the_held_decode_heard_a_cramp_of_it(sentences):
    """tiny.en writes "calf" as "cat", "cast" or "car" unheld; the held decode, bound to the grammar's words,
    heard "calf". Only with a word of cramping stronger than "tight", and only the muscle the held decode heard."""
    found = stated_cramp("My right cast doing that cramp thing again.", -0.36, sentences, held="calf")
    assert found is not None and IntentParser().parse(found.sentence) == IntentMatch(
        "cramp", {"muscle": "calf", "side": "right"})
    assert stated_cramp("My right cast doing that cramp thing again.", -0.36, sentences) is None
    assert stated_cramp("My right cast doing that cramp thing again.", -0.36, sentences, held="foot") is None
    assert stated_cramp("My car is stuck.", -0.3, sentences, held="calf") is None  # "stuck": a car, not a cramp
