"""One handler per intent: ``(ctx, state, heard) -> (state, actions)``.

The manager picks the handler from ``HANDLERS`` (or from ``questions.ANSWERS``
while a question is open) and afterwards lets the run's due cues out, so a
routine started here says its first instruction in the same step.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Callable, Mapping

from voice_coach.dialog.actions import Action, Log, StopSpeaking
from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.diary_answers import diary
from voice_coach.dialog.diary_notes import cramp_began, cramp_eased, warning_noted
from voice_coach.dialog.events import Heard
from voice_coach.dialog.flow import Step, ask, ask_again, easing_answer, end_run, refuse_if_blocked, start_run
from voice_coach.dialog.night import clamp
from voice_coach.dialog.planning import NIGHT_CRAMP, plan_phase
from voice_coach.dialog.routing import (CRAMP_ROUTINES, FLAG_KEYS, STRETCH_ROUTINES, muscle_of,
                                        side_of)
from voice_coach.dialog.run import Phase
from voice_coach.dialog.state import DialogState, Question, State
from voice_coach.dialog.talk import instruct, routine_log, speak, spoken_seconds, voice_at
from voice_coach.errors import CoachError

Handler = Callable[[DialogContext, DialogState, Heard], Step]


def _line(ctx: DialogContext, ds: DialogState, name: str, t: float, kind: str = "ack") -> Step:
    return ds, speak(ctx, ds, ctx.lines.line(name), kind, t)


def _in_stretch(ds: DialogState) -> bool:
    """The night cramp's stretch is under way: its first part, or its hold going on."""
    run = ds.run
    return run is not None and run.routine_id == NIGHT_CRAMP and run.phase in (Phase.STRETCH, Phase.HOLD_ON)


def cramp(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t, muscle, side = heard.t, muscle_of(heard.slots.get("muscle")), side_of(heard.slots.get("side"))
    refusal = refuse_if_blocked(ctx, ds, t, heard)
    if refusal is not None:
        return refusal
    run = ds.run
    running_cramp = (run is not None and ds.state is State.RUNNING
                     and run.phase in (Phase.MAIN, Phase.STRETCH, Phase.HOLD_ON))
    if running_cramp and (run.routine_id == CRAMP_ROUTINES.get(muscle or "") or
                          (muscle is None and run.routine_id in CRAMP_ROUTINES.values())):
        return repeat(ctx, ds, heard)  # the cramp being worked on: keep the hold going, say the step again
    if muscle is None:
        actions: list[Action] = [StopSpeaking()]
        if ds.run is not None:
            ds, ended = end_run(ds, t, "stopped", reason="cramp")
            actions += ended
        general = ctx.lines.line("cramp_general")
        ds, said = instruct(ctx, ds, general, "say", t, interrupt=True)
        ds, asked = ask(ctx, ds, Question.WHERE, ctx.lines.line("where"), t)
        return replace(ds, last_instruction=f"{general} {ds.question_text}"), actions + said + asked
    ds = replace(ds, last_cramp=muscle)
    routine = CRAMP_ROUTINES[muscle]
    ds, actions = start_run(ctx, ds, routine, side, t)
    if any(isinstance(a, Log) and a.type == "routine" and a.data.get("event") == "started" for a in actions):
        ds, noted = cramp_began(ds, t, muscle, side, routine)
        actions += noted
    return ds, actions


def stretch(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t, muscle = heard.t, muscle_of(heard.slots.get("muscle"))
    refusal = refuse_if_blocked(ctx, ds, t, heard)
    if refusal is not None:
        return refusal
    routine = STRETCH_ROUTINES.get(muscle or "")
    if routine is None:
        actions: list[Action] = [StopSpeaking()]
        if ds.run is not None:
            ds, ended = end_run(ds, t, "stopped", reason="new request")
            actions += ended
        ds, asked = ask(ctx, ds, Question.WHICH_STRETCH, ctx.lines.line("which_stretch"), t)
        return ds, actions + asked
    return start_run(ctx, ds, routine, side_of(heard.slots.get("side")), t)


def start_routine(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    routine = (heard.slots.get("routine") or "").strip().lower()
    if not routine:
        return _line(ctx, ds, "which_routine", heard.t)
    if routine not in ctx.routine_ids:
        return _line(ctx, ds, "unknown_routine", heard.t)
    refusal = refuse_if_blocked(ctx, ds, heard.t, heard)
    if refusal is not None:
        return refusal
    return start_run(ctx, ds, routine, side_of(heard.slots.get("side")), heard.t)


def stop(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    if ds.run is None and ds.question is None:
        return ds, [StopSpeaking()]
    ds, actions = end_run(ds, heard.t, "stopped", reason="asked")
    return ds, [StopSpeaking(), *actions, *speak(ctx, ds, ctx.lines.line("stopping"), "ack", heard.t)]


def pause(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t = heard.t
    if ds.state is State.RUNNING and ds.run is not None:
        run = ds.run.paused_now(t)
        ds = replace(ds, state=State.PAUSED, run=run)
        return ds, [StopSpeaking(), routine_log(t, "paused", run), *speak(ctx, ds, ctx.lines.line("paused"), "ack", t)]
    if ds.state is State.PAUSED:
        return _line(ctx, ds, "paused", t)
    if ds.state is State.ASKING:
        return replace(ds, waiting=True), [StopSpeaking()]
    return ds, [StopSpeaking(), *speak(ctx, ds, ctx.lines.line("nothing_running"), "ack", t)]


def resume(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t = heard.t
    if ds.state is State.ASKING:
        return ask_again(ctx, ds, t)
    if ds.state is not State.PAUSED or ds.run is None:
        return _line(ctx, ds, "nothing_paused", t)
    run = ds.run.resumed(t)
    ds = replace(ds, state=State.RUNNING, run=run)
    actions: list[Action] = [routine_log(t, "resumed", run, paused=round(run.paused_total, 3))]
    if run.done or run.deadline(run.next_cue) - t >= 1.0:
        actions += speak(ctx, ds, ctx.lines.line("resumed"), "ack", t)
    return ds, actions


def repeat(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    if not ds.last_instruction:
        return _line(ctx, ds, "nothing_to_repeat", heard.t)
    return ds, speak(ctx, ds, ds.last_instruction, "repeat", heard.t)


def next_step(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t = heard.t
    if ds.state in (State.RUNNING, State.PAUSED) and ds.run is not None:
        run = ds.run.skipped(t)
        return replace(ds, state=State.RUNNING, run=run), [StopSpeaking(), routine_log(t, "skipped", run, to=run.next_cue)]
    if ds.state is State.ASKING:
        return ask_again(ctx, ds, t)
    return _line(ctx, ds, "nothing_running", t)


def _set_pace(ctx: DialogContext, ds: DialogState, heard: Heard, factor: float, said: str, limit: str) -> Step:
    t = heard.t
    pace = clamp(ds.settings.pace * factor, ctx.voice.pace_range)
    if abs(pace - ds.settings.pace) < 1e-9:
        return _line(ctx, ds, limit, t)
    ds = replace(ds, settings=replace(ds.settings, pace=pace))
    actions: list[Action] = []
    run = ds.run
    if run is not None:
        try:
            timeline = plan_phase(ctx, run.routine_id, run.side, pace, voice_at(ctx, ds, t).rate, run.phase)
            run = run.replanned(timeline)
            ds = replace(ds, run=run)
            actions.append(routine_log(t, "replanned", run, pace=round(pace, 3)))
        except CoachError as exc:
            actions.append(routine_log(t, "replan_failed", run, message=str(exc)))
    return ds, actions + speak(ctx, ds, ctx.lines.line(said), "ack", t)


def slower(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return _set_pace(ctx, ds, heard, ctx.voice.pace_step, "slower", "slowest")


def faster(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return _set_pace(ctx, ds, heard, 1.0 / ctx.voice.pace_step, "faster", "fastest")


def _set_volume(ctx: DialogContext, ds: DialogState, heard: Heard, sign: int, said: str, limit: str) -> Step:
    before = voice_at(ctx, ds, heard.t).volume
    low, high = ctx.voice.volume_range
    wanted = clamp(before + sign * ctx.voice.volume_step, (low, high))
    if abs(wanted - before) < 1e-9:
        return _line(ctx, ds, limit, heard.t)
    offset = ds.settings.volume_offset + (wanted - before)
    ds = replace(ds, settings=replace(ds.settings, volume_offset=round(offset, 6)))
    return _line(ctx, ds, said, heard.t)


def louder(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return _set_volume(ctx, ds, heard, +1, "louder", "loudest")


def quieter(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return _set_volume(ctx, ds, heard, -1, "quieter", "quietest")


def time_left(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t = heard.t
    if ds.run is None or ds.state is State.ASKING:
        return _line(ctx, ds, "time_left_none", t, "answer")
    hold, total = ds.run.time_left(t)
    if hold is not None:
        text = ctx.lines.line("time_left_hold", hold=spoken_seconds(hold), total=spoken_seconds(total))
    else:
        text = ctx.lines.line("time_left_total", total=spoken_seconds(total))
    return ds, speak(ctx, ds, text, "answer", t)


def help_(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    return _line(ctx, ds, "help", heard.t, "help")


def ask_topic(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    topic = (heard.slots.get("topic") or "").strip().lower()
    text = ctx.lines.topics.get(topic)
    if text is None:
        return _line(ctx, ds, "topics_list", heard.t, "answer")
    return ds, speak(ctx, ds, text, "answer", heard.t)


def red_flag(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    t = heard.t
    symptom = (heard.slots.get("symptom") or "").strip().lower()
    key = FLAG_KEYS.get(symptom, "general")
    actions: list[Action] = [StopSpeaking()]
    if ds.run is not None:
        ds, ended = end_run(ds, t, "stopped", reason="red_flag", symptom=symptom or None)
        actions += ended
    clot = key == "clot"
    ds = replace(ds, state=State.ALERT, run=None, question=None, pending=None, clot_warning=ds.clot_warning or clot,
                 clot_warning_at=t if clot else ds.clot_warning_at)
    ds, said = instruct(ctx, ds, ctx.lines.red_flags[key], "alert", t, interrupt=True)
    ds, noted = warning_noted(ds, t, symptom)
    return ds, actions + said + noted


def better(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    refusal = refuse_if_blocked(ctx, ds, heard.t)
    if refusal is not None:
        return refusal
    if _in_stretch(ds) and ds.state in (State.RUNNING, State.PAUSED):
        return easing_answer(ctx, ds, True, heard.t)
    if ds.run is not None:
        working_on = ds.cramps[-1].routine if ds.cramps else None  # "better" during the cramp's own routine
        ds, noted = cramp_eased(ds, heard.t, True) if working_on == ds.run.routine_id else (ds, [])
        ds, said = _line(ctx, ds, "better_running", heard.t)
        return ds, said + noted
    return _line(ctx, ds, "better_idle", heard.t)


def worse(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    refusal = refuse_if_blocked(ctx, ds, heard.t)
    if refusal is not None:
        return refusal
    if ds.run is not None:
        return _line(ctx, ds, "worse_running", heard.t)
    return cramp(ctx, ds, replace(heard, intent="cramp", slots={"muscle": ds.last_cramp} if ds.last_cramp else {}))


def quiet(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """yes / no / side with no question open: nothing to say."""
    return ds, []


def yes(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """A late "yes" to "is it easing?", while the hold goes on after a "no": it eased, walk it out.
    Any other "yes" with no question open: nothing to say."""
    run = ds.run
    if (run is not None and run.routine_id == NIGHT_CRAMP and run.phase is Phase.HOLD_ON
            and ds.state in (State.RUNNING, State.PAUSED)):
        return easing_answer(ctx, ds, True, heard.t)
    return quiet(ctx, ds, heard)


HANDLERS: Mapping[str, Handler] = MappingProxyType({
    "cramp": cramp, "stretch": stretch, "start_routine": start_routine,
    "pause": pause, "resume": resume, "stop": stop, "repeat": repeat, "next": next_step,
    "slower": slower, "faster": faster, "louder": louder, "quieter": quieter,
    "time_left": time_left, "help": help_, "ask": ask_topic, "red_flag": red_flag,
    "better": better, "worse": worse, "yes": yes, "no": quiet, "side": quiet, "diary": diary,
})
"""Intent name (PRODUCT.md) -> its handler."""
