"""Decoding in a child process: the same answers, and the coach's other threads keep running meanwhile."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from voice_coach.bench.corpus import pad, synthesize
from voice_coach.hearing.decoder_process import DecoderProcess
from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer

UTTERANCES = [("my left calf is cramping", "en-us"), ("stop", "en-gb"), ("the kettle is on the stove", "en-us"),
              ("how much longer", "en-029")]


@pytest.fixture(scope="module")
def recognizer():
    return PocketSphinxRecognizer.from_templates()


@pytest.fixture
def apart(recognizer):
    process = DecoderProcess(recognizer)
    yield process
    process.close()


def audio(text: str, voice: str) -> np.ndarray:
    return pad(synthesize(text, voice, 160), 0.3, 0.3)


def test_the_child_answers_what_the_coach_would_have(recognizer, apart):
    for text, voice in UTTERANCES:
        samples = audio(text, voice)
        assert apart.recognize(samples) == recognizer.recognize(samples), text
    assert apart.name == recognizer.name == "pocketsphinx"


def longest_stall(recognize, samples: np.ndarray) -> tuple[float, float]:
    """(seconds the decode took, longest gap between a 1 ms ticking thread's ticks meanwhile)."""
    gaps, done = [], threading.Event()

    def tick():
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.05)
    began = time.perf_counter()
    recognize(samples)
    took = time.perf_counter() - began
    done.set()
    ticker.join()
    return took, max(gaps)


def test_a_decode_apart_leaves_the_other_threads_running(recognizer, apart):
    # What the speaker's PortAudio callback needs every 20 ms: the GIL. Four commands in a row make
    # a decode long enough to see.
    samples = np.concatenate([audio(text, voice) for text, voice in UTTERANCES[:2]] * 2)
    took_here, stall_here = longest_stall(recognizer.recognize, samples)
    took_apart, stall_apart = longest_stall(apart.recognize, samples)
    # The control: in the same process the ticking thread waits out a whole decoding pass (two per
    # utterance), longer than the 100 ms of audio the speaker has buffered.
    assert stall_here > max(0.3 * took_here, 0.1), (took_here, stall_here)
    assert stall_apart < 0.2 * stall_here, (took_apart, stall_apart, stall_here)


def test_a_dead_child_is_logged_once_and_the_coach_keeps_hearing(recognizer, apart, caplog):
    samples = audio("stop", "en-us")
    expected = recognizer.recognize(samples)
    os.kill(apart._process.pid, signal.SIGKILL)
    apart._process.join(5)
    with caplog.at_level(logging.ERROR, logger="voice_coach.hearing.decoder_process"):
        assert apart.recognize(samples) == expected
        assert apart.recognize(samples) == expected
    assert [r.getMessage() for r in caplog.records if "decoder process is gone" in r.getMessage()], caplog.text
    assert len(caplog.records) == 1


@pytest.mark.parametrize("ending", ["exit", "sigterm", "sigkill"])
def test_the_child_ends_with_the_coach(ending, tmp_path):
    """However the coach ends, its decoder does not stay behind (it reads end of file on its pipe)."""
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from voice_coach.hearing.decoder_process import DecoderProcess
        from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
        p = DecoderProcess(PocketSphinxRecognizer.from_templates())
        print(p._process.pid, flush=True)
        if {ending!r} == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
        elif {ending!r} == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    coach = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    child = int(coach.stdout.split()[0])
    assert coach.returncode == {"exit": 0, "sigterm": -15, "sigkill": -9}[ending], coach.stderr
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), f"decoder process {child} outlived the coach"
    assert "Traceback" not in coach.stderr, coach.stderr


def alive(pid: int) -> bool:
    """Whether ``pid`` is still running (a zombie, reaped by nobody here, counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_no_process_to_be_had_is_a_warning_and_the_coach_hears_anyway(recognizer, monkeypatch, caplog):
    """fork() failing (a process limit, no memory; root ignores RLIMIT_NPROC, so the fault is injected)."""
    import errno
    import multiprocessing.context

    def refused(process):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "_Popen", staticmethod(refused))
    with caplog.at_level(logging.WARNING, logger="voice_coach.hearing.decoder_process"):
        process = DecoderProcess(recognizer)
    assert "cannot start a decoder process" in caplog.text
    samples = audio("stop", "en-gb")
    assert process.recognize(samples) == recognizer.recognize(samples)
    process.close()
