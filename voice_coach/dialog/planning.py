"""Timelines for the dialog's runs: the planner's routines, and the night cramp in phases.

The night cramp is driven by the dialog in phases. STRETCH is the planner's
``night_cramp`` timeline up to its first ASK cue ("is it easing?"); when the
routine data has no ASK, the stretch is cut after the step of its first hold
and the dialog's own question is appended. The answer picks the next phase:
WALK (easing: walk on the heels for a minute, then done) or MASSAGE (not
easing: massage and heat, then a second STRETCH). Those two phases are built
here from the follow-up beats of ``answers.yaml``, timed with the context's
speech timer.
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
from voice_coach.timing.planner import PlanSettings, plan
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


def stretch_part(timeline: Timeline, question: str) -> Timeline:
    """The night cramp's stretch: cues up to the first ASK, then an END."""
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
    return timeline


class UnknownRoutine(CoachError):
    """The dialog asked for a routine that is not loaded."""


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
        return plan(routine, lambda text: speech_seconds(text) * scale,
                    PlanSettings(side=request.side, pace=request.pace, count_style=count_style))

    return planner
