"""The night cramp's hold goes on until the cramp releases (source 001: "Hold for 30-60 seconds until the cramp
releases"; issue 15).

night_cramp.yaml's first hold has ``seconds: 30`` and ``max_seconds: 60``. The coach counts the 30 s, asks "is
it easing?" as they end (the person still holding), and on "no" holds on to 60 s in all: a line of its own, the
rest counted as the hold is, the release, then the massage. Over the real routines and planner (helpers.py),
at night (3 a.m.), the cramp said at 1.0.
"""

from __future__ import annotations

import pytest

from voice_coach.dialog import Phase, Question, State
from voice_coach.dialog.context import estimate_speech_seconds
from voice_coach.dialog.planning import routine_planner
from voice_coach.routines.text import number_words
from voice_coach.timing.planner import COUNT_GAP
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import LINES, NIGHT_RATE, ROUTINES, Convo, cue_of, first_hold, make_ctx, planned, says_of

HOLD = first_hold("night_cramp")
"""The night cramp's first hold, as its data file gives it."""
PLAN = planned("night_cramp", rate=NIGHT_RATE)
ASK_AT = 1.0 + cue_of(PLAN, CueKind.HOLD_END).offset
"""When "is it easing?" is asked: as the hold's planned seconds end."""
HOLD_ON_LINE = LINES.line("hold_on")
RELEASE = cue_of(PLAN, CueKind.HOLD_END).text
"""The hold's own release words ("Good. Let the foot relax.")."""


def asked(ctx=None) -> Convo:
    c = Convo(ctx=ctx or make_ctx())
    c.start(3.0)
    c.hear(1.0, "cramp", muscle="calf", side="left")
    c.until(ASK_AT + 0.05)
    assert c.state.state is State.ASKING and c.state.question is Question.EASING
    return c


def held_on(answer: str = "no", ctx=None, after: float = 1.5) -> tuple[Convo, float]:
    """A night cramp answered ``answer`` ``after`` seconds after "is it easing?"; (convo, when it was answered)."""
    c = asked(ctx)
    said = says_of(c.hear(ASK_AT + after, answer))
    assert said[0].text == HOLD_ON_LINE and c.state.run.phase is Phase.HOLD_ON
    return c, ASK_AT + after


def test_the_data_holds_30_up_to_60_and_the_line_is_the_coachs_own():
    assert (HOLD.seconds, HOLD.max_seconds) == (30, 60)
    assert HOLD_ON_LINE == "Keep holding, a little longer."
    assert "30" not in HOLD_ON_LINE and "60" not in HOLD_ON_LINE  # the count says how long; no number to source


def test_the_question_comes_as_the_planned_seconds_end_with_the_person_still_holding():
    c = asked()
    (start,) = c.logs("hold_start")
    (end,) = c.logs("hold_end")
    assert end.t - start.t == pytest.approx(HOLD.seconds, abs=1e-9)
    assert (start.data["duration"], start.data["max_seconds"]) == (HOLD.seconds, HOLD.max_seconds)
    assert "text" not in end.data  # no "let the foot relax" before the question: the hold may yet go on
    assert [s.text for s in c.says()[-2:]] == ["one", "Is it easing?"]
    assert c.says()[-1].at == end.t
    assert RELEASE not in [s.text for s in c.says()]


@pytest.mark.parametrize("answer", ["no", "worse"])
def test_no_holds_on_to_60_seconds_in_all_counted_like_the_first_then_the_massage(answer):
    c, answered = held_on(answer)
    c.until(answered + 45)
    (first, going_on) = c.logs("hold_start")
    (first_end, going_on_end) = c.logs("hold_end")
    # The hold goes on at once, for the rest of its 60 s: 30 + 30 counted seconds in all.
    assert going_on.t == answered and going_on.data["text"] == HOLD_ON_LINE
    assert going_on.data["duration"] == HOLD.max_seconds - HOLD.seconds
    assert going_on.data["max_seconds"] == HOLD.max_seconds
    assert (going_on.data["step"], going_on.data["hold"]) == (first.data["step"], first.data["hold"])
    assert (first_end.t - first.t) + (going_on_end.t - going_on.t) == pytest.approx(HOLD.max_seconds, abs=1e-9)
    # Counted like the first hold: seconds left, one a second, down to "one", then the release at the end.
    first_counts = [s for s in c.says() if s.kind == "count" and first.t < s.at < first_end.t]
    counts = [s for s in c.says() if s.kind == "count" and going_on.t < s.at < going_on_end.t]
    assert [s.text for s in first_counts] == [number_words(n) for n in range(int(HOLD.seconds) - 1, 0, -1)]
    assert [s.text for s in counts] == [s.text for s in first_counts][-len(counts):]  # the same count, its end
    for say, left in zip(counts, range(len(counts), 0, -1)):
        assert say.at == pytest.approx(going_on_end.t - left, abs=1e-9)
    line_ends = going_on.t + estimate_speech_seconds(HOLD_ON_LINE) / NIGHT_RATE
    assert counts[0].at >= line_ends + COUNT_GAP  # no count over the line, and none left out after it
    assert counts[0].at - 1 < line_ends + COUNT_GAP
    release = next(s for s in c.says() if s.kind == "hold_end")
    assert (release.text, release.at) == (RELEASE, going_on_end.t)
    assert {s.rate for s in counts} == {s.rate for s in first_counts} == {NIGHT_RATE}
    # Then the massage, as before the hold went on.
    events = [(log.data["event"], log.data["phase"]) for log in c.logs("routine")]
    assert events == [("started", "stretch"), ("phase_ended", "stretch"), ("phase_started", "hold_on"),
                      ("phase_ended", "hold_on"), ("phase_started", "massage")]
    massage = c.says()[-1]
    assert massage.text.startswith("Let's work it loose. Knead the left calf")
    assert massage.at > release.at + estimate_speech_seconds(RELEASE) / NIGHT_RATE
    assert c.state.run.phase is Phase.MASSAGE and c.state.run.round == 1


def test_counted_like_the_first_hold_in_the_sparse_count_style_too():
    sparse = make_ctx(plan=routine_planner(ROUTINES, estimate_speech_seconds, count_style="sparse"))
    c, answered = held_on(ctx=sparse)
    c.until(answered + 45)
    (first, going_on) = c.logs("hold_start")
    (first_end, going_on_end) = c.logs("hold_end")
    left = [round(first_end.t - s.at) for s in c.says() if s.kind == "count" and s.at < first_end.t]
    left_on = [round(going_on_end.t - s.at) for s in c.says() if s.kind == "count" and going_on.t < s.at < going_on_end.t]
    assert left == [25, 20, 15, 10, 5, 4, 3, 2, 1]
    assert left_on == left  # nothing of it falls under the hold-on line


@pytest.mark.parametrize("word", ["better", "yes"])
def test_it_eased_while_the_hold_goes_on_walk_it_out(word):
    c, answered = held_on()
    c.until(answered + 10)
    said = says_of(c.hear(c.t, word))
    assert "walk around on your heels" in said[0].text and "left calf" in said[0].text
    assert c.state.run.phase is Phase.WALK
    events = [(log.data["event"], log.data["phase"]) for log in c.logs("routine")]
    assert events[-2:] == [("phase_ended", "hold_on"), ("phase_started", "walk")]
    assert c.logs("routine")[-2].data["easing"] is True
    (note,) = [log for log in c.logs("diary") if log.data.get("eased") is not None]
    assert note.data["eased"] is True
    mark = len(c.log)
    c.until(c.t + 25)
    assert [s for s in c.says(mark) if s.kind == "count" or s.text == RELEASE] == []  # the hold's count ends there


def test_a_calf_cramp_while_the_hold_goes_on_says_to_keep_holding_and_keeps_the_count():
    c, answered = held_on()
    c.until(answered + 5)
    run = c.state.run
    said = says_of(c.hear(c.t, "cramp", muscle="calf"))
    assert [s.text for s in said] == [HOLD_ON_LINE] and c.state.run == run


def test_how_long_left_while_the_hold_goes_on():
    c, answered = held_on()
    c.until(answered + HOLD.max_seconds - HOLD.seconds - 10)
    text = says_of(c.hear(c.t, "time_left"))[0].text
    assert text.startswith("About 10 seconds in this hold")


def test_skip_while_the_hold_goes_on_goes_to_the_massage():
    c, answered = held_on()
    c.until(answered + 5)
    c.hear(c.t, "next")
    c.until(c.t + 0.1)
    assert c.state.run.phase is Phase.MASSAGE and "Knead" in c.says()[-1].text


def test_pause_while_the_hold_goes_on_keeps_its_remaining_time():
    c, answered = held_on()
    c.until(answered + 7.0)
    c.hear(c.t, "pause")
    c.until(c.t + 20.0)
    c.hear(c.t, "resume")
    c.until(answered + HOLD.max_seconds - HOLD.seconds + 21.0)
    (_, going_on_end) = c.logs("hold_end")
    assert going_on_end.t == pytest.approx(answered + HOLD.max_seconds - HOLD.seconds + 20.0, abs=1e-3)


def test_slower_while_the_hold_goes_on_keeps_its_end():
    c, answered = held_on()
    c.until(answered + 6.0)
    c.hear(c.t, "slower")
    c.until(answered + 40.0)
    (_, going_on_end) = c.logs("hold_end")
    assert going_on_end.t == pytest.approx(answered + HOLD.max_seconds - HOLD.seconds, abs=1e-9)
    assert c.state.run.phase is Phase.MASSAGE


def test_no_answer_at_all_does_not_hold_on():
    c = asked()
    c.until(ASK_AT + 31)
    assert c.logs("no_answer") and c.state.run.phase is Phase.WALK
    assert len(c.logs("hold_start")) == 1
