"""Decide, frame by frame, whether a 16 kHz frame holds voice.

WebRTC's VAD alone calls steady noise speech once it is loud enough (white or
pink noise at -25 dBFS is "speech" in nearly every frame, at any
aggressiveness), so a frame counts as voiced only when the VAD says so *and*
its energy stands ``margin_db`` above a tracked noise floor. The floor is the
minimum frame energy over the last few seconds (minimum statistics), measured
after a pre-emphasis filter so rumble (brown noise, a fan) does not swing it.
Optionally WebRTC's noise suppressor cleans the frame before both tests.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import numpy as np
import webrtcvad

log = logging.getLogger(__name__)

RATE = 16000
"""Sample rate the detector takes, in hertz."""

_PRE_EMPHASIS = 0.97
"""Coefficient of the first-order pre-emphasis filter y[n] = x[n] - a x[n-1] used for frame energies."""

_SILENT_DB = -10.0
"""Energy in dB (of int16 sample units squared) given to an all-zero frame."""


@dataclass(frozen=True)
class VoiceActivitySettings:
    """How frames are judged voiced."""

    aggressiveness: int = 3
    """WebRTC VAD mode, 0 (lenient) to 3 (strictest about calling a frame speech)."""

    frame_ms: int = 30
    """Frame length in milliseconds: 10, 20 or 30 (what WebRTC's VAD accepts)."""

    margin_db: float = 4.0
    """Decibels above the tracked noise floor a voiced frame needs to help *start* speech (0 disables the gate)."""

    hold_margin_db: float = 2.0
    """Decibels above the noise floor a voiced frame needs to *keep* speech going (hysteresis; <= margin_db)."""

    floor_window_s: float = 4.0
    """Seconds of history the noise floor is the minimum over."""

    noise_suppression: int = 2
    """WebRTC noise suppression before the tests: 0 off, 1 (mild) to 4 (strongest)."""

    def __post_init__(self) -> None:
        if self.frame_ms not in (10, 20, 30):
            raise ValueError(f"frame_ms must be 10, 20 or 30, got {self.frame_ms}")
        if not 0 <= self.aggressiveness <= 3:
            raise ValueError(f"aggressiveness must be 0-3, got {self.aggressiveness}")
        if not 0 <= self.noise_suppression <= 4:
            raise ValueError(f"noise_suppression must be 0-4, got {self.noise_suppression}")

    @property
    def frame_samples(self) -> int:
        """Samples in one frame at 16 kHz."""
        return RATE * self.frame_ms // 1000


class NoiseFloor:
    """Minimum frame energy (dB) over a sliding window, kept as per-block minima so each step is O(1)."""

    def __init__(self, window_s: float, frame_ms: int, blocks: int = 8) -> None:
        self._block_frames = max(1, round(window_s * 1000 / frame_ms / blocks))
        self._minima: deque[float] = deque(maxlen=blocks)
        self._current = np.inf
        self._count = 0

    def update(self, energy_db: float) -> float:
        """Add one frame's energy; returns the floor in dB (the quietest frame in the window)."""
        self._current = min(self._current, energy_db)
        self._count += 1
        floor = min(self._current, min(self._minima, default=np.inf))
        if self._count == self._block_frames:
            self._minima.append(self._current)
            self._current, self._count = np.inf, 0
        return floor


class VoiceDetector:
    """Judges 16 kHz int16 frames of ``settings.frame_samples`` samples voiced or not."""

    def __init__(self, settings: VoiceActivitySettings = VoiceActivitySettings()) -> None:
        self.settings = settings
        self._vad = webrtcvad.Vad(settings.aggressiveness)
        self._floor = NoiseFloor(settings.floor_window_s, settings.frame_ms)
        self._raw_floor = NoiseFloor(settings.floor_window_s, settings.frame_ms)
        self._last = 0.0
        self._raw_last = 0.0
        self._denoiser = None
        if settings.noise_suppression:
            from webrtc_noise_gain import AudioProcessor

            self._denoiser = AudioProcessor(0, settings.noise_suppression)
        self.energy_db = _SILENT_DB
        """Pre-emphasised energy of the last frame, in dB of int16 units squared."""
        self.floor_db = _SILENT_DB
        """Noise floor after the last frame, in the same dB."""
        self.snr_db = 0.0
        """How far the last frame, before noise suppression, stood above its noise floor, in dB."""
        self.judged = np.zeros(0, dtype=np.int16)
        """The last frame as it was judged: after noise suppression when that is on, else the frame itself."""

    def classify(self, frame: np.ndarray) -> int:
        """``frame`` (exactly ``frame_samples`` int16 samples): 0 not voice, 1 weak voice (holds speech), 2 voice."""
        if self._denoiser is not None:
            raw_db, self._raw_last = _energy(frame, self._raw_last)
            self.snr_db = raw_db - self._raw_floor.update(raw_db)
            frame = self._denoise(frame)
        self.judged = frame
        self.energy_db, self._last = _energy(frame, self._last)
        self.floor_db = self._floor.update(self.energy_db)
        if self._denoiser is None:
            self.snr_db = self.energy_db - self.floor_db
        above = self.energy_db - self.floor_db
        gate = self.settings.margin_db > 0
        if gate and above < min(self.settings.hold_margin_db, self.settings.margin_db):
            return 0
        if not self._vad.is_speech(np.ascontiguousarray(frame, dtype=np.int16).tobytes(), RATE):
            return 0
        return 2 if not gate or above >= self.settings.margin_db else 1

    def is_voiced(self, frame: np.ndarray) -> bool:
        """Whether ``frame`` is voice strong enough to start speech."""
        return self.classify(frame) == 2

    def _denoise(self, frame: np.ndarray) -> np.ndarray:
        """Frame passed through WebRTC noise suppression, 10 ms at a time."""
        raw = np.ascontiguousarray(frame, dtype=np.int16).tobytes()
        out = b"".join(self._denoiser.Process10ms(raw[i:i + 320]).audio for i in range(0, len(raw), 320))
        return np.frombuffer(out, dtype=np.int16)


def _energy(frame: np.ndarray, previous: float) -> tuple[float, float]:
    """(mean-square energy in dB after pre-emphasis, the frame's last sample to carry into the next frame)."""
    x = frame.astype(np.float64)
    emphasized = np.empty_like(x)
    emphasized[0] = x[0] - _PRE_EMPHASIS * previous
    emphasized[1:] = x[1:] - _PRE_EMPHASIS * x[:-1]
    power = float(np.mean(emphasized**2))
    return (10.0 * np.log10(power) if power > 1e-1 else _SILENT_DB), float(x[-1])
