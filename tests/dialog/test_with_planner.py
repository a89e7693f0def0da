"""Every routine played whole by the dialog over the real routines and planner, with the tests' speech timer
(0.35 s a word; see tests/dialog/helpers.py)."""

from __future__ import annotations

import pytest

from voice_coach.dialog import Log, Say, State
from voice_coach.dialog.planning import routine_planner
from voice_coach.routines.model import ROUTINE_IDS

from tests.dialog.helpers import Convo, first_hold, make_ctx, says_of

CTX = make_ctx()
NIGHT_HOLD = first_hold("night_cramp").seconds
"""The night cramp's hold, as night_cramp.yaml gives it (30 s)."""


def started(intent: str, hour: float = 14.0, **slots: str) -> Convo:
    c = Convo(ctx=CTX)
    c.start(hour)
    c.hear(1.0, intent, **slots)
    return c


def play_out(c: Convo, limit: float = 1200.0) -> None:
    """Tick in 20 ms steps to the end, answering "yes" to every question."""
    while c.state.state is not State.IDLE and c.t < limit:
        c.until(c.t + 1.0)
        if c.state.state is State.ASKING:
            c.hear(c.t + 1.0, "yes")


def holds(c: Convo) -> list[tuple[float, float, float]]:
    """(start, end, planned length) of every hold, from the cue log lines."""
    starts = {log.data["hold"]: log for _, log in c.log if isinstance(log, Log) and log.type == "hold_start"}
    return [(starts[log.data["hold"]].t, log.t, starts[log.data["hold"]].data["duration"])
            for _, log in c.log if isinstance(log, Log) and log.type == "hold_end"]


@pytest.mark.parametrize("routine", ROUTINE_IDS)
def test_every_routine_plays_to_its_end_with_exact_holds(routine):
    c = started("start_routine", routine=routine)
    play_out(c)
    assert c.state.state is State.IDLE
    assert c.logs("routine")[-1].data["event"] == "finished"
    for start, end, planned in holds(c):
        assert end - start == pytest.approx(planned, abs=1e-6)
    ats = [s.at for s in c.says() if s.kind != "ack"]
    assert ats == sorted(ats)


def test_night_cramp_starts_at_once_and_checks_in_after_the_hold():
    c = started("cramp", hour=3.0, muscle="calf", side="left")
    first = c.says()[0 if c.says()[0].kind != "greeting" else 1]
    assert first.at == 1.0 and first.text == "I'm here. Let's ease it out together."
    while c.state.state is State.RUNNING and c.t < 120.0:
        c.until(c.t + 0.1)
    assert c.state.question is not None and c.says()[-1].text == "Is it easing?"
    texts = [s.text for s in c.says()]
    assert "Straighten your left leg." in texts and "knead" not in " ".join(texts).lower()
    ((start, end, planned),) = holds(c)
    assert NIGHT_HOLD == 30 and planned == NIGHT_HOLD and end - start == pytest.approx(NIGHT_HOLD)
    assert {s.rate for s in c.says()} == {0.85}


def test_pause_and_resume_in_a_real_hold():
    c = started("cramp", muscle="calf")
    while not c.logs("hold_start"):
        c.until(c.t + 0.02)
    planned_end = c.logs("hold_start")[0].t + NIGHT_HOLD
    c.until(c.t + 12.34)
    c.hear(c.t, "pause")
    c.until(c.t + 10.0)
    c.hear(c.t, "resume")
    c.until(planned_end + 11.0)
    (end,) = c.logs("hold_end")  # silent: the hold may go on, so "is it easing?" is said as it ends
    assert end.t == pytest.approx(planned_end + 10.0, abs=1e-3)


def test_slower_mid_routine_keeps_holds_and_slows_breaths():
    c = started("stretch", muscle="quad")
    c.until(30.0)
    c.hear(c.t, "slower")
    play_out(c)
    inhales = [log for log in c.logs("inhale")]
    before = [log.data["duration"] for log in inhales if log.t < 30.0]
    after = [log.data["duration"] for log in inhales if log.t > 40.0]
    assert before and after
    assert all(a == pytest.approx(before[0] * 1.25) for a in after)


def test_next_in_a_repetition_goes_to_the_next_repetition():
    c = started("cramp", muscle="hamstring")
    while len(c.logs("hold_start")) < 2:
        c.until(c.t + 0.1)
    said = says_of(c.hear(c.t + 2.0, "next"))
    assert said[0].kind == "rep" and said[0].text.lower().startswith("three")


def test_repeat_during_ankle_circles_says_the_instruction():
    c = started("start_routine", routine="bedtime")
    while not any("circle your ankles" in s.text for s in c.says()):
        c.until(c.t + 0.1)
    c.until(c.t + 5.0)
    (said,) = says_of(c.hear(c.t, "repeat"))
    assert said.text == "Gently circle your ankles."


def test_time_left_in_a_real_hold_mentions_both_numbers():
    c = started("cramp", muscle="calf")
    while not c.logs("hold_start"):
        c.until(c.t + 0.02)
    c.until(c.t + NIGHT_HOLD - 20.0)
    (said,) = says_of(c.hear(c.t, "time_left"))
    assert said.text.startswith("About 20 seconds in this hold")


def test_unknown_routine_in_the_planner_is_said_not_raised():
    ctx = make_ctx(plan=routine_planner({}, lambda text: 1.0))
    c = Convo(ctx=ctx)
    actions = c.hear(1.0, "start_routine", routine="bedtime")
    assert isinstance(says_of(actions)[0], Say) and "can't start" in says_of(actions)[0].text
