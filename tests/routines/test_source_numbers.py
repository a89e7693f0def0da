"""The sources' numbers, read back from the PLANNED timeline (not just from the YAML).

If a data file drifts from the articles (a 20 s hold, four reps, one side
forgotten), the plan the person hears is wrong; this table catches it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import Hold
from voice_coach.timing.planner import PlanSettings, plan
from voice_coach.timing.timeline import CueKind, Timeline

ROUTINES = load_routines()


def speech(text: str) -> float:
    """A deterministic stand-in for the speech layer's measured length: 0.35 s a word."""
    return len(text.split()) * 0.35


def timeline(rid: str, **settings) -> Timeline:
    return plan(ROUTINES[rid], speech, PlanSettings(**settings))


def hold_lengths(tl: Timeline, side: str | None = "any") -> list[float]:
    return [round(end.offset - start.offset, 3) for start, end in tl.holds() if side == "any" or start.side == side]


def exhales(tl: Timeline) -> Counter:
    """Exhale cues per (repetition of the enclosing repeat, side)."""
    return Counter((c.rep, c.side) for c in tl.cues if c.kind is CueKind.EXHALE)


@pytest.mark.parametrize("rid, source", [
    ("night_cramp", "001"), ("calf_release", "000"), ("quad_release", "000"), ("hamstring_release", "000"),
    ("foot_release", "000"), ("yoga_hamstrings", "000"), ("yoga_calves", "000"), ("yoga_quads", "000"), ("bedtime", "001"),
])
def test_each_routine_cites_its_source(rid, source):
    assert ROUTINES[rid].source == source


@pytest.mark.parametrize("rid", ["calf_release", "quad_release", "hamstring_release"])
@pytest.mark.parametrize("side", [None, "left", "right"])
def test_on_the_spot_releases_hold_30_seconds_five_times(rid, side):
    tl = timeline(rid, side=side)
    assert hold_lengths(tl) == [30.0] * 5
    assert [c.rep for c in tl.cues if c.kind is CueKind.REP] == [1, 2, 3, 4, 5]
    assert ROUTINES[rid].one_sided
    assert {c.side for c in tl.cues} == {side}


def test_night_cramp_holds_30_to_60_then_asks_then_massage_heat_walk_elevate():
    tl = timeline("night_cramp")
    first_start, first_end = tl.holds()[0]
    assert 30 <= first_end.offset - first_start.offset <= 60
    first_hold = next(s for _, s in ROUTINES["night_cramp"].walk() if isinstance(s, Hold))
    assert (first_hold.seconds, first_hold.max_seconds) == (30, 60)
    after = [c for c in tl.cues if c.offset > first_end.offset and c.kind is not CueKind.COUNT]
    assert after[0].kind is CueKind.ASK and "easing" in after[0].text.lower()
    said = " ".join(c.text.lower() for c in tl.cues)
    for words in ("straighten", "toes", "shin", "knead", "thumbs", "knot",
                  "warm towel", "heating pad", "hot water bottle", "heels", "swollen"):
        assert words in said, words
    walk_start, walk_end = tl.holds()[1]
    assert "heels" in walk_start.text and walk_end.offset - walk_start.offset == pytest.approx(60, abs=1e-3)


def test_foot_release_pulls_toes_back_then_walks():
    tl = timeline("foot_release", side="left")
    assert len(tl.holds()) == 1
    said = [c.text.lower() for c in tl.cues if c.text]
    assert any("shin" in s for s in said) and "walk" in said[-1]


@pytest.mark.parametrize("first", [None, "left", "right"])
def test_bedtime_three_30s_wall_stretches_per_leg_and_10_to_15_point_and_flex(first):
    tl = timeline("bedtime", side=first)
    assert hold_lengths(tl, "right") == [30.0] * 3
    assert hold_lengths(tl, "left") == [30.0] * 3
    points = [c for c in tl.cues if c.kind is CueKind.SAY and c.text.startswith("Point")]
    assert 10 <= len(points) <= 15
    assert "ankle" in " ".join(c.text for c in tl.cues)


def test_yoga_hamstrings_five_exhales_a_side():
    assert exhales(timeline("yoga_hamstrings")) == {(None, "left"): 5, (None, "right"): 5}


def test_yoga_calves_five_breaths_a_leg_both_legs_three_rounds():
    counts = exhales(timeline("yoga_calves"))
    assert counts == {(rnd, side): 5 for rnd in (1, 2, 3) for side in ("left", "right")}


def test_yoga_quads_ten_breaths_a_side():
    assert exhales(timeline("yoga_quads", side="right")) == {(None, "left"): 10, (None, "right"): 10}


@pytest.mark.parametrize("rid", ["yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime"])
def test_two_sided_routines_do_both_sides(rid):
    assert not ROUTINES[rid].one_sided
    sides = [c.side for c in timeline(rid).cues if c.kind is CueKind.SIDE]
    assert set(sides) == {"left", "right"}
