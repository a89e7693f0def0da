"""Every routine renders on the audio clock: exact length, every line where it was planned."""

import numpy as np
import pytest

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import ROUTINE_IDS, Hold
from voice_coach.speech.conductor import spoken_cues

from .conftest import rms


def test_all_nine_routines_render(rendered_routines):
    assert set(rendered_routines) == set(ROUTINE_IDS)


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
def test_rendered_length_is_the_timeline_length_to_the_sample(rendered_routines, routine_id):
    out = rendered_routines[routine_id]
    assert len(out.audio) == round(out.timeline.length * out.rate)


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
def test_every_line_is_spoken_at_its_offset(rendered_routines, routine_id, tts):
    out = rendered_routines[routine_id]
    cues = spoken_cues(out.timeline)
    assert cues
    for cue in cues:
        at = round(cue.offset * out.rate)
        line = tts.render(cue.text)
        assert np.array_equal(out.audio[at: at + len(line)], line), f"{routine_id}: {cue}"
        assert rms(line) > 0.02, cue.text


WITH_HOLDS = tuple(rid for rid, routine in load_routines().items()
                   if any(isinstance(step, Hold) for _, step in routine.walk()))
"""The routines that hold a pose for a time (the yoga flows pace breaths instead: a hold test has nothing there)."""


def test_the_release_routines_hold_and_the_yoga_flows_do_not():
    assert set(WITH_HOLDS) == {rid for rid in ROUTINE_IDS if not rid.startswith("yoga_")}


@pytest.mark.parametrize("routine_id", WITH_HOLDS)
def test_holds_start_and_end_exactly_on_their_cues(rendered_routines, routine_id):
    out = rendered_routines[routine_id]
    assert out.timeline.holds(), "the routine's data holds a pose; its timeline must too"
    for start, end in out.timeline.holds():
        for cue in (start, end):
            if cue.text:
                # quiet up to the cue (the planner leaves a gap), voice within 30 ms after it
                assert rms(out.cut(cue.offset - 0.05, cue.offset)) < 0.001, cue
                assert rms(out.cut(cue.offset, cue.offset + 0.03)) > 0.005, cue
        assert end.offset - start.offset == pytest.approx(start.duration, abs=1e-6)
