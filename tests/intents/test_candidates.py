"""Narrowing the templates before hassil: the parse is the one hassil finds over all of them."""

from __future__ import annotations

from hassil.recognize import recognize
from hypothesis import given, settings
from hypothesis import strategies as st

from voice_coach.intents.candidates import CandidateIndex
from voice_coach.intents.expand import vocabulary
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import load_template_set, load_templates

from tests.intents.test_template_sets import MINE


def full_parse(templates, text: str) -> IntentMatch | None:
    """hassil over every template, as the parser did before it narrowed them."""
    result = recognize(text, templates.intents)
    if result is None:
        return None
    return IntentMatch(result.intent.name, {name: str(e.value) for name, e in result.entities.items()})


def test_narrowed_parse_equals_the_full_parse_on_expanded_sentences(parser, templates, expansions):
    sample = [text for text, _, _ in expansions[::97]]
    assert len(sample) > 50
    assert [t for t in sample if parser.parse(t) != full_parse(templates, t)] == []


def test_narrowed_parse_equals_the_full_parse_on_a_user_set():
    from voice_coach.intents.parse import IntentParser

    mine = load_template_set(extra=MINE)
    parser = IntentParser(mine)
    for text in ("thank you coach", "it's my left calf again", "wake up coach", "my calf is cramping", "stop"):
        assert parser.parse(text) == full_parse(mine, text) is not None


_WORDS = sorted(vocabulary(load_templates()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_narrowed_parse_equals_the_full_parse_on_word_mixes(parser, templates, words):
    text = " ".join(words)
    assert parser.parse(text) == full_parse(templates, text)


def test_only_templates_that_hold_every_word_are_kept(templates):
    index = CandidateIndex(templates.intents)
    narrowed = index.narrow("my calf is cramping".split())
    assert narrowed is not None and "cramp" in narrowed.intents
    assert "stop" not in narrowed.intents and "help" not in narrowed.intents
    kept = [text for intent in narrowed.intents.values() for block in intent.data for text in block.sentence_texts]
    assert len(kept) < 10
    assert index.narrow(["zzxqv"]) is None
    assert index.narrow("stop stop stop stop stop stop stop stop stop stop".split()) is None


def test_narrowed_blocks_keep_their_fixed_slots(templates):
    narrowed = CandidateIndex(templates.intents).narrow(["charley", "horse"])
    assert narrowed is not None
    [block] = narrowed.intents["cramp"].data
    assert block.slots == {"muscle": "leg"}
