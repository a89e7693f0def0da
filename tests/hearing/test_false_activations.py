"""No intent from speech that is no command, nor from noise; the human Speech Commands clips.

Human recordings come from Debian's pocketsphinx-testdata and from the Speech
Commands clips in the shared test data (see its README); the source articles
are spoken by espeak-ng. Floors are set just under what was measured.
"""

from __future__ import annotations

import glob
import os
import wave

import numpy as np
import pytest

from tests import paths
from voice_coach.bench.corpus import VOICES, article_sentences, noise, pad, synthesize
from voice_coach.hearing.pipeline import Hearing
from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
from voice_coach.intents.parse import IntentParser

TESTDATA = str(paths.POCKETSPHINX_TESTDATA)
SEEDS = paths.SEEDS
SPEECH_COMMANDS = str(paths.SPEECH_COMMANDS)


@pytest.fixture(scope="module")
def parts():
    return PocketSphinxRecognizer.from_templates(), IntentParser()


def heard_intents(parts, samples: np.ndarray) -> list[tuple[str, dict]]:
    chunks = (samples[i:i + 1600] for i in range(0, samples.size, 1600))
    return [(h.intent, h.slots) for h in Hearing(*parts).process(chunks) if h.intent]


def read(path: str) -> np.ndarray:
    if path.endswith(".raw"):
        return np.fromfile(path, dtype=np.int16)
    with wave.open(path) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def human_recordings() -> list[str]:
    paths = sorted(glob.glob(os.path.join(TESTDATA, "librivox", "*.wav")))
    paths += [os.path.join(TESTDATA, name) for name in ("goforward.raw", "numbers.raw", "something.raw")]
    return [p for p in paths if os.path.exists(p)]


def test_pocketsphinx_testdata_is_installed():
    assert len(human_recordings()) >= 7, "apt-get install pocketsphinx-testdata"


@pytest.mark.parametrize("path", human_recordings(), ids=os.path.basename)
def test_human_recordings_give_no_intent(parts, path):
    assert heard_intents(parts, read(path)) == []


ARTICLE_CEILING = 15
"""Activations measured over every sentence of both articles (215, five voices); the product's bar is 0."""


@pytest.fixture(scope="module")
def article_activations(parts) -> list[tuple[str, str, tuple]]:
    sentences = article_sentences(SEEDS)
    assert len(sentences) > 100
    found = []
    for n, sentence in enumerate(sentences):
        voice = VOICES[n % 5]
        got = heard_intents(parts, pad(synthesize(sentence, voice, 165), 0.6, 0.6, rng=np.random.default_rng(n)))
        found += [(sentence, voice, g) for g in got]
    return found


@pytest.mark.heavy
def test_articles_read_aloud_stay_under_the_measured_ceiling(article_activations):
    for sentence, voice, got in article_activations:
        print(f"{voice}: {got} <- {sentence[:70]!r}")
    assert len(article_activations) <= ARTICLE_CEILING


@pytest.mark.heavy
@pytest.mark.xfail(reason="some article sentences decode into a command and pass both checks; see the README",
                   strict=False)
def test_every_sentence_of_both_articles_gives_no_intent(article_activations):
    assert article_activations == []


@pytest.mark.heavy
def test_ten_minutes_of_noise_give_no_intent(parts):
    rng = np.random.default_rng(7)
    found = []
    for minute in range(10):
        kind = ("white", "pink", "brown")[minute % 3]
        level = (100.0, 800.0, 4000.0)[minute % 3] * (1 + minute // 3)
        block = np.clip(noise(kind, 16000 * 60, rng) * level, -32768, 32767).astype(np.int16)
        found += heard_intents(parts, block)
    assert found == []


def clips(word: str) -> list[np.ndarray]:
    return [read(p) for p in sorted(glob.glob(os.path.join(SPEECH_COMMANDS, word, "*.wav")))]


# measured (12 clips a word, noise-suppressed audio and a second look): 10 each; floors one under
FLOORS = {"stop": ("stop", {}, 9), "yes": ("yes", {}, 9), "no": ("no", {}, 9),
          "left": ("side", {"side": "left"}, 9), "right": ("side", {"side": "right"}, 9)}
# measured activations (12 clips a word): go 3, up 6 (-> stop/no), down 1, on 6 (-> repeat), off 3.
# The product's bar is zero (see test_non_commands_target); these ceilings only keep it from getting worse.
CEILINGS = {"go": 3, "up": 6, "down": 1, "on": 6, "off": 3}


@pytest.mark.parametrize("word", sorted(FLOORS))
def test_speech_commands_words_give_their_intent(parts, word):
    intent, slots, floor = FLOORS[word]
    found = clips(word)
    assert len(found) == 12
    hits = sum(heard_intents(parts, c) == [(intent, slots)] for c in found)
    print(f"{word}: {hits}/12")
    assert hits >= floor


@pytest.mark.parametrize("word", sorted(CEILINGS))
def test_speech_commands_non_commands_stay_under_the_measured_ceiling(parts, word):
    found = clips(word)
    assert len(found) == 12
    activations = sum(len(heard_intents(parts, c)) for c in found)
    print(f"{word}: {activations} activations in 12 clips")
    assert activations <= CEILINGS[word]


@pytest.mark.xfail(reason="PocketSphinx's English model confuses the lone words up/on/go with short commands "
                          "('stop', 'repeat'); see the benchmark table in the README", strict=False)
def test_non_commands_target(parts):
    assert sum(len(heard_intents(parts, c)) for w in CEILINGS for c in clips(w)) == 0
