"""A question to the user's cramp diary read from whisper's free text; and what is not one."""

from __future__ import annotations

import pytest

from voice_coach.hearing.select import DIARY_INTENT, DIARY_SLOT
from voice_coach.hearing.whisper.diary import DiarySettings, diary_question
from voice_coach.intents.expand import slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def sentences(parser):
    return {asked: " ".join(words) for asked, (_, words) in slot_sayings(parser.templates, DIARY_INTENT,
                                                                           DIARY_SLOT).items()}


ASKED = [
    ("How many have I logged so far?", "count"),
    ("Count my cramps for the week.", "count"),  # a request, no question
    ("Um, how many have I had since Monday?", "count"),
    ("What night did I last cramp?", "last"),
    ("How long ago was the last cramp?", "last"),
    ("Remind me when I last had one.", "last"),
    ("Have they eased off this month?", "trend"),  # "they": the user's cramps
    ("Are my cramps going down?", "trend"),
    ("Is my cramp diary looking any better?", "trend"),
]


@pytest.mark.parametrize("free_text, asked", ASKED, ids=[a[0] for a in ASKED])
def test_a_diary_question_in_other_words_is_heard_as_what_it_asks(parser, sentences, free_text, asked):
    assert parser.parse(free_text) is None  # no template holds it: the diary reader is what hears it
    found = diary_question(free_text, -0.3, sentences)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("diary", {"question": asked}), found
    assert found.confidence == DiarySettings().confidence


NOT_ASKED = [
    "How many players went down with cramp?",  # someone else's
    "How many litres a day should I drink?",  # nothing of the user's cramps
    "How many cramps did you have last season?",
    "Does tea count towards my water?",
    "The last time I saw her she was fine.",  # no question
    "How often do people get cramps at night? Quite often, it turns out.",  # too long for a question to the diary
]


@pytest.mark.parametrize("free_text", NOT_ASKED)
def test_what_is_no_question_to_the_diary_is_not_read_as_one(sentences, free_text):
    assert diary_question(free_text, -0.3, sentences) is None


def test_an_unsure_free_text_is_not_read(sentences):
    assert diary_question("How many have I logged so far?", -1.5, sentences) is None
