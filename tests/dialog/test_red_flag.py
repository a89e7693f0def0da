"""Warning signs win: the stretch stops, the doctor advice is said, no stretch is offered."""

from __future__ import annotations

import pytest

from voice_coach.dialog import State, StopSpeaking

from tests.dialog.helpers import Convo, says_of


def in_a_routine() -> Convo:
    c = Convo()
    c.start(14.0)
    c.hear(1.0, "stretch", muscle="calf")
    c.until(6.0)
    return c


@pytest.mark.parametrize("symptom", ["swelling", "redness", "warmth"])
def test_clot_signs_stop_the_routine_and_block_stretches(symptom):
    c = in_a_routine()
    actions = c.hear(6.0, "red_flag", symptom=symptom)
    assert isinstance(actions[1], StopSpeaking)
    alert = says_of(actions)[0]
    assert alert.interrupt and "blood clot" in alert.text and "medical help" in alert.text
    assert "stretch" not in alert.text.lower().replace("stopping the stretch", "")
    assert c.state.state is State.ALERT and c.state.run is None
    assert c.logs("routine")[-1].data == {"event": "stopped", "routine": "yoga_calves", "side": None,
                                          "phase": "main", "reason": "red_flag", "symptom": symptom}
    mark = len(c.log)
    assert c.until(20.0) == []
    for n, (intent, slots) in enumerate([("stretch", {"muscle": "calf"}), ("cramp", {"muscle": "calf"}),
                                         ("cramp", {}), ("start_routine", {"routine": "bedtime"}),
                                         ("worse", {}), ("better", {})]):
        said = says_of(c.hear(21.0 + n, intent, **slots))
        assert len(said) == 1 and "won't guide a stretch" in said[0].text
        assert c.state.state is State.ALERT and c.state.run is None
    assert says_of(c.hear(30.0, "ask", topic="hydration"))[0].kind == "answer"
    assert len(c.says(mark)) == 7


@pytest.mark.parametrize("symptom,words", [("weakness", "Weakness"), ("numbness", "numbness or tingling"),
                                           ("frequent", "breaking your sleep"), ("severe", "that severe"),
                                           ("medication", "new medicine"), ("vascular_risk", "vascular disease")])
def test_other_signs_send_to_a_doctor_but_allow_a_later_stretch(symptom, words):
    c = in_a_routine()
    said = says_of(c.hear(6.0, "red_flag", symptom=symptom))
    assert words in said[0].text and "doctor" in said[0].text
    assert c.state.state is State.ALERT and c.state.run is None
    c.hear(8.0, "stretch", muscle="calf")
    assert c.state.state is State.RUNNING


def test_a_red_flag_with_no_symptom_gets_the_general_advice():
    c = Convo()
    c.start(14.0)
    said = says_of(c.hear(1.0, "red_flag"))
    assert "doctor" in said[0].text and "blood clot" in said[0].text
    assert not c.state.clot_warning


def test_a_red_flag_while_asking_cancels_the_question():
    c = Convo()
    c.start(14.0)
    c.hear(1.0, "cramp")
    c.hear(2.0, "red_flag", symptom="swelling")
    assert c.state.question is None and c.state.state is State.ALERT
    assert c.until(40.0) == []


def _long_after_a_clot_sign() -> Convo:
    c = Convo()
    c.start(2.0)
    c.hear(1.0, "red_flag", symptom="warmth")
    assert c.state.clot_warning and c.state.state is State.ALERT
    return c


def test_long_after_a_clot_sign_a_cramp_first_asks_if_the_leg_is_still_swollen():
    c = _long_after_a_clot_sign()
    said = says_of(c.hear(1200.0, "cramp", muscle="calf"))
    assert len(said) == 1 and "swollen, red or warm" in said[0].text and said[0].text.rstrip().endswith("yes or no.")
    assert c.state.state is State.ASKING and c.state.run is None
    c.hear(1205.0, "no")
    assert not c.state.clot_warning
    assert c.state.state is State.RUNNING and c.state.run.routine_id == "night_cramp"
    assert c.logs("routine")[-1].data["event"] == "started"


@pytest.mark.parametrize("answer", ["yes", "worse"])
def test_a_leg_still_swollen_keeps_every_stretch_blocked(answer):
    c = _long_after_a_clot_sign()
    c.hear(1200.0, "stretch", muscle="calf")
    said = says_of(c.hear(1203.0, answer))
    assert "won't guide a stretch" in said[0].text
    assert c.state.state is State.ALERT and c.state.clot_warning and c.state.run is None
    # Just confirmed: the next request is refused outright, not asked again.
    again = says_of(c.hear(1210.0, "start_routine", routine="bedtime"))
    assert "won't guide a stretch" in again[0].text and c.state.state is State.ALERT


def test_no_answer_to_the_clot_check_keeps_the_block():
    c = _long_after_a_clot_sign()
    c.hear(1200.0, "cramp", muscle="calf")
    c.until(1300.0)
    assert c.state.state is State.ALERT and c.state.clot_warning and c.state.run is None
