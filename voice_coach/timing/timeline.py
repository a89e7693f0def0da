"""A routine's timeline: cues at absolute offsets from the routine's start.

The planner (:mod:`voice_coach.timing.planner`) makes it; the renderer, the
live player and the dialog read it. Every offset is computed from the start
(``start + offset``), never by adding up waits, so a long routine cannot drift.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Callable

SpeechTimer = Callable[[str], float]
"""Seconds a line takes to speak at the current voice and rate (measured by rendering it)."""


class CueKind(str, Enum):
    """What a cue is; the value is what the timeline's JSON lines carry in ``kind``."""

    SAY = "say"
    """A spoken instruction."""
    HOLD_START = "hold_start"
    """A hold begins at this cue's offset (its text, e.g. "hold", is spoken then)."""
    COUNT = "count"
    """A count word spoken during a hold or a breath phase."""
    HOLD_END = "hold_end"
    """The release cue: the hold's length is this offset minus its HOLD_START's offset."""
    INHALE = "inhale"
    """A breath-in phase begins; ``duration`` is the phase length."""
    EXHALE = "exhale"
    """A breath-out phase begins; ``duration`` is the phase length."""
    SIDE = "side"
    """The routine switches to the side named in ``side``."""
    REP = "rep"
    """Repetition ``rep`` of ``reps`` begins."""
    REST = "rest"
    """A silent rest of ``duration`` seconds begins."""
    ASK = "ask"
    """A question to the person (e.g. "is it easing?"); the dialog waits for the answer."""
    END = "end"
    """The routine is over; its offset is the timeline's length."""


@dataclass(frozen=True)
class Cue:
    """One thing that happens at one moment of a routine."""

    offset: float
    """Seconds from the routine's start at which the cue begins."""
    kind: CueKind
    """What the cue is."""
    text: str = ""
    """Words spoken at ``offset``; empty for a silent marker."""
    duration: float = 0.0
    """Seconds the cue occupies: speech length for spoken cues, the span for holds, phases and rests."""
    step: int = 0
    """Index of the routine step this cue belongs to (for "repeat" and "next")."""
    side: str | None = None
    """"left" or "right" when the cue belongs to one side."""
    rep: int | None = None
    """1-based repetition number, when the cue belongs to a repetition."""
    reps: int | None = None
    """Total repetitions of the enclosing repeat."""
    hold: int | None = None
    """Index of the hold a HOLD_START / COUNT / HOLD_END belongs to, unique in the timeline."""
    max_seconds: float | None = None
    """On a HOLD_START whose hold may go on (the routine's ``max_seconds``): the longest it may last in
    all, seconds; ``duration`` stays what is planned (counted). None for every other cue."""

    def to_json(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["offset"] = round(self.offset, 4)
        data["duration"] = round(self.duration, 4)
        return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True)
class Timeline:
    """A planned routine: its cues in offset order and its total length."""

    routine_id: str
    """The routine's id, as in PRODUCT.md."""
    cues: tuple[Cue, ...] = field(default_factory=tuple)
    """Cues sorted by offset; the last is an END cue at ``length``."""
    length: float = 0.0
    """Seconds from the start to the END cue."""

    def holds(self) -> list[tuple[Cue, Cue]]:
        """(HOLD_START, HOLD_END) pairs in order."""
        starts = {c.hold: c for c in self.cues if c.kind is CueKind.HOLD_START}
        return [(starts[c.hold], c) for c in self.cues if c.kind is CueKind.HOLD_END]

    def shifted(self, seconds: float) -> "Timeline":
        """The same timeline starting ``seconds`` later (for routines played back to back)."""
        from dataclasses import replace

        return Timeline(self.routine_id, tuple(replace(c, offset=c.offset + seconds) for c in self.cues), self.length + seconds)

    def to_jsonl(self) -> str:
        """The timeline as JSON lines, one cue each (with the routine id)."""
        return "".join(json.dumps({"routine": self.routine_id, **c.to_json()}) + "\n" for c in self.cues)
