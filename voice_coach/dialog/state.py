"""The dialog's state: one frozen value that each step replaces, never mutates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from voice_coach.dialog.events import Heard
from voice_coach.dialog.run import Run


class State(str, Enum):
    """Where the conversation is."""

    IDLE = "idle"
    """Nothing running; listening for a command."""
    RUNNING = "running"
    """A routine is being spoken cue by cue."""
    PAUSED = "paused"
    """A routine is held where it was; "carry on" resumes it with its remaining time."""
    ASKING = "asking"
    """The coach asked a question and waits for the answer (a routine, if any, waits too)."""
    ALERT = "alert"
    """A warning sign was mentioned; no stretch runs."""


class Question(str, Enum):
    """What the coach is waiting to hear."""

    WHERE = "where"
    """Where the cramp is (calf, thigh or foot)."""
    WHICH_STRETCH = "which_stretch"
    """Which muscles to stretch."""
    EASING = "easing"
    """Whether the night cramp is easing (yes/better or no/worse)."""
    ROUTINE = "routine"
    """A routine's own ASK cue; any answer carries on."""
    CLOT_CHECK = "clot_check"
    """Whether the leg is still swollen, red or warm, before a stretch long after a clot sign."""


@dataclass(frozen=True)
class CrampEpisode:
    """One cramp of this session, from the moment it was said until it eased (for the diary)."""

    key: int
    """Its diary note's number in this session (a later note with the same key updates the row)."""
    t: float
    """Session seconds at which the cramp was said."""
    muscle: str | None
    """The muscle ("calf", "hamstring", ...)."""
    side: str | None
    """"left", "right" or None."""
    routine: str
    """The routine that ran for it."""
    eased: bool | None = None
    """Whether the person said it eased; None until they answer."""


@dataclass(frozen=True)
class Adjustments:
    """What the person has changed during the session."""

    pace: float = 1.0
    """Breath pace and speech slowness factor: 1.0 normal, above 1 slower."""
    volume_offset: float = 0.0
    """Volume added to the day or night base volume by "louder"/"quieter"."""


@dataclass(frozen=True)
class DialogState:
    """The whole conversation at one moment."""

    state: State = State.IDLE
    """Where the conversation is."""
    run: Run | None = None
    """The active routine run, if any (kept while PAUSED and while ASKING inside a routine)."""
    question: Question | None = None
    """The open question while ASKING."""
    question_text: str = ""
    """The words of the open question, for asking it again."""
    asked_at: float = 0.0
    """Session seconds at which the open question was (last) asked."""
    reasked: bool = False
    """Whether the open question has already been asked a second time."""
    waiting: bool = False
    """The person said "hold on" during the question: it no longer times out."""
    settings: Adjustments = Adjustments()
    """Pace and volume as the person set them."""
    last_instruction: str = ""
    """The last instruction said (not a count), for "repeat"."""
    hour_origin: float | None = None
    """Local hour at session time 0 (from ``Started``); None when unknown."""
    clot_warning: bool = False
    """Swelling, redness or warmth was mentioned: no stretch starts until the person says it has gone."""
    clot_warning_at: float = 0.0
    """Session seconds at which the clot sign was last mentioned or confirmed."""
    pending: Heard | None = None
    """The request waiting on the answer to the clot check (run once the person says no)."""
    last_cramp: str | None = None
    """Muscle of the last cramp handled ("calf", "quad", ...), for "still cramping"."""
    cramps: tuple[CrampEpisode, ...] = ()
    """This session's cramps, oldest first; the last is the one being worked on."""
    notes: int = 0
    """Diary notes written so far (the next note's key is one more)."""
    frequent_said: bool = False
    """Whether the coach has said, this session, that the diary shows frequent cramps."""
    chatter: tuple[float, ...] = ()
    """Ends (session seconds) of the recent utterances that were someone else's speech: a busy room
    (:mod:`voice_coach.dialog.admission`)."""
