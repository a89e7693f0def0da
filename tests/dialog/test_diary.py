"""The dialog's diary: notes of cramps (and when they eased), warning signs and routines; answers from the
diary; the frequent-cramps advice once. Over the real routines and planner."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from voice_coach.diary.history import DiaryView, PastCramp
from voice_coach.dialog import State

from tests.dialog.helpers import Convo, make_ctx, says_of

CTX = make_ctx()
NOW = dt.datetime.fromisoformat("2026-12-04T03:00").timestamp()
"""Session time 0 of these conversations: a Friday, 3 a.m."""


def _convo(*past: str, keep: bool = True, frequent: int = 3) -> Convo:
    view = DiaryView(keep, NOW, tuple(PastCramp(dt.datetime.fromisoformat(p).timestamp(), "calf", "left")
                                      for p in past), frequent_nights=frequent)
    c = Convo(ctx=replace(CTX, diary=view))
    c.start(3.0)
    return c


def _notes(c: Convo) -> list[dict]:
    return [dict(log.data) for log in c.logs("diary")]


def _play_out(c: Convo, answer: str = "yes", limit: float = 1200.0) -> None:
    while c.state.state not in (State.IDLE, State.ALERT) and c.t < limit:
        c.until(c.t + 1.0)
        if c.state.state is State.ASKING:
            c.hear(c.t + 1.0, answer)


def test_a_night_cramp_is_noted_when_said_and_again_when_it_eases_with_the_time_it_took():
    c = _convo()
    c.hear(2.0, "cramp", muscle="calf", side="left")
    first = _notes(c)
    assert first == [{"entry": "cramp", "key": 1, "started": 2.0, "muscle": "calf", "side": "left",
                      "routine": "night_cramp"}]
    _play_out(c)
    cramp_notes = [n for n in _notes(c) if n["entry"] == "cramp"]
    assert len(cramp_notes) == 2 and cramp_notes[1]["key"] == 1 and cramp_notes[1]["eased"] is True
    asked = c.logs("ask")[0].t
    answered = next(log.t for log in c.logs("heard") if log.data["intent"] == "yes")
    assert asked < answered < asked + 2.0
    assert cramp_notes[1]["ease_s"] == round(answered - 2.0, 1)
    routines = [n for n in _notes(c) if n["entry"] == "routine"]
    assert routines == [{"entry": "routine", "key": 2, "routine": "night_cramp", "side": "left",
                         "outcome": "finished"}]


def test_saying_it_eased_during_the_stretch_closes_the_cramp_then():
    c = _convo()
    c.hear(2.0, "cramp", muscle="calf")
    c.until(20.0)
    c.hear(20.5, "better")
    eased = [n for n in _notes(c) if n.get("eased")]
    assert eased and eased[0]["ease_s"] == 18.5


def test_an_unanswered_easing_question_is_not_noted_as_eased():
    c = _convo()
    c.hear(2.0, "cramp", muscle="calf")
    c.until(400.0)
    assert c.logs("no_answer")
    assert all("eased" not in n for n in _notes(c) if n["entry"] == "cramp")


def test_a_cramp_said_again_while_it_is_worked_on_is_one_cramp():
    c = _convo()
    c.hear(2.0, "cramp", muscle="calf")
    c.until(10.0)
    c.hear(10.5, "cramp", muscle="calf")
    assert len([n for n in _notes(c) if n["entry"] == "cramp"]) == 1


def test_a_warning_sign_is_noted_with_its_symptom_and_the_stopped_routine_too():
    c = _convo()
    c.hear(2.0, "start_routine", routine="calf_release")
    c.until(8.0)
    c.hear(8.5, "red_flag", symptom="swelling")
    notes = _notes(c)
    assert {"entry": "routine", "key": 1, "routine": "calf_release", "side": None, "outcome": "stopped"} in notes
    assert {"entry": "warning", "key": 2, "symptom": "swelling"} in notes


def test_how_many_cramps_counts_the_diary_and_tonight():
    c = _convo("2026-11-29T02:00", "2026-12-02T04:00", "2026-11-10T02:00")
    c.hear(2.0, "cramp", muscle="foot")
    c.hear(5.0, "stop")
    said = says_of(c.hear(6.0, "diary", question="count"))
    assert said[0].text == "Your diary has 3 cramps in the last 7 days, on 3 nights."


def test_when_was_my_last_cramp_names_the_night_and_the_muscle():
    c = _convo("2026-11-29T02:00", "2026-12-02T04:00")
    said = says_of(c.hear(2.0, "diary", question="last"))
    assert said[0].text == "Your last cramp was on Tuesday night, in your left calf."


def test_am_i_getting_better_compares_this_week_with_the_week_before():
    c = _convo("2026-11-22T02:00", "2026-11-23T02:00", "2026-11-25T02:00", "2026-12-01T02:00")
    said = says_of(c.hear(2.0, "diary", question="trend"))
    assert said[0].text.startswith("Fewer cramps: 1 in the last 7 days, against 3 in the 7 days before.")


def test_a_diary_turned_off_says_so():
    c = _convo(keep=False)
    said = says_of(c.hear(2.0, "diary", question="count"))
    assert "turned off" in said[0].text
    c.hear(3.0, "red_flag", symptom="numbness")
    assert _notes(c)  # the dialog notes regardless; keep = false means the session writes nothing


def test_frequent_cramps_are_said_once_after_the_cramp_routine_ends_when_the_diary_shows_enough_nights():
    c = _convo("2026-11-30T02:00", "2026-12-02T03:30")
    c.hear(2.0, "cramp", muscle="calf")
    _play_out(c)
    c.hear(c.t + 2.0, "cramp", muscle="hamstring")
    _play_out(c)
    frequent = c.logs("frequent_cramps")
    assert len(frequent) == 1 and frequent[0].data == {"nights": 3, "days": 7}
    said = [s for s in c.says() if "reason to see a doctor" in s.text]
    assert len(said) == 1 and "3 of the last 7 nights" in said[0].text


def test_two_nights_of_cramps_are_not_yet_frequent():
    c = _convo("2026-11-30T02:00")
    c.hear(2.0, "cramp", muscle="calf")
    _play_out(c)
    assert c.logs("frequent_cramps") == []
