"""The ways people really say each intent (voice_coach/bench/phrasebook.yaml) are understood; near-domain talk is not."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import pytest

from voice_coach.bench.phrasebook import PHRASEBOOK, load_phrasebook
from voice_coach.intents.contract import INTENT_SLOTS
from voice_coach.intents.result import IntentMatch


class Saying(NamedTuple):
    text: str
    intent: str | None
    slots: dict


BOOK = load_phrasebook()
SAYINGS = [Saying(p.text, p.intent, dict(p.slots)) for p in BOOK.commands] + [Saying(t, None, {}) for t in BOOK.none]
MINIMUM = {**{intent: 20 for intent in INTENT_SLOTS}, "cramp": 80, "red_flag": 80, "stop": 40, "ask": 80, None: 80}
"""Sayings the phrasebook holds at least, per intent (None: speech that is no command)."""
NEVER_FOR_A_WARNING_SIGN = {"cramp", "stretch", "start_routine", "resume", "next"}
"""Intents that would carry on stretching: a warning sign must never be heard as one of them."""


def test_the_phrasebook_has_enough_sayings_of_every_intent():
    counts = Counter(saying.intent for saying in SAYINGS)
    assert {intent: counts[intent] for intent in MINIMUM if counts[intent] < MINIMUM[intent]} == {}
    assert set(counts) == set(MINIMUM)


def test_its_slot_values_are_the_contracts():
    for saying in SAYINGS:
        if saying.intent is not None:
            allowed = INTENT_SLOTS[saying.intent]
            assert {k: v for k, v in saying.slots.items() if v not in allowed.get(k, ())} == {}, saying


def test_its_sentences_are_each_listed_once():
    texts = Counter(" ".join(saying.text.lower().split()) for saying in SAYINGS)
    assert [text for text, n in texts.items() if n > 1] == []


def test_every_saying_is_heard_as_its_intent_and_slots(parser):
    wrong = [(s.text, s.intent, dict(s.slots), parser.parse(s.text)) for s in SAYINGS if s.intent is not None
             and parser.parse(s.text) != IntentMatch(s.intent, dict(s.slots))]
    assert wrong == []


def test_near_domain_talk_gives_no_intent(parser):
    assert [(s.text, parser.parse(s.text)) for s in SAYINGS if s.intent is None and parser.parse(s.text)] == []


def test_no_warning_sign_of_the_phrasebook_is_heard_as_a_cramp_or_a_stretch(parser):
    heard = {s.text: parser.parse(s.text) for s in SAYINGS if s.intent == "red_flag"}
    assert {text: m for text, m in heard.items() if m is None or m.intent in NEVER_FOR_A_WARNING_SIGN} == {}


def test_no_warning_sign_the_templates_accept_is_also_a_cramp_or_a_stretch(expansions):
    flags = {text for text, intent, _ in expansions if intent == "red_flag"}
    others = {text for text, intent, _ in expansions if intent in NEVER_FOR_A_WARNING_SIGN}
    assert len(flags) > 1000
    assert flags & others == set()


def warning_signs_heard_otherwise(parser, expansions, step: int) -> list:
    flags = [(text, slots) for text, intent, slots in expansions if intent == "red_flag"][::step]
    return [(text, m) for text, slots in flags if (m := parser.parse(text)) != IntentMatch("red_flag", slots)]


def test_a_sample_of_the_templates_warning_signs_is_heard_as_red_flags(parser, expansions):
    assert warning_signs_heard_otherwise(parser, expansions, step=11) == []


@pytest.mark.heavy
def test_every_warning_sign_the_templates_accept_is_heard_as_a_red_flag(parser, expansions):
    assert warning_signs_heard_otherwise(parser, expansions, step=1) == []


def test_the_phrasebook_is_the_packaged_file():
    assert BOOK.source == str(PHRASEBOOK)
    assert Saying("ow my calf", "cramp", {"muscle": "calf"}) in SAYINGS
    assert Saying("my sister had cramps all week", None, {}) in SAYINGS
