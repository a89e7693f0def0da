"""A full disk under every file the coach writes: one line naming the file, exit 2, no traceback.

``/dev/full`` fails every write with ENOSPC, so the first block fails. A disk
that fills part-way through is a file size limit (RLIMIT_FSIZE, with SIGXFSZ
ignored so the write fails with EFBIG instead of killing the process): the
session has written audio and events for a while when the limit is reached.
Each command runs in its own process, so an error printed at interpreter exit
(a WAV writer retrying its header in ``__del__``) shows up on stderr too.
"""

import resource
import signal
import subprocess
import wave

import numpy as np
import pytest

from voice_coach.audio.files import write_wav

FULL = "/dev/full"


def run(argv, limit_bytes=None):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(["voice-coach", *argv], capture_output=True, text=True, timeout=120,
                          preexec_fn=limit if limit_bytes is not None else None)


def assert_one_line_naming(done, path, problem):
    assert done.returncode == 2, done.stderr
    # libffi (under ctypes) says "ftruncate() failed" when it cannot grow a file for the speech
    # callback's trampoline and falls back to memory: its line, not the coach's. On a disk that
    # fills during the night the callback exists long before, so only the test's limit shows it.
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("ftruncate() failed")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("voice-coach: cannot write ")
    assert str(path) in lines[0] and problem in lines[0]


@pytest.fixture(scope="module")
def quiet_input(tmp_path_factory):
    """Ten seconds of near silence: the session writes 20 ms of output and any events each step."""
    path = tmp_path_factory.mktemp("in") / "quiet.wav"
    write_wav(path, (np.random.default_rng(0).normal(0, 30, 160_000)).astype(np.int16))
    return path


@pytest.mark.parametrize("argv", [
    ["say", "hello", "--speak-to", FULL],
    ["routine", "foot_release", "--speak-to", FULL],
    ["routine", "foot_release", "--timeline", FULL, "--speak-to", "{tmp}/foot.wav"],
], ids=["say", "routine", "timeline"])
def test_speech_and_timelines_onto_a_full_disk(argv, tmp_path):
    done = run([a.format(tmp=tmp_path) for a in argv])
    assert_one_line_naming(done, FULL, "No space left on device")


@pytest.mark.parametrize("option", ["--events", "--speak-to"])
def test_a_session_onto_a_full_disk(option, quiet_input):
    done = run(["session", "--input", str(quiet_input), option, FULL])
    assert_one_line_naming(done, FULL, "No space left on device")


def test_a_disk_that_fills_during_a_session(quiet_input, tmp_path):
    out = tmp_path / "coach.wav"
    done = run(["session", "--input", str(quiet_input), "--speak-to", str(out)], limit_bytes=100_000)
    assert_one_line_naming(done, out, "File too large")
    assert 0 < out.stat().st_size <= 100_000  # what fitted was written


def test_the_same_session_with_room_writes_everything(quiet_input, tmp_path):
    """The control for the two tests above: the limit, not the session, made them fail."""
    out, events = tmp_path / "coach.wav", tmp_path / "events.jsonl"
    done = run(["session", "--input", str(quiet_input), "--speak-to", str(out), "--events", str(events)],
               limit_bytes=1_000_000)
    assert done.returncode == 0, done.stderr
    with wave.open(str(out)) as w:
        assert w.getnframes() >= 160_000
    assert events.read_text().count("\n") >= 1
