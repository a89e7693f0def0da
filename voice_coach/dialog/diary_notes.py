"""The diary notes the dialog writes: a cramp (when it starts, and again when it eases), a warning sign, a routine.

Each note is a "diary" events-log entry (:class:`~voice_coach.dialog.actions.Log`)
with ``entry`` (the row's kind) and ``key`` (its number in the session); the
session's :class:`~voice_coach.diary.recorder.DiaryRecorder` keeps them. The
dialog decides what counts as a cramp and when it eased, so the diary holds
what the coach did, not a guess made from its log afterwards.
"""

from __future__ import annotations

from dataclasses import replace

from voice_coach.dialog.actions import Log
from voice_coach.dialog.run import Run
from voice_coach.dialog.state import CrampEpisode, DialogState

Noted = tuple[DialogState, list[Log]]

ROUTINE_OUTCOMES = frozenset({"finished", "stopped"})
"""How a routine run ends, as noted (a night cramp's "phase_ended" is not the routine's end)."""


def _note(t: float, entry: str, key: int, **data: object) -> Log:
    return Log(t, "diary", {"entry": entry, "key": key, **data})


def cramp_began(ds: DialogState, t: float, muscle: str | None, side: str | None, routine: str) -> Noted:
    """A new cramp, said at ``t`` (session seconds), with the routine started for it."""
    key = ds.notes + 1
    episode = CrampEpisode(key, t, muscle, side, routine)
    ds = replace(ds, notes=key, cramps=(*ds.cramps, episode))
    return ds, [_note(t, "cramp", key, started=round(t, 3), muscle=muscle, side=side, routine=routine)]


def cramp_eased(ds: DialogState, t: float, eased: bool) -> Noted:
    """The person said the cramp being worked on eased (or, at the end, that it did not)."""
    if not ds.cramps or ds.cramps[-1].eased is not None:
        return ds, []
    episode = replace(ds.cramps[-1], eased=eased)
    ds = replace(ds, cramps=(*ds.cramps[:-1], episode))
    return ds, [_note(t, "cramp", episode.key, started=round(episode.t, 3), muscle=episode.muscle,
                      side=episode.side, routine=episode.routine, eased=eased,
                      ease_s=round(t - episode.t, 1) if eased else None)]


def warning_noted(ds: DialogState, t: float, symptom: str) -> Noted:
    """A warning sign was mentioned (``symptom``: a red_flag slot value, "" when none was named)."""
    key = ds.notes + 1
    return replace(ds, notes=key), [_note(t, "warning", key, symptom=symptom)]


def routine_noted(ds: DialogState, t: float, run: Run, outcome: str) -> Noted:
    """A routine run ended (``outcome`` "finished" or "stopped"; other run events are not noted)."""
    if outcome not in ROUTINE_OUTCOMES:
        return ds, []
    key = ds.notes + 1
    return replace(ds, notes=key), [_note(t, "routine", key, routine=run.routine_id, side=run.side, outcome=outcome)]
