"""A command said among words of the speaker's own, found in the free transcript, and prose that holds one not."""

from __future__ import annotations

import pytest

from voice_coach.hearing.whisper.among import AmongSettings, command_among, command_in_clause
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.skip_words import SkipWords
from voice_coach.hearing.word_graph import word_graph
from voice_coach.intents.templates import load_templates

GRAPH = word_graph(["my calf is cramping", "my right leg is cramping up", "ah my calf", "stop", "the left one",
                    "can you help me", "too loud"])


@pytest.mark.parametrize("said, command", [
    ("okay my right leg is cramping up now", "my right leg is cramping up"),  # words around it
    ("well owww my calfs is cramping", "my calf is cramping"),  # a word a letter in five away
    ("owww my calf is cramping", "my calf is cramping"),
])
def test_a_command_among_a_few_words_is_found(said, command):
    found = command_among(GRAPH, said.split(), free_mean=-0.2)
    assert found is not None and found.sentence == command, found
    assert 0.5 <= found.confidence < 0.9  # enough to act, never enough for a busy room (0.9)


@pytest.mark.parametrize("said", [
    "can you help me carry the shopping in",  # the rest of the sentence changes what it is
    "the left lane is closed after the bridge",
    "stop by the shop on the way home",  # one word of a command says too little
    "the kids were too loud at dinner",
])
def test_prose_that_holds_a_command_among_many_words_is_not_one(said):
    assert command_among(GRAPH, said.split(), free_mean=-0.2) is None


def test_the_command_alone_is_left_to_the_held_decode():
    """No word around it: the free words are the command, a letter off, and the rejection has judged them."""
    assert command_among(GRAPH, "my calfs is cramping".split(), free_mean=-0.2) is None
    assert command_among(GRAPH, "the left one".split(), free_mean=-0.2) is None


def test_words_the_model_was_unsure_of_are_not_read():
    said = "okay my right leg is cramping up now".split()
    assert command_among(GRAPH, said, free_mean=-0.2) is not None
    assert command_among(GRAPH, said, free_mean=-1.5) is None


def test_the_nearer_the_command_the_surer():
    near = command_among(GRAPH, "owww my calf is cramping".split(), free_mean=-0.2)
    far = command_among(GRAPH, "okay my right leg is cramping up now".split(), free_mean=-0.2)
    assert far.confidence < near.confidence


def test_the_coach_grammar_holds_a_long_command_said_among_words():
    graph = load_templates().automaton
    said = "okay my right leg is cramping up now".split()
    found = command_among(graph, said, free_mean=-0.2, settings=AmongSettings())
    assert found is not None and "cramping" in found.sentence.split() and "right" in found.sentence.split(), found


@pytest.mark.parametrize("said, command", [
    ("Too loud, the baby's asleep.", "too loud"),  # a reason after the request
    ("Ow! My calf is cramping, I think.", "my calf is cramping"),
    ("Sorry. Can you help me? I'm stuck.", "can you help me"),  # the longest clause that is a command
])
def test_a_command_said_as_one_clause_is_found(said, command):
    found = command_in_clause(GRAPH, said, free_mean=-0.2)
    assert found is not None and found.sentence == command, found
    assert found.confidence == AmongSettings().clause_confidence < 0.9  # never enough for a busy room


def test_a_request_with_its_reason_and_no_comma_between_is_found():
    """The model wrote no comma, but the reason opens with its own subject: the words before it are a clause."""
    found = command_in_clause(GRAPH, "Too loud I'm trying to sleep", free_mean=-0.2)
    assert found is not None and found.sentence == "too loud", found
    assert command_in_clause(GRAPH, "Can you help me carry the shopping in", free_mean=-0.2) is None


@pytest.mark.parametrize("said", [
    "Too loud the baby's asleep.",  # one clause ("the" opens no clause of its own): the held decode's to judge
    "Stop. I'm going to bed.",  # a one-word clause says too little
    "Too loud for me, honestly.",  # no clause is a command word for word
    "The kids were too loud, at dinner.",
])
def test_a_clause_that_is_no_command_word_for_word_is_not_read(said):
    assert command_in_clause(GRAPH, said, free_mean=-0.2) is None


def test_a_clause_is_read_without_its_skip_words_and_only_when_the_model_was_sure():
    said = "Too loud please, the baby's asleep."
    assert command_in_clause(GRAPH, said, free_mean=-0.2) is None
    assert command_in_clause(GRAPH, said, free_mean=-0.2, skip=SkipWords.of(["please"])).sentence == "too loud"
    assert command_in_clause(GRAPH, "Too loud, the baby's asleep.", free_mean=-1.5) is None


def test_the_coach_grammar_holds_a_request_with_its_reason():
    templates = load_templates()
    found = command_in_clause(templates.automaton, "Bit slower, I can't keep up.", free_mean=-0.2,
                              skip=SkipWords.of(templates.intents.skip_words))
    assert found is not None and IntentParser(templates).parse(found.sentence).intent == "slower", found
