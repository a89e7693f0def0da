"""The planner: holds exact to the millisecond, pace that never touches a hold, no overlap, no drift."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import Ask, Breaths, Hold, Repeat, Rest, Routine, SayStep, Sides
from voice_coach.routines.text import number_words
from voice_coach.timing.planner import PlanSettings, plan, plan_hold_on, plan_sequence, planned_length
from voice_coach.timing.timeline import CueKind, Timeline

ROUTINES = load_routines()
PHASES = (CueKind.INHALE, CueKind.EXHALE)


def words_timer(per_word: float = 0.35):
    """A deterministic stand-in for the speech layer: ``per_word`` seconds a word."""
    return lambda text: len(text.split()) * per_word


SPEECH = words_timer()


def spoken_spans(tl: Timeline, timer=SPEECH) -> list[tuple[float, float, str]]:
    """(start, end, text) of every cue that speaks, by offset."""
    return [(c.offset, c.offset + timer(c.text), c.text) for c in tl.cues if c.text]


def assert_sound_timeline(tl: Timeline, timer=SPEECH) -> None:
    offsets = [c.offset for c in tl.cues]
    assert offsets == sorted(offsets)
    assert tl.cues[-1].kind is CueKind.END and tl.cues[-1].offset == tl.length
    assert sum(c.kind is CueKind.END for c in tl.cues) == 1
    spans = spoken_spans(tl, timer)
    for (_, end, text), (start, _, following) in zip(spans, spans[1:]):
        assert end <= start + 1e-9, f"{text!r} still speaking when {following!r} starts"
    assert spans[-1][1] <= tl.length + 1e-9
    for c in tl.cues:
        assert "{" not in c.text and "}" not in c.text, c.text
    hold_ids = [s.hold for s, _ in tl.holds()]
    assert len(hold_ids) == len(set(hold_ids)) == sum(c.kind is CueKind.HOLD_START for c in tl.cues)
    for start, end in tl.holds():
        assert end.offset - start.offset == pytest.approx(start.duration, abs=1e-3)
        counts = [c for c in tl.cues if c.kind is CueKind.COUNT and c.hold == start.hold]
        assert all(start.offset < c.offset < end.offset for c in counts)


@pytest.mark.parametrize("rid", list(ROUTINES))
@pytest.mark.parametrize("side", [None, "left", "right"])
def test_every_routine_plans_soundly_with_sides_resolved(rid, side):
    tl = plan(ROUTINES[rid], SPEECH, PlanSettings(side=side))
    assert tl.routine_id == rid
    assert_sound_timeline(tl)
    if side and ROUTINES[rid].one_sided:
        assert side in " ".join(c.text for c in tl.cues)
        assert {c.side for c in tl.cues} == {side}


def test_unknown_side_of_a_one_sided_routine_says_sore_leg():
    tl = plan(ROUTINES["calf_release"], SPEECH)
    said = " ".join(c.text for c in tl.cues)
    assert "your sore leg" in said and "left" not in said and "right" not in said


@pytest.mark.parametrize("rid, natural", [("yoga_hamstrings", "left"), ("yoga_quads", "left"),
                                          ("yoga_calves", "right"), ("bedtime", "right")])
def test_two_sided_routines_start_on_the_asked_side_or_the_natural_one(rid, natural):
    def sides(side):
        return [c.side for c in plan(ROUTINES[rid], SPEECH, PlanSettings(side=side)).cues if c.kind is CueKind.SIDE]
    assert sides(None)[0] == natural
    assert sides("left")[0] == "left" and sides("right")[0] == "right"
    assert all(a != b for a, b in zip(sides(None), sides(None)[1:]))


def test_side_cues_announce_the_first_side_then_switches():
    texts = [c.text for c in plan(ROUTINES["yoga_calves"], SPEECH).cues if c.kind is CueKind.SIDE]
    assert texts[0] == "Start with your right leg."
    assert texts[1:] == ["Now switch to your left leg.", "Now switch to your right leg."] * 2 + ["Now switch to your left leg."]


@pytest.mark.parametrize("rid", list(ROUTINES))
def test_holds_are_exact_and_pace_never_changes_them(rid):
    normal = plan(ROUTINES[rid], SPEECH, PlanSettings(pace=1.0))
    slow = plan(ROUTINES[rid], SPEECH, PlanSettings(pace=1.5))
    expected = [s.seconds for _, s in ROUTINES[rid].walk() if isinstance(s, Hold)]
    for tl in (normal, slow):
        lengths = [end.offset - start.offset for start, end in tl.holds()]
        assert all(abs(a - b) < 1e-3 for a, b in zip(lengths, [start.duration for start, _ in tl.holds()]))
        assert set(round(x, 6) for x in lengths) <= set(expected)
    assert [e.offset - s.offset for s, e in normal.holds()] == pytest.approx([e.offset - s.offset for s, e in slow.holds()], abs=1e-6)
    assert slow.length > normal.length
    assert_sound_timeline(slow)


@pytest.mark.parametrize("rid", ["yoga_hamstrings", "yoga_calves", "yoga_quads"])
def test_pace_scales_breath_phases(rid):
    normal = plan(ROUTINES[rid], SPEECH)
    slow = plan(ROUTINES[rid], SPEECH, PlanSettings(pace=1.5))
    phase = [c.duration for c in normal.cues if c.kind in PHASES]
    assert set(phase) == {4.0}
    assert [c.duration for c in slow.cues if c.kind in PHASES] == pytest.approx([d * 1.5 for d in phase])
    breath_time = sum(phase)
    assert slow.length - normal.length >= 0.5 * breath_time - 1e-6


def test_breaths_count_beats_inside_each_phase():
    tl = plan(ROUTINES["yoga_quads"], SPEECH, PlanSettings(pace=1.5))
    phases = [c for c in tl.cues if c.kind in PHASES]
    later = phases[2]  # the second breath speaks the short word, so all beats are counted
    counts = [c for c in tl.cues if c.kind is CueKind.COUNT and later.offset < c.offset < later.offset + later.duration]
    assert [c.text for c in counts] == ["two", "three", "four"]
    assert [c.offset - later.offset for c in counts] == pytest.approx([1.5, 3.0, 4.5])


def test_breath_instructions_too_long_for_a_phase_are_said_before_breathing():
    long = "Breathe in very slowly and deeply and lift both of your heels as high as they will go"
    routine = Routine("yoga_calves", "t", "000", "calf", False,
                      (Sides((Breaths(2, inhale=long),)),))
    tl = plan(routine, SPEECH)
    first_phase = next(c for c in tl.cues if c.kind in PHASES)
    before = [c.text for c in tl.cues if c.kind is CueKind.SAY and c.offset < first_phase.offset]
    assert long in before
    assert first_phase.text == "In."
    assert_sound_timeline(tl)


def test_sparse_counts_down_every_five_seconds_and_the_last_five():
    tl = plan(ROUTINES["calf_release"], SPEECH, PlanSettings(count_style="sparse"))
    for start, end in tl.holds():
        counts = [c for c in tl.cues if c.kind is CueKind.COUNT and c.hold == start.hold]
        assert [round(c.offset - start.offset, 6) for c in counts] == [5, 10, 15, 20, 25, 26, 27, 28, 29]
        assert [c.text for c in counts] == ["twenty-five", "twenty", "fifteen", "ten", "five", "four", "three", "two", "one"]
        assert end.text == "And release."


def test_every_count_style_counts_down_each_second():
    tl = plan(ROUTINES["foot_release"], SPEECH, PlanSettings(count_style="every"))
    (start, end), = tl.holds()
    counts = [c for c in tl.cues if c.kind is CueKind.COUNT]
    assert [round(c.offset - start.offset, 6) for c in counts] == list(range(1, 30))
    assert counts[0].text == "twenty-nine" and counts[-1].text == "one"
    assert end.offset - start.offset == pytest.approx(30, abs=1e-3)


def test_counts_that_would_not_fit_are_left_out_rather_than_overlap():
    slow_voice = words_timer(1.0)  # every count word takes as long as a beat: none can be said
    tl = plan(ROUTINES["calf_release"], slow_voice, PlanSettings(pace=1.2))
    assert_sound_timeline(tl, slow_voice)
    assert not [c for c in tl.cues if c.kind is CueKind.COUNT]


def test_a_slow_voice_drops_long_counts_from_the_front_only():
    by_letters = lambda text: len(text) * 0.09  # "twenty-seven" takes 1.08 s, "twenty-one" 0.9 s
    tl = plan(ROUTINES["calf_release"], by_letters)
    assert_sound_timeline(tl, by_letters)
    for start, end in tl.holds():
        said = [c.text for c in tl.cues if c.kind is CueKind.COUNT and c.hold == start.hold]
        assert 0 < len(said) < 29
        assert said == [number_words(n) for n in range(len(said), 0, -1)]  # unbroken, down to "one"


def test_rest_and_ask_keep_their_time_at_any_pace():
    routine = Routine("foot_release", "t", "000", "foot", True,
                      (SayStep("Rest now."), Rest(10.0, "Rest."), Ask("Is it easing?", wait_seconds=5.0),
                       SayStep("Done.")))
    for pace in (1.0, 2.0):
        tl = plan(routine, SPEECH, PlanSettings(pace=pace))
        rest = next(c for c in tl.cues if c.kind is CueKind.REST)
        ask = next(c for c in tl.cues if c.kind is CueKind.ASK)
        done = tl.cues[-2]
        assert rest.duration == 10.0 and ask.offset == pytest.approx(rest.offset + 10.0)
        assert done.offset == pytest.approx(ask.offset + ask.duration + 5.0)


def test_repetitions_are_announced_and_numbered():
    tl = plan(ROUTINES["quad_release"], SPEECH)
    reps = [c for c in tl.cues if c.kind is CueKind.REP]
    assert [c.text for c in reps] == ["One of five.", "Two of five.", "Three of five.", "Four of five.", "Five of five."]
    assert all(c.reps == 5 for c in reps)
    holds = [s for s, _ in tl.holds()]
    assert [h.rep for h in holds] == [1, 2, 3, 4, 5]


def test_cue_step_is_the_pre_order_index_of_its_step():
    routine = ROUTINES["bedtime"]
    kinds = dict(routine.walk())
    tl = plan(routine, SPEECH)
    for c in tl.cues[:-1]:
        expected = {CueKind.SAY: SayStep, CueKind.HOLD_START: Hold, CueKind.HOLD_END: Hold, CueKind.REP: Repeat,
                    CueKind.SIDE: Sides}.get(c.kind)
        if expected:
            assert isinstance(kinds[c.step], expected), c
    assert tl.cues[-1].step == len(kinds)


def test_ten_minute_session_ends_at_the_sum_of_its_parts_without_overlap():
    parts = [plan(ROUTINES[rid], SPEECH, PlanSettings(side="left", count_style="sparse"))
             for rid in ("calf_release", "quad_release", "hamstring_release", "yoga_calves")]
    session = plan_sequence(parts)
    total = sum(p.length for p in parts)
    assert session.length >= 600
    assert abs(session.cues[-1].offset - total) < 0.1
    assert session.routine_id == "calf_release+quad_release+hamstring_release+yoga_calves"
    assert_sound_timeline(session)
    assert len(session.holds()) == sum(len(p.holds()) for p in parts) == 15
    for start, end in session.holds():
        assert end.offset - start.offset == pytest.approx(30.0, abs=1e-3)
    blocks, i = [], 0  # the session's cues, cut back into its routines
    for p in parts:
        n = len(p.cues) - 1
        blocks.append({c.step for c in session.cues[i:i + n]})
        i += n
    assert all(max(a) < min(b) for a, b in zip(blocks, blocks[1:]))  # step indices never collide across routines
    starts = [p.cues[0].offset + sum(q.length for q in parts[:i]) for i, p in enumerate(parts)]
    session_starts = [c.offset for c in session.cues if c.kind is CueKind.SAY and c.text == parts[1].cues[0].text]
    assert session_starts[0] == pytest.approx(starts[1], abs=1e-9)


def test_the_length_is_where_the_last_cue_ends():
    timeline = plan(ROUTINES["night_cramp"], SPEECH)
    end = timeline.cues[-1]
    assert end.kind is CueKind.END and end.offset == timeline.length == planned_length(ROUTINES["night_cramp"], SPEECH)
    assert max(c.offset for c in timeline.cues[:-1]) < timeline.length
    starts = [c.offset for c in timeline.cues if c.kind is CueKind.HOLD_START]
    ends = [c.offset for c in timeline.cues if c.kind is CueKind.HOLD_END]
    assert starts and len(starts) == len(ends)
    assert timeline.length > sum(e - b for b, e in zip(starts, ends))  # the holds, and the lines between them


def test_plan_is_deterministic():
    assert plan(ROUTINES["yoga_calves"], SPEECH) == plan(ROUTINES["yoga_calves"], SPEECH)


@pytest.mark.parametrize("bad", [dict(side="middle"), dict(pace=0), dict(pace=float("nan")), dict(count_style="loud")])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        PlanSettings(**bad)


@hsettings(max_examples=40, deadline=None)
@given(rid=st.sampled_from(sorted(ROUTINES)), pace=st.floats(0.5, 2.5), per_word=st.floats(0.15, 1.2),
       style=st.sampled_from(["every", "sparse", "none"]), side=st.sampled_from([None, "left", "right"]))
def test_any_settings_give_a_sound_timeline(rid, pace, per_word, style, side):
    timer = words_timer(per_word)
    tl = plan(ROUTINES[rid], timer, PlanSettings(side=side, pace=pace, count_style=style))
    assert_sound_timeline(tl, timer)


def test_a_hold_that_may_go_on_shows_both_lengths_and_is_planned_at_its_seconds():
    tl = plan(ROUTINES["night_cramp"], SPEECH)
    (first, first_end), (walk, _) = tl.holds()
    assert (first.duration, first.max_seconds) == (30, 60)  # night_cramp.yaml: seconds 30, max_seconds 60 (001)
    assert first_end.offset - first.offset == pytest.approx(30, abs=1e-9)
    assert walk.max_seconds is None
    lines = [json.loads(line) for line in tl.to_jsonl().splitlines()]
    (first_line, walk_line) = [x for x in lines if x["kind"] == "hold_start"]
    assert (first_line["duration"], first_line["max_seconds"]) == (30, 60)
    assert "max_seconds" not in walk_line
    assert all("max_seconds" not in x for x in lines if x["kind"] != "hold_start")


SIDED_HOLD = Routine("calf_release", "t", "000", "calf", False, (
    SayStep("Begin."),
    Sides((SayStep("Lean on your {side} leg."),
           Hold(20.0, max_seconds=45.0, counting="sparse", start="Hold.", end="Let go of the {side}."),
           SayStep("Shake it out.")), first="right"),
))
"""A made-up routine: a two-sided hold of 20 s that may go on to 45, counted sparsely."""


@pytest.mark.parametrize("pace", [1.0, 2.0])
def test_holding_on_plans_the_rest_of_the_hold_counted_as_the_hold_is(pace):
    whole = plan(SIDED_HOLD, SPEECH, PlanSettings(pace=pace))
    (_, _), (second, second_end) = whole.holds()
    tl = plan_hold_on(SIDED_HOLD, second.hold, "Keep going.", SPEECH, PlanSettings(pace=pace))
    assert_sound_timeline(tl)
    (start, end), = tl.holds()
    assert (start.text, start.duration, start.max_seconds) == ("Keep going.", 25.0, 45.0)  # 45 in all, 20 held
    assert (start.offset, end.offset) == (0.0, 25.0)  # pace never changes a hold
    assert end.text == "Let go of the left."  # the hold's own release, on its own side
    assert (start.step, start.side, start.hold) == (second.step, second.side, second.hold) == (start.step, "left", 1)
    counts = [c for c in tl.cues if c.kind is CueKind.COUNT]
    assert [round(end.offset - c.offset, 6) for c in counts] == [20, 15, 10, 5, 4, 3, 2, 1]  # its own "sparse"
    assert [c.text for c in counts][-1] == "one"
    assert tl.length == pytest.approx(25.0 + SPEECH("Let go of the left.") + 0.4 * pace)


def test_holding_on_a_hold_that_may_not_go_on_is_refused():
    with pytest.raises(ValueError, match="max_seconds"):
        plan_hold_on(ROUTINES["calf_release"], 0, "Keep going.", SPEECH)
    night = plan(ROUTINES["night_cramp"], SPEECH)
    walk = night.holds()[1][0]
    with pytest.raises(ValueError, match="max_seconds"):
        plan_hold_on(ROUTINES["night_cramp"], walk.hold, "Keep going.", SPEECH)
