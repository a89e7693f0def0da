"""A routine playing inside the pure step: timing, pause, stop, next, pace, repeat.

Over the real night cramp (a calf cramp by day, no side named) as the real planner lays it out.
"""

from __future__ import annotations

import pytest

from voice_coach.dialog import Say, State, StopSpeaking, Tick
from voice_coach.dialog.context import estimate_speech_seconds
from voice_coach.dialog.planning import routine_planner
from voice_coach.routines.text import number_words
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import ROUTINES, Convo, cue_of, first_hold, make_ctx, planned, says_of

PLAN = planned("night_cramp")
HOLD = first_hold("night_cramp").seconds
"""The night cramp's first hold, as its data file gives it (30 s)."""
HOLD_START = cue_of(PLAN, CueKind.HOLD_START).offset
COUNTS = [number_words(n) for n in range(int(HOLD) - 1, 0, -1)]
"""The hold counted down in words: "twenty-nine" ... "one"."""
T0 = 1.0  # when the person says "my calf is cramping"


def cramping() -> Convo:
    c = Convo()
    c.start(14.0)
    c.hear(T0, "cramp", muscle="calf")
    return c


def cue_says(c: Convo, kind: str) -> list[tuple[float, Say]]:
    return [(t, a) for t, a in c.log if isinstance(a, Say) and a.kind == kind]


def hold_end_at(c: Convo) -> float:
    """When the one hold so far ended, from its events-log line (the stretch's hold may go on, so its
    release words are not said there: the question is)."""
    (end,) = c.logs("hold_end")
    return end.t


def test_the_plan_is_the_real_night_cramp():
    assert HOLD == 30 and COUNTS[0] == "twenty-nine" and COUNTS[-1] == "one"
    assert [c.text for c in PLAN.cues[:3]] == ["I'm here. Let's ease it out together.", "Straighten your sore leg.",
                                               "Now gently pull your toes up toward your shin."]


def test_first_instruction_is_said_at_once():
    c = Convo()
    c.start(14.0)
    actions = c.hear(T0, "cramp", muscle="calf")
    first = says_of(actions)[0]
    assert first.at == T0 and first.text == "I'm here. Let's ease it out together."
    assert c.state.state is State.RUNNING and c.state.run.routine_id == "night_cramp"
    assert any(getattr(a, "type", "") == "routine" and a.data["event"] == "started" for a in actions)


def test_counts_come_at_their_ticks_in_order():
    c = cramping()
    c.until(T0 + HOLD_START + HOLD + 0.5)
    counts = cue_says(c, "count")
    assert [s.text for _, s in counts] == COUNTS
    for n, (tick, say) in enumerate(counts, start=1):
        assert say.at == pytest.approx(T0 + HOLD_START + n, abs=1e-9)
        assert -1e-9 <= tick - say.at < 0.02 + 1e-9  # on the first tick at or after its deadline (1e-9 slack)
    (_, start), = cue_says(c, "hold_start")
    assert start.text == "And hold." and cue_says(c, "hold_end") == []
    assert hold_end_at(c) - start.at == pytest.approx(HOLD, abs=1e-9)
    (_, asked), = cue_says(c, "ask")
    assert asked.text == "Is it easing?" and asked.at == hold_end_at(c)  # asked as the 30 s end, still holding


def test_late_cues_come_one_by_one_in_order():
    c = cramping()
    actions = c.send(Tick(T0 + HOLD_START + 4.5))  # a long gap: two lines, the hold start and four counts are late
    said = [(s.kind, s.text) for s in says_of(actions)]
    assert said == [("say", "Straighten your sore leg."), ("say", "Now gently pull your toes up toward your shin."),
                    ("hold_start", "And hold."), ("count", "twenty-nine"), ("count", "twenty-eight"),
                    ("count", "twenty-seven"), ("count", "twenty-six")]
    ats = [s.at for s in says_of(actions)]
    assert ats == sorted(ats) and len(set(ats)) == len(ats)
    assert ats[2] == pytest.approx(T0 + HOLD_START)


def test_pause_mid_hold_then_resume_keeps_the_hold_remaining_time():
    c = cramping()
    planned_end = T0 + HOLD_START + HOLD
    c.until(T0 + HOLD_START + 3.3)
    paused = c.hear(c.t, "pause")
    assert isinstance(paused[1], StopSpeaking) and c.state.state is State.PAUSED
    assert c.until(c.t + 10.0) == []  # nothing said while paused
    c.hear(c.t, "resume")
    c.until(planned_end + 10.5)
    assert hold_end_at(c) == pytest.approx(planned_end + 10.0, abs=1e-3)
    assert [s.text for _, s in cue_says(c, "count")] == COUNTS


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
    length = planned("yoga_calves").length
    c.until(T0 + length - 0.5, dt=0.25)
    assert c.state.state is State.RUNNING
    c.until(T0 + length + 0.1, dt=0.05)
    assert c.state.state is State.IDLE
    assert c.logs("routine")[-1].data == {"event": "finished", "routine": "yoga_calves", "side": None,
                                          "phase": "main"}
    assert c.logs("end") and c.says()[-1].text == "Lower your knees, and rest. Well done."


def test_slower_never_changes_a_hold_but_slows_what_follows():
    c = cramping()
    c.until(T0 + HOLD_START + 2.5)
    c.hear(c.t, "slower")
    assert c.state.settings.pace == pytest.approx(1.25)
    c.until(T0 + 60)
    (_, start), = cue_says(c, "hold_start")
    (_, asked), *_asked_again = cue_says(c, "ask")
    assert hold_end_at(c) - start.at == pytest.approx(HOLD, abs=1e-9)
    assert [s.text for _, s in cue_says(c, "count")] == COUNTS
    slower = [s for s in c.says() if s.kind == "ack"][-1]
    assert slower.rate == pytest.approx(0.8)
    assert asked.at == hold_end_at(c) and asked.rate == pytest.approx(0.8)  # the question: at the hold's end, slower


def test_slower_before_a_hold_stretches_the_gap_to_it():
    c = cramping()
    c.hear(T0 + 0.1, "slower")
    c.until(T0 + 30)
    (_, start), = cue_says(c, "hold_start")
    slow = planned("night_cramp", pace=1.25, rate=0.8)
    # anchored on the first line (said at T0); what follows takes the slower spacing
    assert start.at == pytest.approx(T0 + cue_of(slow, CueKind.HOLD_START).offset)
    assert start.at > T0 + HOLD_START


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
    assert [s.text for s in said] == ["Now gently pull your toes up toward your shin."]
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
    c.until(T0 + HOLD_START + HOLD - 8.0)
    text = says_of(c.hear(c.t, "time_left"))[0].text
    assert text.startswith("About 8 seconds in this hold")


def test_time_left_while_paused_freezes():
    c = cramping()
    c.until(T0 + HOLD_START + HOLD - 8.0)
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
    """The real planner over routines that lack the one asked for (a data file gone missing)."""
    without = {rid: r for rid, r in ROUTINES.items() if rid != "yoga_calves"}
    c = Convo(ctx=make_ctx(plan=routine_planner(without, estimate_speech_seconds)))
    c.start(14.0)
    actions = c.hear(1.0, "stretch", muscle="calf")
    assert says_of(actions)[0].text == "Sorry, I can't start that routine right now."
    assert c.state.state is State.IDLE and c.state.run is None
    (error,) = c.logs("error")
    assert error.data["routine"] == "yoga_calves" and "yoga_calves" in error.data["message"]
