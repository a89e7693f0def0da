"""The live microphone, through a real PulseAudio server (PortAudio reads its setup at start, so: subprocesses)."""

import os
import subprocess
import sys

import numpy as np
import pytest

from tests.audio import wavgen
from voice_coach.audio.files import write_wav

CAPTURE = """
import sys
import numpy as np
from voice_coach.audio.microphone import Microphone
rate = None if sys.argv[1] == "default" else int(sys.argv[1])
chunks = []
with Microphone(chunk_ms=20, capture_rate=rate) as mic:
    print("READY", mic.rate, flush=True)
    for chunk in mic:
        assert chunk.dtype == np.int16 and chunk.shape == (320,), (chunk.dtype, chunk.shape)
        chunks.append(chunk)
        if len(chunks) == 175:
            break
np.save(sys.argv[2], np.concatenate(chunks))
print("DROPPED", mic.dropped, flush=True)
"""

NO_DEVICE = """
from voice_coach.audio.microphone import Microphone, input_devices
from voice_coach.errors import AudioError
print("DEVICES", len(input_devices()))
try:
    Microphone().open()
except AudioError as e:
    print("ERROR", e)
"""


@pytest.mark.pulse
@pytest.mark.parametrize("capture_rate", ["default", "48000"])
def test_microphone_hears_a_tone_played_into_the_virtual_mic(pulse, tmp_path, capture_rate):
    tone = tmp_path / "tone.wav"
    write_wav(tone, (wavgen.tone(440, 2.0, 48000)[:, 0] * 32767).astype(np.int16), 48000)
    out = tmp_path / "captured.npy"
    proc = subprocess.Popen([sys.executable, "-c", CAPTURE, capture_rate, str(out)], env=pulse.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = proc.stdout.readline()
        assert ready.startswith("READY"), proc.stderr.read()
        expected = "16000" if capture_rate == "default" else "48000"
        assert ready.split()[1].startswith(expected)
        subprocess.run(["paplay", "--device=vmic_feed", str(tone)], env=pulse.env, check=True, timeout=30)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    captured = np.load(out)
    assert captured.size == 175 * 320
    assert wavgen.peak_hz(captured) == pytest.approx(440, abs=5)
    loud = np.abs(captured.astype(np.int32)) > 8000
    assert loud.sum() > 16000 * 0.5  # at least a second of the 2 s tone came through


def test_no_input_device_is_one_clear_error(tmp_path):
    env = dict(os.environ, PULSE_SERVER="unix:/nonexistent/pulse/native", XDG_RUNTIME_DIR=str(tmp_path),
               PULSE_RUNTIME_PATH=str(tmp_path / "pulse"))
    result = subprocess.run([sys.executable, "-c", NO_DEVICE], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "DEVICES 0" in result.stdout
    assert "ERROR no audio input device" in result.stdout


LOSE_AND_REOPEN = """
import sys
import numpy as np
from voice_coach.audio.microphone import Microphone
from voice_coach.errors import AudioError
mic = Microphone(chunk_ms=20, timeout_s=60.0)
mic.open()
while mic.poll(0.1) is None:
    pass
print("HEARING", flush=True)
sys.stdin.readline()  # the server is being stopped
try:
    while True:
        mic.poll(0.1)
except AudioError as e:
    print("LOST", e, flush=True)
print("ALIVE", mic.alive, flush=True)
mic.close()
sys.stdin.readline()  # the server is back
mic.open()
chunks = [mic.read() for _ in range(150)]
np.save(sys.argv[1], np.concatenate(chunks))
mic.close()
print("DONE", flush=True)
"""


@pytest.mark.pulse
def test_a_microphone_whose_server_goes_away_says_so_at_once_and_hears_after_reopening(tmp_path_factory, tmp_path):
    """Not after ``timeout_s`` (a minute here): the stopped stream is the news. Its own server, to restart it."""
    from voice_coach.bench.pulse import PulseServer

    server = PulseServer(tmp_path_factory.mktemp("pamic"))
    server.start()
    tone = tmp_path / "tone.wav"
    write_wav(tone, (wavgen.tone(440, 3.0, 48000)[:, 0] * 32767).astype(np.int16), 48000)
    out = tmp_path / "captured.npy"
    proc = subprocess.Popen([sys.executable, "-c", LOSE_AND_REOPEN, str(out)], env=server.env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("HEARING"), proc.stderr.read()
        server.stop_and_wait()
        proc.stdin.write("stopped\n")
        proc.stdin.flush()
        assert proc.stdout.readline().startswith("LOST microphone stream stopped"), proc.stderr.read()
        assert proc.stdout.readline().strip() == "ALIVE False"
        server.start()
        proc.stdin.write("back\n")
        proc.stdin.flush()
        subprocess.run(["paplay", "--device=vmic_feed", str(tone)], env=server.env, check=True, timeout=30)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
        server.stop()
    assert "DONE" in stdout, stderr
    captured = np.load(out)
    assert wavgen.peak_hz(captured) == pytest.approx(440, abs=5)
