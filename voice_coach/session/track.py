"""What the coach is playing, pulled chunk by chunk in step with the microphone.

The session owns one :class:`PlaybackTrack`. Whoever drives the audio pulls
from it: the session loop (file mode, in step with each input chunk) or the
sound card's callback (live). Every pulled chunk is both what the speaker
plays and the echo canceller's reference, so the two can never disagree.
``stop()`` takes effect at the next pulled chunk (20 ms at most).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sound:
    """One queued sound."""

    samples: np.ndarray
    """int16 mono at the track's rate."""
    label: str
    """What it says (for logs)."""


class PlaybackTrack:
    """A queue of sounds played back to back; thread-safe, pull-based."""

    def __init__(self, sample_rate: int = 16000) -> None:
        self.sample_rate = sample_rate
        """Samples per second of everything queued and pulled."""
        self._lock = threading.Lock()
        self._queue: list[Sound] = []
        self._position = 0  # samples of the head sound already pulled

    def play(self, samples: np.ndarray, label: str = "", interrupt: bool = False) -> None:
        """Queue ``samples`` after what is playing, or instead of it when ``interrupt``."""
        with self._lock:
            if interrupt:
                if self._queue and log.isEnabledFor(logging.DEBUG):
                    unsaid = (sum(len(s.samples) for s in self._queue) - self._position) / self.sample_rate
                    log.debug("%r cuts off %r with %.2f s unsaid", label, self._queue[0].label, unsaid)
                self._queue.clear()
                self._position = 0
            if len(samples):
                self._queue.append(Sound(np.asarray(samples, dtype=np.int16), label))

    def stop(self) -> None:
        """Silence now: drop what is playing and everything queued."""
        with self._lock:
            self._queue.clear()
            self._position = 0

    @property
    def busy(self) -> bool:
        """True while anything is left to play."""
        with self._lock:
            return bool(self._queue)

    def remaining_seconds(self) -> float:
        """Seconds of queued audio not yet pulled."""
        with self._lock:
            total = sum(len(s.samples) for s in self._queue) - self._position
        return max(0, total) / self.sample_rate

    def pull(self, n: int) -> np.ndarray:
        """The next ``n`` samples to play (zeros where nothing is queued)."""
        out = np.zeros(n, np.int16)
        filled = 0
        with self._lock:
            while filled < n and self._queue:
                head = self._queue[0].samples
                take = min(n - filled, len(head) - self._position)
                out[filled:filled + take] = head[self._position:self._position + take]
                filled += take
                self._position += take
                if self._position >= len(head):
                    self._queue.pop(0)
                    self._position = 0
        return out
