"""The coach must never hear itself: acoustic echo cancellation, and a simulated echo path.

The coach knows exactly what it plays, so that signal is the reference for an
adaptive echo canceller (speexdsp's, the one Speex/VoIP clients use): the echo
of the coach's own voice is subtracted from the microphone before endpointing
and recognition. Measured on espeak-ng speech with a 50 ms, gain 1.0 echo path:
10 dB after one second of the coach's speech, 15-25 dB once converged (a 150 ms tail converges faster than a longer one) (``scripts/bench_session.py``).

:class:`SimulatedEchoPath` is what ``voice-coach session --echo GAIN`` uses to
mix the coach's output back into the input file, as a speaker heard by the
microphone would be: delayed, scaled, and a little smeared.
"""

from __future__ import annotations

import logging
import math

import numpy as np

log = logging.getLogger(__name__)

FRAME = 160
"""Samples per echo-canceller frame: 10 ms at 16 kHz."""


class EchoCanceller:
    """Subtracts the coach's own voice (the reference) from the microphone signal.

    Feed it aligned chunks: ``mic`` as recorded and ``reference`` as played in
    the same span of time. Chunks must be a multiple of 10 ms (160 samples).
    When the coach has been silent for longer than the filter's tail, the
    microphone passes through untouched (no CPU spent while idle).
    """

    def __init__(self, sample_rate: int = 16000, tail_ms: int = 150) -> None:
        from speexdsp import EchoCanceller as _Speex

        self.sample_rate = sample_rate
        """Samples per second of both signals."""
        self.tail_samples = sample_rate * tail_ms // 1000
        """Longest echo (samples) the filter models: room reverberation plus output latency."""
        self._speex = _Speex.create(FRAME, self.tail_samples, sample_rate)
        self._adapted_samples = 0
        self._quiet_samples = 2 * self.tail_samples + 1  # start idle: nothing played yet

    @property
    def converged(self) -> bool:
        """Whether the filter has adapted on enough of the coach's voice (1.5 s) to be trusted.

        Before that, what the microphone hears while the coach talks cannot be
        told apart from the coach's own voice (measured: the first half second
        of the greeting's echo decoded as "my legs are weak").
        """
        return self._adapted_samples >= int(1.5 * self.sample_rate)

    def process(self, mic: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """The microphone chunk with the echo of ``reference`` removed (int16, same length)."""
        if len(mic) != len(reference) or len(mic) % FRAME:
            raise ValueError("mic and reference chunks must be equal and a multiple of 160 samples")
        if np.any(reference):
            self._quiet_samples = 0
        else:
            self._quiet_samples += len(reference)
            if self._quiet_samples > 2 * self.tail_samples:
                return mic
        self._adapted_samples += len(mic)
        out = np.empty_like(mic)
        for i in range(0, len(mic), FRAME):
            near = np.ascontiguousarray(mic[i:i + FRAME], dtype=np.int16)
            far = np.ascontiguousarray(reference[i:i + FRAME], dtype=np.int16)
            out[i:i + FRAME] = np.frombuffer(self._speex.process(near.tobytes(), far.tobytes()), np.int16)
        return out


def removed_db(raw_energy: float, clean_energy: float) -> float:
    """Decibels of the microphone's energy the canceller took out (0 when nothing was there)."""
    if raw_energy <= 0.0:
        return 0.0
    return 10.0 * math.log10(raw_energy / max(clean_energy, 1e-9))


class ResidualEchoSuppressor:
    """Mutes the chunks in which what is left after the canceller is still mostly the coach's own voice.

    The canceller takes 15-25 dB off the coach's echo, but the remainder is
    still speech-like and opens the voice detector; an utterance then starts
    in the coach's residual and runs into the person's "stop", and the whole
    thing decodes as nothing (measured: "stop the coach" at echo 0.7 obeyed
    for 2 of 5 voices). A chunk from which the canceller removed more than
    ``dominance_db`` was echo; the person's voice, which the canceller cannot
    model, keeps that ratio near 0-3 dB. Echo chunks are attenuated by
    ``attenuation_db`` (not zeroed: exact digital silence upsets the
    recognizer's noise tracking), so utterances start where the person does.
    This is the post-filter stage of VoIP echo control (e.g. WebRTC's AEC3 suppressor), per 20 ms chunk.
    """

    def __init__(self, dominance_db: float = 6.0, attenuation_db: float = 30.0) -> None:
        self.dominance_db = dominance_db
        """Decibels removed by the canceller above which a chunk counts as the coach's voice."""
        self.gain = 10 ** (-attenuation_db / 20)
        """Amplitude factor applied to such chunks."""

    def mutes(self, removed: float, talking: bool) -> bool:
        """Whether a chunk from which the canceller ``removed`` that many decibels, while the coach was
        ``talking`` or not, is mostly echo and gets attenuated."""
        return talking and removed > self.dominance_db

    def attenuate(self, cleaned: np.ndarray) -> np.ndarray:
        """``cleaned`` (int16) attenuated by ``attenuation_db``: a chunk :meth:`mutes` picked out."""
        return np.round(cleaned.astype(np.float32) * self.gain).astype(np.int16)


class SimulatedEchoPath:
    """A loudspeaker heard by the microphone, for session mode: ``gain`` x output, ``delay_ms`` late.

    A real room adds a short reverberant tail; a two-tap smear (the direct
    sound plus a weaker reflection 7 ms later) keeps the canceller honest
    without pretending to be a room simulator.
    """

    def __init__(self, gain: float, sample_rate: int = 16000, delay_ms: float = 40.0) -> None:
        self.gain = gain
        """Echo level relative to the coach's output (1.0: as loud as played)."""
        self.delay = int(sample_rate * delay_ms / 1000)
        """Samples between playing a sound and hearing it (output latency plus flight)."""
        self._reflection = int(sample_rate * 0.007)
        self._history = np.zeros(self.delay + self._reflection, np.float32)

    def mix(self, mic: np.ndarray, played: np.ndarray) -> np.ndarray:
        """The microphone chunk with the echo of what was ``played`` (same span, int16) added."""
        if self.gain <= 0:
            return mic
        signal = np.concatenate([self._history, played.astype(np.float32)])
        self._history = signal[len(played):]
        n = len(played)
        direct = signal[self._reflection:self._reflection + n]
        reflected = signal[:n]
        echo = self.gain * (direct + 0.35 * reflected)
        return np.clip(mic.astype(np.float32) + echo, -32768, 32767).astype(np.int16)
