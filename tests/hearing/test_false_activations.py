"""The product's hearing bars on what is no command, and on real people, for the default engine.

No intent from the people reading in Debian's pocketsphinx-testdata, from
the two source articles read aloud, or from ten minutes of noise; real
people's one-word commands (the 680 Speech Commands clips in the shared test
data: 60 people a word) heard as meant, and their other words giving no
intent. Each bar is PRODUCT.md's or issue 14's; where the engine does not meet
it yet, the test is a strict xfail that says by how much (measured with
``python scripts/bench_recognition.py``), so a fix shows as an XPASS failure.
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
from voice_coach.hearing.select import make_recognizer
from voice_coach.intents.parse import IntentParser

TESTDATA = str(paths.POCKETSPHINX_TESTDATA)
PEOPLE = (paths.SHARED / "testdata" / "speech_commands", paths.SHARED / "testdata" / "speech_commands_extra")
"""The 12 and the 48 more people a word (and ``other/`` words), together 60 a word."""


@pytest.fixture(scope="module")
def parts():
    return make_recognizer(), IntentParser()


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
    found = sorted(glob.glob(os.path.join(TESTDATA, "librivox", "*.wav")))
    found += [os.path.join(TESTDATA, name) for name in ("goforward.raw", "numbers.raw", "something.raw")]
    return [p for p in found if os.path.exists(p)]


def test_the_recordings_are_there():
    assert len(human_recordings()) >= 7, "apt-get install pocketsphinx-testdata"
    for word in ("stop", "yes", "no", "left", "right", "go", "up", "down", "on", "off"):
        assert len(clips(word)) == 60, word
    assert len(clips("other")) == 80


@pytest.mark.parametrize("path", human_recordings(), ids=os.path.basename)
def test_human_recordings_give_no_intent(parts, path):
    assert heard_intents(parts, read(path)) == []


ARTICLES_ACTING = pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "measured 2 of the articles' sentences acting (2026-12-06, whisper, after the grammar widened; 4 before): "
    "the heading 'What Causes Leg Cramps?' as ask/causes (a question the coach does answer: only the busy-room "
    "rule can tell a radio from a person), and 'Sodium - Yes, even sodium.' as yes; on 2026-12-07's machine (an AMD "
    "EPYC with AVX-512) also the heading 'What causes leg cramp?' in en-gb-scotland, held as 'what causes these "
    "cramps' at confidence 0.59 (the free decode wrote 'What causes lead crump?')"))


@pytest.mark.heavy
@pytest.mark.parametrize("quarter", [pytest.param(0, marks=ARTICLES_ACTING), pytest.param(1, marks=ARTICLES_ACTING),
                                     pytest.param(2, marks=ARTICLES_ACTING), 3])
def test_every_sentence_of_both_articles_read_aloud_gives_no_intent(parts, quarter):
    """In four quarters (every fourth sentence from ``quarter`` on), so that the suite's workers share them."""
    sentences = article_sentences(paths.SEEDS)
    assert len(sentences) > 100
    found = []
    for n, sentence in enumerate(sentences):
        if n % 4 != quarter:
            continue
        voice = VOICES[n % 5]
        got = heard_intents(parts, pad(synthesize(sentence, voice, 165), 0.6, 0.6, rng=np.random.default_rng(n)))
        found += [(sentence, voice, g) for g in got]
    assert found == []


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


def clips(word: str) -> list[str]:
    return [p for folder in PEOPLE for p in sorted(glob.glob(os.path.join(folder, word, "*.wav")))]


COMMANDS = {"stop": ("stop", {}), "yes": ("yes", {}), "no": ("no", {}), "left": ("side", {"side": "left"}),
            "right": ("side", {"side": "right"})}
"""Words that are commands, and what each must be heard as."""
HEARD_BAR = 57
"""Of 60 people a word, at least this many heard as meant (issue 14: 95%)."""
QUIET_BAR = {"go": 57, "up": 57, "down": 57, "on": 57, "off": 57, "other": 78}
"""Of 60 people a word (80 for ``other/``), at least this many giving no intent (issue 14)."""


HEARD_MEASURED = {"left": 53, "right": 56, "stop": 55, "yes": 56}
"""Words below the bar, with what tests/hearing/test_false_activations.py measured on 2026-12-07 (whisper tiny.en,
the second look at the recording taken from 0.7): a strict xfail each, so that reaching the bar shows (no: 59/60,
meets it). "yes" was 57/60 on 2026-12-06's machine; on 2026-12-07's (an AMD EPYC with AVX-512) the same code heard
55: three people's "yes" held as "yes yes yes" and refused (the free decode wrote "here.", "Just", "S"), and in two
the endpointer finds no speech (one "yes" is cut off by the clip's end). The second look at 0.7 (0.9 before) took
one more "yes" and one more "stop"."""
QUIET_MEASURED: dict[str, int] = {}
"""Likewise for words that must give no intent: all meet the bar (go 60/60 since a bare "let's go" left the
grammar: 5 of 60 people's "go" were heard as it; down 58, off 60, on 60, up 60, other 78/80)."""


def _below_bar(words, measured: dict[str, int], of: str):
    return [pytest.param(w, marks=pytest.mark.xfail(strict=True, raises=AssertionError,
                                                   reason=f"measured {measured[w]}/{of}: below the bar"))
            if w in measured else w for w in sorted(words)]


@pytest.mark.heavy
@pytest.mark.parametrize("word", _below_bar(COMMANDS, HEARD_MEASURED, "60"))
def test_real_peoples_commands_are_heard_as_meant(parts, word):
    hits = sum(heard_intents(parts, read(p)) == [COMMANDS[word]] for p in clips(word))
    print(f"{word}: {hits}/60")
    assert hits >= HEARD_BAR


@pytest.mark.heavy
@pytest.mark.parametrize("word", _below_bar(QUIET_BAR, QUIET_MEASURED, "60"))
def test_real_peoples_other_words_give_no_intent(parts, word):
    quiet = sum(heard_intents(parts, read(p)) == [] for p in clips(word))
    print(f"{word}: {quiet}/{len(clips(word))} gave no intent")
    assert quiet >= QUIET_BAR[word]
