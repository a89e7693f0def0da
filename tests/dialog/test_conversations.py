"""One short conversation per intent, from a table: what is said and where the dialog ends up."""

from __future__ import annotations

import re

import pytest

from voice_coach.dialog import Log, State, StopSpeaking

from tests.dialog.helpers import Convo, says_of


def idle(c: Convo) -> None:
    c.start(14.0)


def running(c: Convo) -> None:
    """Night cramp under way, inside its hold."""
    c.start(14.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(8.0)


def paused(c: Convo) -> None:
    running(c)
    c.hear(8.5, "pause")


def asking_where(c: Convo) -> None:
    c.start(14.0)
    c.hear(1.0, "cramp")


SETUPS = {"idle": idle, "running": running, "paused": paused, "asking_where": asking_where}

# (setup, intent, slots, words expected in what is said (None: nothing said), state after)
TABLE = [
    ("idle", "cramp", {"muscle": "calf"}, "ready for night_cramp", State.RUNNING),
    ("idle", "cramp", {"muscle": "leg", "side": "left"}, "ready for night_cramp", State.RUNNING),
    ("idle", "cramp", {"muscle": "hamstring"}, "ready for hamstring_release", State.RUNNING),
    ("idle", "cramp", {"muscle": "quad"}, "ready for quad_release", State.RUNNING),
    ("idle", "cramp", {"muscle": "foot"}, "ready for foot_release", State.RUNNING),
    ("idle", "cramp", {}, "where is the cramp", State.ASKING),
    ("running", "cramp", {"muscle": "foot"}, "ready for foot_release", State.RUNNING),
    ("idle", "stretch", {"muscle": "calf"}, "ready for yoga_calves", State.RUNNING),
    ("idle", "stretch", {"muscle": "hamstring"}, "ready for yoga_hamstrings", State.RUNNING),
    ("idle", "stretch", {"muscle": "quad"}, "ready for yoga_quads", State.RUNNING),
    ("idle", "stretch", {"muscle": "foot"}, "ready for foot_release", State.RUNNING),
    ("idle", "stretch", {}, "which muscles", State.ASKING),
    ("idle", "start_routine", {"routine": "bedtime"}, "ready for bedtime", State.RUNNING),
    ("idle", "start_routine", {"routine": "moonwalk"}, "don't know that routine", State.IDLE),
    ("idle", "start_routine", {}, "which routine", State.IDLE),
    ("running", "pause", {}, "paused", State.PAUSED),
    ("idle", "pause", {}, "nothing is running", State.IDLE),
    ("paused", "resume", {}, None, State.RUNNING),
    ("idle", "resume", {}, "nothing is paused", State.IDLE),
    ("running", "stop", {}, "stopping", State.IDLE),
    ("idle", "stop", {}, None, State.IDLE),
    ("running", "repeat", {}, "straighten your leg and pull your toes up", State.RUNNING),
    ("idle", "repeat", {}, "haven't given an instruction", State.IDLE),
    ("running", "next", {}, "is it easing", State.ASKING),
    ("idle", "next", {}, "nothing is running", State.IDLE),
    ("running", "slower", {}, "slower", State.RUNNING),
    ("running", "faster", {}, "faster", State.RUNNING),
    ("idle", "louder", {}, "louder", State.IDLE),
    ("idle", "quieter", {}, "quieter", State.IDLE),
    ("running", "time_left", {}, "in this hold", State.RUNNING),
    ("idle", "time_left", {}, "no routine is running", State.IDLE),
    ("idle", "help", {}, "you can say", State.IDLE),
    ("idle", "better", {}, "heels", State.IDLE),
    ("idle", "worse", {}, "where is the cramp", State.ASKING),
    ("running", "better", {}, "walk around on your heels", State.RUNNING),
    ("running", "worse", {}, "keep the stretch gentle", State.RUNNING),
    ("idle", "yes", {}, None, State.IDLE),
    ("idle", "no", {}, None, State.IDLE),
    ("idle", "side", {"side": "left"}, None, State.IDLE),
    ("asking_where", "side", {"side": "left"}, "ready for night_cramp", State.RUNNING),
    ("asking_where", "cramp", {"muscle": "foot"}, "ready for foot_release", State.RUNNING),
    ("asking_where", "yes", {}, "where is the cramp", State.ASKING),
    ("running", "red_flag", {"symptom": "swelling"}, "blood clot", State.ALERT),
    ("idle", "red_flag", {"symptom": "numbness"}, "doctor", State.ALERT),
    ("idle", "ask", {"topic": "magnesium"}, "spinach", State.IDLE),
    ("idle", "ask", {"topic": "astrology"}, "i can tell you about", State.IDLE),
]


@pytest.mark.parametrize("setup,intent,slots,words,after", TABLE,
                         ids=[f"{r[0]}-{r[1]}-{'-'.join(r[2].values()) or 'none'}" for r in TABLE])
def test_intent_conversation(setup, intent, slots, words, after):
    c = Convo()
    SETUPS[setup](c)
    actions = c.hear(c.t + 0.5, intent, **slots)
    said = " ".join(s.text for s in says_of(actions)).lower()
    assert any(isinstance(a, Log) and a.type == "heard" and a.data["intent"] == intent for a in actions)
    if words is None:
        assert said == ""
    else:
        assert words in said
    assert c.state.state is after


def test_every_intent_of_the_product_is_in_the_table():
    product = {"cramp", "stretch", "start_routine", "pause", "resume", "stop", "repeat", "next", "slower",
               "faster", "louder", "quieter", "time_left", "better", "worse", "yes", "no", "side",
               "red_flag", "ask", "help"}
    assert product <= {row[1] for row in TABLE}


def test_heard_without_intent_does_nothing():
    c = Convo()
    running(c)
    before = c.state
    assert c.hear(c.t + 0.1, None, "the radio said cramp") == ()
    assert c.state is before


def test_stop_interrupts_before_speaking():
    c = Convo()
    running(c)
    actions = c.hear(c.t + 0.1, "stop")
    assert isinstance(actions[1], StopSpeaking)  # right after the "heard" log line
    assert [a.text for a in says_of(actions)] == ["Stopping."]


def test_time_left_speaks_numbers():
    c = Convo()
    running(c)
    text = says_of(c.hear(c.t, "time_left"))[0].text
    assert re.search(r"\d", text)
    assert text.startswith("About")
