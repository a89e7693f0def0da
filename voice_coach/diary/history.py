"""What the dialog knows of the diary: earlier cramps, read once when a session starts, and sums over them.

Pure: no file, no clock. The session reads the diary into a :class:`DiaryView`
before it starts; the dialog adds the cramps of the session itself (its own
state) and answers "how many cramps this week" from both.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass

from voice_coach.diary.entries import NIGHT_TURN_HOUR, night_of

log = logging.getLogger(__name__)

DAY_S = 86400.0


@dataclass(frozen=True)
class PastCramp:
    """One cramp, as the answers need it."""

    at: float
    """When it was said, Unix seconds."""
    muscle: str | None = None
    """The muscle, canonical ("calf", ...), or None."""
    side: str | None = None
    """"left", "right" or None."""


@dataclass(frozen=True)
class DiaryView:
    """The diary as a session starts: off, or on with the cramps kept before it."""

    keep: bool = False
    """Whether this session keeps a diary (False: the diary questions are answered with "not kept")."""
    origin: float | None = None
    """Unix seconds at session time 0 (None: not known; nothing is dated)."""
    cramps: tuple[PastCramp, ...] = ()
    """Cramps from earlier sessions, oldest first."""
    frequent_nights: int = 3
    """Nights with a cramp, within ``window_days``, at which the coach says cramps have become frequent."""
    window_days: int = 7
    """Days looked back for "this week" and for frequent cramps."""


@dataclass(frozen=True)
class Trend:
    """Cramps in the last window against the window before it."""

    now: int
    """Cramps in the last ``window_days`` days."""
    before: int
    """Cramps in the ``window_days`` days before those."""


def count_since(cramps: list[PastCramp], since: float) -> int:
    return sum(1 for c in cramps if c.at >= since)


def nights_with_cramps(cramps: list[PastCramp], now: float, days: int) -> int:
    """Distinct nights with a cramp among the last ``days`` nights up to the one ``now`` is in (local time)."""
    last = night_of(now)
    first = last - _dt.timedelta(days=days - 1)
    return len({night for night in (night_of(c.at) for c in cramps if c.at <= now) if first <= night <= last})


def trend(cramps: list[PastCramp], now: float, days: int) -> Trend:
    """Cramps in the last ``days`` days against the ``days`` before."""
    start = now - days * DAY_S
    recent = sum(1 for c in cramps if start <= c.at <= now)
    before = sum(1 for c in cramps if start - days * DAY_S <= c.at < start)
    return Trend(recent, before)


def when(at: float, now: float) -> str:
    """How long ago ``at`` was, as said aloud: "8 minutes ago", "earlier tonight", "last night", "on Tuesday
    night", "12 days ago" (local time; nights run noon to noon)."""
    ago = max(0.0, now - at)
    if ago < 3600:
        minutes = max(1, round(ago / 60))
        return "a minute ago" if minutes == 1 else f"{minutes} minutes ago"
    nights = (night_of(now) - night_of(at)).days
    if nights == 0:
        return "earlier tonight" if _dt.datetime.fromtimestamp(now).hour < NIGHT_TURN_HOUR else "earlier today"
    if nights == 1:
        return "last night"
    if nights < 7:
        return f"on {night_of(at):%A} night"
    return f"{nights} days ago"


def counted(n: int, word: str) -> str:
    """"no cramps", "one cramp", "3 cramps"."""
    if n == 0:
        return f"no {word}s"
    return f"one {word}" if n == 1 else f"{n} {word}s"
