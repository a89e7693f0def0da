"""Small helpers that turn words into actions with the right voice."""

from __future__ import annotations

from dataclasses import replace

from voice_coach.dialog.actions import Action, Log, Say
from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.night import Delivery, hour_at, is_night, voice_for
from voice_coach.dialog.run import Run
from voice_coach.dialog.state import DialogState


def voice_at(ctx: DialogContext, ds: DialogState, t: float) -> Delivery:
    """The voice for a line spoken at session time ``t`` (night manner and the person's settings)."""
    night = is_night(hour_at(ds.hour_origin, t), ctx.voice.night_hours)
    return voice_for(ctx.voice, night, ds.settings.pace, ds.settings.volume_offset)


def speak(ctx: DialogContext, ds: DialogState, text: str, kind: str, t: float,
          interrupt: bool = False) -> list[Action]:
    """A Say with its voice, and its events-log line ("count" for counts, else "say")."""
    if not text:
        return []
    voice = voice_at(ctx, ds, t)
    entry = {"text": text, "kind": kind, "rate": voice.rate, "volume": voice.volume}
    return [Say(text, kind, voice.rate, voice.volume, t, interrupt),
            Log(t, "count" if kind == "count" else "say", entry)]


def instruct(ctx: DialogContext, ds: DialogState, text: str, kind: str, t: float,
             interrupt: bool = False) -> tuple[DialogState, list[Action]]:
    """Speak an instruction and remember it for "repeat"."""
    return replace(ds, last_instruction=text), speak(ctx, ds, text, kind, t, interrupt)


def routine_log(t: float, event: str, run: Run, **extra: object) -> Log:
    """A "routine" events-log line: started, stopped, finished, paused, resumed, skipped, replanned,
    and for the night cramp's phases phase_ended / phase_started."""
    data = {"event": event, "routine": run.routine_id, "side": run.side, "phase": run.phase.value}
    data.update(extra)
    return Log(t, "routine", data)


def spoken_seconds(seconds: float) -> str:
    """A duration as said aloud: "8 seconds", "20 seconds", "a minute", "3 minutes"."""
    s = max(0, round(seconds))
    if s <= 1:
        return "a second"
    if s < 10:
        return f"{s} seconds"
    if s < 55:
        return f"{5 * round(s / 5)} seconds"
    if s < 90:
        return "a minute"
    return f"{round(s / 60)} minutes"
