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
class Heard:
    """The person said a command."""

    t: float
    """Seconds on the session clock at which the person finished speaking."""
    intent: str | None
    """Intent name from PRODUCT.md, or None when the speech was not a command."""
    slots: Mapping[str, str] = field(default_factory=dict)
    """Slot name -> canonical value, e.g. {"muscle": "calf", "side": "left"}."""
    text: str = ""
    """The recognized words, for the events log."""


@dataclass(frozen=True)
class Tick:
    """Time has passed (the session sends one per audio chunk, e.g. every 20 ms)."""

    t: float
    """Seconds on the session clock now."""


Event = Started | Heard | Tick
"""Any event the dialog steps on."""
