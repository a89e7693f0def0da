"""A whole simulated night in a bedroom, written as one long 16 kHz WAV for ``voice-coach session``.

Most of the night is near silence; a fan runs for hours; a radio in the room
reads the source articles now and then; and at one random moment the person
wakes with a calf cramp, says so, and answers the coach's question. The WAV
is written a minute at a time, so an 8-hour night (about 920 MB on disk)
never has to fit in memory, and the true position of every scripted command
is returned so a soak can check what the coach made of them.
"""

from __future__ import annotations

import logging
import random
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_coach.bench.corpus import RATE, Span, floor_noise, speech_bounds, synthesize

log = logging.getLogger(__name__)

BLOCK_S = 60.0
"""Seconds of audio generated and written at a time."""
FADE_S = 0.05
"""Seconds over which one block's noise crossfades into the next (no click at the seam)."""
ROOM_DBFS = -70.0
"""The room's own noise floor, in dBFS RMS (pink)."""
FAN_DBFS = -48.0
"""A bedroom fan's level, in dBFS RMS (brown noise)."""
RADIO_GAIN_DB = -10.0
"""The radio's speech relative to the person's voice, in decibels (across the room, not in bed)."""
CRAMP_SCRIPT: tuple[tuple[float, str], ...] = ((0.0, "ow my calf"), (48.0, "that's better"))
"""What the person says, in seconds from waking: the cramp, then the answer to "is it easing?" (asked
about 42 s in, after the 30 s hold)."""
QUIET_AROUND_CRAMP_S = 300.0
"""No radio within this many seconds of the cramp, so the soak measures the coach, not crosstalk."""


@dataclass(frozen=True)
class NightPlan:
    """When everything happens in one night, in seconds from its start."""

    seconds: float
    """Length of the night."""
    fan: tuple[float, float]
    """When the fan runs (start, end)."""
    radio: tuple[tuple[float, str], ...]
    """Each radio sentence and when it starts."""
    person: tuple[tuple[float, str], ...]
    """What the person says and when (the cramp and the answer)."""

    @property
    def cramp_at(self) -> float:
        """When the person says they have a cramp."""
        return self.person[0][0]


def plan_night(hours: float, sentences: list[str], seed: int = 0, radio_every_s: tuple[float, float] = (1800.0, 3600.0),
               radio_sentences: int = 6) -> NightPlan:
    """A night of ``hours`` hours: fan, radio blocks of ``radio_sentences`` article sentences every
    ``radio_every_s`` seconds (range), and a cramp at a random time in the middle 60% of the night."""
    rng = random.Random(seed)
    seconds = hours * 3600.0
    cramp = round(rng.uniform(0.2, 0.8) * seconds, 2)
    fan = (rng.uniform(0.0, 0.1) * seconds, rng.uniform(0.7, 0.9) * seconds)
    radio: list[tuple[float, str]] = []
    t = rng.uniform(*radio_every_s) / 2
    while t < seconds - 120:
        block_start = t
        for _ in range(radio_sentences):
            sentence = rng.choice(sentences)
            if abs(t - cramp) > QUIET_AROUND_CRAMP_S and t < seconds - 60:
                radio.append((round(t, 2), sentence))
            t += 0.4 * len(sentence.split()) + 1.5
        t = block_start + rng.uniform(*radio_every_s)
    person = tuple((cramp + dt, text) for dt, text in CRAMP_SCRIPT)
    return NightPlan(seconds, fan, tuple(radio), person)


class _Clips:
    """Synthesized lines placed at absolute sample positions, added into whichever block they overlap."""

    def __init__(self) -> None:
        self._placed: list[tuple[int, np.ndarray]] = []
        self.spans: list[Span] = []

    def place(self, t: float, text: str, voice: str, gain_db: float, keep_span: bool) -> None:
        clip = _speak(text, voice).astype(np.float64) * 10 ** (gain_db / 20)
        lo, hi = speech_bounds(clip)
        at = round((t - lo) * RATE)
        self._placed.append((at, clip))
        if keep_span:
            self.spans.append(Span(text, t, t + hi - lo))

    def add_into(self, block: np.ndarray, start: int) -> None:
        end = start + len(block)
        for at, clip in self._placed:
            lo, hi = max(at, start), min(at + len(clip), end)
            if hi > lo:
                block[lo - start:hi - start] += clip[lo - at:hi - at]


def write_night(plan: NightPlan, path: Path, seed: int = 0, voice: str = "joe",
                radio_voice: str = "en-gb") -> tuple[Span, ...]:
    """Write the night to ``path`` (16 kHz mono int16 WAV), a block at a time; returns where the person spoke.

    ``voice`` (the person) and ``radio_voice`` name a piper voice (``joe``, a neural voice, closer to a
    person than espeak-ng: its "ow my calf" is what a person's is to the recognizer, espeak-ng's is "Oh my
    curve") or an espeak-ng one.
    """
    rng = np.random.default_rng(seed)
    clips = _Clips()
    for t, text in plan.person:
        clips.place(t, text, voice, 0.0, keep_span=True)
    for t, text in plan.radio:
        clips.place(t, text, radio_voice, RADIO_GAIN_DB, keep_span=False)
    total = round(plan.seconds * RATE)
    block_n, fade_n = round(BLOCK_S * RATE), round(FADE_S * RATE)
    ramp = np.sin(np.linspace(0.0, np.pi / 2, fade_n)) ** 2  # equal-power for independent noise
    carry = np.zeros(0)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        for start in range(0, total, block_n):
            n = min(block_n, total - start)
            background = _background(plan, start, n + fade_n, rng)
            if len(carry):
                background[:fade_n] = background[:fade_n] * np.sqrt(ramp) + carry * np.sqrt(1 - ramp)
            block, carry = background[:n], background[n:n + fade_n]
            clips.add_into(block, start)
            out.writeframes(np.clip(np.rint(block), -32768, 32767).astype(np.int16).tobytes())
    log.info("night written: %.1f h, %d radio sentences, cramp at %.0f s", plan.seconds / 3600, len(plan.radio), plan.cramp_at)
    return tuple(clips.spans)


def _speak(text: str, voice: str) -> np.ndarray:
    """``text`` said by the piper voice or, for any other name, the espeak-ng voice ``voice``."""
    from voice_coach.bench.piper_voices import VOICES, synthesize_piper

    if voice in {spec.name for spec in VOICES}:
        return synthesize_piper(text, voice)
    return synthesize(text, voice=voice)


def _background(plan: NightPlan, start: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """The room (and the fan, where it runs) for ``n`` samples from sample ``start``."""
    size = 1 << (n - 1).bit_length()  # coloured noise is made by FFT: a power of two is fast, 960,800 is not
    out = floor_noise(size, ROOM_DBFS, rng, kind="pink")[:n]
    t = start / RATE + np.arange(n) / RATE
    fan_on = (t >= plan.fan[0]) & (t < plan.fan[1])
    if fan_on.any():
        out += floor_noise(size, FAN_DBFS, rng, kind="brown")[:n] * fan_on
    return out
