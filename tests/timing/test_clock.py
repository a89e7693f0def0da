import threading

import pytest

from voice_coach.timing.clock import AudioClock, MonotonicClock


def test_audio_clock_counts_samples_exactly():
    clock = AudioClock(16000)
    for _ in range(600 * 50):  # ten minutes in 20 ms chunks
        clock.advance(320)
    assert clock.now() == 600.0
    assert clock.samples_until(600.5) == 8000


def test_audio_clock_refuses_to_run_backwards():
    with pytest.raises(ValueError):
        AudioClock(16000).advance(-1)


def test_monotonic_wait_until_is_interruptible():
    clock = MonotonicClock()
    stop = threading.Event()
    stop.set()
    assert clock.wait_until(clock.now() + 10, stop) is False
    assert clock.wait_until(clock.now() + 0.01) is True
