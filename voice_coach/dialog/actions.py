"""What the dialog asks the outside world to do; the session carries them out in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Say:
    """Speak one line."""

    text: str
    """The words to speak."""
    kind: str
    """What the line is: a cue kind ("say", "count", "hold_start", "inhale", "ask", ...) or a
    dialog line ("ack", "answer", "alert", "help", "greeting")."""
    rate: float = 1.0
    """Speech rate factor for this line (1.0 normal, below 1 slower)."""
    volume: float = 1.0
    """Output volume for this line, 0..1."""
    at: float = 0.0
    """Seconds on the session clock at which the line is due (a cue's exact deadline)."""
    interrupt: bool = False
    """Cut off whatever is playing before speaking this line."""


@dataclass(frozen=True)
class StopSpeaking:
    """Stop what is playing now and drop whatever is queued."""


@dataclass(frozen=True)
class Log:
    """One line for the events JSONL file."""

    t: float
    """Seconds on the session clock the entry is about (a cue's planned deadline, or the event's time)."""
    type: str
    """Entry type: "heard", "say", "count", "routine", "state", a cue kind ("hold_start", "hold_end",
    "inhale", "exhale", "side", "rep", "rest", "ask", "end") or "error"."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """The entry's other fields."""

    def to_json(self) -> dict:
        """The JSON object of the events file: ``t``, ``type`` and the data fields."""
        return {"t": round(self.t, 3), "type": self.type, **self.data}


Action = Say | StopSpeaking | Log
"""Any action the dialog returns."""
