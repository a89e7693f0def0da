"""Your own words are heard: espeak-ng speaks them, PocketSphinx decodes them with the compiled grammar.

The recognizer integration (``recognize --templates``) adds confidence and
rejection on top; this checks the part the templates own: the grammar compiled
from a user file holds the new sentences, and the parser turns what the decoder
heard into the user's intent and slots.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voice_coach.hearing.pocketsphinx_engine import add_derived_words
from voice_coach.intents.cache import compiled_grammar
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.expand import vocabulary
from voice_coach.intents.templates import load_template_set

pocketsphinx = pytest.importorskip("pocketsphinx")
corpus = pytest.importorskip("voice_coach.bench.corpus")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE_COACH_CACHE", str(tmp_path / "cache"))


def hear(templates, text: str) -> str:
    decoder = pocketsphinx.Decoder(lm=None, cmn="batch", loglevel="FATAL")
    add_derived_words(decoder, vocabulary(templates))  # "foot's", "taurine": as the coach's engine does
    decoder.add_jsgf_string("command", compiled_grammar(templates))
    decoder.activate_search("command")
    audio = corpus.pad(corpus.synthesize(text), 0.4, 0.4)
    decoder.start_utt()
    decoder.process_raw(np.asarray(audio, dtype=np.int16).tobytes(), full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr if hyp is not None else ""


@pytest.mark.heavy
def test_a_user_phrasing_is_heard_as_cramp():
    mine = load_template_set(extra=DATA / "my_phrasings.yaml")
    heard = hear(mine, "my leg's gone again")
    assert heard == "my leg's gone again"
    assert IntentParser(mine).parse(heard) == IntentMatch("cramp", {"muscle": "leg"})
    assert hear(load_template_set(), "my leg's gone again") != "my leg's gone again"


@pytest.mark.heavy
@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("set a timer for twenty five minutes", "set_timer", {"minutes": "25"}),
        ("cancel the pasta timer", "cancel_timer", {"timer_name": "pasta"}),
    ],
)
def test_another_domain_is_heard_with_its_numbers(text, intent, slots):
    timer = load_template_set(only=DATA / "kitchen_timer.yaml")
    heard = hear(timer, text)
    assert IntentParser(timer).parse(heard) == IntentMatch(intent, slots), heard
