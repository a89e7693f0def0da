"""The grammar sentences nearest to a free transcript: the held decode's second way in."""

from __future__ import annotations

from voice_coach.hearing.whisper.nearest import nearest_sentences
from voice_coach.hearing.word_graph import word_graph
from voice_coach.intents.templates import load_templates

GRAPH = word_graph(["ow my calf", "ouch my calf", "my calf is cramping", "my foot is cramping", "stop", "stop it",
                    "no", "not now"])


def test_a_word_heard_a_little_wrong_is_found():
    assert set(nearest_sentences(GRAPH, ["oh", "my", "calf"], k=2)) == {"ow my calf", "ouch my calf"}  # a letter each
    assert nearest_sentences(GRAPH, ["my", "car", "is", "cramping"], k=1) == ["my calf is cramping"]


def test_nearest_first_and_each_once():
    found = nearest_sentences(GRAPH, ["stop"], k=3)
    assert found[0] == "stop" and len(found) == len(set(found)) == 3


def test_nothing_near_prose_or_silence():
    assert nearest_sentences(GRAPH, "the calf was born last spring on the farm".split(), k=2) == []
    assert nearest_sentences(GRAPH, [], k=2) == []


def test_on_the_coach_grammar_fast_enough_to_find_a_long_command():
    graph = load_templates().automaton
    assert nearest_sentences(graph, "i have a charlie horse in my toes".split(), k=1) == ["i have a charley horse in my toes"]
