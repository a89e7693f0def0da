"""The dialog's fixed inputs: built once by the session, never changed by a step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from voice_coach.diary.history import DiaryView
from voice_coach.dialog.admission import AdmissionSettings
from voice_coach.dialog.lines import Lines, load_lines
from voice_coach.dialog.night import MannerSettings
from voice_coach.timing.timeline import SpeechTimer, Timeline

ROUTINE_IDS = frozenset({
    "night_cramp", "calf_release", "quad_release", "hamstring_release", "foot_release",
    "yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime",
})
"""The routine ids of PRODUCT.md."""


@dataclass(frozen=True)
class PlanRequest:
    """What the dialog asks the planner for."""

    routine_id: str
    """The routine's id, as in PRODUCT.md."""
    side: str | None
    """"left" or "right" for wording and one-sided routines; None for both or unknown."""
    pace: float
    """Breath and gap pace factor: 1.0 normal, above 1 slower. Holds never change length."""
    rate: float
    """Speech rate factor the lines will be spoken at (time speech as rendered at this rate)."""
    hold_on: int | None = None
    """None: the whole routine. A hold's index (``Cue.hold`` in the whole routine's plan): only its going on,
    from its ``seconds`` to its ``max_seconds`` (see :func:`voice_coach.timing.planner.plan_hold_on`)."""
    hold_on_words: str = ""
    """With ``hold_on``: what is said as the hold goes on (the dialog's own line)."""


Planner = Callable[[PlanRequest], Timeline]
"""Plans a routine; may raise ``CoachError`` (e.g. an unknown routine)."""


def estimate_speech_seconds(text: str) -> float:
    """A rough speech timer: 0.35 seconds a word (tests, and when no TTS timer is given)."""
    return 0.35 * len(text.split())


@dataclass(frozen=True)
class DialogContext:
    """Everything the dialog needs that does not change during a session."""

    plan: Planner
    """Turns a routine request into a timeline (the real planner plus the TTS speech timer)."""
    speech_seconds: SpeechTimer = estimate_speech_seconds
    """Seconds a line takes to speak at rate 1.0 (times the dialog's own follow-up lines)."""
    lines: Lines = field(default_factory=load_lines)
    """Every line the dialog says on its own (answers, warnings, help)."""
    voice: MannerSettings = field(default_factory=MannerSettings)
    """Night manner, volume and pace policy."""
    routine_ids: frozenset[str] = ROUTINE_IDS
    """Routine ids ``start_routine`` accepts."""
    ask_timeout: float = 15.0
    """Seconds without an answer before a question is asked once more."""
    line_gap: float = 0.6
    """Seconds of silence between the dialog's own follow-up lines."""
    clot_recheck_s: float = 600.0
    """Seconds after a clot sign during which every stretch is refused outright; after that a stretch
    request first asks whether the leg is still swollen, red or warm. A sign heard hours ago may have
    passed, or may never have been said (a radio in the room), and must not block the night's cramp."""
    admission: AdmissionSettings = AdmissionSettings()
    """When a heard command counts as the person's (echo, clicks, a busy room)."""
    diary: DiaryView = DiaryView()
    """The diary as the session started: earlier cramps, the session's start on the wall clock, and whether
    a diary is kept at all (the default: not)."""
