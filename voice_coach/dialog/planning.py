"""Timelines for the dialog's runs: the planner's routines, and the night cramp in phases.

The night cramp is driven by the dialog in phases. STRETCH is the planner's
``night_cramp`` timeline up to its first ASK cue ("is it easing?"); when the
routine data has no ASK, the stretch is cut after the step of its first hold
and the dialog's own question is appended. The answer picks the next phase:
WALK (easing: walk on the heels for a minute, then done) or MASSAGE (not
easing: massage and heat, then a second STRETCH). Those two phases are built
here from the follow-up beats of ``answers.yaml``, timed with the context's
speech timer.

A hold with ``max_seconds`` (night_cramp.yaml's first: 30 s, up to 60, source
001's "hold for 30-60 seconds until the cramp releases") means, in the dialog:
hold ``seconds``, ask whether it is easing while still holding, and if not,
hold on to ``max_seconds`` in all. So when the stretch's question comes right
after such a hold, the hold's release words are not said before it: the
question is asked as the planned seconds end (the HOLD_END stays, silent).
"No" in the first round then plays HOLD_ON: the dialog's ``hold_on`` line and
the rest of the hold, counted as the hold is, planned by the context's planner
(``PlanRequest.hold_on``), ending with the hold's own release; then MASSAGE.
The rule is the dialog's easing question's: a routine's own ASK after such a
hold (none does today) carries on as any routine question does, and a linear
plan (``voice-coach routine``) plays the hold at its ``seconds``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from typing import Mapping

from voice_coach.dialog.context import DialogContext, Planner, PlanRequest
from voice_coach.dialog.lines import Beat
from voice_coach.dialog.run import Phase
from voice_coach.errors import CoachError
from voice_coach.routines.model import Routine
from voice_coach.timing.planner import PlanSettings, plan, plan_hold_on
from voice_coach.timing.timeline import Cue, CueKind, SpeechTimer, Timeline

log = logging.getLogger(__name__)

NIGHT_CRAMP = "night_cramp"
"""The routine the dialog drives in phases."""
ASK_GAP = 0.5
"""Seconds of silence before an appended "is it easing?"."""


def side_words(text: str, side: str | None) -> str:
    """Fill ``{calf}``, ``{leg}``, ``{foot}`` with "left calf" or plain "calf"."""
    prefix = f"{side} " if side in ("left", "right") else ""
    return text.format(calf=prefix + "calf", leg=prefix + "leg", foot=prefix + "foot")


def _end_of(cues: tuple[Cue, ...]) -> float:
    return max((c.offset + c.duration for c in cues), default=0.0)


def held_on_hold(stretch: Timeline) -> Cue | None:
    """The HOLD_START of the hold a stretch's question comes right after, when it may go on (its
    ``max_seconds`` is more than its planned length); else None."""
    cues = stretch.cues
    ask = next((i for i, c in enumerate(cues) if c.kind is CueKind.ASK), None)
    if ask is None or ask == 0 or cues[ask - 1].kind is not CueKind.HOLD_END:
        return None
    hold = cues[ask - 1].hold
    start = next((c for c in cues if c.kind is CueKind.HOLD_START and c.hold == hold), None)
    if start is None or start.max_seconds is None or start.max_seconds <= start.duration:
        return None
    return start


def _ask_while_holding(part: tuple[Cue, ...]) -> tuple[Cue, ...]:
    """``part`` (ending with its ASK) with the question asked as a hold that may go on ends, its release unsaid."""
    if held_on_hold(Timeline("", part)) is None:
        return part
    release, ask = part[-2], part[-1]
    return part[:-2] + (replace(release, text="", duration=0.0), replace(ask, offset=release.offset))


def stretch_part(timeline: Timeline, question: str) -> Timeline:
    """The night cramp's stretch: cues up to the first ASK, then an END.

    When the ASK comes right after a hold that may go on, it is asked as the hold's planned seconds end,
    and the release words are left for later (see the module's notes)."""
    cues = timeline.cues
    ask = next((i for i, c in enumerate(cues) if c.kind is CueKind.ASK), None)
    if ask is not None:
        part = cues[: ask + 1]
    else:
        hold_end = next((c for c in cues if c.kind is CueKind.HOLD_END), None)
        last_step = hold_end.step if hold_end is not None else max((c.step for c in cues), default=0)
        part = tuple(c for c in cues if c.step <= last_step and c.kind is not CueKind.END)
        at = _end_of(part) + ASK_GAP
        part = part + (Cue(at, CueKind.ASK, question, step=last_step),)
    part = _ask_while_holding(part)
    ask_cue = part[-1]
    end_at = ask_cue.offset + ask_cue.duration
    return Timeline(timeline.routine_id, part + (Cue(end_at, CueKind.END, step=ask_cue.step),), end_at)


def segment(routine_id: str, beats: tuple[Beat, ...], side: str | None, rate: float,
            speech_seconds, gap: float, step: int) -> Timeline:
    """A follow-up phase as a timeline: each line after the last one ends, rests as REST cues."""
    cues: list[Cue] = []
    at = 0.0
    for beat in beats:
        if beat.text:
            text = side_words(beat.text, side)
            duration = speech_seconds(text) / rate
            cues.append(Cue(at, CueKind.SAY, text, duration, step=step))
            at += duration + gap
        else:
            cues.append(Cue(at, CueKind.REST, duration=beat.rest, step=step))
            at += beat.rest
            step += 1
    cues.append(Cue(at, CueKind.END, step=step))
    return Timeline(routine_id, tuple(cues), at)


def plan_phase(ctx: DialogContext, routine_id: str, side: str | None, pace: float, rate: float,
               phase: Phase) -> Timeline:
    """The timeline a run of ``routine_id`` plays in ``phase``; may raise ``CoachError``."""
    if phase in (Phase.WALK, Phase.MASSAGE):
        beats = ctx.lines.followups[phase.value]
        return segment(routine_id, beats, side, rate, ctx.speech_seconds, ctx.line_gap * pace, step=100)
    timeline = ctx.plan(PlanRequest(routine_id, side, pace, rate))
    if not timeline.cues:
        return replace(timeline, cues=(Cue(0.0, CueKind.END),))
    if phase is Phase.STRETCH:
        return stretch_part(timeline, ctx.lines.line("easing_question"))
    if phase is Phase.HOLD_ON:
        hold = held_on_hold(stretch_part(timeline, ctx.lines.line("easing_question")))
        if hold is None:
            raise NothingToHoldOn(f"{routine_id}: no hold before its question may go on")
        return ctx.plan(PlanRequest(routine_id, side, pace, rate, hold_on=hold.hold,
                                    hold_on_words=ctx.lines.line("hold_on")))
    return timeline


class UnknownRoutine(CoachError):
    """The dialog asked for a routine that is not loaded."""


class NothingToHoldOn(CoachError):
    """HOLD_ON was asked for a routine whose stretch ends with no hold that may go on."""


def routine_planner(routines: Mapping[str, Routine], speech_seconds: SpeechTimer,
                    count_style: str = "every") -> Planner:
    """The dialog's planner over the real routines and planner.

    ``speech_seconds`` times a line at the voice's normal rate (1.0). The
    planner stretches speech by the pace itself, so the timer it gets is
    scaled by ``1 / (rate * pace)``: the rest of the slowness (night manner)
    is the voice's, and the plan leaves room for it.
    """

    def planner(request: PlanRequest) -> Timeline:
        routine = routines.get(request.routine_id)
        if routine is None:
            raise UnknownRoutine(f"unknown routine {request.routine_id!r}")
        scale = 1.0 / (request.rate * request.pace)
        timer = lambda text: speech_seconds(text) * scale  # noqa: E731
        settings = PlanSettings(side=request.side, pace=request.pace, count_style=count_style)
        if request.hold_on is not None:
            try:
                return plan_hold_on(routine, request.hold_on, request.hold_on_words, timer, settings)
            except ValueError as exc:
                raise NothingToHoldOn(str(exc)) from None
        return plan(routine, timer, settings)

    return planner
