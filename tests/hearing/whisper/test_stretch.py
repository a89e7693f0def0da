"""A stretch asked for in the user's own words, read from whisper's free text; and what is not one."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import STRETCH_INTENT, STRETCH_SLOT
from voice_coach.hearing.whisper.stretch import StretchSettings, asked_stretch
from voice_coach.intents.expand import slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def sentences(parser):
    return {muscle: " ".join(words)
            for muscle, (_, words) in slot_sayings(parser.templates, STRETCH_INTENT, STRETCH_SLOT).items()}


def test_every_muscle_has_a_sentence_that_means_it(parser, sentences):
    assert set(sentences) == {"calf", "hamstring", "quad", "foot", "leg"}
    for muscle, sentence in sentences.items():
        assert parser.parse(sentence) == IntentMatch("stretch", {"muscle": muscle}), sentence


ASKED = [
    ("I really need to loosen up my hammies after that ride.", "hamstring"),
    ("Could you do a quick stretch with me for tight calves?", "calf"),
    ("Stretch my legs, please, I've been on my feet all night.", "leg"),  # the muscle named first
    ("My quads are tight, let's stretch them before bed.", "quad"),  # tight, and a stretch: a stretch
    ("Some gentle yoga for the arches of my feet, please.", "foot"),
]


@pytest.mark.parametrize("free_text, muscle", ASKED, ids=[s[0] for s in ASKED])
def test_a_stretch_asked_for_in_other_words_is_heard_as_that_stretch(parser, sentences, free_text, muscle):
    assert parser.parse(free_text) is None  # no template holds it: the stretch reader is what hears it
    found = asked_stretch(free_text, -0.3, sentences)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("stretch", {"muscle": muscle}), found
    assert found.confidence == StretchSettings().confidence


NOT_ASKED = [
    "You should stretch your calves before every run.",  # advice to the listener
    "Everyone, stretch those hamstrings out now.",  # a class on the radio
    "My wife needs to loosen up her calves.",  # someone else's
    "Is stretching my calves good for cramps?",  # a question (the question reader's)
    "My calf is cramping, can we stretch it?",  # a cramp: the cramp reader's
    "I don't want to stretch my legs tonight.",
    "I stretched my hamstrings yesterday.",
]


@pytest.mark.parametrize("free_text", NOT_ASKED)
def test_what_asks_for_no_stretch_is_not_read_as_one(sentences, free_text):
    assert asked_stretch(free_text, -0.3, sentences) is None


def test_an_unsure_free_text_is_not_read(sentences):
    assert asked_stretch("I need to loosen up my hammies.", -0.3, sentences) is not None
    assert asked_stretch("I need to loosen up my hammies.", -1.5, sentences) is None
