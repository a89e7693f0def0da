"""A pause inside a command: the endpointer cuts it in two, and the hearing puts it back together.

The endpointer ends speech after 0.15 s of silence so that a command is
answered at once; people pause longer than that inside one ("no, ... not
yet"). Each case says the two halves in the piper voice joe with a pause of
0.3 s between them, and streams the audio through the real endpointer and
whisper, as a session does.
"""

from __future__ import annotations

import numpy as np
import pytest

from voice_coach.bench.corpus import FLOOR_DBFS, floor_noise
from voice_coach.bench.piper_voices import synthesize_piper
from voice_coach.hearing.pipeline import CHUNK_SAMPLES, Hearing, HearingSettings
from voice_coach.hearing.result import settled
from voice_coach.hearing.select import make_recognizer
from voice_coach.intents.parse import IntentParser

PAUSE_S = 0.3
"""Silence put between the halves (piper's own silence at either end adds about 0.15 s): longer than the
endpointer's 0.15 s, shorter than the join gap."""


@pytest.fixture(scope="module")
def whisper():
    recognizer = make_recognizer("whisper")
    recognizer.warm()
    return recognizer


def _said(*parts: str) -> np.ndarray:
    """The parts one after another, ``PAUSE_S`` apart, in a quiet room (0.5 s before and 1 s after)."""
    gap = np.zeros(round(PAUSE_S * 16000), np.int16)
    pieces = [np.zeros(8000, np.int16)]
    for n, part in enumerate(parts):
        pieces += ([gap] if n else []) + [synthesize_piper(part)]
    pieces.append(np.zeros(16000, np.int16))
    audio = np.concatenate(pieces).astype(np.float64)
    audio += floor_noise(audio.size, FLOOR_DBFS, np.random.default_rng(0))
    return np.clip(audio, -32768, 32767).astype(np.int16)


def _heard(whisper, audio: np.ndarray, settings: HearingSettings = HearingSettings()):
    hearing = Hearing(whisper, IntentParser(), settings)
    heard = list(hearing.process(audio[i:i + CHUNK_SAMPLES] for i in range(0, audio.size, CHUNK_SAMPLES)))
    return [(h.intent, h.slots) for h in heard if h.intent], heard


CASES = [
    (("no", "not yet"), [("no", {})]),
    (("sorry I smoke", "and my feet cramp"), [("red_flag", {"symptom": "vascular_risk"})]),
    (("sorry", "say that again"), [("repeat", {})]),
    (("my calf is cramping", "and it's swollen"), [("cramp", {"muscle": "calf"}), ("red_flag", {"symptom": "swelling"})]),
    (("ow ow my calf", "it's cramping"), [("cramp", {"muscle": "calf"})]),  # the whole says less: nothing new
]


@pytest.mark.parametrize("parts, expected", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_command_said_with_a_pause_is_heard_once_as_a_whole(whisper, parts, expected):
    intents, heard = _heard(whisper, _said(*parts))
    assert len(heard) >= 2, "the endpointer no longer cuts here: the case tests nothing"
    assert intents == expected, heard


def test_two_commands_a_second_apart_stay_two(whisper):
    gap = np.zeros(16000, np.int16)
    audio = np.concatenate([np.zeros(8000, np.int16), synthesize_piper("stop"), gap, synthesize_piper("how much longer"),
                            np.zeros(16000, np.int16)])
    intents, _ = _heard(whisper, audio)
    assert [intent for intent, _ in intents] == ["stop", "time_left"]


FILE_CASES = [
    (("okay", "stop talking"), ["stop"]),
    (("right", "let's carry on"), ["resume"]),
    (("my calf is cramping", "and it's swollen"), ["red_flag"]),
]


@pytest.mark.parametrize("parts, expected", FILE_CASES, ids=[" ".join(c[0]) for c in FILE_CASES])
def test_from_a_file_a_first_part_amended_by_its_whole_is_left_out(whisper, parts, expected):
    """Live, the coach answers "okay" at once and "okay stop talking" when it comes; from a file, where the rest
    is known before anything is reported, the command is reported once, as a whole (``voice-coach recognize``)."""
    _, heard = _heard(whisper, _said(*parts))
    assert len([h for h in heard if h.intent]) == 2 and heard[-1].amends, heard
    assert [h.intent for h in settled(heard) if h.intent] == expected


def test_from_a_file_an_opener_that_prose_follows_is_no_command(whisper):
    """"Right, who wants pizza?": live, "right" is answered at once (the coach cannot wait); from a file it is
    known to have opened a sentence that is no command."""
    _, heard = _heard(whisper, _said("right", "who wants pizza"))
    assert heard[0].intent == "side" and heard[-1].follows and heard[-1].intent is None, heard
    assert [h.intent for h in settled(heard) if h.intent] == []


THREE_PIECES = [
    (("why do I", "keep getting", "cramps at night"), [("ask", {"topic": "causes"})]),
    (("could low", "magnesium be", "causing my cramps"), [("ask", {"topic": "magnesium"})]),
    (("what actually", "causes leg", "cramps at night anyway"), [("ask", {"topic": "causes"})]),
]


@pytest.mark.parametrize("parts, expected", THREE_PIECES, ids=[" ".join(c[0]) for c in THREE_PIECES])
def test_a_sentence_cut_at_every_pause_is_heard_whole(whisper, parts, expected):
    """No piece, nor any two, is a command: the third piece is joined to both before it, not to the second alone
    (before, "causes leg | cramps at night anyway" was heard, and then nothing)."""
    _, heard = _heard(whisper, _said(*parts))
    assert len(heard) >= 3, "the endpointer no longer cuts here: the case tests nothing"
    assert [(h.intent, h.slots) for h in settled(heard) if h.intent] == expected, heard
