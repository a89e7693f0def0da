"""Fixtures for the speech tests: one real espeak-ng voice, routines rendered once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from voice_coach.speech.conductor import speak_timeline
from voice_coach.speech.sinks import WavSink
from voice_coach.speech.tts import Tts
from voice_coach.timing.timeline import Timeline


@dataclass(frozen=True)
class Rendered:
    """A timeline and the audio rendered from it on the audio clock."""

    timeline: Timeline
    """What was planned."""
    audio: np.ndarray
    """int16 mono samples at ``rate``."""
    rate: int
    """Samples per second."""

    def cut(self, start: float, end: float) -> np.ndarray:
        """Samples between two times (seconds), clipped to the audio."""
        return self.audio[max(0, round(start * self.rate)): max(0, round(end * self.rate))]


def render(timeline: Timeline, tts: Tts) -> Rendered:
    """``timeline`` spoken into memory by the real conductor and sink."""
    sink = WavSink(None, tts.sample_rate)
    speak_timeline(timeline, tts, sink, sink.clock)
    sink.close()
    return Rendered(timeline, sink.audio(), sink.rate)


def rms(samples: np.ndarray) -> float:
    """Root mean square of int16 samples, as a fraction of full scale."""
    if len(samples) == 0:
        return 0.0
    return float(np.sqrt(np.mean((samples.astype(np.float64) / 32768) ** 2)))


@pytest.fixture(scope="session")
def tts():
    """The real espeak-ng voice with default settings, shared (its cache makes later tests fast)."""
    with Tts() as voice:
        yield voice


@pytest.fixture(scope="session")
def rendered_routines(tts):
    """Every routine planned with default settings and rendered, by id."""
    from voice_coach.routines.loader import load_routines
    from voice_coach.timing.planner import PlanSettings, plan

    return {rid: render(plan(r, tts.seconds, PlanSettings()), tts) for rid, r in load_routines().items()}
