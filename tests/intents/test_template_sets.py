"""Your own words: a user file added to the built-in templates, or used instead of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_coach.errors import DataError
from voice_coach.intents.count import count_sentences
from voice_coach.intents.expand import expand
from voice_coach.intents.grammar import missing_words, pocketsphinx_words, to_jsgf
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.summary import off_contract, summarize, unheard_words
from voice_coach.intents.templates import DEFAULT_PATH, load_template_set, load_templates

DATA = Path(__file__).parent / "data"
MINE = DATA / "my_phrasings.yaml"
TIMER = DATA / "kitchen_timer.yaml"


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(**files: Path) -> str:
    with pytest.raises(DataError) as info:
        load_template_set(**files)
    return str(info.value)


@pytest.fixture(scope="module")
def mine():
    return load_template_set(extra=MINE)


@pytest.fixture(scope="module")
def timer():
    return load_template_set(only=TIMER)


def test_no_file_is_the_built_in_set():
    assert load_template_set() is load_templates()


@pytest.mark.parametrize("text", ["my leg's gone again", "my leg has gone again", "My leg\u2019s gone again!"])
def test_a_user_phrasing_adds_to_cramp(mine, parser, text):
    assert IntentParser(mine).parse(text) == IntentMatch("cramp", {"muscle": "leg"})
    assert parser.parse(text) is None


def test_user_words_are_in_the_pocketsphinx_dictionary(mine):
    """cmudict spells "leg's", so the phrasing as people say it can be heard as is."""
    assert "leg's" in pocketsphinx_words()
    assert missing_words(mine) == set()
    assert unheard_words(mine, pocketsphinx_words()) == []


def test_a_word_the_dictionary_lacks_is_named_with_file_and_line(tmp_path):
    path = write(tmp_path, 'language: en\nintents:\n  help:\n    data:\n      - sentences:\n'
                           '          - "help"\n          - "zzxqv coach"\n')
    templates = load_template_set(extra=path)
    assert missing_words(templates) == {"zzxqv"}
    [line] = unheard_words(templates, pocketsphinx_words())
    assert line.startswith(f"{path}:7: word 'zzxqv'")


def test_merged_set_keeps_every_built_in_sentence(mine, templates, expansions):
    merged = IntentParser(mine)  # the built-in parser gives each sentence's own meaning (test_grammar)
    assert all(merged.parse(text) == IntentMatch(intent, slots) for text, intent, slots in expansions[::13])
    # cramp: 2 + 3 x 16 ("it's my [{side}] {muscle} again": no side or 2 sides, 16 muscle words); help 1; thank_you 2 x 2
    assert count_sentences(mine) == count_sentences(templates) + 2 + 48 + 1 + 4
    assert load_templates().sources == (DEFAULT_PATH,)
    assert mine.sources == (DEFAULT_PATH, MINE)


def test_unknown_intents_are_parsed_with_their_slots(mine):
    parser = IntentParser(mine)
    assert parser.parse("thank you coach") == IntentMatch("thank_you", {})
    assert parser.parse("wake up coach") == IntentMatch("help", {})
    assert parser.parse("it's my left calf again") == IntentMatch("cramp", {"muscle": "calf", "side": "left"})
    assert summarize(mine).new_intents == ("thank_you",)


def round_trip(mine, step: int) -> None:
    from pocketsphinx import Decoder

    parser = IntentParser(mine)
    fsg = Decoder(lm=None, logfn="/dev/null").parse_jsgf(to_jsgf(mine))
    expansions = list(expand(mine))
    built_in = {text for text, _, _ in expand(load_templates())}
    added = [(t, i, s) for t, i, s in expansions if t not in built_in]
    assert {i for _, i, _ in added} == {"cramp", "help", "thank_you"}
    # every sentence the user's file adds, the first of every template line, and every step-th one
    checked = expansions[::step] + list(expand(mine, per_sentence=1)) + added
    assert [(t, i, s) for t, i, s in checked if parser.parse(t) != IntentMatch(i, s)] == []
    assert [t for t, _, _ in checked if not fsg.accept(t)] == []
    assert fsg.accept("thank you coach") and not fsg.accept("thank you thank you")


@pytest.mark.heavy
def test_merged_sets_round_trip_through_parser_and_grammar(mine):
    # Every user sentence, every template line and every 31st merged sentence (~32,000): the built-in set is
    # checked on its own (test_grammar) and kept in the merge (test_merged_set_keeps_every_built_in_sentence).
    # Every 7th of a million cost 170 s of CI (PocketSphinx's JSGF accept takes 0.7 ms a sentence).
    round_trip(mine, step=31)


def test_merged_sets_round_trip_a_sample(mine):
    round_trip(mine, step=101)


def test_user_values_extend_a_built_in_list(tmp_path):
    path = write(tmp_path, "language: en\nlists:\n  muscle:\n    values:\n      - {in: shin, out: leg}\n")
    parser = IntentParser(load_template_set(extra=path))
    assert parser.parse("my shin is cramping") == IntentMatch("cramp", {"muscle": "leg"})
    assert parser.parse("stretch my calves") == IntentMatch("stretch", {"muscle": "calf"})


def test_a_user_rule_replaces_the_built_in_one(tmp_path):
    path = write(tmp_path, 'language: en\nexpansion_rules:\n  please: "[please|kindly]"\n')
    assert IntentParser(load_template_set(extra=path)).parse("carry on kindly") == IntentMatch("resume", {})


def test_off_contract_values_are_reported(tmp_path, templates):
    path = write(tmp_path, "language: en\nlists:\n  muscle:\n    values:\n      - {in: shin, out: shin}\n")
    assert off_contract(templates) == []
    problems = off_contract(load_template_set(extra=path))
    assert any("muscle='shin'" in line and "'cramp'" in line for line in problems)


def test_templates_only_gives_another_domain(timer):
    parser = IntentParser(timer)
    assert parser.parse("set a timer for twenty five minutes") == IntentMatch("set_timer", {"minutes": "25"})
    assert parser.parse("set a timer for 25 minutes") == IntentMatch("set_timer", {"minutes": "25"})
    assert parser.parse("start a pasta timer for forty five seconds") == IntentMatch(
        "set_timer", {"seconds": "45", "timer_name": "pasta"})
    assert parser.parse("cancel the pasta timer") == IntentMatch("cancel_timer", {"timer_name": "pasta"})
    assert parser.parse("how long is left") == IntentMatch("timer_status", {})
    assert timer.sources == (TIMER,)


@pytest.mark.parametrize("text", ["my calf is cramping", "stop", "pause", "set a timer for ninety one minutes",
                                  "set a timer for 0 minutes", "start a timer for seven seconds"])
def test_templates_only_drops_the_coachs_phrases(timer, text):
    assert IntentParser(timer).parse(text) is None


def test_number_lists_round_trip_through_parser_and_grammar(timer):
    from pocketsphinx import Decoder

    fsg = Decoder(lm=None, logfn="/dev/null").parse_jsgf(to_jsgf(timer))
    parser = IntentParser(timer)
    expansions = list(expand(timer))
    assert len(expansions) == count_sentences(timer) > 5000
    assert [t for t, i, s in expansions if parser.parse(t) != IntentMatch(i, s)] == []
    assert [t for t, _, _ in expansions if not fsg.accept(t)] == []
    assert not fsg.accept("set a timer for ninety one minutes")
    assert missing_words(timer) == set()


def test_templates_only_plus_extra_merges_onto_the_other_base(tmp_path):
    path = write(tmp_path, 'language: en\nintents:\n  cancel_timer:\n    data:\n      - sentences: ["forget it"]\n')
    parser = IntentParser(load_template_set(extra=path, only=TIMER))
    assert parser.parse("forget it") == IntentMatch("cancel_timer", {})
    assert parser.parse("my calf is cramping") is None


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("language: en\nintents:\n  cramp:\n    data:\n      - sentences: [\"my {shin} hurts\"]\n", 5, "unknown list {shin}"),
        ("language: en\nintents:\n  cramp:\n    data:\n      - sentences: [\"(my leg\"]\n", 5, "cannot parse"),
        ("language: en\nintents:\n  cramp:\n    data:\n      - sentences: [\"my <leg> hurts\"]\n", 5, "unknown expansion rule"),
        ("language: en\nintents:\n  cramp:\n    data:\n  - sentences: x\n", 5, "broken YAML"),
        ("language: de\nintents:\n  cramp:\n    data:\n      - sentences: [\"x\"]\n", 1, "differs from 'en'"),
        ("language: en\n", 1, "adds no intents"),
        ("language: en\nlists:\n  side:\n    range: {from: 1, to: 2}\n", 4, "cannot be merged"),
        ("language: en\nlist:\n  side: {values: [x]}\n", 3, "unsupported top-level keys"),
    ],
)
def test_a_broken_user_file_names_its_own_file_and_line(tmp_path, text, line, says):
    path = write(tmp_path, text)
    message = load_error(extra=path)
    assert message.startswith(f"{path}:{line}:"), message
    assert says in message


def test_a_broken_user_file_leaves_nothing_half_loaded(tmp_path, parser):
    path = write(tmp_path, 'language: en\nintents:\n  cramp:\n    data:\n      - sentences: ["my shin", "(oops"]\n')
    load_error(extra=path)
    assert load_templates().intent_names == parser.templates.intent_names
    assert IntentParser(load_templates()).parse("my shin") is None


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("{from: 5, to: 1}", "0 <= from <= to"),
        ("{from: 1, to: 5, step: 0}", "step >= 1"),
        ("{from: 1, to: 5, fraction: halves}", "not supported"),
        ("{from: 1, to: 5, fractions: thirds}", "not one of"),
        ("{from: 1, to: 50000}", "more than"),
        ("{from: 1.5, to: 5}", "whole numbers"),
        ("{to: 5}", "needs 'from' and 'to'"),
    ],
)
def test_a_bad_number_range_names_its_line(tmp_path, spec, says):
    path = write(tmp_path, f'language: en\nlists:\n  n:\n    range: {spec}\nintents:\n  a:\n    data:\n      - sentences: ["x {{n}}"]\n')
    message = load_error(only=path)
    assert message.startswith(f"{path}:4:"), message
    assert says in message


@pytest.mark.parametrize("text", ["set a timer for 999999999999999936 minutes", "set a timer for 1000000000 minutes",
                                  "set a timer for \u0663 minutes", "0 0 0"])
def test_any_digits_are_safe(timer, text):
    assert IntentParser(timer).parse(text) is None
