"""The coach's voice in a session: a dialog ``Say`` turned into 16 kHz samples.

The session runs at the microphone's rate (16 kHz) so that what is played is
also, sample for sample, the echo canceller's reference. espeak-ng renders at
22.05 kHz; each line is resampled once (soxr) and cached per text and speech
rate, so count words and common lines cost nothing after their first use.

When rendering fails mid-session (espeak-ng raises, the disk is full), the
session does not stop: the line is replaced by a plain tone (a short beep for
a count, so holds stay paced), the error is logged, and the next line tries
the engine again, so speech comes back as soon as the engine does.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from voice_coach.audio.resample import resample
from voice_coach.dialog.actions import Say
from voice_coach.errors import AudioError
from voice_coach.speech.tones import stand_in
from voice_coach.speech.tts import Tts, Voice

log = logging.getLogger(__name__)


class SessionVoice:
    """Renders dialog lines at a rate factor and volume, as 16 kHz int16."""

    def __init__(self, tts: Tts, base: Voice, sample_rate: int = 16000, cache_size: int = 512) -> None:
        self.tts = tts
        """The engine (shared cache of 22.05 kHz renders)."""
        self.base = base
        """The voice at rate factor 1.0 and full volume."""
        self.sample_rate = sample_rate
        """Samples per second of what :meth:`sound` returns."""
        self._cache: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self.failures = 0
        """Lines that could not be rendered and were played as a tone (or timed by estimate)."""

    def rate_wpm(self, factor: float) -> int:
        """Words per minute for a rate factor, kept inside espeak-ng's range."""
        return int(min(450, max(80, round(self.base.rate * factor))))

    def seconds(self, text: str) -> float:
        """Seconds ``text`` takes at rate factor 1.0 (the dialog's and planner's speech timer).

        Without a working engine the length is estimated from the word count at
        the base rate, so a routine is still planned on sensible deadlines."""
        try:
            return len(self._pcm(text, self.base.rate)) / self.sample_rate
        except AudioError as exc:
            self._failed(text, exc)
            return estimate_seconds(text, self.base.rate)

    def sound(self, say: Say) -> np.ndarray:
        """The samples to play for ``say``: its text at its rate, scaled to its volume; a tone if it cannot be rendered."""
        try:
            pcm = self._pcm(say.text, self.rate_wpm(say.rate))
        except AudioError as exc:
            self._failed(say.text, exc)
            pcm = stand_in(say.kind, self.sample_rate)
        gain = self.base.volume * max(0.0, min(1.0, say.volume))
        if gain >= 1.0:
            return pcm
        return np.round(pcm.astype(np.float32) * gain).astype(np.int16)

    def _failed(self, text: str, exc: AudioError) -> None:
        self.failures += 1
        log.error("cannot render %r (%s); playing a tone instead", text, exc)

    def _pcm(self, text: str, wpm: int) -> np.ndarray:
        key = (" ".join(text.split()), wpm)
        pcm = self._cache.get(key)
        if pcm is not None:
            self._cache.move_to_end(key)
            return pcm
        self.tts.voice = replace(self.base, rate=wpm, volume=1.0)
        pcm = resample(self.tts.render(key[0]), self.tts.sample_rate, self.sample_rate)
        pcm.setflags(write=False)
        self._cache[key] = pcm
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return pcm


MIN_LINE_S = 0.3
"""Shortest estimated line, in seconds (a single short word still takes time to say)."""


def estimate_seconds(text: str, wpm: int) -> float:
    """Seconds ``text`` would take at ``wpm`` words a minute, from its word count (no engine needed)."""
    return max(MIN_LINE_S, len(text.split()) * 60.0 / wpm)
