"""One short conversation per intent, from a table: what is said, which routine starts and where the
dialog ends up. Over the real routines: a routine is known by its real first line."""

from __future__ import annotations

import re

import pytest

from voice_coach.dialog import Log, State, StopSpeaking
from voice_coach.timing.timeline import CueKind

from tests.dialog.helpers import Convo, cue_of, planned, says_of

IN_THE_HOLD = 1.0 + cue_of(planned("night_cramp"), CueKind.HOLD_START).offset + 5.5
"""Session time 5.5 s into the night cramp's hold (its cramp said at 1.0), half way between two counts."""


def idle(c: Convo) -> None:
    c.start(14.0)


def running(c: Convo) -> None:
    """Night cramp under way, inside its hold."""
    c.start(14.0)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(IN_THE_HOLD)
    assert c.logs("hold_start") and not c.logs("hold_end")


def paused(c: Convo) -> None:
    """Paused in the hold, a quarter second before a count: resuming there says nothing, the count follows."""
    running(c)
    c.hear(c.t + 0.25, "pause")


def asking_where(c: Convo) -> None:
    c.start(14.0)
    c.hear(1.0, "cramp")


SETUPS = {"idle": idle, "running": running, "paused": paused, "asking_where": asking_where}

NIGHT_CRAMP = "i'm here. let's ease it out together."
"""The night cramp's real first line (lower case: the table matches lower-cased speech)."""

# (setup, intent, slots, words expected in what is said (None: nothing said), routine started (None: none),
#  state after)
TABLE = [
    ("idle", "cramp", {"muscle": "calf"}, NIGHT_CRAMP, "night_cramp", State.RUNNING),
    ("idle", "cramp", {"muscle": "leg", "side": "left"}, NIGHT_CRAMP, "night_cramp", State.RUNNING),
    ("idle", "cramp", {"muscle": "hamstring"}, "lift your sore leg up onto a chair.", "hamstring_release",
     State.RUNNING),
    ("idle", "cramp", {"muscle": "quad"}, "stand up tall. hold on to something steady", "quad_release",
     State.RUNNING),
    ("idle", "cramp", {"muscle": "foot"}, "take hold of the toes of your sore foot.", "foot_release", State.RUNNING),
    ("idle", "cramp", {}, "where is the cramp", None, State.ASKING),
    ("running", "cramp", {"muscle": "foot"}, "take hold of the toes of your sore foot.", "foot_release",
     State.RUNNING),
    ("idle", "stretch", {"muscle": "calf"}, "come into downward dog", "yoga_calves", State.RUNNING),
    ("idle", "stretch", {"muscle": "hamstring"}, "stand with your feet shoulder-width apart.", "yoga_hamstrings",
     State.RUNNING),
    ("idle", "stretch", {"muscle": "quad"}, "start with your left leg.", "yoga_quads", State.RUNNING),
    ("idle", "stretch", {"muscle": "foot"}, "take hold of the toes of your sore foot.", "foot_release",
     State.RUNNING),
    ("idle", "stretch", {}, "which muscles", None, State.ASKING),
    ("idle", "start_routine", {"routine": "bedtime"}, "let's loosen your legs before sleep.", "bedtime",
     State.RUNNING),
    ("idle", "start_routine", {"routine": "moonwalk"}, "don't know that routine", None, State.IDLE),
    ("idle", "start_routine", {}, "which routine", None, State.IDLE),
    ("running", "pause", {}, "paused", None, State.PAUSED),
    ("idle", "pause", {}, "nothing is running", None, State.IDLE),
    ("paused", "resume", {}, None, None, State.RUNNING),
    ("idle", "resume", {}, "nothing is paused", None, State.IDLE),
    ("running", "stop", {}, "stopping", None, State.IDLE),
    ("idle", "stop", {}, None, None, State.IDLE),
    ("running", "repeat", {}, "now gently pull your toes up toward your shin.", None, State.RUNNING),
    ("idle", "repeat", {}, "haven't given an instruction", None, State.IDLE),
    ("running", "next", {}, "is it easing?", None, State.ASKING),
    ("idle", "next", {}, "nothing is running", None, State.IDLE),
    ("running", "slower", {}, "slower", None, State.RUNNING),
    ("running", "faster", {}, "faster", None, State.RUNNING),
    ("idle", "louder", {}, "louder", None, State.IDLE),
    ("idle", "quieter", {}, "quieter", None, State.IDLE),
    ("running", "time_left", {}, "in this hold", None, State.RUNNING),
    ("idle", "time_left", {}, "no routine is running", None, State.IDLE),
    ("idle", "help", {}, "you can say", None, State.IDLE),
    ("idle", "better", {}, "heels", None, State.IDLE),
    ("idle", "worse", {}, "where is the cramp", None, State.ASKING),
    ("running", "better", {}, "walk around on your heels", None, State.RUNNING),
    ("running", "worse", {}, "keep the stretch gentle", None, State.RUNNING),
    ("idle", "yes", {}, None, None, State.IDLE),
    ("idle", "no", {}, None, None, State.IDLE),
    ("idle", "side", {"side": "left"}, None, None, State.IDLE),
    ("asking_where", "side", {"side": "left"}, NIGHT_CRAMP, "night_cramp", State.RUNNING),
    ("asking_where", "cramp", {"muscle": "foot"}, "take hold of the toes of your sore foot.", "foot_release",
     State.RUNNING),
    ("asking_where", "yes", {}, "where is the cramp", None, State.ASKING),
    ("running", "red_flag", {"symptom": "swelling"}, "blood clot", None, State.ALERT),
    ("idle", "red_flag", {"symptom": "numbness"}, "doctor", None, State.ALERT),
    ("idle", "ask", {"topic": "magnesium"}, "spinach", None, State.IDLE),
    ("idle", "ask", {"topic": "astrology"}, "i can tell you about", None, State.IDLE),
]


@pytest.mark.parametrize("setup,intent,slots,words,started,after", TABLE,
                         ids=[f"{r[0]}-{r[1]}-{'-'.join(r[2].values()) or 'none'}" for r in TABLE])
def test_intent_conversation(setup, intent, slots, words, started, after):
    c = Convo()
    SETUPS[setup](c)
    actions = c.hear(c.t + 0.5, intent, **slots)
    said = " ".join(s.text for s in says_of(actions)).lower()
    assert any(isinstance(a, Log) and a.type == "heard" and a.data["intent"] == intent for a in actions)
    if words is None:
        assert said == ""
    else:
        assert words in said
    begun = [a.data["routine"] for a in actions
             if isinstance(a, Log) and a.type == "routine" and a.data["event"] == "started"]
    assert begun == ([started] if started else [])
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
