"""Every file hassil reads loads, as in Home Assistant, and means what it means to hassil.

``data/home_assistant.yaml`` is written the way Home Assistant's intent files
are. Each sentence below is recognized by hassil itself (``hassil.recognize``
on the file as hassil loads it) and by ``voice-coach parse --templates-only``:
same intent, same slots. One difference is deliberate: hassil strips
punctuation from what it hears but not from its templates, so a template
ending in "?" or "!" never matches in hassil; the coach normalizes both sides
("Unlock <name>!" is heard as "unlock the front door"). The hassil reference
is therefore the file with its templates' punctuation removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hassil.intents import Intents
from hassil.recognize import recognize

from voice_coach.intents.expand import expand
from voice_coach.intents.normalize import words
from voice_coach.intents.templates import load_template_set

from tests.property.helpers import run

FILE = Path(__file__).parent / "data" / "home_assistant.yaml"

SAID = [
    "Turn on the Kitchen Light",
    "switch the coffee machine on",
    "turn on the air-conditioner",
    "Unlock the Front Door",
    "turn off the desk lamp",
    "turn on all the lights in the kitchen",
    "switch on the living room lamps",
    "turn on Mike's office light",
    "set the desk lamp to seventy percent",
    "Set the kitchen light brightness to one hundred",
    "dim the desk lamp to fifty percent please",
    "set the temperature to seventy two degrees Fahrenheit",
    "set the kitchen temperature to twenty degrees",
    "What's the state of the front door",
    "is the kitchen light on",
    "add oat milk to my shopping list",
    "never mind",
    "cancel that",
]
"""Sentences of the file: each means one thing to hassil."""

NOTHING = [
    "turn on the front door",  # requires_context domain light/switch: the lock's value is not taken
    "turn off the front door",  # excludes_context domain lock
    "set the coffee machine to fifty percent",  # requires domain light
    "set the kitchen temperature to seventy degrees",  # the block's own {temperature} is 15-30
    "is the coffee machine on",  # excludes domain switch
    "pause the music",  # requires an area no list value supplies: the coach gives no context
    "turn the kitchen on",
]
"""Sentences hassil (without a context, as the coach runs it) matches to nothing."""


@pytest.fixture(scope="module")
def hassil_intents() -> Intents:
    """The file as hassil loads it, its templates' punctuation removed (see the module docstring)."""
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    for intent in data["intents"].values():
        for block in intent["data"]:
            block["sentences"] = [re.sub(r"[?!.,]", "", text) for text in block["sentences"]]
    return Intents.from_dict(data)


@pytest.fixture(scope="module")
def templates():
    return load_template_set(only=FILE)


def hassil_says(text: str, intents: Intents, **context):
    result = recognize(text, intents, intent_context=context or None)
    return None if result is None else (result.intent.name, {k: str(e.value) for k, e in result.entities.items()})


def coach_says(text: str):
    code, out, err = run(["parse", "--templates-only", str(FILE), "--json", text])
    assert code == 0 and err == "", err
    heard = json.loads(out)
    return None if heard["intent"] is None else (heard["intent"], heard["slots"])


@pytest.mark.parametrize("text", SAID)
def test_hassil_and_the_coach_read_each_sentence_alike(hassil_intents, templates, text):
    expected = hassil_says(text, hassil_intents)
    assert expected is not None
    assert coach_says(text) == expected
    typed_only = expected[0] == "HassShoppingListAddItem"  # a wildcard: matched in text, never heard
    assert templates.automaton.accepts(words(text)) != typed_only


@pytest.mark.parametrize("text", NOTHING)
def test_what_hassil_rejects_the_coach_rejects_and_never_hears(hassil_intents, templates, text):
    assert hassil_says(text, hassil_intents) is None
    assert coach_says(text) is None
    assert not templates.automaton.accepts(words(text))


def test_a_context_no_value_supplies_is_never_there(hassil_intents, templates):
    """The coach gives hassil no context (no area, no device): a block that requires one no list value
    supplies matches nothing, as hassil without a context; with one, hassil would match it."""
    assert hassil_says("pause the music", hassil_intents, area="Kitchen") == ("HassMediaPause", {})
    assert hassil_says("pause the music", hassil_intents) is None
    assert "HassMediaPause" not in {intent for _, intent, _ in expand(templates)}


def test_punctuation_in_templates_is_normalized(templates):
    """hassil itself never matches "Unlock <name>!" (it strips the "!" from what it hears only)."""
    raw = Intents.from_dict(yaml.safe_load(FILE.read_text(encoding="utf-8")))
    assert hassil_says("Unlock the Front Door!", raw) is None
    assert coach_says("Unlock the Front Door!") == ("HassTurnOn", {"name": "lock.front", "domain": "lock"})
    assert templates.automaton.accepts("dim the desk lamp to fifty percent please")


def test_every_sentence_it_can_hear_is_read_back(templates):
    """Generate, then check, on the whole file (the coach's parser is hassil on normalized text). A sentence
    two templates read ("turn on the kitchen light": a name, or an area's lights) gets hassil's first reading."""
    from collections import defaultdict

    from voice_coach.intents.parse import IntentParser
    from voice_coach.intents.result import IntentMatch

    parser = IntentParser(templates)
    readings = defaultdict(list)
    for text, intent, slots in expand(templates):
        readings[text].append(IntentMatch(intent, slots))
    assert len(readings) > 500
    assert set(readings) == set(templates.automaton.sentences())
    assert [text for text, found in readings.items() if parser.parse(text) not in found] == []
    assert [text for text, found in readings.items() if len(found) == 1 and parser.parse(text) != found[0]] == []


def test_skip_words_are_for_typed_text(tmp_path):
    """hassil drops skip words from what it reads; the speech grammars hold only the templates' sentences."""
    from voice_coach.intents.parse import IntentParser

    path = tmp_path / "skip.yaml"
    path.write_text('language: en\nskip_words: ["please", "can you"]\n'
                    'intents:\n  stop:\n    data:\n      - sentences: ["stop [the] music"]\n', encoding="utf-8")
    templates = load_template_set(only=path)
    parser = IntentParser(templates)
    for text in ("stop the music", "please stop the music", "can you stop music please"):
        assert parser.parse(text) is not None and parser.parse(text).intent == "stop"
        assert recognize(text, templates.intents) is not None
    assert set(templates.automaton.sentences()) == {"stop the music", "stop music"}
