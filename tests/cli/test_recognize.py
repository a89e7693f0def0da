"""``voice-coach recognize FILE... --json``: real speech in, one JSON line per utterance; bad files fail cleanly."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import sequence, synthesize
from voice_coach.cli.main import main

FIELDS = {"file", "start", "end", "text", "intent", "slots", "confidence"}


def console_script() -> str:
    beside = Path(sys.executable).with_name("voice-coach")
    found = str(beside) if beside.exists() else shutil.which("voice-coach")
    assert found, "voice-coach is not installed: pip install -e ."
    return found


@pytest.fixture(scope="module")
def commands_wav(tmp_path_factory) -> Path:
    """Three commands and one everyday sentence spoken by espeak-ng, at known times."""
    texts = ["my calf is cramping", "could you pass the salt", "what can i say", "stop"]
    clips = [synthesize(t, "en-us", 160) for t in texts]
    audio, _ = sequence(clips, [0.5, 3.0, 6.0, 8.5], total_s=10.0)
    path = tmp_path_factory.mktemp("rec") / "commands.wav"
    write_wav(path, audio)
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([console_script(), "recognize", *args], capture_output=True, text=True, timeout=300)


def test_json_lines_for_every_utterance(commands_wav):
    done = run_cli(str(commands_wav), "--json", "--engine", "pocketsphinx")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(set(line) == FIELDS for line in lines)
    assert [line["start"] for line in lines] == sorted(line["start"] for line in lines)
    heard = [(line["intent"], line["slots"]) for line in lines if line["intent"]]
    assert heard[0] == ("cramp", {"muscle": "calf"})
    assert ("help", {}) in heard
    assert all(0.0 <= line["confidence"] <= 1.0 for line in lines)
    assert all(line["text"] == "" for line in lines if line["intent"] is None)
    assert done.stderr == ""


def bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["not_a_wav"] = tmp / "notes.wav"
    files["not_a_wav"].write_text("this is not audio\n")
    files["empty"] = tmp / "empty.wav"
    files["empty"].write_bytes(b"")
    good = tmp / "good.wav"
    write_wav(good, synthesize("stop", "en-us", 160))
    files["truncated"] = tmp / "truncated.wav"
    files["truncated"].write_bytes(good.read_bytes()[:30])
    files["missing"] = tmp / "no_such_file.wav"
    return files


@pytest.mark.parametrize("case", ["not_a_wav", "empty", "truncated", "missing"])
def test_bad_file_is_one_line_and_nonzero_exit_after_the_others(tmp_path, commands_wav, case):
    bad = bad_files(tmp_path)[case]
    done = run_cli(str(bad), str(commands_wav), "--json")
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and bad.name in done.stderr
    assert any(json.loads(line)["file"] == str(commands_wav) for line in done.stdout.splitlines())


def stereo_48k_wav(path: Path, mono16k: np.ndarray) -> Path:
    """``mono16k`` upsampled to 48 kHz stereo 16-bit by sample repetition (crude but a real 48 kHz file)."""
    up = np.repeat(mono16k, 3)
    frames = np.stack([up, up], axis=1).astype("<i2").tobytes()
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 2, 48000, 48000 * 4, 4, 16)
    body = b"WAVE" + fmt + struct.pack("<4sI", b"data", len(frames)) + frames
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_48k_stereo_and_8bit_files_are_understood(tmp_path, capsys):
    speech = np.concatenate([np.zeros(8000, np.int16), synthesize("how much longer", "en-us", 160), np.zeros(8000, np.int16)])
    stereo = stereo_48k_wav(tmp_path / "stereo48k.wav", speech)
    eight = tmp_path / "eight.wav"
    body = (np.clip(speech.astype(np.int32) // 256 + 128, 0, 255)).astype(np.uint8).tobytes()
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, 16000, 16000, 1, 8)
    riff = b"WAVE" + fmt + struct.pack("<4sI", b"data", len(body)) + body
    eight.write_bytes(b"RIFF" + struct.pack("<I", len(riff)) + riff)
    assert main(["recognize", str(stereo), str(eight), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for path in (stereo, eight):
        assert ("time_left", {}) in [(l["intent"], l["slots"]) for l in lines if l["file"] == str(path)]


def test_silence_only_gives_no_lines_and_success(tmp_path, capsys):
    path = tmp_path / "silence.wav"
    write_wav(path, np.zeros(16000 * 5, np.int16))
    assert main(["recognize", str(path), "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_vosk_without_a_model_is_one_clear_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VOICE_COACH_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("VOICE_COACH_VOSK_MODEL", raising=False)
    path = tmp_path / "s.wav"
    write_wav(path, np.zeros(1600, np.int16))
    assert main(["recognize", str(path), "--json", "--engine", "vosk"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "model" in err[0]


@pytest.mark.heavy
def test_one_hour_file_streams_in_constant_memory(tmp_path):
    """An hour of quiet noise with a command every ten minutes: all found, memory flat."""
    from voice_coach.hearing.pipeline import Hearing
    from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
    from voice_coach.intents.parse import IntentParser

    rate, seconds = 16000, 3600
    stop = synthesize("stop", "en-us", 160).astype(np.int16)
    path = tmp_path / "hour.wav"
    rng = np.random.default_rng(0)
    with open(path, "wb") as f:
        n = rate * seconds
        f.write(b"RIFF" + struct.pack("<I", 36 + 2 * n) + b"WAVE")
        f.write(struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16))
        f.write(struct.pack("<4sI", b"data", 2 * n))
        for minute in range(60):
            block = (rng.standard_normal(rate * 60) * 20).astype(np.int16)
            if minute % 10 == 5:
                block[rate * 30: rate * 30 + stop.size] += stop
            f.write(block.astype("<i2").tobytes())
    hearing = Hearing(PocketSphinxRecognizer.from_templates(), IntentParser())
    tracemalloc.start()
    heard, peaks = [], []
    for i, h in enumerate(hearing.recognize_file(path)):
        heard.append(h)
        peaks.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    assert [h.intent for h in heard if h.intent] == ["stop"] * 6
    assert max(peaks) < 20_000_000


@pytest.mark.parametrize(("container", "subtype", "suffix"), [("FLAC", "PCM_16", "flac"), ("OGG", "VORBIS", "ogg")])
def test_flac_and_ogg_are_heard_as_the_wav_is(tmp_path, capsys, commands_wav, container, subtype, suffix):
    """A phone's or a recorder's file: the same speech in FLAC (lossless) and OGG Vorbis (lossy) gives the
    same commands as the WAV."""
    import soundfile

    samples, rate = soundfile.read(commands_wav, dtype="int16")
    other = tmp_path / f"commands.{suffix}"
    soundfile.write(other, samples, rate, format=container, subtype=subtype)
    heard = {}
    for path in (commands_wav, other):
        assert main(["recognize", str(path), "--json", "--engine", "pocketsphinx"]) == 0
        heard[path] = [(line["intent"], line["slots"]) for line in map(json.loads, capsys.readouterr().out.splitlines())
                       if line["intent"]]
    assert heard[other] == heard[commands_wav] and ("cramp", {"muscle": "calf"}) in heard[other]
