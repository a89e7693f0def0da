"""A routine playing inside the pure step: timing, pause, stop, next, pace, repeat."""

from __future__ import annotations

import pytest

from voice_coach.dialog import PlanRequest, Say, State, StopSpeaking, Tick
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import HOLD, Convo, fake_timeline, says_of

PLAN = fake_timeline(PlanRequest("night_cramp", None, 1.0, 1.0))
HOLD_START = next(c for c in PLAN.cues if c.kind is CueKind.HOLD_START).offset
T0 = 1.0  # when the person says "my calf is cramping"


def cramping() -> Convo:
    c = Convo()
    c.start(14.0)
    c.hear(T0, "cramp", muscle="calf")
    return c


def cue_says(c: Convo, kind: str) -> list[tuple[float, Say]]:
    return [(t, a) for t, a in c.log if isinstance(a, Say) and a.kind == kind]


def test_first_instruction_is_said_at_once():
    c = Convo()
    c.start(14.0)
    actions = c.hear(T0, "cramp", muscle="calf")
    first = says_of(actions)[0]
    assert first.at == T0 and first.text == PLAN.cues[0].text
    assert c.state.state is State.RUNNING and c.state.run.routine_id == "night_cramp"
    assert any(getattr(a, "type", "") == "routine" and a.data["event"] == "started" for a in actions)


def test_counts_come_at_their_ticks_in_order():
    c = cramping()
    c.until(T0 + HOLD_START + HOLD + 0.5)
    counts = cue_says(c, "count")
    assert [s.text for _, s in counts] == [str(n) for n in range(1, int(HOLD))]
    for n, (tick, say) in enumerate(counts, start=1):
        assert say.at == pytest.approx(T0 + HOLD_START + n, abs=1e-9)
        assert 0 <= tick - say.at < 0.02 + 1e-9  # emitted on the first tick at or after its deadline
    (tick, end), = cue_says(c, "hold_end")
    assert end.at - says_of([a for _, a in cue_says(c, "hold_start")])[0].at == pytest.approx(HOLD, abs=1e-9)


def test_late_cues_come_one_by_one_in_order():
    c = cramping()
    actions = c.send(Tick(T0 + HOLD_START + 4.5))  # a long gap: the hold start and four counts are late
    said = [(s.kind, s.text) for s in says_of(actions)]
    assert said == [("say", PLAN.cues[1].text), ("hold_start", "And hold."), ("count", "1"), ("count", "2"),
                    ("count", "3"), ("count", "4")]
    ats = [s.at for s in says_of(actions)]
    assert ats == sorted(ats) and len(set(ats)) == len(ats)


def test_pause_mid_hold_then_resume_keeps_the_hold_remaining_time():
    c = cramping()
    planned_end = T0 + HOLD_START + HOLD
    c.until(T0 + HOLD_START + 3.3)
    paused = c.hear(c.t, "pause")
    assert isinstance(paused[1], StopSpeaking) and c.state.state is State.PAUSED
    assert c.until(c.t + 10.0) == []  # nothing said while paused
    c.hear(c.t, "resume")
    c.until(planned_end + 10.5)
    (_, end), = cue_says(c, "hold_end")
    assert end.at == pytest.approx(planned_end + 10.0, abs=1e-3)
    assert [s.text for _, s in cue_says(c, "count")] == [str(n) for n in range(1, int(HOLD))]


def test_stop_ends_the_run_and_nothing_more_is_said():
    c = cramping()
    c.until(T0 + HOLD_START + 2)
    actions = c.hear(c.t, "stop")
    assert isinstance(actions[1], StopSpeaking)
    assert c.state.state is State.IDLE and c.state.run is None
    mark = len(c.log)
    c.until(c.t + 60)
    assert c.says(mark) == []
    assert c.logs("routine")[-1].data["event"] == "stopped"


def test_routine_finishes_and_goes_idle():
    c = Convo()
    c.start(14.0)
    c.hear(T0, "stretch", muscle="calf")
    c.until(T0 + fake_timeline(PlanRequest("yoga_calves", None, 1.0, 1.0)).length + 0.1)
    assert c.state.state is State.IDLE
    assert c.logs("routine")[-1].data["event"] == "finished"
    assert c.logs("end")


def test_slower_never_changes_a_hold_but_slows_what_follows():
    c = cramping()
    c.until(T0 + HOLD_START + 2.5)
    c.hear(c.t, "slower")
    assert c.state.settings.pace == pytest.approx(1.25)
    c.until(T0 + 60)
    (_, start), = cue_says(c, "hold_start")
    (_, end), = cue_says(c, "hold_end")
    assert end.at - start.at == pytest.approx(HOLD, abs=1e-9)
    assert [s.text for _, s in cue_says(c, "count")] == [str(n) for n in range(1, int(HOLD))]
    slower = [s for s in c.says() if s.kind == "ack"][-1]
    assert slower.rate == pytest.approx(0.8)


def test_slower_before_a_hold_stretches_the_gap_to_it():
    c = cramping()
    c.hear(T0 + 0.1, "slower")
    c.until(T0 + 30)
    (_, start), = cue_says(c, "hold_start")
    slow = fake_timeline(PlanRequest("night_cramp", None, 1.25, 0.8))
    # anchored on the first line (said at T0); what follows takes the slower spacing
    assert start.at == pytest.approx(T0 + next(c.offset for c in slow.cues if c.kind is CueKind.HOLD_START))


def test_pace_is_clamped():
    c = Convo()
    c.start(14.0)
    for n in range(6):
        c.hear(1.0 + n, "slower")
    assert c.state.settings.pace == pytest.approx(2.0)
    assert "as slow as I go" in c.says()[-1].text
    for n in range(9):
        c.hear(10.0 + n, "faster")
    assert c.state.settings.pace == pytest.approx(0.5)


def test_repeat_gives_the_last_instruction_not_the_last_count():
    c = cramping()
    c.until(T0 + HOLD_START + 4.5)
    said = says_of(c.hear(c.t, "repeat"))
    assert [s.text for s in said] == ["Straighten your leg and pull your toes up."]
    assert c.state.state is State.RUNNING


def test_next_skips_the_rest_of_the_hold():
    c = cramping()
    c.until(T0 + HOLD_START + 2.5)
    actions = c.hear(c.t, "next")
    assert isinstance(actions[1], StopSpeaking)
    assert says_of(actions)[-1].text == "Is it easing?"
    assert c.state.state is State.ASKING


def test_time_left_in_a_hold():
    c = cramping()
    c.until(T0 + HOLD_START + 2.0)
    text = says_of(c.hear(c.t, "time_left"))[0].text
    assert text.startswith("About 8 seconds in this hold")


def test_time_left_while_paused_freezes():
    c = cramping()
    c.until(T0 + HOLD_START + 2.0)
    c.hear(c.t, "pause")
    c.until(c.t + 30)
    assert says_of(c.hear(c.t, "time_left"))[0].text.startswith("About 8 seconds in this hold")


def test_louder_and_quieter_step_and_clamp():
    c = Convo()
    c.start(14.0)
    assert says_of(c.hear(1.0, "louder"))[0].volume == pytest.approx(1.0)
    assert "as loud as I go" in says_of(c.hear(2.0, "louder"))[0].text
    volumes = [says_of(c.hear(3.0 + n, "quieter"))[0].volume for n in range(5)]
    assert volumes == pytest.approx([0.8, 0.6, 0.4, 0.2, 0.2])
    assert "as quiet as I go" in c.says()[-1].text


def test_planner_failure_is_said_not_raised():
    from tests.dialog.helpers import failing_plan, make_ctx

    c = Convo(ctx=make_ctx(plan=failing_plan))
    c.start(14.0)
    actions = c.hear(1.0, "stretch", muscle="calf")
    assert "can't start" in says_of(actions)[0].text
    assert c.state.state is State.IDLE
    assert c.logs("error")
