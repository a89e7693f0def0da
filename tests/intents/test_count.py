"""Counting sentences from the template structure, and sampling them at random."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from voice_coach.intents.count import count_sentences, sentence_counts
from voice_coach.intents.expand import expand
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.sample import sample_sentences
from voice_coach.intents.templates import load_template_set, load_templates

DATA = Path(__file__).parent / "data"

SMALL = """\
language: en
lists:
  color:
    values: [red, {in: "(dark|deep) blue", out: blue}, {in: "[light] green", out: green}]
  n:
    range: {from: 1, to: 12, step: 1}
expansion_rules:
  please: "[please]"
  thing: "(lamp|light [bulb])"
intents:
  a:
    data:
      - sentences:
          - "SENTENCE"
"""

TEMPLATES = [
    "make it {color}",
    "[please] make [the] <thing> {color} <please>",
    "(a|b|c) [d|e] (f;g;h)",
    "(one;two [three]) {n} times",
    "(x|y [z (u|v)]) [w] {color} {n}",
    "set (<thing>|{color} <thing>) [to] [{n}]",
]


def small(tmp_path: Path, sentence: str):
    path = tmp_path / "t.yaml"
    path.write_text(SMALL.replace("SENTENCE", sentence), encoding="utf-8")
    return load_templates(path)


@pytest.mark.parametrize("sentence", TEMPLATES)
def test_count_equals_expansion_on_small_sets(tmp_path, sentence):
    templates = small(tmp_path, sentence)
    assert count_sentences(templates) == len(list(expand(templates)))


def test_count_equals_expansion_on_the_built_in_set(templates, expansions):
    assert count_sentences(templates) == len(expansions) > 4000
    per_intent = Counter(intent for _, intent, _ in expansions)
    assert sentence_counts(templates) == {name: per_intent[name] for name in templates.intent_names}


@pytest.mark.parametrize("only, extra", [(None, DATA / "my_phrasings.yaml"), (DATA / "kitchen_timer.yaml", None)])
def test_count_equals_expansion_on_user_sets(only, extra):
    templates = load_template_set(extra=extra, only=only)
    assert count_sentences(templates) == len(list(expand(templates)))


def test_permutations_count_every_order(tmp_path):
    assert count_sentences(small(tmp_path, "(a;b;c;d)")) == 24
    assert count_sentences(small(tmp_path, "({color};{n})")) == 2 * 5 * 12  # {color}: red, 2 blues, 2 greens


@pytest.mark.parametrize("sentence", TEMPLATES)
def test_samples_are_sentences_the_templates_expand_to(tmp_path, sentence):
    templates = small(tmp_path, sentence)
    expanded = {(text, intent, tuple(sorted(slots.items()))) for text, intent, slots in expand(templates)}
    for text, intent, slots in sample_sentences(templates, 50, random.Random(3)):
        assert (text, intent, tuple(sorted(slots.items()))) in expanded


def test_samples_parse_back_on_the_built_in_set(templates, parser):
    for text, intent, slots in sample_sentences(templates, 300, random.Random(0)):
        assert parser.parse(text) == IntentMatch(intent, slots), text


def test_sampling_is_seeded_and_uniform_over_sentences(tmp_path):
    templates = small(tmp_path, "(go|{n} {color} (lamp|light))")  # 1 + 12 x 5 x 2 = 121 sentences
    assert count_sentences(templates) == 121
    first = sample_sentences(templates, 2000, random.Random(5))
    assert first == sample_sentences(templates, 2000, random.Random(5))
    go = sum(text == "go" for text, _, _ in first)
    assert 4 <= go <= 40  # uniform: about 2000 / 121 = 17; a coin per branch would give about 1000


def test_sampling_nothing(templates):
    assert sample_sentences(templates, 0, random.Random(0)) == []
