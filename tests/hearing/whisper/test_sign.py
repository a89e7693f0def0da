"""A warning sign stated in the user's own words, read from whisper's free text; and what is not one."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import WARNING_INTENT, WARNING_SLOT
from voice_coach.hearing.whisper.sign import SignSettings, stated_sign
from voice_coach.intents.expand import slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def sentences(parser):
    return {sign: " ".join(words) for sign, (_, words) in slot_sayings(parser.templates, WARNING_INTENT,
                                                                         WARNING_SLOT).items()}


def test_every_sign_has_a_sentence_that_means_it(parser, sentences):
    assert set(sentences) == {"swelling", "redness", "warmth", "weakness", "numbness", "frequent", "severe",
                              "medication", "vascular_risk"}
    for sign, sentence in sentences.items():
        assert parser.parse(sentence) == IntentMatch("red_flag", {"symptom": sign}), sentence


STATED = [
    ("There's a red streak down my calf.", "redness"),
    ("My ankle's blown up like a balloon.", "swelling"),  # the part of the body said with "'s"
    ("I've just started blood pressure tablets.", "medication"),
    ("It's absolutely excruciating.", "severe"),
    ("Half my foot's numb and tingly.", "numbness"),
    ("I can hardly put weight on my leg, it's that weak.", "weakness"),
    ("This leg is much warmer than the other one.", "warmth"),
    ("I haven't slept properly in weeks because of these cramps.", "frequent"),
    ("They keep waking me up.", "frequent"),  # said of the cramps ("they")
    ("Um, I smoke and my legs cramp when I walk.", "vascular_risk"),
    ("Why is my leg so red?", "redness"),  # a worry, not a question for the coach to answer
    ("Doctor put me on statins and now I'm cramping all the time.", "medication"),  # the first sign named
]


@pytest.mark.parametrize("free_text, sign", STATED, ids=[s[0] for s in STATED])
def test_a_sign_stated_in_other_words_is_heard_as_that_sign(parser, sentences, free_text, sign):
    assert parser.parse(free_text) is None  # no template holds it: the sign reader is what hears it
    found = stated_sign(free_text, -0.3, sentences)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("red_flag", {"symptom": sign}), found
    assert found.confidence == SignSettings().confidence


NOT_STATED = [
    "The warm weather is lovely this week.",  # no part of the body
    "It's a red card for the defender.",
    "My phone is dead.",
    "Heat encourages the muscle to relax.",  # an article's: neither the speaker nor "it"
    "If you notice swelling or redness in your calf, see a doctor.",  # to the listener
    "My sister's just gone on statins.",  # someone else's
    "My net has high blood pressure.",  # "my dad has ...", misheard: a fact of the person needs "I" or "my doctor"
    "My husband gets leg cramps most nights, poor thing.",
    "Does a warm compress on my calves work?",  # a question (the question reader's)
    "Is it warm outside?",
    "Wake me up at six, I'm running with Sam.",  # how often, but of no cramp
    "I haven't slept a wink, the baby was up all night.",
    "Stretching your calves before bed can stop the cramps keeping you awake every night, and the swelling "
    "will go down.",  # prose
]


@pytest.mark.parametrize("free_text", NOT_STATED)
def test_what_is_no_sign_of_the_speakers_is_not_read_as_one(sentences, free_text):
    assert stated_sign(free_text, -0.3, sentences) is None


def test_an_unsure_free_text_or_a_sign_without_a_sentence_is_not_read(sentences):
    assert stated_sign("My calf is all puffy.", -0.3, sentences) is not None
    assert stated_sign("My calf is all puffy.", -1.5, sentences) is None
    assert stated_sign("My calf is all puffy.", -0.3, {k: v for k, v in sentences.items() if k != "swelling"}) is None
