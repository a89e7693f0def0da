"""Starting, ending and moving routine runs; asking and answering questions.

Pure functions ``(ctx, state, ..., t) -> (state, actions)``; the manager calls
them and then lets the run's due cues out.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from voice_coach.dialog.actions import Action, Log, StopSpeaking
from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.diary_answers import frequent_cramps
from voice_coach.dialog.diary_notes import cramp_eased, routine_noted
from voice_coach.dialog.events import Heard
from voice_coach.dialog.planning import NIGHT_CRAMP, held_on_hold, plan_phase
from voice_coach.dialog.routing import CRAMP_ROUTINES
from voice_coach.dialog.run import Phase, Run
from voice_coach.dialog.state import DialogState, Question, State
from voice_coach.dialog.talk import instruct, routine_log, speak, voice_at
from voice_coach.errors import CoachError

log = logging.getLogger(__name__)

Step = tuple[DialogState, list[Action]]


def idle_state(ds: DialogState) -> State:
    """Where a conversation rests with nothing running: ALERT after a clot warning, else IDLE."""
    return State.ALERT if ds.clot_warning else State.IDLE


def refuse_if_blocked(ctx: DialogContext, ds: DialogState, t: float, request: Heard | None = None) -> Step | None:
    """After swelling, redness or warmth no stretch starts: the refusal, or None when allowed.

    Once the sign is older than ``ctx.clot_recheck_s``, a ``request`` gets a
    question instead of the refusal: is the leg still swollen, red or warm?
    "No" runs the request; "yes" (or silence) keeps the block.
    """
    if not ds.clot_warning:
        return None
    if request is not None and t - ds.clot_warning_at >= ctx.clot_recheck_s:
        ds, asked = ask(ctx, replace(ds, pending=request), Question.CLOT_CHECK, ctx.lines.red_flags["recheck"], t)
        return ds, [StopSpeaking(), *asked]
    ds, actions = instruct(ctx, ds, ctx.lines.red_flags["blocked"], "alert", t, interrupt=True)
    return replace(ds, state=State.ALERT, question=None, pending=None), [StopSpeaking(), *actions]


def end_run(ds: DialogState, t: float, event: str, **extra: object) -> Step:
    """The run (and any question) is over; ``event`` is "stopped" or "finished"."""
    run = ds.run
    actions: list[Action] = [routine_log(t, event, run, **extra)] if run else []
    ds = replace(ds, state=idle_state(ds), run=None, question=None)
    if run is not None:
        ds, noted = routine_noted(ds, t, run, event)
        actions += noted
    return ds, actions


def start_run(ctx: DialogContext, ds: DialogState, routine_id: str, side: str | None, t: float,
              phase: Phase = Phase.MAIN, round_no: int = 1, stop_first: bool = True) -> Step:
    """Plan ``routine_id`` and make it the run; its first cue is due at ``t``.

    ``stop_first`` cuts off what is playing (a new command); a night cramp
    phase that follows the last one (``stop_first=False``) lets it finish and
    is logged as "phase_started" rather than "started".
    """
    refusal = refuse_if_blocked(ctx, ds, t)
    if refusal is not None:
        return refusal
    if routine_id == NIGHT_CRAMP and phase is Phase.MAIN:
        phase = Phase.STRETCH
    actions: list[Action] = [StopSpeaking()] if stop_first else []
    if ds.run is not None:
        ds, ended = end_run(ds, t, "stopped", reason="replaced")
        actions += ended
    try:
        timeline = plan_phase(ctx, routine_id, side, ds.settings.pace, voice_at(ctx, ds, t).rate, phase)
    except CoachError as exc:
        log.warning("cannot plan %s: %s", routine_id, exc)
        ds = replace(ds, state=idle_state(ds), run=None, question=None)
        actions.append(Log(t, "error", {"routine": routine_id, "message": str(exc)}))
        return ds, actions + speak(ctx, ds, ctx.lines.line("cannot_start"), "ack", t)
    run = Run.begin(routine_id, side, timeline, t, phase, round_no)
    ds = replace(ds, state=State.RUNNING, run=run, question=None)
    event = "started" if stop_first else "phase_started"
    actions.append(routine_log(t, event, run, round=round_no, length=round(timeline.length, 3)))
    return ds, actions


def ask(ctx: DialogContext, ds: DialogState, question: Question, text: str, t: float,
        kind: str = "ask") -> Step:
    """Ask ``text`` and wait for the answer (a run, if any, waits paused)."""
    ds, actions = instruct(ctx, ds, text, kind, t)
    ds = replace(ds, state=State.ASKING, question=question, question_text=text, asked_at=t, reasked=False,
                 waiting=False)
    return ds, actions


def ask_again(ctx: DialogContext, ds: DialogState, t: float) -> Step:
    """The open question once more."""
    ds = replace(ds, asked_at=t, reasked=True)
    return ds, speak(ctx, ds, ds.question_text, "ask", t)


def no_answer(ctx: DialogContext, ds: DialogState, t: float) -> Step:
    """Asked twice and still no answer: a routine carries on (the night cramp as if easing, a
    gentle walk whose words hold only "once the pain has gone"); a question of the coach's own
    is dropped quietly."""
    entry = Log(t, "no_answer", {"question": ds.question.value if ds.question else None})
    if ds.question is Question.EASING:
        ds, actions = easing_answer(ctx, ds, True, t, answered=False)
    elif ds.question is Question.ROUTINE and ds.run is not None:
        ds, actions = continue_run(ds, t)
    else:
        ds, actions = replace(ds, state=idle_state(ds), question=None), []
    return ds, [entry, *actions]


def continue_run(ds: DialogState, t: float) -> Step:
    """A routine's own question was answered: carry on with the cue after it, due now."""
    run = ds.run.continued_after_question(t)
    return replace(ds, state=State.RUNNING, run=run, question=None), [routine_log(t, "resumed", run)]


def easing_answer(ctx: DialogContext, ds: DialogState, easing: bool, t: float, answered: bool = True) -> Step:
    """The night cramp's "is it easing?" answered: walk it out, or hold on, massage and stretch again.

    Not easing after the first stretch, whose hold may go on (``max_seconds``): HOLD_ON first, then
    (when it ends) the massage. ``answered`` False: nobody answered, and the coach carries on as if it
    eased; the diary is not told so."""
    run = ds.run
    side, rnd = (run.side, run.round) if run else (None, 1)
    last = not easing and rnd >= 2
    hold_on = (not easing and rnd < 2 and run is not None and run.phase is Phase.STRETCH
               and held_on_hold(run.timeline) is not None)
    ds, actions = end_run(ds, t, "finished" if last else "phase_ended", easing=easing)
    if answered and (easing or last):
        ds, noted = cramp_eased(ds, t, easing)
        actions += noted
    if easing:
        ds, started = start_run(ctx, ds, NIGHT_CRAMP, side, t, Phase.WALK, rnd, stop_first=False)
    elif hold_on:
        ds, started = start_run(ctx, ds, NIGHT_CRAMP, side, t, Phase.HOLD_ON, rnd, stop_first=False)
    elif rnd < 2:
        ds, started = start_run(ctx, ds, NIGHT_CRAMP, side, t, Phase.MASSAGE, rnd, stop_first=False)
    else:
        ds, started = instruct(ctx, ds, ctx.lines.line("still_cramping"), "say", t)
    return ds, actions + started


NEXT_PHASE = {Phase.HOLD_ON: (Phase.MASSAGE, 0), Phase.MASSAGE: (Phase.STRETCH, 1)}
"""Night cramp phases that end by going on: phase -> (the next phase, rounds to add)."""


def run_ended(ctx: DialogContext, ds: DialogState, at: float) -> Step:
    """The run reached its END cue (due at ``at``): finish, or go on to the next night cramp phase
    (the hold held on: the massage; the massage: the second stretch)."""
    run = ds.run
    more = NEXT_PHASE.get(run.phase) if run.routine_id == NIGHT_CRAMP else None
    ds, actions = end_run(ds, at, "phase_ended" if more else "finished")
    if more:
        phase, rounds = more
        ds, started = start_run(ctx, ds, NIGHT_CRAMP, run.side, at, phase, run.round + rounds, stop_first=False)
        actions += started
    elif run.routine_id in CRAMP_ROUTINES.values():
        ds, said = frequent_cramps(ctx, ds, at)
        actions += said
    return ds, actions
