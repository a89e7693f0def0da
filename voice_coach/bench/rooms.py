"""Noise like rooms for the benchmarks: a fan, pink noise, and babble (several people talking at once).

``fan`` is brown noise and ``pink`` pink noise (:func:`voice_coach.bench.corpus.noise`).
``babble`` is a crowd: each talker (a different espeak-ng voice, pitch and
rate, or a piper voice) reads unrelated sentences one after another with short
pauses, every talker as loud as the others within a few decibels, all at once.
A :class:`Room` makes one babble bed up front and cuts each request from it
at a random place, so babble costs no synthesis per mix. Everything is drawn
from the ``rng`` given, so a seed gives the same room.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voice_coach.audio.mix import active_rms
from voice_coach.bench.corpus import RATE, VOICES, noise, synthesize

log = logging.getLogger(__name__)

__all__ = ["ROOM_NOISES", "BabbleSettings", "Room", "babble"]

ROOM_NOISES: tuple[str, ...] = ("fan", "pink", "babble")
"""The kinds of room noise a :class:`Room` makes."""


@dataclass(frozen=True)
class BabbleSettings:
    """How a crowd is made."""

    talkers: int = 6
    """People speaking at once."""
    seconds: float = 60.0
    """Length of the babble, in seconds."""
    gap_s: tuple[float, float] = (0.1, 0.7)
    """Pause between one talker's sentences, drawn uniformly from this range, in seconds."""
    spread_db: float = 6.0
    """Talkers' levels are drawn uniformly over this many decibels (some stand nearer than others)."""
    neural_talkers: int = 2
    """How many of the talkers are piper voices (when installed); the rest are espeak-ng voices."""


def babble(sentences: Sequence[str], rng: np.random.Generator, settings: BabbleSettings = BabbleSettings(),
           ) -> np.ndarray:
    """``settings.seconds`` of ``settings.talkers`` voices reading ``sentences`` at once, float64, RMS 1."""
    if not sentences:
        raise ValueError("babble needs sentences to read")
    n = round(settings.seconds * RATE)
    speakers = _talkers(settings, rng)
    out = np.zeros(n)
    for speak in speakers:
        track = _track(speak, sentences, n, rng, settings.gap_s)
        level = active_rms(track)
        if level > 0:
            out += track / level * 10 ** (rng.uniform(-settings.spread_db, 0.0) / 20)
    rms = float(np.sqrt(np.mean(out**2)))
    return out / rms if rms > 0 else out


class Room:
    """Room noise of every kind in :data:`ROOM_NOISES`, babble cut from one bed made at construction."""

    def __init__(self, bed: np.ndarray) -> None:
        if bed.size < RATE:
            raise ValueError("a babble bed shorter than a second is too short to cut from")
        self.bed = np.asarray(bed, dtype=np.float64)
        """The babble everything of kind "babble" is cut from (float64, RMS 1)."""

    @classmethod
    def with_babble(cls, sentences: Sequence[str], rng: np.random.Generator,
                    settings: BabbleSettings = BabbleSettings()) -> Room:
        """A room whose babble is ``settings.talkers`` voices reading ``sentences``."""
        return cls(babble(sentences, rng, settings))

    def noise(self, kind: str, n_samples: int, rng: np.random.Generator) -> np.ndarray:
        """``n_samples`` of ``kind`` noise as float64 with an RMS of about 1."""
        if kind == "babble":
            if n_samples >= self.bed.size:
                return np.resize(self.bed, n_samples)
            at = int(rng.integers(0, self.bed.size - n_samples))
            return self.bed[at:at + n_samples].copy()
        if kind not in ROOM_NOISES:
            raise ValueError(f"unknown room noise {kind!r}; choose from {', '.join(ROOM_NOISES)}")
        return noise(kind, n_samples, rng)


def _talkers(settings: BabbleSettings, rng: np.random.Generator) -> list:
    """One function per talker: sentence -> int16 16 kHz speech, each a different voice."""
    from voice_coach.bench.piper_voices import STYLES, available_voices, synthesize_piper

    neural = list(available_voices())[: settings.neural_talkers]
    espeak = [VOICES[i] for i in rng.permutation(len(VOICES))]
    out = []
    for k in range(settings.talkers):
        if k < len(neural):
            spec, style = neural[k], STYLES[k % len(STYLES)]
            out.append(lambda text, spec=spec, style=style: synthesize_piper(text, spec.name, style))
        else:
            voice = espeak[k % len(espeak)]
            pitch, rate = int(rng.integers(20, 80)), int(rng.integers(150, 200))
            out.append(lambda text, voice=voice, pitch=pitch, rate=rate: synthesize(text, voice, rate, pitch))
    return out


def _track(speak, sentences: Sequence[str], n: int, rng: np.random.Generator,
           gap_s: tuple[float, float]) -> np.ndarray:
    """One talker reading random ``sentences`` from a random moment on, ``n`` samples long."""
    out = np.zeros(n)
    at = -int(rng.integers(0, 3 * RATE))  # talkers start mid-sentence, not all at once
    while at < n:
        clip = speak(sentences[int(rng.integers(len(sentences)))]).astype(np.float64)
        lo, hi = max(at, 0), min(at + clip.size, n)
        if hi > lo:
            out[lo:hi] += clip[lo - at:hi - at]
        at += clip.size + round(rng.uniform(*gap_s) * RATE)
    return out
