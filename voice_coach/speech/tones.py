"""Plain tones: what the coach plays when it cannot render speech.

If espeak-ng fails mid-session (a full disk, a crashed engine), a hold must
still be paced: each count becomes a short beep on its deadline, and every
other line a longer, lower tone, so the person hears that the coach is there
and when to release. Tones are made with numpy, need no engine and cannot fail.
"""

from __future__ import annotations

import numpy as np

COUNT_TONE = (880.0, 0.12)
"""Frequency (hertz) and length (seconds) of the beep that stands in for a count word."""
LINE_TONE = (440.0, 0.4)
"""Frequency (hertz) and length (seconds) of the tone that stands in for any other line."""
LEVEL = 0.25
"""Peak amplitude as a fraction of full scale: clearly audible, never harsh at night."""
FADE_S = 0.01
"""Seconds of fade in and out, so a tone starts and ends without a click."""


def tone(frequency_hz: float, seconds: float, sample_rate: int, level: float = LEVEL) -> np.ndarray:
    """A sine of ``frequency_hz`` lasting ``seconds`` at ``level`` of full scale, as int16 mono."""
    n = max(1, round(seconds * sample_rate))
    t = np.arange(n) / sample_rate
    wave = np.sin(2 * np.pi * frequency_hz * t) * level
    fade = min(n // 2, round(FADE_S * sample_rate))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        wave[:fade] *= ramp
        wave[-fade:] *= ramp[::-1]
    return np.round(wave * 32767).astype(np.int16)


def stand_in(kind: str, sample_rate: int) -> np.ndarray:
    """The tone that replaces a line of ``kind`` ("count" gets the short beep, anything else the long tone)."""
    frequency, seconds = COUNT_TONE if kind == "count" else LINE_TONE
    return tone(frequency, seconds, sample_rate)
