"""The engine's readings of a free text together (``read_typed``: what a refused decode's free text is read as),
with the real templates; no model is loaded."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import make_recognizer
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def whisper():
    return make_recognizer("whisper")


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


READ = [
    # found among the words with fewer slots than were said: read whole
    ("I've got a cramp in my hamstring, the right one.", IntentMatch("cramp", {"muscle": "hamstring", "side": "right"})),
    ("Walk me through a stretch for my hamstrings.", IntentMatch("stretch", {"muscle": "hamstring"})),
    # no sentence of the grammar among the words: the cramp, routine and stretch readers
    ("Bruh, my left calf is literally balling up.", IntentMatch("cramp", {"muscle": "calf", "side": "left"})),
    ("Um, the heel to the bum one.", IntentMatch("start_routine", {"routine": "quad_release"})),
    ("I need to loosen up my hammies.", IntentMatch("stretch", {"muscle": "hamstring"})),
    # said again, read said once
    ("No, no, no.", IntentMatch("no", {})),
    ("Ow, ow, my calf, my calf!", IntentMatch("cramp", {"muscle": "calf"})),
    # a request with its reason, no comma between
    ("Go faster I'm late for my shift.", IntentMatch("faster", {})),
    # a routine's name and a word or two: a request
    ("Foot release routine.", IntentMatch("start_routine", {"routine": "foot_release"})),
    # the coach's own word as the model mishears it
    ("Show me how my crats are trending.", IntentMatch("diary", {"question": "trend"})),
    ("Why do I get craps at night?", IntentMatch("ask", {"topic": "causes"})),
    # a warning sign still wins over the cramp said with it
    ("My calf is cramping and it's gone all swollen.", IntentMatch("red_flag", {"symptom": "swelling"})),
]


@pytest.mark.parametrize("free_text, meant", READ, ids=[r[0] for r in READ])
def test_a_free_text_is_read_as_what_it_says(whisper, parser, free_text, meant):
    read = whisper.read_typed(free_text)
    assert parser.parse(read.text) == meant, read
    assert read.confidence >= 0.5


@pytest.mark.parametrize("free_text", [
    "My left foot is bigger than my right.",  # "my left foot is tight" among its words: tight was never said
    "My husband's calf is all balled up.",  # someone else's
    "I think it's time for bed.",
    "Okay everybody, into downward dog.",
    "Bedtime routine:",  # an article's heading read aloud: a routine named by its moment needs its speaker
    "Calf stretch:",  # and so does a stretch
])
def test_what_says_no_command_is_read_as_none(whisper, parser, free_text):
    read = whisper.read_typed(free_text)
    assert read.confidence < 0.5 or parser.parse(read.text) is None, read
