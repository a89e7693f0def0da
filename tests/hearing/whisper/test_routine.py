"""A routine asked for by its moves or its moment, read from whisper's free text; and what is not."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import ROUTINE_INTENT, ROUTINE_SLOT
from voice_coach.hearing.whisper.routine import RoutineSettings, asked_routine
from voice_coach.intents.expand import slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.routines.loader import load_routines


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def sentences(parser):
    return {routine: " ".join(words)
            for routine, (_, words) in slot_sayings(parser.templates, ROUTINE_INTENT, ROUTINE_SLOT).items()}


def test_every_routine_has_a_sentence_and_a_name_by_its_moves(parser, sentences):
    ids = set(load_routines())
    assert set(sentences) == ids
    for routine, sentence in sentences.items():
        assert parser.parse(sentence) == IntentMatch("start_routine", {"routine": routine}), sentence
    settings = RoutineSettings()
    assert {r for r, _ in settings.names + settings.moments} == ids


ASKED = [
    ("Can we do the one where I pull my toes back?", "foot_release"),
    ("Let's do downward dog.", "yoga_calves"),
    ("The low lunge one, please.", "yoga_quads"),  # a lunge, but the quads' yoga
    ("Start the one with my leg on a chair.", "hamstring_release"),
    ("Um, the heel to my bum one.", "quad_release"),
    ("I'd like the wind down stretches.", "bedtime"),
    ("Put on the middle of the night routine.", "night_cramp"),
    ("Do the forward fold sequence with me.", "yoga_hamstrings"),
]


@pytest.mark.parametrize("free_text, routine", ASKED, ids=[s[0] for s in ASKED])
def test_a_routine_asked_for_by_its_moves_starts_it(parser, sentences, free_text, routine):
    assert parser.parse(free_text) is None  # no template holds it: the routine reader is what hears it
    found = asked_routine(free_text, -0.3, sentences)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("start_routine", {"routine": routine})
    assert found.confidence == RoutineSettings().confidence


NOT_ASKED = [
    "Do this twice daily, especially before bed.",  # an article's: a moment needs a routine's kind of thing
    "I think it's time for bed.",
    "Welcome back to sunrise yoga, let's start in downward dog.",  # a class on the radio
    "Okay everybody, into downward dog.",
    "Is the low lunge safe when you're pregnant?",  # a question about a routine
    "Skip the lunge.",  # a step of the routine going on
    "My wife does the forward fold one every morning.",  # someone else's
    "The dog is lying on the chair.",  # no request, no routine's kind of thing
    "Set one foot back, keep the heel down and lean into the wall.",  # an instruction read out: one foot
]


@pytest.mark.parametrize("free_text", NOT_ASKED)
def test_what_asks_for_no_routine_is_not_read_as_one(sentences, free_text):
    assert asked_routine(free_text, -0.3, sentences) is None


def test_an_unsure_free_text_is_not_read(sentences):
    assert asked_routine("Let's do downward dog.", -0.3, sentences) is not None
    assert asked_routine("Let's do downward dog.", -1.5, sentences) is None
