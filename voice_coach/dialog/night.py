"""Night manner and the voice every line is spoken with.

Between the night hours (default 22:00 to 07:00) the coach speaks slower and
softer. The time of day is never read here: the session tells the dialog the
local hour once (``Started``), and the hour at any later moment follows from
the session clock.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Delivery:
    """How a line is spoken."""

    rate: float
    """Speech rate factor (1.0 normal, below 1 slower)."""
    volume: float
    """Output volume, 0..1."""


@dataclass(frozen=True)
class MannerSettings:
    """The fixed voice policy (part of the dialog context)."""

    night_hours: tuple[float, float] = (22.0, 7.0)
    """Local hours (start, end) of night manner; the span may wrap past midnight."""
    night_rate: float = 0.85
    """Rate factor at night, multiplied with the person's pace."""
    night_volume: float = 0.6
    """Base volume at night (0..1); louder/quieter move from it."""
    day_volume: float = 0.8
    """Base volume by day (0..1); louder/quieter move from it."""
    volume_step: float = 0.2
    """How much one "louder" or "quieter" changes the volume."""
    volume_range: tuple[float, float] = (0.2, 1.0)
    """Lowest and highest volume."""
    pace_step: float = 1.25
    """Factor one "slower" multiplies the pace by ("faster" divides)."""
    pace_range: tuple[float, float] = (0.5, 2.0)
    """Lowest and highest pace factor (above 1 is slower)."""
    rate_range: tuple[float, float] = (0.5, 1.6)
    """Lowest and highest speech rate factor."""
    start_pace: float = 1.0
    """The pace factor a session starts with (the ``[counting] pace`` setting; above 1 is slower)."""


def hour_at(hour_origin: float | None, t: float) -> float | None:
    """Local hour at session time ``t`` (seconds), given the hour at session time 0."""
    if hour_origin is None:
        return None
    return (hour_origin + t / 3600.0) % 24.0


def is_night(hour: float | None, night_hours: tuple[float, float]) -> bool:
    """Whether ``hour`` (0..24) falls in the night span; an unknown hour is daytime."""
    if hour is None:
        return False
    start, end = night_hours
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def clamp(value: float, bounds: tuple[float, float]) -> float:
    low, high = bounds
    return min(high, max(low, value))


def voice_for(settings: MannerSettings, night: bool, pace: float, volume_offset: float) -> Delivery:
    """The voice for a line: night manner, then the person's pace and volume changes."""
    base_rate = settings.night_rate if night else 1.0
    base_volume = settings.night_volume if night else settings.day_volume
    rate = clamp(base_rate / pace, settings.rate_range)
    volume = clamp(base_volume + volume_offset, settings.volume_range)
    return Delivery(round(rate, 4), round(volume, 4))
