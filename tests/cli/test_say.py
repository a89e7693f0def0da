import os
import subprocess
import wave

import numpy as np

from voice_coach.speech.tts import Tts

LINE = "Pull your toes toward your shin."


def no_sound_server_env(tmp_path) -> dict:
    """An environment where no sound server is reachable (and the machine has no ALSA card)."""
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER")}
    env["PULSE_SERVER"] = f"unix:{tmp_path}/no-such-socket"
    return env


def test_say_to_a_wav_writes_exactly_the_line(tmp_path):
    out = tmp_path / "say.wav"
    done = subprocess.run(["voice-coach", "say", *LINE.split(), "--speak-to", str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    # Timed in this process, after other tests' voices and rates: each line sets its own (through
    # pyttsx3's property queue an earlier rate could leak into a later line).
    expected = Tts().seconds(LINE)
    # espeak-ng's voice carries a little state from line to line (its pitch flutter), so a
    # line rendered in another process may differ by a few milliseconds.
    assert abs(len(audio) / 22050 - expected) < 0.03
    assert np.abs(audio.astype(np.int32)).max() > 5000


def test_say_to_an_unwritable_path_is_one_line(tmp_path):
    done = subprocess.run(["voice-coach", "say", "hello", "--speak-to", str(tmp_path / "no" / "dir.wav")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0]


def test_say_without_an_audio_device_is_one_line(tmp_path):
    done = subprocess.run(["voice-coach", "say", "hello"], env=no_sound_server_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no audio output device" in lines[0]
