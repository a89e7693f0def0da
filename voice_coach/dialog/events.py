"""What the dialog reacts to: the session turns the world into these events.

Every event carries ``t``, seconds on the session clock (audio time in a
session from a file), so the dialog never reads a clock and stays a pure step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Started:
    """The session has begun listening; the dialog greets and learns the time of day."""

    t: float
    """Seconds on the session clock."""
    local_hour: float | None = None
    """Local time of day at ``t`` in hours (23.5 is 23:30); None when unknown (daytime manner)."""


@dataclass(frozen=True)
class Acoustics:
    """How a spoken utterance sounded: what :mod:`voice_coach.dialog.admission` judges it by."""

    start: float
    """Start of the speech, seconds on the session clock."""
    end: float
    """End of the speech, seconds on the session clock."""
    confidence: float
    """The recognizer's confidence (0..1)."""
    while_talking: bool = False
    """The speech began while the coach was talking (or within its echo tail)."""
    echo_db: float = 0.0
    """Decibels of the microphone's energy the echo canceller took out over the speech: the coach's own voice."""
    clipped: bool = False
    """The residual-echo muting may have cut the start of it (a real person's "stop" over the coach)."""
    unconverged: bool = False
    """It came while the coach talked and the echo canceller had not yet learned the room."""
    continues: bool = False
    """It is the rest of the utterance before it, which was already heard whole."""


@dataclass(frozen=True)
class Heard:
    """The person said a command."""

    t: float
    """Seconds on the session clock at which the person finished speaking."""
    intent: str | None
    """Intent name (PRODUCT.md's, or a templates file's own), or None when the speech was not a command."""
    slots: Mapping[str, str] = field(default_factory=dict)
    """Slot name -> canonical value, e.g. {"muscle": "calf", "side": "left"}."""
    text: str = ""
    """The recognized words, for the events log."""
    acoustics: Acoustics | None = None
    """How it sounded, when it was spoken; None for typed text (always the person's)."""


@dataclass(frozen=True)
class Tick:
    """Time has passed (the session sends one per audio chunk, e.g. every 20 ms)."""

    t: float
    """Seconds on the session clock now."""


Event = Started | Heard | Tick
"""Any event the dialog steps on."""
