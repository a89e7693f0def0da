"""Live, the coach acts when its work is done: a slow decode or a cold plan does not cut its own answer short.

The session from a file runs on the audio clock, where work takes no time.
Live, deciding takes wall time: a decode (160-350 ms) and, the first time a
routine is planned, rendering its lines (0.5-0.8 s). The answer then starts
that much later than the time the plan was made for, and the routine's next
instruction, due on the old plan, used to cut the answer off (CI heard
"let's ... out together" with words gone). Here a stepped clock stands in for
the wall clock, so the test is exact; the real voice, planner and dialog run.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from voice_coach.dialog import Say
from voice_coach.hearing.result import Recognition
from voice_coach.session.build import build_context, build_voice
from voice_coach.session.core import CoachCore
from voice_coach.session.track import PlaybackTrack
from voice_coach.settings import Settings

COLD_PLAN_S = 0.6
"""Wall seconds the first plan of a routine takes here (as measured live with an empty line cache)."""


class SteppedClockFake:
    """A monotonic clock that moves only when told (the wall clock, without the waiting)."""

    def __init__(self, t: float) -> None:
        self.t = t

    def now(self) -> float:
        return self.t


class NoHearingFake:
    """The hearing pipeline where no one speaks: the commands come through ``on_heard`` directly."""

    def feed(self, chunk: np.ndarray) -> list:
        return []


@pytest.fixture(scope="module")
def voice():
    return build_voice(Settings())


def coach(voice, clock: SteppedClockFake | None) -> tuple[CoachCore, list[dict]]:
    """A core whose planner takes ``COLD_PLAN_S`` of the clock's time for each plan, as a cold one does live."""
    context = build_context(Settings(), voice)
    real_plan = context.plan

    def slow_plan(request):
        if clock is not None:
            clock.t += COLD_PLAN_S
        return real_plan(request)

    events: list[dict] = []
    core = CoachCore(dataclasses.replace(context, plan=slow_plan), NoHearingFake(), voice, PlaybackTrack(16000),
                     events.append, clock=clock)
    return core, events


def calf_cramp(core: CoachCore, clock: SteppedClockFake | None, at: float) -> None:
    """Say "my calf is cramping" ending at ``at`` s, then run 12 s of chunks on the clock."""
    if clock is not None:
        clock.t = 100.0 + at
    core.on_heard(Recognition(at - 1.0, at, "my calf is cramping", "cramp", {"muscle": "calf"}, 0.99), at)
    t = at
    silence = np.zeros(320, np.int16)
    while t < at + 12.0:
        t = round(t + 0.02, 3)
        if clock is not None:
            clock.t = max(clock.t, 100.0 + t)
        core.process(silence, silence, t)


def said(events: list[dict], after: float) -> list[dict]:
    return [e for e in events if e["type"] == "say" and e["t"] >= after]


def test_a_slow_plan_moves_the_answer_and_the_routine_together(voice):
    # The control: on the audio clock the plan takes no time.
    audio_core, audio_events = coach(voice, None)
    audio_core.start(0.0, 12.0)
    calf_cramp(audio_core, None, 5.0)
    answer, instruction = said(audio_events, 5.0)[:2]
    assert answer["t"] == 5.0
    gap = instruction["t"] - answer["t"]
    length = len(voice.sound(Say(answer["text"], "say", rate=answer["rate"]))) / 16000
    assert length < gap, "the plan must leave room for its own first line"

    clock = SteppedClockFake(100.0)
    live_core, live_events = coach(voice, clock)
    live_core.start(0.0, 12.0)
    calf_cramp(live_core, clock, 5.0)
    live_answer, live_instruction = said(live_events, 5.0)[:2]
    # The answer is logged when it really starts: after the plan that took its time, taken again warm.
    assert live_answer["t"] == pytest.approx(5.0 + COLD_PLAN_S, abs=0.001)
    assert (live_answer["text"], live_instruction["text"]) == (answer["text"], instruction["text"])
    # And the next instruction keeps its distance from it: the answer is not cut off.
    assert live_instruction["t"] - live_answer["t"] == pytest.approx(gap, abs=0.021)
    started = [e for e in live_events if e["type"] == "routine" and e["event"] == "started"]
    assert [e["t"] for e in started] == [live_answer["t"]]


def test_a_slow_decode_is_answered_when_it_is_done(voice):
    """``process`` re-reads the clock after the hearing: what is heard is acted on at that time, not before."""
    clock = SteppedClockFake(100.0)
    core, events = coach(voice, clock)
    core.start(0.0, 12.0)

    class SlowDecodeFake:
        """One utterance, whose decode takes 0.3 s of the clock."""

        def __init__(self):
            self.pending = [Recognition(2.0, 3.0, "what can i say", "help", {}, 0.99)]

        def feed(self, chunk):
            out, self.pending = self.pending, []
            if out:
                clock.t += 0.3
            return out

    core.hearing = SlowDecodeFake()
    clock.t = 103.2
    core.process(np.zeros(320, np.int16), np.zeros(320, np.int16), 3.2)
    (utterance,) = [e for e in events if e["type"] == "utterance"]
    assert utterance["t"] == pytest.approx(3.5)
    (answer,) = said(events, 3.2)
    assert answer["t"] == pytest.approx(3.5)
