"""The word automaton compiled from the templates' structure accepts exactly what they expand to."""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import pytest

from voice_coach.intents.automaton import compile_automaton
from voice_coach.intents.count import count_sentences
from voice_coach.intents.expand import expand, vocabulary
from voice_coach.intents.sample import sample_sentences
from voice_coach.intents.templates import load_template_set, load_templates

DATA = Path(__file__).parent / "data"
SETS = {
    "built-in": {},
    "built-in + mine": {"extra": DATA / "my_phrasings.yaml"},
    "kitchen timer": {"only": DATA / "kitchen_timer.yaml"},
}


@pytest.fixture(scope="module", params=list(SETS))
def loaded(request):
    templates = load_template_set(**SETS[request.param])
    return templates, {text for text, _, _ in expand(templates)}


def near_misses(sentence: str, vocabulary: list[str], rng: random.Random) -> list[str]:
    """Sentences one edit away: a word dropped, added, replaced, or two swapped."""
    words = sentence.split()
    i = rng.randrange(len(words))
    other = rng.choice(vocabulary)
    misses = [words[:i] + words[i + 1:], words[:i] + [other] + words[i:], words[:i] + [other] + words[i + 1:],
              words + [other], [other] + words]
    if len(words) > 1:
        j = min(i + 1, len(words) - 1) if i < len(words) - 1 else i - 1
        swapped = list(words)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        misses.append(swapped)
    return [" ".join(m) for m in misses if m]


def test_it_accepts_every_expanded_sentence_and_nothing_else(loaded):
    templates, sentences = loaded
    graph = templates.automaton
    listed = set(graph.sentences())
    # A few of each difference, not the sets: pytest would print hundreds of thousands of sentences.
    assert (sorted(listed - sentences)[:5], sorted(sentences - listed)[:5]) == ([], [])
    assert all(graph.accepts(text) for text in sentences)


def test_near_misses_are_accepted_only_when_they_are_sentences_too(loaded):
    templates, sentences = loaded
    graph = templates.automaton
    words = sorted(vocabulary(templates)) + ["zebra"]
    rng = random.Random(4)
    for text in rng.sample(sorted(sentences), 400):
        for miss in near_misses(text, words, rng):
            expected = miss in sentences  # outside the assert: pytest would print the whole set on a failure
            assert graph.accepts(miss) == expected, miss


def test_counting_its_paths_gives_the_structural_count(loaded):
    """One path a distinct sentence; the structural count counts a sentence once per template that says it
    (a user's file may repeat one of the built-in set), so it is the bound."""
    templates, sentences = loaded
    graph = templates.automaton
    assert graph.deterministic
    assert graph.count_paths() == len(sentences) <= count_sentences(templates)


def test_it_is_the_minimal_automaton_and_small(loaded):
    templates, sentences = loaded
    from voice_coach.hearing.word_graph import word_graph

    listed = word_graph(sentences)  # the minimal DAWG of the listed sentences
    graph = templates.automaton
    assert (graph.n_states, len(graph.edges)) == (listed.n_states, len(listed.edges))
    assert graph.n_states < len(sentences) / 10


def test_huge_set_is_compiled_without_listing_it():
    templates = load_template_set(only=DATA / "huge_set.yaml")
    started = time.process_time()
    graph = compile_automaton(templates)
    assert time.process_time() - started < 2.0  # measured 0.01 s
    assert graph.count_paths() == count_sentences(templates) > 10**7
    for text, _, _ in sample_sentences(templates, 300, random.Random(2)):
        assert graph.accepts(text)
        assert not graph.accepts(text + " please please")


def test_outgoing_edges_lead_through_a_sentence(templates):
    graph = templates.automaton
    state = graph.start
    for word in "my calf is cramping".split():
        [state] = [dst for w, dst in graph.outgoing(state) if w == word]
    assert state in graph.finals
    assert graph.step({graph.start}, "my") and not graph.step({graph.start}, "zebra")


def test_a_permutation_of_k_items_costs_about_2_to_the_k(tmp_path):
    """8 items are 40,320 orders; one state per set of items placed keeps the work near 8 * 2^7 item copies."""
    items = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    path = tmp_path / "p.yaml"
    path.write_text('language: en\nintents:\n  p:\n    data:\n      - sentences: ["go (' + ";".join(items) + ')"]\n')
    templates = load_templates(path)
    started = time.process_time()
    graph = compile_automaton(templates)
    assert time.process_time() - started < 2.0  # measured 0.05 s
    assert graph.count_paths() == math.factorial(8) == count_sentences(templates)
    assert graph.n_states == 2**8 + 1  # after "go": one state per set of items placed
    assert graph.accepts("go hotel golf foxtrot echo delta charlie bravo alpha")
    assert not graph.accepts("go hotel golf foxtrot echo delta charlie bravo bravo")


def test_optional_permutation_items_share_sub_automata(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text('language: en\nlists:\n  size: {values: [small, large]}\n  kind: {values: [iced, hot]}\n'
                    'intents:\n  order:\n    data:\n      - sentences: ["([{size}];[{kind}];[with milk]) coffee"]\n')
    templates = load_templates(path)
    graph = templates.automaton
    assert set(graph.sentences()) == {text for text, _, _ in expand(templates)}
    assert graph.accepts("with milk large coffee") and graph.accepts("coffee")
    assert not graph.accepts("large large coffee")
    nfa = compile_automaton(templates, budget=None)
    assert set(nfa.sentences()) == set(graph.sentences())


def test_without_determinizing_it_stays_correct(templates):
    nfa = compile_automaton(templates, budget=None)
    sentences = {text for text, _, _ in expand(templates)}
    assert set(nfa.sentences()) == sentences
