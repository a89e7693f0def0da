"""The dialog tests' context and conversation driver, over the real routines and the real planner.

Every conversation plays the packaged routines (``voice_coach/routines/data/*.yaml``) as the real
planner (``voice_coach/timing/planner.py``) lays them out, through the dialog's own
``routine_planner``, exactly as a session does. The one stand-in is the speech timer: lines are
timed with the dialog's own estimate (``estimate_speech_seconds``, 0.35 s a word) instead of
rendering them with a voice, so the tests stay fast and do not depend on the installed voice.
The planner and the dialog's own follow-up lines use the same timer, as a session's do.

Expected words and numbers are read from the routine data (``ROUTINES``, ``first_hold``) or from
the real plan (``planned``), never from constants of the tests' own. The few timing rules that
need a made-up timeline have their own fake, in ``test_made_up_timelines.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_coach.dialog import (DialogContext, DialogState, Heard, Log, PlanRequest, Say, Started,
                                Tick, initial_state, step)
from voice_coach.dialog.context import estimate_speech_seconds
from voice_coach.dialog.lines import load_lines
from voice_coach.dialog.night import MannerSettings
from voice_coach.dialog.planning import routine_planner
from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import Hold
from voice_coach.timing.timeline import Cue, CueKind, Timeline

LINES = load_lines()
"""The packaged lines, read once for all tests (immutable)."""
ROUTINES = load_routines()
"""The packaged routines, read once for all tests (frozen)."""
REAL_PLANNER = routine_planner(ROUTINES, estimate_speech_seconds)
"""The dialog's planner over the packaged routines and the real planner (the default of ``make_ctx``)."""
NIGHT_RATE = MannerSettings().night_rate
"""The speech rate of night manner (the dialog plans night routines at this rate)."""


def planned(routine_id: str, side: str | None = None, pace: float = 1.0, rate: float = 1.0) -> Timeline:
    """The real plan the dialog gets for this request (the whole routine, before the dialog cuts any phase)."""
    return REAL_PLANNER(PlanRequest(routine_id, side, pace, rate))


def cue_of(timeline: Timeline, kind: CueKind, n: int = 0) -> Cue:
    """The ``n``-th cue of ``kind`` in ``timeline``."""
    return [c for c in timeline.cues if c.kind is kind][n]


def first_hold(routine_id: str) -> Hold:
    """The first hold step of a packaged routine, as its data file gives it."""
    return next(s for _, s in ROUTINES[routine_id].walk() if isinstance(s, Hold))


def make_ctx(**kwargs) -> DialogContext:
    """A dialog context over the real planner and routines, unless a test passes its own ``plan``."""
    kwargs.setdefault("lines", LINES)
    kwargs.setdefault("speech_seconds", estimate_speech_seconds)
    return DialogContext(plan=kwargs.pop("plan", REAL_PLANNER), **kwargs)


@dataclass
class Convo:
    """Drives the pure step like a session would, and keeps every action with its step time."""

    ctx: DialogContext = field(default_factory=make_ctx)
    state: DialogState = field(default_factory=initial_state)
    t: float = 0.0
    log: list[tuple[float, object]] = field(default_factory=list)

    def send(self, event) -> tuple:
        self.state, actions = step(self.ctx, self.state, event)
        self.t = max(self.t, event.t)
        self.log += [(event.t, a) for a in actions]
        return actions

    def start(self, hour: float | None = 14.0, t: float = 0.0) -> tuple:
        return self.send(Started(t, hour))

    def hear(self, t: float, intent: str | None, text: str = "", **slots: str) -> tuple:
        return self.send(Heard(t, intent, dict(slots), text or intent or ""))

    def until(self, t_end: float, dt: float = 0.02) -> list:
        """Tick from the current time to ``t_end``; the actions of these ticks."""
        out = []
        n = 1
        start = self.t
        while start + n * dt <= t_end + 1e-9:
            out += list(self.send(Tick(start + n * dt)))
            n += 1
        return out

    def says(self, since: int = 0) -> list[Say]:
        return [a for _, a in self.log[since:] if isinstance(a, Say)]

    def logs(self, type_: str) -> list[Log]:
        return [a for _, a in self.log if isinstance(a, Log) and a.type == type_]


def says_of(actions) -> list[Say]:
    return [a for a in actions if isinstance(a, Say)]
