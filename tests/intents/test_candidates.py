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
    narrowed = index.narrow(["my calf is cramping".split()])
    assert narrowed is not None and "cramp" in narrowed.intents
    assert "stop" not in narrowed.intents and "help" not in narrowed.intents
    kept = [text for intent in narrowed.intents.values() for block in intent.data for text in block.sentence_texts]
    assert len(kept) < 10
    assert index.narrow([["zzxqv"]]) is None
    assert index.narrow(["stop stop stop stop stop stop stop stop stop stop".split()]) is None


def test_narrowed_blocks_keep_their_fixed_slots(templates):
    narrowed = CandidateIndex(templates.intents).narrow([["charley", "horse"]])
    assert narrowed is not None
    [block] = narrowed.intents["cramp"].data
    assert block.slots == {"muscle": "leg"}


def test_skip_words_anywhere_parse_as_hassil_parses_them(parser, templates, expansions):
    """The shipped templates' skip words, put into expanded sentences at seeded places: the parser (automaton
    and narrowing first) finds what hassil over every template finds. hassil drops all skip words or none,
    so a sentence that needs one of them ("oh god my calf") is lost with another added ("oh god my calf
    mate"); one that needs none is always still a command."""
    import random

    from voice_coach.intents.skip_words import SkipWords

    skip = sorted(templates.intents.skip_words)
    assert {"please", "um", "a bit", "mate"} <= set(skip)
    remove = SkipWords.of(skip).remove
    rng = random.Random(7)
    said, plain = [], []
    for text, _, _ in expansions[::211]:
        words = text.split()
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(skip))
        said.append(" ".join(words))
        if remove(text.split()) == text.split():
            plain.append(" ".join(words))
    assert len(plain) > 50
    assert [t for t in plain if parser.parse(t) is None] == []
    assert [t for t in said if parser.parse(t) != full_parse(templates, t)] == []


_SKIPPED = sorted(load_templates().intents.skip_words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _SKIPPED), min_size=1, max_size=6))
def test_narrowed_parse_equals_the_full_parse_on_mixes_with_skip_words(parser, templates, words):
    text = " ".join(words)
    assert parser.parse(text) == full_parse(templates, text)
