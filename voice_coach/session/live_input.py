"""The live microphone as the session loop sees it: real chunks while it works, paced silence while not.

While the microphone is away or stalled, silence stands in for it on its
real-time deadlines, so the session's clock, and every cue on it, goes on
(:mod:`voice_coach.session.reconnect` brings the device back).
"""

from __future__ import annotations

import logging

import numpy as np

from voice_coach.audio.microphone import Microphone
from voice_coach.errors import AudioError
from voice_coach.session.live_output import RATE
from voice_coach.session.reconnect import Outage
from voice_coach.timing.clock import MonotonicClock

log = logging.getLogger(__name__)

GAP_S = 0.5
"""Seconds without a microphone chunk after which silence stands in for it, so the session's clock and
the routine's cues go on. A live stream delivers every 20 ms, but a loaded machine can hold it back a few
hundred ms; silence put in then would land in the middle of speech, so this waits longer than that (a
stream that stops outright says so at once and is stood in for without this wait)."""
MIC_STALL_S = 3.0
"""Seconds without any microphone audio after which an open stream counts as lost and is reopened. Longer
than the 1.5 s a sleeping PulseAudio source takes to start delivering after a (re)connect."""



class LiveInput:
    """The microphone as the live loop sees it: its chunks while it works, paced silence while it does not.

    Silence stands in after ``GAP_S`` without a chunk, one 20 ms chunk per 20 ms of the clock, so the
    session's time (and every deadline on it) goes on while the microphone is away or stalled.
    """

    kind = "input"
    """Which PortAudio channels this device needs (for the device-list check)."""

    def __init__(self, mic: Microphone, clock: MonotonicClock) -> None:
        self.mic = mic
        self.clock = clock
        self.chunk_s = mic.chunk_samples / RATE
        """Seconds of audio per chunk."""
        self._heard_at = clock.now()  # clock seconds of the last real chunk (or of the last (re)open)
        self._silence_at: float | None = None  # deadline of the next stand-in chunk; None while audio flows
        self._outage = Outage(clock, log, "microphone", "the session goes on")

    @property
    def lost(self) -> bool:
        """True while the microphone is closed, waiting to be reopened."""
        return self._outage.active

    def open(self) -> None:
        """Open the microphone (AudioError when there is none) and start timing its chunks."""
        self.mic.open()
        self._heard_at = self.clock.now()

    def close(self) -> None:
        self.mic.close()

    def next_chunk(self) -> np.ndarray:
        """The next 20 ms to process: the microphone's, or silence on its real-time deadline."""
        if not self._outage.active:
            chunk = self._real_chunk()
            if chunk is not None:
                return chunk
        return self._stand_in()

    def lose(self, reason: str, quiet: bool = False) -> None:
        """The device is gone: close it and let silence stand in until it is reopened."""
        self._outage.begin(reason, quiet)
        if self._silence_at is None:
            self._silence_at = self.clock.now()
        self.mic.close()

    def reopen(self) -> bool:
        """Try to open the microphone again; True when it is open (logged if it had been lost)."""
        try:
            self.open()
        except AudioError as exc:
            log.debug("microphone still away: %s", exc)
            return False
        self._outage.end()
        return True

    def _due(self) -> float:
        """Clock seconds by which a real chunk must come before silence stands in."""
        return self._silence_at if self._silence_at is not None else self._heard_at + GAP_S

    def _real_chunk(self) -> np.ndarray | None:
        """A chunk from the microphone, or None if none came by ``_due()`` (or the device went away)."""
        try:
            chunk = self.mic.poll(self._due() - self.clock.now())
        except AudioError as exc:
            self.lose(str(exc))
            return None
        if chunk is not None:
            self._heard_at = self.clock.now()
            self._silence_at = None
            return chunk
        if self.clock.now() - self._heard_at >= MIC_STALL_S:
            self.lose(f"no audio for {MIC_STALL_S:g} s")
        return None

    def _stand_in(self) -> np.ndarray:
        """One chunk of silence, handed out at its deadline (one chunk's length after the one before)."""
        due = self._due()
        self.clock.wait_until(due)
        self._silence_at = due + self.chunk_s
        return np.zeros(self.mic.chunk_samples, np.int16)
