"""The recognition benchmark's streams (voice_coach.bench.recognition.streams): seeded, labelled, made lazily."""

import itertools

import numpy as np
import pytest

from voice_coach.audio.mix import active_rms
from voice_coach.bench.corpus import speech_bounds
from voice_coach.bench.phrasebook import Phrasebook
from voice_coach.bench.recognition.streams import CONDITIONS, CorpusSettings, iter_streams
from voice_coach.intents.expand import expand
from voice_coach.intents.templates import load_templates

ARTICLES = ["Cramps often strike at night.", "Drink water through the day.", "Stretch your calves before bed.",
            "See a doctor if the leg swells."]
TINY = CorpusSettings(per_intent=1, phrases_per_intent=0, warnings=1, piper_speakers=1, espeak_speakers=1,
                      every_noise=True, article_step=1, noise_s=3.6, babble_s=4.0)


@pytest.fixture(scope="module")
def expanded():
    return list(expand(load_templates()))


def _first(n, expanded, settings=TINY, halves=("tune",)):
    return list(itertools.islice(iter_streams(settings, halves, expanded, Phrasebook(), ARTICLES), n))


def test_a_command_in_every_condition_by_each_family(expanded):
    streams = _first(2 * len(CONDITIONS), expanded)
    assert [s.info.condition for s in streams] == list(CONDITIONS) * 2
    assert [s.info.family for s in streams] == ["piper"] * len(CONDITIONS) + ["espeak"] * len(CONDITIONS)
    assert len({s.info.label for s in streams}) == 1 and streams[0].info.expect is not None
    clean, noisy = streams[0].audio, streams[len(CONDITIONS) - 1].audio  # clean, 6 dB babble
    assert clean.dtype == np.int16 and clean.size == noisy.size
    lo, hi = speech_bounds(clean)
    assert lo == pytest.approx(0.6, abs=0.1) and hi - lo > 0.3
    lead = noisy[: 8000].astype(np.float64)
    assert 20 * np.log10(active_rms(clean) / np.sqrt(np.mean(lead**2))) == pytest.approx(6, abs=3)


def test_same_settings_same_streams(expanded):
    a, b = _first(12, expanded), _first(12, expanded)
    assert [s.info for s in a] == [s.info for s in b]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.audio, y.audio)
    other = _first(12, expanded, CorpusSettings(**{**TINY.__dict__, "seed": 2}))
    assert [s.info.label for s in other] != [s.info.label for s in a] or not np.array_equal(other[5].audio, a[5].audio)


@pytest.mark.heavy
def test_rotating_noise_and_the_tail_of_the_corpus(expanded):
    settings = CorpusSettings(**{**TINY.__dict__, "every_noise": False})
    streams = list(iter_streams(settings, ("check",), expanded, Phrasebook(), ARTICLES))
    commands = [s for s in streams if s.info.source == "command"]
    assert {s.info.condition.split()[0] for s in commands} == {"clean", "20", "10", "6"}
    assert len({s.info.condition for s in commands}) == len(CONDITIONS)
    sources = {s.info.source for s in streams}
    assert sources == {"command", "warning", "article", "everyday", "testdata", "people", "noise"}
    assert all(s.info.half == "check" for s in streams)
    noise = [s for s in streams if s.info.source == "noise"]
    assert len(noise) == 9 and sum(s.audio.size for s in noise) == pytest.approx(1.8 * 16000, abs=9)
    people = [s for s in streams if s.info.source == "people"]
    assert 250 < len(people) < 430 and all(s.info.family == "human" for s in people)
