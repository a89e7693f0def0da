"""The night cramp's check-in and follow-ups, and a cramp with no muscle named.

Over the real night cramp, at night (3 a.m.: the night voice's rate), its cramp said at 1.0.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from voice_coach.dialog import Phase, Question, State
from voice_coach.dialog.context import estimate_speech_seconds
from voice_coach.dialog.planning import routine_planner
from voice_coach.routines.model import Ask, Hold
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import NIGHT_RATE, ROUTINES, Convo, cue_of, make_ctx, planned, says_of

PLAN = planned("night_cramp", rate=NIGHT_RATE)
EASING = cue_of(PLAN, CueKind.ASK)
"""The routine's own "is it easing?" (the first ASK of night_cramp.yaml), where the dialog's stretch ends."""
HOLD_END = cue_of(PLAN, CueKind.HOLD_END).offset
"""Where the first hold's planned 30 s end: the hold may go on (max_seconds 60), so the dialog asks
"is it easing?" there, while the person still holds, and leaves the release words for later."""
ASK_AT = 1.0 + HOLD_END
STRETCH_LENGTH = HOLD_END + EASING.duration
"""Length of one stretch phase: the routine up to the end of its question."""


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
    c.until(ASK_AT + 25)  # the routine's data after its question (kneading, heat, heel walk) is never played
    assert [s.text for s in c.says(mark)] == ["Is it easing?"]  # asked again once, after the timeout
    assert all("knead the muscle firmly" not in s.text for s in c.says())


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
    assert c.state.run.phase is Phase.HOLD_ON


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
def test_not_easing_holds_on_then_goes_to_massage_heat_then_a_second_stretch(answer):
    c = at_question()
    said = says_of(c.hear(ASK_AT + 2, answer))
    assert said[0].text == "Keep holding, a little longer." and c.state.run.phase is Phase.HOLD_ON
    c.until(ASK_AT + 2 + 40)  # the rest of the hold (30 s) and its release
    assert c.state.run.phase is Phase.MASSAGE and "Knead" in c.says()[-1].text
    c.until(ASK_AT + 2 + 40 + 60)
    texts = " ".join(s.text for s in c.says())
    assert "hot water bottle" in texts
    assert c.state.run is not None and c.state.run.phase is Phase.STRETCH and c.state.run.round == 2
    c.until(c.t + STRETCH_LENGTH)
    assert c.state.question is Question.EASING
    said = says_of(c.hear(c.t + 1, "no"))  # the second round holds on no more: the advice, and done
    assert "medical help" in said[0].text
    assert c.state.state is State.IDLE
    assert [log.data["phase"] for log in c.logs("routine") if log.data["event"] == "phase_started"] == [
        "hold_on", "massage", "stretch"]


def test_still_cramping_answers_no():
    c = at_question()
    c.hear(ASK_AT + 1, "cramp", muscle="calf")
    assert c.state.run.phase is Phase.HOLD_ON


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
    assert said[0].text == "Stand up tall. Hold on to something steady if you need to."
    assert c.state.state is State.RUNNING and c.state.run.routine_id == "quad_release"


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
    first = says_of(actions)[0]
    assert first.at == 5.0 and first.text == "I'm here. Let's ease it out together."


def test_the_same_cramp_again_does_not_restart_the_hold():
    c = Convo()
    c.start(14.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(1.0 + cue_of(planned("night_cramp"), CueKind.HOLD_START).offset + 5.0)
    run = c.state.run
    assert run.open_hold() is not None
    c.hear(c.t, "cramp", muscle="calf")
    assert c.state.run == run
    c.until(c.t + 30.0)
    assert len(c.logs("hold_start")) == 1 and len(c.logs("hold_end")) == 1


def test_a_bare_cramp_during_the_cramp_routine_keeps_it_going():
    c = Convo()
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(1.0 + cue_of(PLAN, CueKind.HOLD_START).offset + 5.0)
    run = c.state.run
    said = says_of(c.hear(c.t, "cramp", text="cramp"))
    assert c.state.run == run and said[0].kind == "repeat"
    assert said[0].text == "Now gently pull your toes up toward your shin."


def _night_cramp_without(drop=lambda step: False, change=lambda step: step):
    """A dialog context over the real planner, with night_cramp.yaml's steps changed (made-up data, real planning)."""
    real = ROUTINES["night_cramp"]
    steps = tuple(change(s) for s in real.steps if not drop(s))
    made_up = replace(real, steps=steps)
    return make_ctx(plan=routine_planner({**ROUTINES, "night_cramp": made_up}, estimate_speech_seconds))


def test_a_night_cramp_whose_data_asks_nothing_gets_the_dialogs_own_question_after_its_first_hold():
    """night_cramp.yaml with its questions taken out: the stretch ends with the dialog's own "Is it easing?",
    asked as the first hold's planned 30 s end (the hold may go on: max_seconds), its release not said."""
    c = Convo(ctx=_night_cramp_without(drop=lambda s: isinstance(s, Ask)))
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(ASK_AT + 0.05)  # the same lines and hold as the real data; the hold may go on, so no release yet
    assert c.state.state is State.ASKING and c.state.question is Question.EASING
    asked = c.says()[-1]
    assert (asked.kind, asked.text) == ("ask", "Is it easing?")
    assert asked.at == pytest.approx(ASK_AT)
    assert c.says()[-2].text == "one"
    c.until(c.t + 25)  # what follows the hold in the data (the kneading) is not played
    assert all("knead the muscle firmly" not in s.text for s in c.says())


@pytest.mark.parametrize("asks", [True, False], ids=["its own question", "the dialog's question"])
def test_a_first_hold_that_may_not_go_on_is_released_before_the_question_and_no_means_massage(asks):
    """night_cramp.yaml with no max_seconds on its hold: the release is said, the question follows it (the data's
    own, or the dialog's half a second later), and "no" goes straight to the massage."""
    fixed = lambda s: replace(s, max_seconds=None) if isinstance(s, Hold) else s  # noqa: E731
    c = Convo(ctx=_night_cramp_without(drop=lambda s: not asks and isinstance(s, Ask), change=fixed))
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf")
    release = cue_of(PLAN, CueKind.HOLD_END)
    ask_at = 1.0 + (EASING.offset if asks else release.offset + release.duration + 0.5)
    c.until(ask_at + 0.05)
    assert c.state.question is Question.EASING
    assert [s.text for s in c.says()[-2:]] == ["Good. Let the foot relax.", "Is it easing?"]
    assert c.says()[-1].at == pytest.approx(ask_at)
    said = says_of(c.hear(c.t + 1, "no"))
    assert "Knead" in said[0].text and c.state.run.phase is Phase.MASSAGE
