"""A fragment of speech is no command, unless the coach's own echo muting is what made it short.

Live on CI, 0.12 s of audio just after "my calf is cramping" decoded as
"pause it" at confidence 0.86, and the routine paused before it had begun.
Utterances under ``AdmissionSettings.min_speech_s`` are refused for that. Over
the coach's voice, though, the residual-echo muting takes the weak "s" off a
person's "stop" and leaves 0.12-0.24 s (tests/session/test_scenarios.py
measures twelve real people): a short command right after muted chunks is
taken. The real dialog, voice, speexdsp canceller and suppressor run here; the
hearing is a fake, so the fragment's length is exact.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.session.test_core_clock import NoHearingFake
from voice_coach.hearing.result import Recognition
from voice_coach.session.build import build_context, build_voice
from voice_coach.dialog.admission import AdmissionSettings
from voice_coach.session.core import CoachCore
from voice_coach.session.echo import EchoCanceller
from voice_coach.session.track import PlaybackTrack
from voice_coach.settings import Settings

CHUNK = 320
"""Samples per step: 20 ms at 16 kHz, as the session feeds the core."""


@pytest.fixture(scope="module")
def voice():
    return build_voice(Settings())


def running_routine(voice, canceller: EchoCanceller | None = None) -> tuple[CoachCore, list[dict]]:
    """A core whose night cramp routine started at 1.0 s."""
    events: list[dict] = []
    core = CoachCore(build_context(Settings(), voice), NoHearingFake(), voice, PlaybackTrack(16000), events.append,
                     canceller=canceller)
    core.start(0.0, 12.0)
    core.on_heard(Recognition(0.2, 1.0, "my calf is cramping", "cramp", {"muscle": "calf"}, 0.99), 1.0)
    return core, events


def feed(core: CoachCore, start: float, end: float, echo: bool, rng: np.random.Generator) -> None:
    """Chunks from ``start`` to ``end`` s: silence, or the coach playing noise heard back at 0.7, 10 ms late."""
    t = start
    previous = np.zeros(CHUNK, np.int16)
    while t < end - 1e-9:
        t = round(t + 0.02, 3)
        played = (rng.standard_normal(CHUNK) * 3000).astype(np.int16) if echo else np.zeros(CHUNK, np.int16)
        heard = np.concatenate([previous[-160:], played[:-160]])
        core.process(np.round(0.7 * heard).astype(np.int16), played, t)
        previous = played


def paused(events: list[dict]) -> bool:
    return any(e["type"] == "routine" and e["event"] == "paused" for e in events)


@pytest.mark.parametrize("length", [0.12, 0.3])
def test_a_fragment_is_no_command_and_the_same_words_said_in_full_are(voice, length):
    core, events = running_routine(voice)
    feed(core, 1.0, 1.6, echo=False, rng=np.random.default_rng(0))
    core.on_heard(Recognition(1.39, 1.39 + length, "pause it", "pause", {}, 0.86), 1.68)
    assert paused(events) == (length >= AdmissionSettings().min_speech_s), events[-3:]


def test_a_short_command_right_after_the_muting_took_the_coachs_echo_is_taken(voice):
    core, events = running_routine(voice, EchoCanceller())
    rng = np.random.default_rng(1)
    feed(core, 1.0, 4.0, echo=True, rng=rng)  # 3 s of the coach's voice: the canceller converges, echo is muted
    assert core._energy.muted_between(4.0, 4.0 - 0.02), "the muting must have taken the echo's end"
    feed(core, 4.0, 4.4, echo=False, rng=rng)
    core.on_heard(Recognition(4.06, 4.18, "stop", "stop", {}, 0.95), 4.4)
    stopped = [e for e in events if e["type"] == "routine" and e["event"] == "stopped"]
    assert stopped, [e for e in events if e["type"] == "utterance"]


def test_the_same_short_command_long_after_the_muting_is_a_fragment(voice):
    core, events = running_routine(voice, EchoCanceller())
    rng = np.random.default_rng(1)
    feed(core, 1.0, 4.0, echo=True, rng=rng)
    feed(core, 4.0, 5.4, echo=False, rng=rng)
    core.on_heard(Recognition(5.06, 5.18, "stop", "stop", {}, 0.95), 5.4)
    assert not [e for e in events if e["type"] == "routine" and e["event"] == "stopped"]
