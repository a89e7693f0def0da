"""A template set of over a million sentences is counted and compiled from its structure."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pocketsphinx import Decoder

from voice_coach.hearing.pocketsphinx_engine import add_derived_words
from voice_coach.intents.count import count_sentences
from voice_coach.intents.expand import vocabulary
from voice_coach.intents.grammar import MAX_VOSK_PHRASES, UNKNOWN, missing_words, to_jsgf, to_vosk_grammar
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.sample import sample_sentences
from voice_coach.intents.templates import load_template_set

HUGE = Path(__file__).parent / "data" / "huge_set.yaml"


@pytest.fixture(scope="module", params=["only", "extra"])
def huge(request):
    """The huge file alone, and added to the built-in set."""
    return load_template_set(**{request.param: HUGE})


@pytest.fixture(scope="module")
def huge_jsgf(huge) -> str:
    return to_jsgf(huge)


def test_it_expands_to_over_a_million_sentences(huge):
    assert count_sentences(huge) > 10**6


def test_its_grammar_is_small_and_loads_in_pocketsphinx(huge, huge_jsgf):
    # The grammar follows the templates' text, not the sentence count: the huge file alone is ~3,000 characters
    # of JSGF, and the built-in set (~38,000) grows by about that much when it is added.
    built_in = len(to_jsgf(load_template_set()))
    with_built_in = "cramp" in huge.intent_names
    assert len(huge_jsgf) < 5_000 + (built_in if with_built_in else 0)
    decoder = Decoder(lm=None, logfn="/dev/null")
    add_derived_words(decoder, vocabulary(huge))  # "foot's", "taurine": as the coach's engine does
    decoder.add_jsgf_string("huge", huge_jsgf)
    decoder.activate_search("huge")
    assert missing_words(huge) == set()


def test_sampled_sentences_are_accepted_by_grammar_and_parser(huge, huge_jsgf):
    fsg = Decoder(lm=None, logfn="/dev/null").parse_jsgf(huge_jsgf)
    parser = IntentParser(huge)
    samples = sample_sentences(huge, 300, random.Random(11))
    assert [text for text, _, _ in samples if not fsg.accept(text)] == []
    assert [(t, i, s, parser.parse(t)) for t, i, s in samples if parser.parse(t) != IntentMatch(i, s)] == []


def test_number_words_are_in_the_grammar(huge_jsgf):
    fsg = Decoder(lm=None, logfn="/dev/null").parse_jsgf(huge_jsgf)
    assert fsg.accept("set the fan in the kitchen to seventy five percent")
    assert not fsg.accept("set the fan in the kitchen to seventy four percent")  # step 5


def test_vosk_gets_words_not_millions_of_phrases(huge):
    grammar = to_vosk_grammar(huge)
    assert count_sentences(huge) > MAX_VOSK_PHRASES
    assert grammar[-1] == UNKNOWN and set(grammar[:-1]) == vocabulary(huge)
