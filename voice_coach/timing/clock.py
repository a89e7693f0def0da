"""The coach's one notion of time.

Everything that schedules (the timeline player, the session loop) takes a
:class:`Clock`. Live it is :class:`MonotonicClock`; when rendering to a file or
running a session from a WAV it is :class:`AudioClock`, whose time is the
number of audio samples that have passed, so a ten-minute routine runs in
seconds and is exact to the sample. Schedules are absolute deadlines
(``start + offset``) read against this clock, never sums of sleeps.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """A source of time in seconds."""

    def now(self) -> float:
        """Seconds since an arbitrary origin fixed for the clock's life."""
        ...


class MonotonicClock:
    """Wall time for the live coach: ``time.monotonic()``, never set back."""

    def now(self) -> float:
        return time.monotonic()

    def wait_until(self, deadline: float, interrupt: threading.Event | None = None) -> bool:
        """Sleep until ``deadline`` (seconds, this clock) or until ``interrupt`` is set.

        Returns True when the deadline was reached, False when interrupted.
        """
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            if interrupt is not None:
                if interrupt.wait(remaining):
                    return False
            else:
                time.sleep(remaining)


class AudioClock:
    """Time as samples counted: ``now() == samples / sample_rate``.

    Whoever produces or consumes the audio advances it; nothing reads the wall
    clock, so results are identical on a fast or a slow machine.
    """

    def __init__(self, sample_rate: int, start_samples: int = 0) -> None:
        if sample_rate <= 0:
            raise ValueError("sample_rate must be positive")
        self.sample_rate = sample_rate
        """Samples per second of the audio that drives this clock."""
        self._samples = start_samples

    @property
    def samples(self) -> int:
        """Samples counted so far."""
        return self._samples

    def now(self) -> float:
        return self._samples / self.sample_rate

    def advance(self, n_samples: int) -> None:
        """Count ``n_samples`` more samples of audio."""
        if n_samples < 0:
            raise ValueError("time does not run backwards")
        self._samples += n_samples

    def samples_until(self, deadline: float) -> int:
        """Whole samples from now to ``deadline`` (seconds), rounded to nearest, never negative."""
        return max(0, round(deadline * self.sample_rate) - self._samples)
