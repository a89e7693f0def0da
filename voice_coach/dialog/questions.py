"""Answers to the coach's open questions: per question, intent -> handler.

An intent not listed for the open question goes to its ordinary handler
(so "stop", "help" or a red flag work at any time).
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Mapping

from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.events import Heard
from voice_coach.dialog.flow import Step, ask_again, continue_run, easing_answer, refuse_if_blocked
from voice_coach.dialog.handlers import HANDLERS, Handler, cramp, stretch
from voice_coach.dialog.routing import CRAMP_ROUTINES, muscle_of
from voice_coach.dialog.state import DialogState, Question, State


def _again(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return ask_again(ctx, ds, heard.t)


def _where(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """"Where is the cramp?": a muscle picks the routine; a side alone means the calf, the usual place."""
    muscle = muscle_of(heard.slots.get("muscle"))
    if heard.intent == "side":
        muscle = "calf"
    if muscle is None:
        return ask_again(ctx, ds, heard.t)
    return cramp(ctx, ds, replace(heard, intent="cramp", slots={**heard.slots, "muscle": muscle}))


def _which_stretch(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    if muscle_of(heard.slots.get("muscle")) is None or muscle_of(heard.slots.get("muscle")) == "leg":
        return ask_again(ctx, ds, heard.t)
    return stretch(ctx, ds, replace(heard, intent="stretch"))


def _easing(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return easing_answer(ctx, ds, True, heard.t)


def _not_easing(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return easing_answer(ctx, ds, False, heard.t)


def _cramp_while_easing(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """"My calf is still cramping" answers "is it easing?" with no; another muscle is a new cramp."""
    muscle = muscle_of(heard.slots.get("muscle"))
    if muscle is None or CRAMP_ROUTINES[muscle] == "night_cramp":
        return easing_answer(ctx, ds, False, heard.t)
    return cramp(ctx, ds, heard)


def _carry_on(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return continue_run(ds, heard.t)


def _clot_gone(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """"No, it's not swollen any more": the block is lifted and the waiting request runs now."""
    request = ds.pending
    ds = replace(ds, state=State.IDLE, question=None, pending=None, clot_warning=False)
    if request is None:
        return ds, []
    return HANDLERS[request.intent](ctx, ds, replace(request, t=heard.t))


def _clot_stays(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """"Yes, still swollen": the refusal and the advice again, and the block starts afresh."""
    ds = replace(ds, clot_warning_at=heard.t)
    return refuse_if_blocked(ctx, ds, heard.t) or (ds, [])


ANSWERS: Mapping[Question, Mapping[str, Handler]] = MappingProxyType({
    Question.WHERE: MappingProxyType({
        "cramp": _where, "stretch": _where, "side": _where, "yes": _again, "no": _again,
    }),
    Question.WHICH_STRETCH: MappingProxyType({
        "stretch": _which_stretch, "side": _again, "yes": _again, "no": _again,
    }),
    Question.EASING: MappingProxyType({
        "yes": _easing, "better": _easing, "no": _not_easing, "worse": _not_easing,
        "cramp": _cramp_while_easing, "resume": _again, "next": _again, "side": _again,
    }),
    Question.ROUTINE: MappingProxyType({
        "yes": _carry_on, "no": _carry_on, "better": _carry_on, "worse": _carry_on,
        "resume": _carry_on, "next": _carry_on,
    }),
    Question.CLOT_CHECK: MappingProxyType({
        "no": _clot_gone, "better": _clot_gone, "yes": _clot_stays, "worse": _clot_stays,
    }),
})
"""Open question -> intent -> handler."""
