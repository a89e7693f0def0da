"""dialog layer: the conversation as a pure step ``(state, event) -> (state, actions)``.

The session feeds events (``Started``, ``Heard``, ``Tick``) and carries out the
actions (``Say``, ``StopSpeaking``, ``Log``); see :func:`step`.
"""

from voice_coach.dialog.actions import Action, Log, Say, StopSpeaking
from voice_coach.dialog.context import DialogContext, PlanRequest, Planner, estimate_speech_seconds
from voice_coach.dialog.events import Event, Heard, Started, Tick
from voice_coach.dialog.manager import initial_state, step
from voice_coach.dialog.planning import routine_planner
from voice_coach.dialog.run import Phase, Run
from voice_coach.dialog.state import Adjustments, DialogState, Question, State

__all__ = [
    "Action", "Adjustments", "DialogContext", "DialogState", "Event", "Heard", "Log", "Phase", "PlanRequest",
    "Planner", "Question", "Run", "Say", "Started", "State", "StopSpeaking", "Tick",
    "estimate_speech_seconds", "initial_state", "routine_planner", "step",
]
