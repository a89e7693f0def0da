"""Whether a command means anything in the conversation's present state.

"Carry on" with nothing paused, "yes" with no question open, "how much
longer?" with no routine running: a person rarely says these, but a radio in
the room does, because the short commands are the ones other speech decodes
into (a radio sentence once scored 0.96 as "continue" while the coach was
answering a question). The dialog answers them politely ("nothing is
paused"), which is right for a person and wrong for a radio; so in a busy
room (see ``AdmissionSettings.busy_window_s``) the dialog acts only on commands
that fit the state. A quiet room keeps the polite answers.
"""

from __future__ import annotations

from voice_coach.dialog.run import Phase
from voice_coach.dialog.state import DialogState, State

_WHILE_A_ROUTINE = frozenset({State.RUNNING, State.PAUSED, State.ASKING})
"""States in which a routine (or its question) is under way."""


def fits(ds: DialogState, intent: str) -> bool:
    """Whether ``intent`` would change anything, or answer a question, in state ``ds``.

    "Stop" and "hold on" always fit: they silence whatever the coach is saying.
    """
    if intent == "resume":
        return ds.state in (State.PAUSED, State.ASKING)
    if intent == "next":
        return ds.state in _WHILE_A_ROUTINE
    if intent == "time_left":
        return ds.run is not None and ds.state is not State.ASKING
    if intent == "repeat":
        return bool(ds.last_instruction)
    if intent == "yes":  # also a late answer to "is it easing?" while the night cramp's hold goes on
        holding_on = ds.run is not None and ds.run.phase is Phase.HOLD_ON and ds.state in (State.RUNNING, State.PAUSED)
        return ds.state is State.ASKING or holding_on
    if intent in ("no", "side"):
        return ds.state is State.ASKING
    if intent == "better":
        return ds.run is not None or ds.state is State.ASKING
    return True
