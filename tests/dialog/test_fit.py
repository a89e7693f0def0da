"""``fits``: a command that does not fit the state would change nothing if the dialog acted on it.

The busy-room rule drops such commands; this checks the claim behind it
against the real dialog in each state a conversation reaches.
"""

from __future__ import annotations

import pytest

from voice_coach.dialog import Heard, State, step
from voice_coach.dialog.fit import fits
from voice_coach.intents.contract import INTENT_SLOTS

from .helpers import Convo


def _states() -> dict[str, Convo]:
    reached = {}
    idle = Convo()
    idle.start()
    reached["idle"] = idle
    running = Convo()
    running.start()
    running.hear(1.0, "start_routine", routine="calf_release")
    running.until(3.0)
    reached["running"] = running
    paused = Convo()
    paused.start()
    paused.hear(1.0, "start_routine", routine="calf_release")
    paused.until(3.0)
    paused.hear(3.1, "pause")
    reached["paused"] = paused
    asking = Convo()
    asking.start()
    asking.hear(1.0, "cramp")  # no muscle named: "where is the cramp?"
    reached["asking"] = asking
    return reached


STATES = _states()


def test_the_states_are_the_ones_named():
    assert {name: c.state.state for name, c in STATES.items()} == {
        "idle": State.IDLE, "running": State.RUNNING, "paused": State.PAUSED, "asking": State.ASKING}


@pytest.mark.parametrize("name", sorted(STATES))
@pytest.mark.parametrize("intent", sorted(INTENT_SLOTS))
def test_a_command_that_does_not_fit_changes_nothing(name, intent):
    convo = STATES[name]
    if fits(convo.state, intent):
        return
    t = convo.t + 0.05
    after, actions = step(convo.ctx, convo.state, Heard(t, intent, {}, intent))
    assert (after.state, after.run, after.question) == (convo.state.state, convo.state.run, convo.state.question)
    assert all(type(a).__name__ in ("Say", "Log") for a in actions), actions


def test_the_commands_that_matter_most_always_fit():
    for convo in STATES.values():
        for intent in ("stop", "pause", "cramp", "red_flag", "help"):
            assert fits(convo.state, intent)


def test_what_a_radio_says_most_does_not_fit_an_idle_coach():
    idle = STATES["idle"].state
    assert [i for i in ("resume", "next", "yes", "no", "side", "time_left", "better") if fits(idle, i)] == []
