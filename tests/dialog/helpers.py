"""Hand-made timelines and a small conversation driver for the dialog tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_coach.dialog import (DialogContext, DialogState, Heard, Log, PlanRequest, Say, Started,
                                Tick, initial_state, step)
from voice_coach.dialog.lines import load_lines
from voice_coach.errors import CoachError
from voice_coach.timing.timeline import Cue, CueKind, Timeline

LINES = load_lines()
"""The packaged lines, read once for all tests (immutable)."""
HOLD = 10.0
"""Length of every hand-made hold (seconds)."""


def fake_timeline(request: PlanRequest) -> Timeline:
    """A fake planner (named so): a small routine of two lines, a counted hold, a breath, a last line, whose
    every cue the dialog tests can name ("Get ready for night_cramp now."; tests/dialog/test_with_planner.py and
    test_diary.py run the real planner).

    Speech and gaps stretch with the pace; the hold does not. The night cramp
    gets "is it easing?" after its hold, as the routine data has it.
    """
    pace = request.pace
    rid, side = request.routine_id, request.side
    cues: list[Cue] = []
    t = 0.0

    def line(kind: CueKind, text: str, step: int) -> None:
        nonlocal t
        speech = 0.3 * len(text.split()) * pace
        cues.append(Cue(t, kind, text, speech, step=step, side=side))
        t += speech + 0.4 * pace

    line(CueKind.SAY, f"Get ready for {rid} now.", 0)
    line(CueKind.SAY, "Straighten your leg and pull your toes up.", 1)
    start = t
    cues.append(Cue(start, CueKind.HOLD_START, "And hold.", HOLD, step=2, hold=0))
    for n in range(1, int(HOLD)):
        cues.append(Cue(start + n, CueKind.COUNT, str(n), 0.3, step=2, hold=0))
    cues.append(Cue(start + HOLD, CueKind.HOLD_END, "Release.", 0.3, step=2, hold=0))
    t = start + HOLD + 0.7
    if rid == "night_cramp":
        cues.append(Cue(t, CueKind.ASK, "Is it easing?", 0.9, step=3))
        t += 0.9 + 5.0
    cues.append(Cue(t, CueKind.INHALE, "Breathe in slowly now.", 4.0 * pace, step=4))
    cues.append(Cue(t + 4.0 * pace, CueKind.EXHALE, "Out.", 4.0 * pace, step=4))
    t += 8.0 * pace
    line(CueKind.SAY, "Well done, that is all.", 5)
    cues.append(Cue(t, CueKind.END, step=6))
    return Timeline(rid, tuple(cues), t)


class Refused(CoachError):
    """A planner that cannot plan."""


def failing_plan(request: PlanRequest) -> Timeline:
    raise Refused(f"no routine {request.routine_id}")


def make_ctx(**kwargs) -> DialogContext:
    kwargs.setdefault("lines", LINES)
    return DialogContext(plan=kwargs.pop("plan", fake_timeline), **kwargs)


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


def texts(actions) -> str:
    return " | ".join(a.text for a in says_of(actions))
