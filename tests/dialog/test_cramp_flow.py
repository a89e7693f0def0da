"""The night cramp's check-in and follow-ups, and a cramp with no muscle named."""

from __future__ import annotations

import pytest

from voice_coach.dialog import PlanRequest, Phase, Question, State
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import Convo, fake_timeline, says_of

PLAN = fake_timeline(PlanRequest("night_cramp", "left", 1.0, 1.0))
ASK_AT = 1.0 + next(c.offset for c in PLAN.cues if c.kind is CueKind.ASK)


def at_question(side: str | None = None) -> Convo:
    c = Convo()
    c.start(3.0)
    slots = {"muscle": "calf", **({"side": side} if side else {})}
    c.hear(1.0, "cramp", **slots)
    c.until(ASK_AT + 0.05)
    assert c.state.state is State.ASKING and c.state.question is Question.EASING
    return c


def test_the_stretch_ends_with_is_it_easing_and_nothing_after_it():
    c = at_question()
    assert c.says()[-1].text == "Is it easing?" and c.says()[-1].kind == "ask"
    assert c.says()[-1].at == pytest.approx(ASK_AT)
    mark = len(c.log)
    c.until(ASK_AT + 25)  # the breath and last line of the hand-made routine are never played
    assert [s.text for s in c.says(mark)] == ["Is it easing?"]  # asked again once, after the timeout


def test_no_answer_at_all_moves_on_gently_and_the_routine_completes():
    c = at_question()
    c.until(ASK_AT + 31)
    assert c.logs("no_answer") and c.state.run.phase is Phase.WALK
    assert "Once the pain has gone" in c.says()[-1].text
    c.until(ASK_AT + 200)
    assert c.state.state is State.IDLE and c.logs("routine")[-1].data["event"] == "finished"


def test_hold_on_during_the_question_stops_the_timeouts():
    c = at_question()
    c.hear(ASK_AT + 1, "pause")
    mark = len(c.log)
    c.until(ASK_AT + 120)
    assert c.says(mark) == [] and c.state.question is Question.EASING
    c.hear(c.t, "no")
    assert c.state.run.phase is Phase.MASSAGE


@pytest.mark.parametrize("answer", ["yes", "better"])
def test_easing_moves_on_to_walking_then_done(answer):
    c = at_question(side="left")
    actions = c.hear(ASK_AT + 2, answer)
    first = says_of(actions)[0]
    assert "heels" in first.text and "left calf" in first.text and first.at == ASK_AT + 2
    assert c.state.run.phase is Phase.WALK
    c.until(ASK_AT + 2 + 120)
    assert "That's a minute" in c.says()[-1].text
    assert c.state.state is State.IDLE
    events = [(log.data["event"], log.data["phase"]) for log in c.logs("routine")]
    assert events == [("started", "stretch"), ("phase_ended", "stretch"), ("phase_started", "walk"),
                      ("finished", "walk")]


@pytest.mark.parametrize("answer", ["no", "worse"])
def test_not_easing_goes_to_massage_heat_then_a_second_stretch(answer):
    c = at_question()
    said = says_of(c.hear(ASK_AT + 2, answer))
    assert "Knead" in said[0].text and c.state.run.phase is Phase.MASSAGE
    c.until(ASK_AT + 2 + 60)
    texts = " ".join(s.text for s in c.says())
    assert "hot water bottle" in texts
    assert c.state.run is not None and c.state.run.phase is Phase.STRETCH and c.state.run.round == 2
    c.until(c.t + PLAN.length)
    assert c.state.question is Question.EASING
    said = says_of(c.hear(c.t + 1, "no"))
    assert "medical help" in said[0].text
    assert c.state.state is State.IDLE


def test_still_cramping_answers_no():
    c = at_question()
    c.hear(ASK_AT + 1, "cramp", muscle="calf")
    assert c.state.run.phase is Phase.MASSAGE


def test_better_during_the_stretch_moves_on_early():
    c = Convo()
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(6.0)
    said = says_of(c.hear(6.0, "better"))
    assert "heels" in said[0].text and c.state.run.phase is Phase.WALK


def test_a_cramp_with_no_muscle_gets_the_first_instruction_at_once_then_where():
    c = Convo()
    c.start(3.0)
    said = says_of(c.hear(1.0, "cramp", text="leg cramp"))
    assert [s.kind for s in said] == ["say", "ask"]
    assert "Straighten your leg" in said[0].text and said[0].at == 1.0 and said[0].interrupt
    assert "calf, thigh or foot" in said[1].text
    assert c.state.state is State.ASKING and c.state.question is Question.WHERE
    said = says_of(c.hear(3.0, "cramp", muscle="quad"))
    assert "quad_release" in said[0].text and c.state.state is State.RUNNING


def test_where_is_asked_once_more_after_silence_then_dropped_quietly():
    c = Convo()
    c.start(3.0)
    c.hear(1.0, "cramp")
    mark = len(c.log)
    c.until(1.0 + 60)
    assert [s.text for s in c.says(mark)] == ["Where is the cramp: calf, thigh or foot?"]
    assert c.state.state is State.IDLE and c.state.question is None


def test_a_cramp_replaces_a_running_stretch():
    c = Convo()
    c.start(14.0)
    c.hear(1.0, "stretch", muscle="hamstring")
    c.until(5.0)
    actions = c.hear(5.0, "cramp", muscle="calf")
    assert type(actions[1]).__name__ == "StopSpeaking"
    events = [(log.data["event"], log.data["routine"]) for log in c.logs("routine")]
    assert events[-2:] == [("stopped", "yoga_hamstrings"), ("started", "night_cramp")]
    assert says_of(actions)[0].at == 5.0


def test_the_same_cramp_again_does_not_restart_the_hold():
    c = Convo()
    c.start(14.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(8.0)
    run = c.state.run
    c.hear(8.0, "cramp", muscle="calf")
    assert c.state.run == run


def test_a_bare_cramp_during_the_cramp_routine_keeps_it_going():
    c = Convo()
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(8.0)
    run = c.state.run
    said = says_of(c.hear(8.0, "cramp", text="cramp"))
    assert c.state.run == run and said[0].kind == "repeat"
