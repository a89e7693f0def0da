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
    holding_on = Convo()  # the night cramp's hold going on after "no" to "is it easing?"
    holding_on.start()
    holding_on.hear(1.0, "cramp", muscle="calf")
    while holding_on.state.state is not State.ASKING:
        holding_on.until(holding_on.t + 0.5)
    holding_on.hear(holding_on.t, "no")
    holding_on.until(holding_on.t + 5.0)
    reached["holding_on"] = holding_on
    return reached


STATES = _states()


def test_the_states_are_the_ones_named():
    assert {name: c.state.state for name, c in STATES.items()} == {
        "idle": State.IDLE, "running": State.RUNNING, "paused": State.PAUSED, "asking": State.ASKING,
        "holding_on": State.RUNNING}
    assert STATES["holding_on"].state.run.phase.value == "hold_on"


NOT_FITTING = [(name, intent) for name in sorted(STATES) for intent in sorted(INTENT_SLOTS)
               if not fits(STATES[name].state, intent)]
"""Each state with each command that does not fit it (only these cases are generated)."""


def test_some_commands_do_not_fit_each_state_but_idle_fits_some():
    assert {name for name, _ in NOT_FITTING} == set(STATES)
    assert len(NOT_FITTING) < len(STATES) * len(INTENT_SLOTS)


@pytest.mark.parametrize(("name", "intent"), NOT_FITTING)
def test_a_command_that_does_not_fit_changes_nothing(name, intent):
    convo = STATES[name]
    t = convo.t + 0.05
    after, actions = step(convo.ctx, convo.state, Heard(t, intent, {}, intent))
    assert (after.state, after.run, after.question) == (convo.state.state, convo.state.run, convo.state.question)
    assert all(type(a).__name__ in ("Say", "Log") for a in actions), actions


def test_the_commands_that_matter_most_always_fit():
    for convo in STATES.values():
        for intent in ("stop", "pause", "cramp", "red_flag", "help"):
            assert fits(convo.state, intent)


def test_a_late_yes_fits_while_the_hold_goes_on_and_changes_the_run():
    holding_on = STATES["holding_on"]
    assert fits(holding_on.state, "yes") and not fits(holding_on.state, "no")
    after, _ = step(holding_on.ctx, holding_on.state, Heard(holding_on.t + 0.05, "yes", {}, "yes"))
    assert after.run.phase.value == "walk"


def test_what_a_radio_says_most_does_not_fit_an_idle_coach():
    idle = STATES["idle"].state
    assert [i for i in ("resume", "next", "yes", "no", "side", "time_left", "better") if fits(idle, i)] == []
