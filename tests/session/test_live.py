"""The live coach through a real sound server: speak into the virtual microphone, hear the virtual speaker."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.speech.test_live_playback import REC_RATE, Recorder
from tests.speech.test_recognition import decode, words
from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import pad, synthesize

pytestmark = pytest.mark.pulse

FIRST_LINES = ["I'm here. Let's ease it out together.", "Straighten your sore leg."]
"""What the coach says first for a calf cramp (night_cramp's opening instructions)."""
OTHER_LINES = ["I'm listening. Say help to hear what you can say.", "Now gently pull your toes up toward your shin.",
               "Where is the cramp: calf, thigh or foot?"]


def test_a_cramp_spoken_into_the_microphone_gets_its_first_instruction_from_the_speaker(pulse, tmp_path):
    import pocketsphinx

    command = tmp_path / "cramp.wav"
    write_wav(command, pad(synthesize("my calf is cramping", "en-gb", 170), 0.3, 0.5))
    coach = subprocess.Popen([sys.executable, "-m", "voice_coach", "-v"], env=pulse.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert "listening" in coach.stdout.readline()
        time.sleep(4.0)  # the greeting plays out
        recorder = Recorder(pulse.env)
        subprocess.run(["paplay", "--device=vmic_feed", str(command)], env=pulse.env, check=True, timeout=30)
        time.sleep(7.0)
        recording = recorder.stop()
    finally:
        coach.terminate()
        _, err = coach.communicate(timeout=20)
    assert coach.returncode in (0, -15), err[-2000:]
    write_wav(tmp_path / "heard.wav", recording)
    assert np.abs(recording).max() > 1000, "the coach said nothing"
    decoder = pocketsphinx.Decoder(lm=None, cmn="batch", loglevel="FATAL")
    # The recording is cut at pauses, and a cut may join two lines (live, queued lines can follow each other
    # with hardly a pause), so each piece is decoded as a run of the coach's whole sentences: a forced choice
    # among what it could have said. A free word loop beside the sentences let PocketSphinx spell the quiet
    # night voice as "let's the the out together" in CI; whole sentences keep the check on *which* line played.
    said = [" ".join(words(s)) for line in FIRST_LINES + OTHER_LINES for s in sentences(line)]
    decoder.add_jsgf_string("lines", "#JSGF V1.0;\ngrammar lines;\n<sentence> = "
                            + " | ".join(f"( {s} )" for s in dict.fromkeys(said))
                            + ";\npublic <line> = <sentence>+;\n")
    decoder.activate_search("lines")
    heard = [decode(decoder, segment, REC_RATE) for segment in voiced_segments(recording, REC_RATE)]
    first = [" ".join(words(s)) for line in FIRST_LINES for s in sentences(line) if len(words(s)) >= 3]
    print(err); assert any(f" {sentence} " in f" {piece} " for sentence in first for piece in heard), (heard, err[-1500:])
    # The control: the same forced choice on another line of the coach finds no first instruction in it.
    other = decode(decoder, pad(synthesize(OTHER_LINES[-1], "en-gb", 150), 0.3, 0.3), 16000)
    assert other and not any(f" {sentence} " in f" {other} " for sentence in first), other


def sentences(line: str) -> list[str]:
    """The sentences of one of the coach's lines ("I'm here. Let's ..." -> two)."""
    return [s for s in re.split(r"(?<=[.?!:])\s+", line) if s.strip()]


def voiced_segments(samples: np.ndarray, rate: int, frame_s: float = 0.02, gap_s: float = 0.35) -> list[np.ndarray]:
    """The recording cut at pauses longer than ``gap_s``: one piece per spoken line."""
    frame = int(rate * frame_s)
    n = len(samples) // frame
    loud = np.abs(samples[: n * frame].reshape(n, frame).astype(np.int32)).max(axis=1) > 300
    segments, start, quiet = [], None, 0
    for i, on in enumerate(loud):
        if on:
            start = i if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * frame_s >= gap_s:
                segments.append(samples[start * frame:(i - quiet + 1) * frame + frame])
                start, quiet = None, 0
    if start is not None:
        segments.append(samples[start * frame:])
    return [s for s in segments if len(s) > rate * 0.3]
