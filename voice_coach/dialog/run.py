"""One routine run on the session clock: which cue is next and when it is due.

A cue's deadline is ``origin + cue.offset``. ``origin`` is the session time at
which the timeline's offset 0 falls; pausing moves it later by exactly the
pause, skipping and re-planning re-anchor it. Every deadline is computed from
it, never by adding up waits, so nothing drifts and a hold keeps its length.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from voice_coach.timing.timeline import Cue, CueKind, Timeline

class Phase(str, Enum):
    """Which part of a routine a run plays."""

    MAIN = "main"
    """A routine's whole timeline."""
    STRETCH = "stretch"
    """Night cramp: the stretch, up to "is it easing?"."""
    HOLD_ON = "hold_on"
    """Night cramp, not easing after the first stretch: its hold goes on to the hold's ``max_seconds`` in
    all (source 001: "hold for 30-60 seconds until the cramp releases"), then the massage."""
    MASSAGE = "massage"
    """Night cramp, not easing: massage and heat, then another stretch."""
    WALK = "walk"
    """Night cramp, easing: walk on the heels for a minute, then done."""


@dataclass(frozen=True)
class Run:
    """A routine being played."""

    routine_id: str
    """The routine's id, as in PRODUCT.md."""
    side: str | None
    """"left"/"right" when the person named a side, else None."""
    timeline: Timeline
    """The planned cues this run plays."""
    started_at: float
    """Session seconds at which the run began."""
    origin: float
    """Session seconds at which the timeline's offset 0 falls (moved by pauses, skips, re-plans)."""
    next_cue: int = 0
    """Index in ``timeline.cues`` of the next cue to emit."""
    paused_at: float | None = None
    """Session seconds at which the run was paused; None when not paused."""
    paused_total: float = 0.0
    """Seconds spent paused so far."""
    phase: Phase = Phase.MAIN
    """Which part of the routine this run plays."""
    round: int = 1
    """Night cramp: 1 for the first stretch, 2 for the second."""

    @staticmethod
    def begin(routine_id: str, side: str | None, timeline: Timeline, t: float,
              phase: Phase = Phase.MAIN, round_no: int = 1) -> "Run":
        """A run whose first cue is due at ``t`` (seconds)."""
        first = timeline.cues[0].offset if timeline.cues else 0.0
        return Run(routine_id, side, timeline, t, t - first, phase=phase, round=round_no)

    @property
    def cues(self) -> tuple[Cue, ...]:
        return self.timeline.cues

    @property
    def done(self) -> bool:
        """Every cue has been emitted."""
        return self.next_cue >= len(self.cues)

    def deadline(self, index: int) -> float:
        """Session seconds at which cue ``index`` is due."""
        return self.origin + self.cues[index].offset

    def now(self, t: float) -> float:
        """The run's present: ``t``, or the pause moment while paused."""
        return self.paused_at if self.paused_at is not None else t

    def open_hold(self) -> tuple[int, int] | None:
        """(HOLD_START index, HOLD_END index) of the hold under way, or None."""
        for i in range(self.next_cue - 1, -1, -1):
            kind = self.cues[i].kind
            if kind is CueKind.HOLD_END:
                return None
            if kind is CueKind.HOLD_START:
                hold = self.cues[i].hold
                for j in range(self.next_cue, len(self.cues)):
                    if self.cues[j].kind is CueKind.HOLD_END and self.cues[j].hold == hold:
                        return i, j
                return None
        return None

    def time_left(self, t: float) -> tuple[float | None, float]:
        """(seconds left in the hold under way or None, seconds left in the run)."""
        now = self.now(t)
        total = max(0.0, self.deadline(len(self.cues) - 1) - now) if self.cues else 0.0
        hold = self.open_hold()
        in_hold = max(0.0, self.deadline(hold[1]) - now) if hold else None
        return in_hold, total

    def paused_now(self, t: float) -> "Run":
        """This run paused at ``t``."""
        return self if self.paused_at is not None else replace(self, paused_at=t)

    def resumed(self, t: float) -> "Run":
        """This run resumed at ``t``: every remaining deadline moves by the pause's length."""
        if self.paused_at is None:
            return self
        gap = max(0.0, t - self.paused_at)
        return replace(self, origin=self.origin + gap, paused_at=None, paused_total=self.paused_total + gap)

    def continued_after_question(self, t: float) -> "Run":
        """Resumed after an ASK cue: the cue after the question is due at ``t`` (the answer needs no more wait)."""
        if self.done:
            return replace(self, paused_at=None)
        gap = t - self.deadline(self.next_cue)
        return replace(self, origin=self.origin + gap, paused_at=None, paused_total=self.paused_total + max(0.0, gap))

    def skip_target(self) -> int:
        """Index of the first cue of the next part of the routine.

        That is an ASK or the END; a SAY of a later step (pre-order index, so
        the lines inside a repetition are not "later" than the repeat's own
        step); or an announced REP or SIDE (so "next" during a hold of a
        repetition goes to the next repetition, during one side to the other).
        """
        if not self.cues:
            return 0
        current = self.cues[max(0, self.next_cue - 1)].step
        for j in range(max(self.next_cue, 1), len(self.cues)):
            cue = self.cues[j]
            if cue.kind in (CueKind.ASK, CueKind.END):
                return j
            if cue.kind is CueKind.SAY and cue.step > current:
                return j
            if cue.kind in (CueKind.REP, CueKind.SIDE) and cue.text:
                return j
        return len(self.cues) - 1

    def skipped(self, t: float) -> "Run":
        """This run moved to the next part, which is due at ``t`` (a pause ends)."""
        j = self.skip_target()
        origin = t - self.cues[j].offset if self.cues else self.origin
        return replace(self, next_cue=j, origin=origin, paused_at=None)

    def replanned(self, timeline: Timeline) -> "Run":
        """This run on a new timeline (e.g. another pace), keeping its place.

        The anchor (the hold under way, else the last cue emitted that is not a
        count, since counts that no longer fit are left out) keeps its deadline, so a hold keeps its exact end and what follows takes the new
        spacing.
        """
        i = self.next_cue
        if not self.cues or not timeline.cues:
            return replace(self, timeline=timeline, next_cue=min(i, len(timeline.cues)))
        new_next = _match(self.cues, timeline.cues, i) if i < len(self.cues) else len(timeline.cues)
        hold = self.open_hold()
        anchor = hold[0] if hold else _last_uncounted(self.cues, i)
        if anchor < 0:
            return replace(self, timeline=timeline, next_cue=new_next)
        new_anchor = _match(self.cues, timeline.cues, anchor)
        origin = self.origin + self.cues[anchor].offset - timeline.cues[new_anchor].offset
        return replace(self, timeline=timeline, next_cue=new_next, origin=origin)


def _signature(cue: Cue) -> tuple:
    return cue.kind, cue.step, cue.side, cue.rep, cue.hold


def _match(old: tuple[Cue, ...], new: tuple[Cue, ...], index: int) -> int:
    """The index in ``new`` of the cue that plays the part of ``old[index]``."""
    if len(old) == len(new) and all(a.kind is b.kind for a, b in zip(old, new)):
        return index
    sig = _signature(old[index])
    nth = sum(1 for c in old[:index] if _signature(c) == sig)
    seen = 0
    for j, cue in enumerate(new):
        if _signature(cue) == sig:
            if seen == nth:
                return j
            seen += 1
    step = old[index].step
    for j, cue in enumerate(new):
        if cue.step >= step:
            return j
    return len(new) - 1


def _last_uncounted(cues: tuple[Cue, ...], next_cue: int) -> int:
    """Index of the last emitted cue that is not a COUNT, or -1."""
    for i in range(next_cue - 1, -1, -1):
        if cues[i].kind is not CueKind.COUNT:
            return i
    return -1
