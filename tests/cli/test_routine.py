"""``voice-coach routine``: plan, write the timeline, render the speech to a WAV."""

from __future__ import annotations

import json
import subprocess
import wave

import numpy as np
import pytest

RATE = 22050


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["voice-coach", *args], capture_output=True, text=True, timeout=120)


def read_wav(path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean((samples.astype(np.float64) / 32768) ** 2))) if len(samples) else 0.0


@pytest.fixture(scope="module")
def calf_release(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calf")
    wav, jsonl = folder / "out.wav", folder / "t.jsonl"
    done = run("routine", "calf_release", "--speak-to", str(wav), "--timeline", str(jsonl))
    assert done.returncode == 0, done.stderr
    cues = [json.loads(line) for line in jsonl.read_text().splitlines()]
    return read_wav(wav), cues


def test_wav_length_is_the_timeline_end(calf_release):
    audio, cues = calf_release
    end = cues[-1]
    assert end["kind"] == "end"
    assert abs(len(audio) / RATE - end["offset"]) < 0.05
    assert abs(len(audio) - round(end["offset"] * RATE)) <= 1  # in fact to the sample


def test_five_holds_of_thirty_seconds(calf_release):
    _, cues = calf_release
    starts = {c["hold"]: c for c in cues if c["kind"] == "hold_start"}
    ends = {c["hold"]: c for c in cues if c["kind"] == "hold_end"}
    assert len(starts) == len(ends) == 5
    for hold, start in starts.items():
        assert abs(ends[hold]["offset"] - start["offset"] - 30.0) < 0.1


def test_the_audio_speaks_at_every_count_and_hold_cue(calf_release):
    audio, cues = calf_release
    spoken = [c for c in cues if c["kind"] in ("hold_start", "count", "hold_end")]
    assert sum(c["kind"] == "count" for c in spoken) >= 5 * 20
    for c in spoken:
        at = round(c["offset"] * RATE)
        voice = audio[at: at + round(min(c["duration"], 0.3) * RATE)]
        assert rms(voice) > 0.01, c
        assert rms(audio[at - round(0.05 * RATE): at]) < 0.001, c  # and quiet just before


def test_the_release_cue_ends_the_hold_to_the_sample(calf_release):
    audio, cues = calf_release
    for c in (c for c in cues if c["kind"] == "hold_end"):
        at = round(c["offset"] * RATE)
        slack = 2  # the timeline file keeps offsets to 0.1 ms: 2.2 samples at 22.05 kHz
        assert not audio[at - round(0.05 * RATE): at - slack].any()
        assert np.abs(audio[at: at + round(0.03 * RATE)].astype(np.int32)).max() > 300


def test_side_is_in_the_timeline_and_the_words(tmp_path):
    jsonl = tmp_path / "t.jsonl"
    done = run("routine", "calf_release", "--side", "left", "--timeline", str(jsonl), "--speak-to", str(tmp_path / "o.wav"))
    assert done.returncode == 0, done.stderr
    cues = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert "left leg" in cues[0]["text"]
    assert all(c.get("side") == "left" for c in cues if c["kind"] != "end")


def one_clear_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_unknown_routine_is_one_line_and_writes_nothing(tmp_path):
    line = one_clear_line(run("routine", "calf_cramp", "--speak-to", str(tmp_path / "o.wav"), "--timeline", str(tmp_path / "t.jsonl")))
    assert "unknown routine" in line and "calf_release" in line
    assert list(tmp_path.iterdir()) == []


def test_unwritable_wav_is_one_line(tmp_path):
    line = one_clear_line(run("routine", "calf_release", "--speak-to", str(tmp_path / "missing" / "o.wav")))
    assert "cannot write" in line and "o.wav" in line


def test_unwritable_timeline_is_one_line(tmp_path):
    line = one_clear_line(run("routine", "calf_release", "--timeline", str(tmp_path), "--speak-to", str(tmp_path / "o.wav")))
    assert "cannot write the timeline" in line


def test_bad_side_is_refused_by_the_command_line():
    done = run("routine", "calf_release", "--side", "middle")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "Traceback" not in done.stderr


def test_the_night_cramp_timeline_shows_both_lengths_of_the_hold_that_may_go_on(tmp_path):
    jsonl = tmp_path / "t.jsonl"
    done = run("routine", "night_cramp", "--timeline", str(jsonl), "--speak-to", str(tmp_path / "o.wav"))
    assert done.returncode == 0, done.stderr
    cues = [json.loads(line) for line in jsonl.read_text().splitlines()]
    stretch, walk = [c for c in cues if c["kind"] == "hold_start"]
    # night_cramp.yaml: hold 30 s, up to 60 until the cramp releases (source 001); a linear plan holds the 30
    assert (stretch["duration"], stretch["max_seconds"]) == (30, 60)
    release = next(c for c in cues if c["kind"] == "hold_end" and c["hold"] == stretch["hold"])
    assert abs(release["offset"] - stretch["offset"] - 30.0) < 0.001
    assert walk["duration"] == 60 and "max_seconds" not in walk
    assert [c for c in cues if "max_seconds" in c] == [stretch]
