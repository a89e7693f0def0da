"""A routine as data: the steps the coach talks a person through.

Routines live in YAML files, one per routine, in ``data/``; :mod:`.loader`
checks every field and builds these frozen objects, and the planner
(:mod:`voice_coach.timing.planner`) turns them into cues at exact offsets.
Keeping content out of code lets the words be rewritten without touching the
timing, and lets a test read each source number back from the plan.

Text may hold placeholders the planner fills: ``{side}`` and ``{other}``
("left"/"right") and, inside a ``repeat``, ``{rep}`` and ``{reps}`` (number
words). Durations are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Union

ROUTINE_IDS = (
    "night_cramp", "calf_release", "quad_release", "hamstring_release", "foot_release",
    "yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime",
)
"""The routine ids fixed by PRODUCT.md, in its order."""
SOURCES = ("000", "001")
"""Source articles a routine may cite (the file-name prefixes in ``seeds/``)."""
MUSCLES = ("calf", "hamstring", "quad", "foot", "leg")
"""The ``muscle`` slot values of PRODUCT.md."""
SIDES = ("left", "right")
"""The two sides a leg can be on."""
COUNT_STYLES = ("every", "sparse", "none")
"""How a hold is counted down: every second, every 5 s plus the last 5 s, or silently."""
PHASES = ("inhale", "exhale")
"""The two phases of a breath."""
MAX_SECONDS = 600.0
"""Longest duration any step may name (seconds); more is a typo, not a stretch."""
MAX_TIMES = 100
"""Most repetitions or breaths a step may name."""


def other_side(side: str) -> str:
    """The opposite of "left" or "right"."""
    return "left" if side == "right" else "right"


@dataclass(frozen=True)
class SayStep:
    """Speak one instruction."""

    text: str
    """The words, possibly with placeholders."""
    seconds: float = 0.0
    """Least time the line occupies from its start (seconds at pace 1.0, scaled by pace), for a movement's tempo; 0 = its speech plus the gap."""


@dataclass(frozen=True)
class Hold:
    """Hold a stretch for a fixed time, counted aloud; its length never changes with pace."""

    seconds: float
    """Planned length of the hold (seconds)."""
    max_seconds: float | None = None
    """Longest it may go on in all, seconds, until the cramp releases (source 001: "hold for 30-60 seconds
    until the cramp releases"); None = it never goes on. A plan holds ``seconds`` and shows both lengths
    (``Cue.max_seconds``); the dialog holds on to this when "is it easing?", asked as the ``seconds``
    end, is answered no (see :mod:`voice_coach.dialog.planning`)."""
    counting: str | None = None
    """"every", "sparse" or "none"; None = the plan's count style."""
    start: str = "Hold."
    """Spoken as the hold begins."""
    end: str = "And release."
    """Spoken exactly when the hold ends."""


@dataclass(frozen=True)
class Breaths:
    """Paced breathing: ``count`` breaths, each one phase then the other, counted in beats."""

    count: int
    """Number of breaths."""
    inhale_seconds: float = 4.0
    """Length of a breath in (seconds at pace 1.0; scaled by pace). Its whole seconds are the beats counted."""
    exhale_seconds: float = 4.0
    """Length of a breath out (seconds at pace 1.0; scaled by pace)."""
    first: str = "inhale"
    """Which phase opens each breath: "inhale" or "exhale"."""
    inhale: str = "Breathe in."
    """Said at the first breath in: what to do while breathing in."""
    exhale: str = "Breathe out."
    """Said at the first breath out: what to do while breathing out."""
    inhale_short: str = "In."
    """Said at every later breath in (short, so the beat count fits)."""
    exhale_short: str = "Out."
    """Said at every later breath out."""


@dataclass(frozen=True)
class Repeat:
    """Do the inner steps ``times`` times, announcing each repetition."""

    times: int
    """Number of repetitions."""
    steps: tuple["Step", ...]
    """The steps of one repetition."""
    announce: str = "{rep} of {reps}."
    """Said as each repetition starts; empty = a silent REP marker."""


@dataclass(frozen=True)
class Sides:
    """Do the inner steps for one side, then for the other."""

    steps: tuple["Step", ...]
    """The steps for one side; ``{side}`` is the current side, ``{other}`` the opposite."""
    first: str = "right"
    """The routine's natural first side, used when the person names none."""
    first_text: str = "Start with your {side} leg."
    """Said at the first side the routine announces."""
    switch_text: str = "Now switch to your {side} leg."
    """Said at every later change of side."""


@dataclass(frozen=True)
class Rest:
    """A quiet pause of fixed length (not scaled by pace)."""

    seconds: float
    """Length of the rest (seconds)."""
    text: str = ""
    """Said as the rest begins; may be empty."""


@dataclass(frozen=True)
class Ask:
    """A question; the dialog listens for the answer before going on."""

    question: str
    """The words of the question."""
    wait_seconds: float = 5.0
    """Time planned for the answer after the question is spoken (seconds, not scaled by pace)."""


Step = Union[SayStep, Hold, Breaths, Repeat, Sides, Rest, Ask]
"""One step of a routine."""


@dataclass(frozen=True)
class Routine:
    """One routine of PRODUCT.md, as loaded from its data file."""

    id: str
    """The fixed id (also the data file's name)."""
    title: str
    """Short human title, e.g. "Calf release"."""
    source: str
    """Source article the numbers come from: "000" or "001"."""
    muscle: str
    """The muscle it works: calf, hamstring, quad, foot or leg."""
    one_sided: bool
    """True when it works only the leg given by ``--side`` (the sore one); False when it does both sides."""
    steps: tuple[Step, ...]
    """The steps, in order."""

    def walk(self) -> Iterator[tuple[int, Step]]:
        """(index, step) for every step in pre-order; the index is what cues carry in ``step``."""
        return _walk(self.steps, 0)


def step_size(step: Step) -> int:
    """Number of pre-order indices a step and its inner steps take."""
    if isinstance(step, (Repeat, Sides)):
        return 1 + sum(step_size(s) for s in step.steps)
    return 1


def _walk(steps: tuple[Step, ...], first: int) -> Iterator[tuple[int, Step]]:
    index = first
    for step in steps:
        yield index, step
        if isinstance(step, (Repeat, Sides)):
            yield from _walk(step.steps, index + 1)
        index += step_size(step)
