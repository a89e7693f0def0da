"""Generate, then check: every sentence the templates make is parsed back and heard by the grammars."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hassil.sample import sample_intents
from pocketsphinx import Decoder

from voice_coach.hearing.pocketsphinx_engine import add_derived_words
from voice_coach.intents.contract import INTENT_SLOTS
from voice_coach.intents.expand import expand, vocabulary
from voice_coach.intents.grammar import (
    UNKNOWN,
    jsgf_words,
    missing_words,
    pocketsphinx_words,
    to_jsgf,
    to_vosk_phrases,
)
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import load_templates

ALWAYS_FILLED = {"start_routine": {"routine"}, "side": {"side"}, "red_flag": {"symptom"}, "ask": {"topic"}}
"""Slots every sentence of these intents sets (an empty one would leave the dialog guessing). A stretch may
come without a muscle ("let's stretch"): the dialog asks which (tests/dialog: which_stretch)."""


@pytest.fixture(scope="module")
def decoder() -> Decoder:
    decoder = Decoder(lm=None, logfn="/dev/null")
    add_derived_words(decoder, vocabulary(load_templates()))  # "foot's", "taurine": as the coach's engine does
    return decoder


@pytest.fixture(scope="module")
def jsgf(templates) -> str:
    return to_jsgf(templates)


@pytest.fixture(scope="module")
def fsg(decoder, jsgf):
    return decoder.parse_jsgf(jsgf)


QUICK_STEP = 23
"""The quick run checks every 23rd expanded sentence."""

HEAVY_STEP = 5
"""The heavy run parses back every 5th expanded sentence (some 150,000 of a million, a minute of CPU), the first
three of every template line, and every warning sign (tests/intents/test_phrasebook.py). Parsing all of them
back took 330 s. What the rest could still get wrong is a sentence that means two things, and
test_each_sentence_means_one_thing checks every sentence for that."""


def parsed_back_wrong(parser, expansions) -> list:
    wrong = []
    for text, intent, slots in expansions:
        match = parser.parse(text)
        if match != IntentMatch(intent, slots):
            wrong.append((text, intent, slots, match))
    return wrong


@pytest.mark.heavy
def test_every_fifth_expanded_sentence_and_every_template_line_parse_back(parser, templates, expansions):
    assert len(expansions) > 1000
    others = [e for e in expansions if e[1] != "red_flag"]  # warning signs: every one, in test_phrasebook
    assert parsed_back_wrong(parser, others[::HEAVY_STEP]) == []
    assert parsed_back_wrong(parser, expand(templates, per_sentence=3)) == []


def test_a_sample_of_expanded_sentences_parses_back(parser, expansions):
    assert parsed_back_wrong(parser, expansions[::QUICK_STEP]) == []


@pytest.mark.heavy
def test_every_29th_sentence_and_every_template_line_are_accepted_by_the_jsgf_grammar(fsg, templates, expansions):
    # The JSGF grammar is the export (compiled_grammar); the coach's PocketSphinx search is the automaton, which
    # accepts every sentence exactly (test_automaton). Every fifth of a million took 100 s.
    assert [text for text, _, _ in expansions[::29] if not fsg.accept(text)] == []
    assert [text for text, _, _ in expand(templates, per_sentence=3) if not fsg.accept(text)] == []


def test_a_sample_of_expanded_sentences_is_accepted_by_the_jsgf_grammar(fsg, expansions):
    assert [text for text, _, _ in expansions[::4 * QUICK_STEP] if not fsg.accept(text)] == []


def test_each_sentence_means_one_thing(expansions):
    meanings = defaultdict(set)
    for text, intent, slots in expansions:
        meanings[text].add((intent, tuple(sorted(slots.items()))))
    assert {text: found for text, found in meanings.items() if len(found) > 1} == {}


def test_expansion_matches_hassils_sampler(templates, expansions):
    sampled = {(intent, " ".join(text.split())) for intent, text in sample_intents(templates.intents)}
    assert sampled == {(intent, text) for text, intent, _ in expansions}


def test_expansion_covers_the_product_contract_and_nothing_else(expansions):
    seen = defaultdict(set)
    for text, intent, slots in expansions:
        assert set(slots) <= set(INTENT_SLOTS[intent]), text
        assert ALWAYS_FILLED.get(intent, set()) <= set(slots), text
        for slot, value in slots.items():
            seen[intent, slot].add(value)
    expected = {(intent, slot): set(values) for intent, slots in INTENT_SLOTS.items() for slot, values in slots.items()}
    assert dict(seen) == expected
    assert {intent for _, intent, _ in expansions} == set(INTENT_SLOTS)


def test_muscle_synonyms_are_canonical(parser):
    assert parser.parse("stretch my thigh").slots == {"muscle": "quad"}
    assert parser.parse("stretch my feet").slots == {"muscle": "foot"}
    assert parser.parse("cramp in my toes").slots == {"muscle": "foot"}


def test_grammar_words_are_all_in_the_pocketsphinx_dictionary(templates):
    assert missing_words(templates) == set()


def test_missing_words_finds_a_word_pocketsphinx_cannot_say(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text('language: en\nintents:\n  stop:\n    data:\n      - sentences: ["stop (now|pronto|zzxqv)"]\n')
    assert missing_words(load_templates(path)) == {"zzxqv"} - pocketsphinx_words()
    assert "zzxqv" in missing_words(load_templates(path))


def test_jsgf_is_compiled_from_structure_not_expanded(jsgf, expansions):
    assert "<list_muscle> =" in jsgf
    assert "<rule_please> = [ please ];" in jsgf
    assert "public <command> =" in jsgf
    assert len(jsgf.splitlines()) < len(expansions) / 10
    assert jsgf == jsgf.lower().replace("#jsgf v1.0;", "#JSGF V1.0;")


def test_jsgf_words_are_lower_case_with_cmudict_apostrophes(jsgf):
    words = jsgf_words(jsgf)
    assert {"it's", "that's", "i'm", "charley"} <= words
    assert all(word == word.lower() and word.replace("'", "").isalpha() for word in words)


def test_jsgf_loads_as_a_pocketsphinx_search(decoder, jsgf):
    decoder.add_jsgf_string("coach", jsgf)
    decoder.activate_search("coach")
    assert decoder.current_search() == "coach"


@pytest.mark.parametrize("text", ["the radio said cramp", "my calf", "stop stop stop", "cramp", "turn on the lights"])
def test_jsgf_rejects_non_commands(fsg, text):
    assert not fsg.accept(text)


def test_jsgf_handles_permutations(tmp_path, decoder):
    path = tmp_path / "t.yaml"
    path.write_text('language: en\nintents:\n  stop:\n    data:\n      - sentences: ["(stop now;please) [coach]"]\n')
    fsg = decoder.parse_jsgf(to_jsgf(load_templates(path)))
    assert fsg.accept("stop now please") and fsg.accept("please stop now coach")
    assert not fsg.accept("stop please now")


def test_vosk_phrases(expansions, templates):
    phrases = to_vosk_phrases(templates)
    assert phrases[-1] == UNKNOWN
    assert len(phrases) == len(set(phrases)) == len({text for text, _, _ in expansions}) + 1
    assert all(p == p.lower() for p in phrases)
    assert {"my calf is cramping", "stop", "say that again"} <= set(phrases)
