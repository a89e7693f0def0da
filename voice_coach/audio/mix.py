"""Mix signals: noise at a chosen signal-to-noise ratio, or one signal into another at a gain.

Levels are measured over the *active* part of speech (10 ms frames within
``ACTIVE_RANGE_DB`` of the loudest frame), so the silence around an utterance
does not make a noisy mix look cleaner than it sounds. Mixes never wrap
around: a result that would clip is scaled down as a whole instead.
"""

from __future__ import annotations

import logging

import numpy as np

log = logging.getLogger(__name__)

FRAME = 160
"""Samples in one level-measuring frame (10 ms at 16 kHz)."""

ACTIVE_RANGE_DB = 35.0
"""Frames quieter than the loudest frame by more than this many decibels are not active speech."""

FULL_SCALE = 32767.0
"""Largest int16 magnitude."""


def frame_rms(samples: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """RMS of each whole ``frame``-sample frame of ``samples`` (the tail shorter than a frame is dropped)."""
    x = np.asarray(samples, dtype=np.float64)
    n = x.size // frame
    if n == 0:
        return np.sqrt(np.mean(x**2, keepdims=True)) if x.size else np.zeros(0)
    return np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1))


def active_rms(samples: np.ndarray, range_db: float = ACTIVE_RANGE_DB) -> float:
    """RMS of ``samples`` over its active frames (within ``range_db`` decibels of the loudest); 0 for silence."""
    rms = frame_rms(samples)
    if rms.size == 0 or rms.max() <= 0:
        return 0.0
    active = rms[rms >= rms.max() * 10 ** (-range_db / 20)]
    return float(np.sqrt(np.mean(active**2)))


def fit(noise: np.ndarray, n: int) -> np.ndarray:
    """``noise`` cut or repeated to exactly ``n`` samples, as float64."""
    noise = np.asarray(noise, dtype=np.float64)
    if noise.size == 0:
        raise ValueError("noise is empty")
    if noise.size >= n:
        return noise[:n]
    return np.tile(noise, -(-n // noise.size))[:n]


def clip_safe(mixed: np.ndarray) -> np.ndarray:
    """Float samples to int16, scaled down as a whole if any would exceed full scale."""
    peak = float(np.max(np.abs(mixed))) if mixed.size else 0.0
    if peak > FULL_SCALE:
        log.debug("mix peaks at %.0f; scaling by %.3f to avoid clipping", peak, FULL_SCALE / peak)
        mixed = mixed * (FULL_SCALE / peak)
    return np.clip(np.rint(mixed), -32768, 32767).astype(np.int16)


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """int16 ``speech`` plus ``noise`` (any scale, cut or repeated to fit) at ``snr_db`` decibels over active speech."""
    speech = np.asarray(speech)
    level = active_rms(speech)
    noise = fit(noise, speech.size)
    noise_rms = float(np.sqrt(np.mean(noise**2))) if noise.size else 0.0
    if level == 0 or noise_rms == 0:
        return speech.astype(np.int16, copy=True)
    gain = level / (noise_rms * 10 ** (snr_db / 20))
    return clip_safe(speech.astype(np.float64) + noise * gain)


def mix_into(base: np.ndarray, other: np.ndarray, at: int = 0, gain: float = 1.0) -> np.ndarray:
    """A copy of int16 ``base`` with ``other`` times ``gain`` added from sample ``at`` (cut at base's end)."""
    out = np.asarray(base, dtype=np.float64).copy()
    if at < 0:
        other, at = other[-at:], 0
    end = min(out.size, at + len(other))
    if end > at:
        out[at:end] += np.asarray(other[: end - at], dtype=np.float64) * gain
    return clip_safe(out)
