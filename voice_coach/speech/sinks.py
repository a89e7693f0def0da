"""The offline speaker: what is played goes into a WAV file on the audio's own clock.

:class:`WavSink` is a :class:`~voice_coach.speech.player.Speaker` whose time is
an :class:`~voice_coach.timing.clock.AudioClock`. A sound played when the clock
reads sample ``n`` occupies the file from sample ``n``; the gaps between
sounds are silence. Nothing waits for the wall clock: whoever drives the clock
(the timeline conductor, a session reading a microphone file) advances it, and
the sink writes the audio up to the clock's position whenever it is touched,
so a ten-minute routine renders in well under a second and the file's length
is exactly the clock's final position.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from voice_coach.outputs import WavOutput
from voice_coach.speech.player import resample
from voice_coach.speech.tts import ESPEAK_RATE
from voice_coach.timing.clock import AudioClock

log = logging.getLogger(__name__)

_CHUNK = 1 << 16
"""Samples of silence written at a time, so long gaps never allocate a large array."""


class WavSink:
    """A speaker that writes to a WAV file (or to memory) at the position of an audio clock."""

    def __init__(self, path: str | Path | None, rate: int = ESPEAK_RATE, clock: AudioClock | None = None) -> None:
        if clock is not None and clock.sample_rate != rate:
            raise ValueError(f"clock counts {clock.sample_rate} Hz but the sink writes {rate} Hz")
        self.rate = rate
        """Samples per second of the file."""
        self.clock = clock or AudioClock(rate)
        """The clock whose position is 'now' for this sink; advance it to let time pass."""
        self.path = Path(path) if path is not None else None
        """The WAV file written, or None to keep the audio in memory (see :meth:`audio`)."""
        self._writer = WavOutput(path, rate) if path is not None else None
        self._memory: list[np.ndarray] = []
        self._written = self.clock.samples
        self._origin = self.clock.samples
        self._sound: np.ndarray | None = None
        self._sound_start = 0
        self._closed = False

    def play(self, samples: np.ndarray, rate: int) -> None:
        """Start ``samples`` at the clock's current position, cutting off a sound still playing."""
        self.flush()
        sound = resample(np.asarray(samples, dtype=np.int16), rate, self.rate).astype(np.int16, copy=False)
        if self._sound is not None and self._sound_start + len(self._sound) > self.clock.samples:
            log.debug("cutting off a sound with %d samples left", self._sound_start + len(self._sound) - self.clock.samples)
        self._sound = sound if len(sound) else None
        self._sound_start = self.clock.samples

    def stop(self) -> None:
        """End the current sound at the clock's current position."""
        self.flush()
        self._sound = None

    @property
    def busy(self) -> bool:
        return self._sound_end() > self.clock.samples

    @property
    def remaining_seconds(self) -> float:
        return max(0, self._sound_end() - self.clock.samples) / self.rate

    def wait(self, timeout: float | None = None) -> bool:
        """Let audio time pass until the current sound ends (at most ``timeout`` seconds of it)."""
        remaining = max(0, self._sound_end() - self.clock.samples)
        if timeout is not None and remaining > timeout * self.rate:
            self.clock.advance(int(round(timeout * self.rate)))
            self.flush()
            return False
        self.clock.advance(remaining)
        self.flush()
        return True

    def flush(self) -> np.ndarray:
        """Write the audio from the last write up to the clock's position; returns those samples."""
        end = self.clock.samples
        if end <= self._written:
            return np.zeros(0, dtype=np.int16)
        pieces = []
        pos = self._written
        while pos < end:
            piece = self._segment(pos, min(end, pos + _CHUNK))
            pieces.append(piece)
            self._emit(piece)
            pos += len(piece)
        self._written = end
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)

    @property
    def seconds_written(self) -> float:
        """Seconds of audio in the output so far."""
        return (self._written - self._origin) / self.rate

    def audio(self) -> np.ndarray:
        """Everything written so far, when the sink keeps its audio in memory (``path`` None)."""
        if self._writer is not None:
            raise ValueError("this sink writes to a file; read the file")
        self.flush()
        return np.concatenate(self._memory) if self._memory else np.zeros(0, dtype=np.int16)

    def close(self) -> None:
        """Write the audio up to the clock's position and finish the file; its length is that position."""
        if self._closed:
            return
        self.flush()
        self._closed = True
        if self._sound_end() > self._written:
            log.warning("sound cut off at the end of the output: %d samples unplayed", self._sound_end() - self._written)
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> "WavSink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _sound_end(self) -> int:
        return self._sound_start + len(self._sound) if self._sound is not None else 0

    def _segment(self, start: int, end: int) -> np.ndarray:
        """Output samples for clock positions [start, end): the current sound where it plays, else silence."""
        out = np.zeros(end - start, dtype=np.int16)
        if self._sound is not None:
            a = max(start, self._sound_start)
            b = min(end, self._sound_end())
            if a < b:
                out[a - start: b - start] = self._sound[a - self._sound_start: b - self._sound_start]
        return out

    def _emit(self, piece: np.ndarray) -> None:
        if self._writer is not None:
            self._writer.write(piece)
        else:
            self._memory.append(piece)
