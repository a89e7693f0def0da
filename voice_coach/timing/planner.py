"""Plan a routine into a :class:`Timeline`: every cue at an absolute offset from the start.

Why absolute: a hold must end within 100 ms of its planned length and a
ten-minute session must not drift, so holds, counts and breath beats are placed
at ``start + n`` computed from the step's start time, never by adding waits.
Only spoken lines advance the plan by their measured length (``speech_seconds``)
plus a short gap, because the next instruction cannot start before the last
one is finished.

Pace (>1 = slower) stretches the gaps, breath phases and tempo lines; it
never changes a hold, a rest or the time left for an answer, because those
numbers come from the sources (or from the person), not from the voice.
Speech is not scaled here: ``speech_seconds`` already measures each line at
the rate it will be spoken (the speech layer renders it), so a slower voice
comes with a slower timer, never with a guess.

Holds are counted down in seconds left ("twenty-nine" ... "one", then the
release); breaths are counted in beats ("in ... two ... three ... four").
A count word is only planned if it fits: it starts after the previous spoken
line has ended and ends before the next beat, so no two spoken cues overlap;
counts that would not fit (long numbers in a slow voice) are left out from the
front, so what is said is always an unbroken count down to the release.

A hold with ``max_seconds`` (source 001's "hold for 30-60 seconds until the
cramp releases") is planned at its ``seconds``, the part that is always held;
its HOLD_START cue carries ``max_seconds`` too, so the timeline shows both
lengths. Whether it goes on is the person's answer, so a linear plan never
extends it: :func:`plan_hold_on` plans the going on (from ``seconds`` to
``max_seconds``, counted as the hold is) for whoever asks, the dialog.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from typing import Iterable

from voice_coach.routines.model import (
    COUNT_STYLES, SIDES, Ask, Breaths, Hold, Repeat, Rest, Routine, SayStep, Sides, Step, other_side, step_size,
)
from voice_coach.routines.text import fill, number_words
from voice_coach.timing.timeline import Cue, CueKind, SpeechTimer, Timeline

log = logging.getLogger(__name__)

GAP = 0.4
"""Silence after a spoken instruction before the next one (seconds at pace 1.0)."""
COUNT_GAP = 0.05
"""Least silence between a count word and the speech around it (seconds)."""
UNKNOWN_SIDE = ("sore", "other")
"""What {side}/{other} say in a one-sided routine when nobody said which leg ("your sore leg")."""


@dataclass(frozen=True)
class PlanSettings:
    """How to plan: which side first, how slowly, how holds are counted."""

    side: str | None = None
    """"left" or "right": the leg of a one-sided routine, the first side of a two-sided one; None = the routine's natural order (one-sided: "your sore leg")."""
    pace: float = 1.0
    """1.0 normal; >1 slower: gaps, breath phases and tempo lines last ``pace`` times longer; holds never change (speech length comes from the timer)."""
    count_style: str = "every"
    """How holds are counted down: "every" second, "sparse" (every 5 s and the last 5 s) or "none"; a hold's own ``counting`` wins."""

    def __post_init__(self) -> None:
        if self.side is not None and self.side not in SIDES:
            raise ValueError(f"side must be left, right or None, not {self.side!r}")
        if not (math.isfinite(self.pace) and 0.25 <= self.pace <= 4.0):
            raise ValueError(f"pace must be between 0.25 and 4, not {self.pace!r}")
        if self.count_style not in COUNT_STYLES:
            raise ValueError(f"count_style must be one of {', '.join(COUNT_STYLES)}, not {self.count_style!r}")


@dataclass(frozen=True)
class _Context:
    """Where in the routine a step is being planned."""

    step: int
    """Pre-order index of the step (``Cue.step``)."""
    side: str | None = None
    """Current side, or None when unknown."""
    rep: int | None = None
    """1-based repetition of the innermost repeat."""
    reps: int | None = None
    """Repetitions of the innermost repeat."""


def plan(routine: Routine, speech_seconds: SpeechTimer, settings: PlanSettings = PlanSettings()) -> Timeline:
    """The routine's cues at absolute offsets from its start, ending with an END cue at its length."""
    return _Planner(routine, speech_seconds, settings).run()


def planned_length(routine: Routine, speech_seconds: SpeechTimer, settings: PlanSettings = PlanSettings()) -> float:
    """Seconds the routine takes when planned with these settings."""
    return plan(routine, speech_seconds, settings).length


def plan_hold_on(routine: Routine, hold: int, words: str, speech_seconds: SpeechTimer,
                 settings: PlanSettings = PlanSettings()) -> Timeline:
    """Holding on past a hold's planned length: hold number ``hold`` of the routine's plan (``Cue.hold``),
    from its ``seconds`` on to its ``max_seconds``.

    ``words`` are said as it goes on (in place of the hold's own start words); the seconds left are
    counted down as the hold's are (its own ``counting``, else the plan's style), and the hold's own
    release words end it. Its cues keep the hold's step, side, repetition and index, and its HOLD_START
    its ``max_seconds``, so they read as the same hold going on. Raises ``ValueError`` when that hold
    has no ``max_seconds`` beyond its ``seconds``.
    """
    start = next((c for c in plan(routine, speech_seconds, settings).cues
                  if c.kind is CueKind.HOLD_START and c.hold == hold), None)
    if start is None or start.max_seconds is None or start.max_seconds <= start.duration:
        raise ValueError(f"{routine.id}: hold {hold} has no max_seconds beyond its seconds to hold on to")
    step = dict(routine.walk())[start.step]
    planner = _Planner(routine, speech_seconds, settings)
    planner.holds = hold
    here = _Context(step=start.step, side=start.side, rep=start.rep, reps=start.reps)
    planner._hold(replace(step, seconds=step.max_seconds - step.seconds, start=words), here)
    planner.cues.append(Cue(planner.t, CueKind.END, step=start.step + 1, side=start.side))
    return Timeline(routine.id, tuple(sorted(planner.cues, key=lambda c: c.offset)), planner.t)


def plan_sequence(timelines: Iterable[Timeline], routine_id: str | None = None) -> Timeline:
    """Timelines back to back as one (a session): each starts where the previous ended.

    Inner END cues are dropped (one END, at the total length); ``hold`` and
    ``step`` indices are renumbered so they stay unique across the session.
    """
    timelines = list(timelines)
    cues: list[Cue] = []
    start = 0.0
    hold_base = step_base = 0
    for timeline in timelines:
        moved = timeline.shifted(start)
        for cue in moved.cues:
            if cue.kind is not CueKind.END:
                hold = None if cue.hold is None else cue.hold + hold_base
                cues.append(replace(cue, step=cue.step + step_base, hold=hold))
        hold_base += 1 + max((c.hold for c in timeline.cues if c.hold is not None), default=-1)
        step_base += 1 + max((c.step for c in timeline.cues), default=-1)
        start = moved.length
    name = routine_id or "+".join(t.routine_id for t in timelines)
    cues.append(Cue(start, CueKind.END, step=step_base))
    return Timeline(name, tuple(cues), start)


class _Planner:
    """One planning pass; its state lives only for one call of :func:`plan`."""

    def __init__(self, routine: Routine, speech_seconds: SpeechTimer, settings: PlanSettings) -> None:
        self.routine = routine
        self.timer = speech_seconds
        self.settings = settings
        self.cues: list[Cue] = []
        self.t = 0.0
        """Earliest offset at which the next instruction may start (seconds)."""
        self.holds = 0
        self.announced_side: str | None = None

    def run(self) -> Timeline:
        side = self.settings.side if self.routine.one_sided else None
        self._steps(self.routine.steps, _Context(step=0, side=side))
        step_end = sum(step_size(s) for s in self.routine.steps)
        self.cues.append(Cue(self.t, CueKind.END, step=step_end, side=side))
        cues = tuple(sorted(self.cues, key=lambda c: c.offset))
        return Timeline(self.routine.id, cues, self.t)

    # ------------------------------------------------------------ helpers

    def _speech(self, text: str) -> float:
        return self.timer(text) if text else 0.0

    def _words(self, text: str, ctx: _Context) -> str:
        side, other = (ctx.side, other_side(ctx.side)) if ctx.side else UNKNOWN_SIDE
        values = {"side": side, "other": other, "rep": "", "reps": ""}
        if ctx.rep is not None:
            values.update(rep=number_words(ctx.rep), reps=number_words(ctx.reps or 0))
        return fill(text, values)

    def _cue(self, offset: float, kind: CueKind, text: str, duration: float, ctx: _Context, hold: int | None = None,
             max_seconds: float | None = None) -> None:
        self.cues.append(Cue(offset, kind, text, duration, ctx.step, ctx.side, ctx.rep, ctx.reps, hold, max_seconds))

    def _line(self, kind: CueKind, template: str, ctx: _Context, least: float = 0.0) -> None:
        """A spoken instruction at the current time; the next starts after it and a gap (or ``least`` seconds)."""
        text = self._words(template, ctx)
        start = self.t
        speech = self._speech(text)
        self._cue(start, kind, text, speech, ctx)
        spoken = start + speech + GAP * self.settings.pace if text else start
        self.t = max(spoken, start + least)

    def _counts(self, ticks: list[float], numbers: list[int], end: float, spoken_until: float, ctx: _Context, hold: int | None) -> float:
        """COUNT cues at ``ticks`` (absolute), as one unbroken run that fits.

        A word must end before the next tick (or ``end``). Counts that do not
        fit are dropped from the front only (a slow voice starts its count at
        "twenty" rather than skipping around), and so are counts that would
        talk over the line said when the hold or phase began.
        """
        words = [number_words(n) for n in numbers]
        speech = [self._speech(w) for w in words]
        limits = ticks[1:] + [end]
        first = len(ticks)
        while first > 0 and ticks[first - 1] + speech[first - 1] + COUNT_GAP <= limits[first - 1]:
            first -= 1
        while first < len(ticks) and spoken_until + COUNT_GAP > ticks[first]:
            first += 1
        if first:
            log.debug("%d count(s) before %r left out: they do not fit", first, words[first] if first < len(words) else "the end")
        for tick, word, length in zip(ticks[first:], words[first:], speech[first:]):
            self._cue(tick, CueKind.COUNT, word, length, ctx, hold)
            spoken_until = tick + length
        return spoken_until

    # ------------------------------------------------------------ steps

    def _steps(self, steps: tuple[Step, ...], ctx: _Context) -> None:
        index = ctx.step
        for step in steps:
            here = replace(ctx, step=index)
            if isinstance(step, SayStep):
                self._line(CueKind.SAY, step.text, here, step.seconds * self.settings.pace)
            elif isinstance(step, Hold):
                self._hold(step, here)
            elif isinstance(step, Breaths):
                self._breaths(step, here)
            elif isinstance(step, Repeat):
                self._repeat(step, here)
            elif isinstance(step, Sides):
                self._sides(step, here)
            elif isinstance(step, Rest):
                self._rest(step, here)
            elif isinstance(step, Ask):
                self._ask(step, here)
            else:  # pragma: no cover - the loader only builds the kinds above
                raise TypeError(f"unknown step {step!r}")
            index += step_size(step)

    def _hold(self, step: Hold, ctx: _Context) -> None:
        start = self.t
        end = start + step.seconds
        hold = self.holds
        self.holds += 1
        text = self._words(step.start, ctx)
        speech = self._speech(text)
        self._cue(start, CueKind.HOLD_START, text, step.seconds, ctx, hold, step.max_seconds)
        style = step.counting or self.settings.count_style
        numbers = _countdown(step.seconds, style)
        spoken_until = self._counts([end - n for n in numbers], numbers, end, start + speech, ctx, hold)
        if spoken_until + COUNT_GAP > end:
            log.warning("%s: hold at %.1f s: its start words run past its end", self.routine.id, start)
        release = self._words(step.end, ctx)
        release_speech = self._speech(release)
        self._cue(end, CueKind.HOLD_END, release, release_speech, ctx, hold)
        self.t = end + release_speech + GAP * self.settings.pace

    def _breaths(self, step: Breaths, ctx: _Context) -> None:
        pace = self.settings.pace
        second = "exhale" if step.first == "inhale" else "inhale"
        phases = []  # (kind, length, base seconds, full text, short text)
        for phase in (step.first, second):
            base = step.inhale_seconds if phase == "inhale" else step.exhale_seconds
            full = step.inhale if phase == "inhale" else step.exhale
            short = step.inhale_short if phase == "inhale" else step.exhale_short
            kind = CueKind.INHALE if phase == "inhale" else CueKind.EXHALE
            phases.append((kind, base * pace, base, self._words(full, ctx), self._words(short, ctx)))
        fits = all(self._speech(full) + COUNT_GAP <= length for _, length, _, full, _ in phases)
        if not fits:  # say what to do first, then breathe with the short words
            for _, _, _, full, _ in phases:
                self._line(CueKind.SAY, full, ctx)
        start = self.t
        breath = sum(p[1] for p in phases)
        for i in range(step.count):
            phase_start = start + i * breath
            for kind, length, base, full, short in phases:
                text = full if (i == 0 and fits) else short
                speech = self._speech(text)
                if speech + COUNT_GAP > length:
                    text, speech = "", 0.0
                self._cue(phase_start, kind, text, length, ctx)
                beats = max(1, round(base))
                numbers = list(range(2, beats + 1))
                ticks = [phase_start + (n - 1) * length / beats for n in numbers]
                if ticks and phase_start + speech + COUNT_GAP > ticks[0]:
                    numbers, ticks = [], []  # a lone "four" after a long line is noise: count whole phases only
                self._counts(ticks, numbers, phase_start + length, phase_start + speech, ctx, None)
                phase_start += length
        self.t = start + step.count * breath

    def _repeat(self, step: Repeat, ctx: _Context) -> None:
        for rep in range(1, step.times + 1):
            inner = replace(ctx, rep=rep, reps=step.times)
            self._line(CueKind.REP, step.announce, inner)
            self._steps(step.steps, replace(inner, step=ctx.step + 1))

    def _sides(self, step: Sides, ctx: _Context) -> None:
        first = self.settings.side or step.first
        for side in (first, other_side(first)):
            inner = replace(ctx, side=side)
            template = step.first_text if self.announced_side is None else step.switch_text
            self._line(CueKind.SIDE, template, inner)
            self.announced_side = side
            self._steps(step.steps, replace(inner, step=ctx.step + 1))

    def _rest(self, step: Rest, ctx: _Context) -> None:
        start = self.t
        text = self._words(step.text, ctx)
        speech = self._speech(text)
        self._cue(start, CueKind.REST, text, step.seconds, ctx)
        self.t = start + max(step.seconds, speech + GAP * self.settings.pace if text else 0.0)

    def _ask(self, step: Ask, ctx: _Context) -> None:
        start = self.t
        text = self._words(step.question, ctx)
        speech = self._speech(text)
        self._cue(start, CueKind.ASK, text, speech, ctx)
        self.t = start + speech + max(step.wait_seconds, GAP * self.settings.pace)


def _countdown(seconds: float, style: str) -> list[int]:
    """Seconds left at each count of a hold, in the order said ("twenty-nine" ... "one").

    Counting down tells a person in pain how long is left, and it makes the
    last five counts, the ones that matter most, short words that fit a
    one-second beat even in a slow night voice. "sparse" keeps every fifth
    second and the last five.
    """
    left = list(range(math.ceil(seconds) - 1, 0, -1))  # nothing at the end itself: the release is said there
    if style == "every":
        return left
    if style == "sparse":
        return [n for n in left if n % 5 == 0 or n <= 5]
    return []
