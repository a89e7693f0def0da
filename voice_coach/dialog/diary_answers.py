"""Answers from the diary: "how many cramps this week", "when was my last cramp", "am I getting better",
and, once a session, that cramps have become frequent.

The cramps counted are the diary's earlier ones (``ctx.diary``, read when the
session started) and this session's own (the dialog state), dated by the
session's start on the wall clock. What the coach says about frequent cramps
is the sources' own advice (severe, frequent, sleep-breaking cramps: see a
doctor), with no medical threshold of its own: when to say it is a setting.
"""

from __future__ import annotations

from dataclasses import replace

from voice_coach.diary.history import DAY_S, PastCramp, count_since, counted, nights_with_cramps, trend, when
from voice_coach.dialog.actions import Action, Log
from voice_coach.dialog.context import DialogContext
from voice_coach.dialog.events import Heard
from voice_coach.dialog.state import DialogState
from voice_coach.dialog.talk import speak

Step = tuple[DialogState, list[Action]]

QUESTIONS = ("count", "last", "trend")
"""The ``diary`` intent's ``question`` slot values (PRODUCT.md); none named is "count"."""


def _cramps(ctx: DialogContext, ds: DialogState) -> list[PastCramp]:
    """Every cramp known: the diary's earlier ones and this session's, oldest first."""
    origin = ctx.diary.origin or 0.0
    return [*ctx.diary.cramps, *(PastCramp(origin + c.t, c.muscle, c.side) for c in ds.cramps)]


def _say(ctx: DialogContext, ds: DialogState, t: float, name: str, **fields: str) -> Step:
    return ds, speak(ctx, ds, ctx.lines.line(name, **fields), "diary", t)


def diary(ctx: DialogContext, ds: DialogState, heard: Heard) -> Step:
    """The ``diary`` intent: count (the default), last, or trend."""
    view, t = ctx.diary, heard.t
    if not view.keep or view.origin is None:
        return _say(ctx, ds, t, "diary_off")
    now, days = view.origin + t, view.window_days
    cramps = _cramps(ctx, ds)
    question = (heard.slots.get("question") or "count").strip().lower()
    if question == "last":
        if not cramps:
            return _say(ctx, ds, t, "diary_last_none")
        last = max(cramps, key=lambda c: c.at)
        where = " ".join(w for w in (last.side, last.muscle) if w)
        if where:
            return _say(ctx, ds, t, "diary_last", when=when(last.at, now), where=where)
        return _say(ctx, ds, t, "diary_last_plain", when=when(last.at, now))
    if question == "trend":
        found = trend(cramps, now, days)
        if found.now == found.before == 0:
            return _say(ctx, ds, t, "diary_trend_none", days=str(2 * days))
        name = ("diary_trend_fewer" if found.now < found.before else
                "diary_trend_more" if found.now > found.before else "diary_trend_same")
        return _say(ctx, ds, t, name, days=str(days), now=str(found.now), before=str(found.before))
    n = count_since(cramps, now - days * DAY_S)
    if n == 0:
        return _say(ctx, ds, t, "diary_count_none", days=str(days))
    nights = nights_with_cramps(cramps, now, days)
    return _say(ctx, ds, t, "diary_count", cramps=counted(n, "cramp"), days=str(days),
                nights=counted(nights, "night"))


def frequent_cramps(ctx: DialogContext, ds: DialogState, t: float) -> Step:
    """After a cramp's routine ends: once a session, when the diary holds cramps on at least
    ``frequent_nights`` of the last ``window_days`` nights, say so and give the sources' advice."""
    view = ctx.diary
    if not view.keep or view.origin is None or ds.frequent_said or not ds.cramps:
        return ds, []
    nights = nights_with_cramps(_cramps(ctx, ds), view.origin + t, view.window_days)
    if nights < view.frequent_nights:
        return ds, []
    ds = replace(ds, frequent_said=True)
    text = ctx.lines.line("diary_frequent", nights=str(nights), days=str(view.window_days))
    return ds, [Log(t, "frequent_cramps", {"nights": nights, "days": view.window_days}),
                *speak(ctx, ds, text, "diary", t)]
