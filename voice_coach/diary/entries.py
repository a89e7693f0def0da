"""One diary row, and the night a time belongs to.

The dialog notes what happened as "diary" events-log entries (session
seconds); :mod:`.recorder` turns each into an :class:`Entry` on the wall
clock and :mod:`.store` keeps it. Text and times only.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

KINDS = ("cramp", "warning", "routine")
"""What a row records: a cramp, a warning sign mentioned, a routine done."""

NIGHT_TURN_HOUR = 12
"""A night runs from noon to noon: a cramp at 3 a.m. belongs to the night that began the evening before."""


@dataclass(frozen=True)
class Entry:
    """One event the person would care about, as the diary keeps it."""

    at: float
    """When it happened (a cramp: when it was said), Unix seconds."""
    kind: str
    """One of ``KINDS``."""
    session: str = ""
    """The session that wrote it (its start, as text): with ``key``, what a later update of the row names."""
    key: int = 0
    """The row's number within its session (a cramp is written when it starts and again when it eases)."""
    muscle: str | None = None
    """Cramp: "calf", "hamstring", "quad", "foot" or "leg"."""
    side: str | None = None
    """Cramp or routine: "left", "right", or None when not said."""
    routine: str | None = None
    """Cramp: the routine that ran for it; routine: its id."""
    eased: bool | None = None
    """Cramp: whether the person said it eased (None: not known, e.g. stopped before the question)."""
    ease_s: float | None = None
    """Cramp: seconds from the cramp being said to the person saying it eased."""
    symptom: str | None = None
    """Warning: the warning sign (a ``red_flag`` symptom, e.g. "swelling"), or "" when not named."""
    outcome: str | None = None
    """Routine: "finished" or "stopped"."""


def night_of(at: float) -> _dt.date:
    """The night (the date of its evening, local time) that the moment ``at`` (Unix seconds) belongs to."""
    return (_dt.datetime.fromtimestamp(at) - _dt.timedelta(hours=NIGHT_TURN_HOUR)).date()


def from_note(data: dict, t: float, origin: float, session: str) -> Entry | None:
    """The entry a dialog "diary" note made at session second ``t`` describes, for a session that began at
    Unix second ``origin`` (None when it names no known kind). A cramp's row keeps the time it started
    (``started``, session seconds) when a later note says it eased."""
    kind = data.get("entry")
    if kind not in KINDS:
        log.warning("diary: a note of unknown kind %r is not kept", kind)
        return None
    eased = data.get("eased")
    ease_s = data.get("ease_s")
    return Entry(at=origin + float(data.get("started", t)), kind=kind, session=session, key=int(data.get("key", 0)), muscle=data.get("muscle"),
                 side=data.get("side"), routine=data.get("routine"),
                 eased=None if eased is None else bool(eased),
                 ease_s=None if ease_s is None else float(ease_s), symptom=data.get("symptom"),
                 outcome=data.get("outcome"))
