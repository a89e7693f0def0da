"""Words said again, kept once: what a person in pain or in a hurry says twice is read as said once."""

from __future__ import annotations

import pytest

from voice_coach.hearing.whisper.repeats import said_once


@pytest.mark.parametrize("said, once", [
    ("no no no", "no"),
    ("ow ow my calf my calf", "ow my calf"),
    ("ooh ooh my right calf my right calf", "ooh my right calf"),
    ("stop it stop it", "stop it"),
    ("hold on hold on hold on a sec", "hold on a sec"),
    ("it is what it is", "it is what it is"),  # words again, but not right after themselves
    ("my calf is cramping", "my calf is cramping"),
])
def test_a_phrase_said_again_right_after_itself_is_kept_once(said, once):
    assert " ".join(said_once(said.split())) == once
