"""A question to the coach read from whisper's free text: the topic it names, and what is no question to the coach."""

from __future__ import annotations

import pytest

from voice_coach.hearing.whisper.question import QuestionSettings, Topics, question_about
from voice_coach.intents.expand import slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import load_templates


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


@pytest.fixture(scope="module")
def topics(parser):
    return Topics.of(slot_sayings(parser.templates, "ask", "topic"))


ASKED = [
    ("Does being dehydrated give you cramps?", "hydration"),
    ("does being dehydrated give you cramps.", "hydration"),  # the model's full stop after a question
    ("What foods have got plenty of magnesium in them?", "magnesium"),  # the last topic named, not "foods"
    ("Is coconut water good for potassium?", "potassium"),
    ("How do I get more potassium into my diet?", "potassium"),
    ("Which tablets are known to bring on cramps?", "medication"),
    ("Is kidney disease linked to cramps?", "conditions"),
    ("Why do my legs cramp after a long day of sitting?", "movement"),
    ("So, um, why do I keep getting these cramps?", "causes"),  # "why" and no topic named
    ("Any tips for avoiding leg cramps?", "prevention"),
    ("I want to know if supplements are worth it for cramps.", "supplements"),
    ("When should I take taurine?", "taurine"),
    ("Is an Epsom salt bath good for cramps?", "remedies"),  # one phrase, not "salt"
    ("Would a hot water bottle help with these?", "remedies"),  # no cramp word: the cramps pointed at
    ("Should I see the doctor about it?", "doctor"),
    ("Do I need to see my GP about this?", "doctor"),  # a word of the settings' own, not of the templates
    ("What actually causes a cramp?", "causes"),  # a heading asks it too, but never says "actually"
    ("What causes cramps anyway?", "causes"),
    ("How do I keep these cramps from coming back?", "prevention"),
    ("How long does it take to stop aching after a cramp?", "recovery"),
]


@pytest.mark.parametrize("free_text, topic", ASKED, ids=[a[0] for a in ASKED])
def test_a_question_is_heard_as_asking_about_the_topic_it_names(parser, topics, free_text, topic):
    assert parser.parse(free_text) is None  # no template holds it: the question reader is what hears it
    found = question_about(free_text, -0.3, topics)
    assert found is not None and parser.parse(found.sentence) == IntentMatch("ask", {"topic": topic}), found
    assert found.confidence == QuestionSettings().confidence


NOT_ASKED = [
    "How to prevent cramp.",  # a heading read aloud
    "What causes leg cramp?",  # a heading that asks: about causes alone, and nobody's own
    "Why night cramps happen?",
    "So should we all be taking magnesium? Well, the answer is, it depends.",  # a radio's question and answer
    "Did you remember to buy bananas?",  # not about cramps
    "Did you know low magnesium is linked to muscle cramps?",  # it tells, in a question's shape
    "Is the water hot enough for a bath?",
    "Have you seen my shoes anywhere?",
    "Magnesium supplements can help transport calcium and potassium.",  # a statement
    "What do you think causes all the traffic on the motorway in the mornings when everyone drives to work?",
    "How many cramps have I had this week?",  # names no topic: the diary's, not a question about one
    "Cramps?",
    "Is it worth paying for these?",  # pointing at something, but naming no topic of the coach's
    "Are sports drinks any good for these?",  # food and drink count only beside a cramp word
    "Is the salt on the table?",  # salt is named, but nothing says cramps
    "Did you go to the GP about your knee?",  # a GP, but not about cramps
]


@pytest.mark.parametrize("free_text", NOT_ASKED)
def test_what_is_no_question_to_the_coach_is_not_read_as_one(topics, free_text):
    assert question_about(free_text, -0.3, topics) is None


def test_an_unsure_free_text_is_not_read(topics):
    assert question_about("Does magnesium help with cramps?", -0.3, topics) is not None
    assert question_about("Does magnesium help with cramps?", -1.5, topics) is None


def test_the_topics_come_from_the_templates_lists_and_their_shortest_question(tmp_path):
    """A user's own template file names its own topics: the words are the list's, the sentence the intent's."""
    path = tmp_path / "mine.yaml"
    path.write_text("language: en\nintents:\n  ask:\n    data:\n      - sentences:\n"
                    "          - \"(what about|is there anything about) {topic}\"\n"
                    "lists:\n  topic:\n    values:\n      - {in: \"(the tides|tide times)\", out: tides}\n")
    topics = Topics.of(slot_sayings(load_templates(path), "ask", "topic"))
    assert topics.sentences == {"tides": "what about the tides"}
    assert topics.named("so when are the tide times today".split()) == ["tides"]
    assert question_about("What cramps do the tide times bring?", -0.3, topics).sentence == "what about the tides"
