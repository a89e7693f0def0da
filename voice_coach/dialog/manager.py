"""The dialog as a pure step: ``step(ctx, state, event) -> (state, actions)``.

Nothing here reads a clock, speaks or writes: time comes in with the events,
and the session carries out the returned actions in order. The routine run
plays inside the step: on every event, each cue whose deadline has come is
emitted, one by one and in order, even when they are late.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from voice_coach.dialog.actions import Action, Log, Say
from voice_coach.dialog.admission import Admission, admit
from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.events import Event, Heard, Started, Tick
from voice_coach.dialog.flow import Step, ask, ask_again, no_answer, run_ended
from voice_coach.dialog.handlers import HANDLERS
from voice_coach.dialog.night import hour_at, is_night
from voice_coach.dialog.planning import NIGHT_CRAMP
from voice_coach.dialog.questions import ANSWERS
from voice_coach.dialog.run import Phase
from voice_coach.dialog.state import Adjustments, DialogState, Question, State
from voice_coach.dialog.talk import speak
from voice_coach.intents.contract import INTENT_SLOTS
from voice_coach.timing.timeline import Cue, CueKind

log = logging.getLogger(__name__)

INSTRUCTION_KINDS = frozenset({CueKind.SAY, CueKind.SIDE, CueKind.HOLD_START, CueKind.INHALE, CueKind.EXHALE})
"""Cues whose words "repeat" may say again."""
INSTRUCTION_WORDS = 4
"""Fewest words a cue's text needs to count as an instruction ("And hold.", "Lift.", "Three." do not)."""


def initial_state(pace: float = 1.0) -> DialogState:
    """The state a session starts in, at the person's chosen ``pace`` (1.0 normal, above 1 slower)."""
    return DialogState(settings=Adjustments(pace=pace))


def step(ctx: DialogContext, ds: DialogState, event: Event) -> tuple[DialogState, tuple[Action, ...]]:
    """One step of the conversation; ``ds`` is never changed, the new state is returned."""
    if isinstance(event, Tick):
        new, actions = _tick(ctx, ds, event.t)
    elif isinstance(event, Heard):
        new, actions = _heard(ctx, ds, event)
    elif isinstance(event, Started):
        new, actions = _started(ctx, ds, event)
    else:
        raise TypeError(f"not a dialog event: {event!r}")
    if new.state is not ds.state:
        actions.append(Log(event.t, "state", {"from": ds.state.value, "to": new.state.value}))
    return new, _interrupting(actions, answering=isinstance(event, Heard))


CUE_KINDS = frozenset(kind.value for kind in CueKind)
"""Say kinds that come from a routine's timeline (as opposed to the dialog's own lines)."""


def _interrupting(actions: list[Action], answering: bool) -> tuple[Action, ...]:
    """``actions``, with the lines that cut off whatever is playing marked so.

    A routine's cues keep their time: they cut off a longer line still playing instead of queueing behind it
    and drifting. And the answer to something the person just said (``answering``) comes at once, not after
    the line being spoken.
    """
    out: list[Action] = []
    first = answering
    for action in actions:
        if isinstance(action, Say):
            if not action.interrupt and (action.kind in CUE_KINDS or first):
                action = replace(action, interrupt=True)
            first = False
        out.append(action)
    return tuple(out)


def _utterance_log(heard: Heard, admission: Admission) -> Log:
    """The events log's line for a spoken utterance: what was heard, and whether the coach took it."""
    acoustics = heard.acoustics
    return Log(heard.t, "utterance", {
        "start": round(acoustics.start, 3), "end": round(acoustics.end, 3), "text": heard.text,
        "intent": heard.intent if admission.admitted else None, "slots": dict(heard.slots),
        "confidence": round(acoustics.confidence, 3), "while_talking": acoustics.while_talking,
        "echo_removed_db": round(acoustics.echo_db, 1), "busy_room": admission.busy})


def _started(ctx: DialogContext, ds: DialogState, event: Started) -> Step:
    origin = None if event.local_hour is None else (event.local_hour - event.t / 3600.0) % 24.0
    ds = replace(ds, hour_origin=origin)
    night = is_night(hour_at(origin, event.t), ctx.voice.night_hours)
    greeting = ctx.lines.line("greeting_night" if night else "greeting")
    return ds, [Log(event.t, "started", {"local_hour": event.local_hour, "night": night}),
                *speak(ctx, ds, greeting, "greeting", event.t)]


def _heard(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    ds, admission = admit(ctx.admission, ds, heard)
    actions: list[Action] = [] if heard.acoustics is None else [_utterance_log(heard, admission)]
    if not admission.admitted:
        if heard.intent is not None:
            log.info("ignored %r: %.2f s of speech, %.1f dB was echo, confidence %.2f, busy room %s, fits the "
                     "state %s", heard.text, heard.acoustics.end - heard.acoustics.start, heard.acoustics.echo_db,
                     heard.acoustics.confidence, admission.busy, admission.fitting)
        return ds, actions
    log.info("heard %r -> %s %s", heard.text, heard.intent, dict(heard.slots))
    actions.append(Log(heard.t, "heard", {"text": heard.text, "intent": heard.intent, "slots": dict(heard.slots)}))
    if heard.intent not in INTENT_SLOTS:
        # A command of the person's own templates (--templates) that the coach has no behaviour for: say so.
        return ds, actions + speak(ctx, ds, ctx.lines.line("unknown_intent", text=heard.text), "unknown", heard.t)
    handler = None
    if ds.state is State.ASKING and ds.question is not None:
        handler = ANSWERS[ds.question].get(heard.intent)
    if handler is None:
        handler = HANDLERS.get(heard.intent)
    if handler is None:
        log.warning("no handler for intent %r", heard.intent)
        return ds, actions
    ds, said = handler(ctx, ds, heard)
    ds, due = _advance(ctx, ds, heard.t)
    return ds, actions + said + due


def _tick(ctx: DialogContext, ds: DialogState, t: float) -> Step:
    if ds.state is State.RUNNING:
        return _advance(ctx, ds, t)
    if ds.state is State.ASKING and not ds.waiting and t - ds.asked_at >= ctx.ask_timeout:
        if not ds.reasked:
            return ask_again(ctx, ds, t)
        ds, actions = no_answer(ctx, ds, t)
        ds, due = _advance(ctx, ds, t)
        return ds, actions + due
    return ds, []


def _advance(ctx: DialogContext, ds: DialogState, t: float) -> Step:
    """Emit every cue due by ``t``, in order, each at its own deadline."""
    actions: list[Action] = []
    while ds.state is State.RUNNING and ds.run is not None and not ds.run.done:
        run = ds.run
        due = run.deadline(run.next_cue)
        if due > t + 1e-9:
            break
        cue = run.cues[run.next_cue]
        ds = replace(ds, run=replace(run, next_cue=run.next_cue + 1))
        ds, emitted = _emit(ctx, ds, cue, due)
        actions += emitted
    return ds, actions


def _emit(ctx: DialogContext, ds: DialogState, cue: Cue, at: float) -> Step:
    """The actions of one cue due at ``at`` (session seconds)."""
    actions: list[Action] = []
    if cue.kind not in (CueKind.SAY, CueKind.COUNT):
        data = {"routine": ds.run.routine_id, "offset": round(cue.offset, 3), "step": cue.step}
        extra = (("text", cue.text or None), ("duration", round(cue.duration, 3) if cue.duration else None),
                 ("side", cue.side), ("rep", cue.rep), ("reps", cue.reps), ("hold", cue.hold),
                 ("max_seconds", cue.max_seconds))
        data.update({k: v for k, v in extra if v is not None})
        actions.append(Log(at, cue.kind.value, data))
    if cue.kind is CueKind.ASK:
        run = ds.run.paused_now(at)
        night_stretch = run.routine_id == NIGHT_CRAMP and run.phase is Phase.STRETCH
        question = Question.EASING if night_stretch else Question.ROUTINE
        text = cue.text or ctx.lines.line("easing_question")
        ds, asked = ask(ctx, replace(ds, run=run), question, text, at)
        return ds, actions + asked
    if cue.kind is CueKind.END:
        ds, ended = run_ended(ctx, ds, at)
        return ds, actions + speak(ctx, ds, cue.text, "say", at) + ended
    if cue.kind in INSTRUCTION_KINDS and len(cue.text.split()) >= INSTRUCTION_WORDS:
        ds = replace(ds, last_instruction=cue.text)
    return ds, actions + speak(ctx, ds, cue.text, cue.kind.value, at)
