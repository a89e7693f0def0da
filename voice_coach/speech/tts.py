"""Text to PCM with espeak-ng (through pyttsx3), trimmed, measured and cached.

:class:`Tts` renders a line to int16 mono samples at :attr:`Tts.sample_rate`:
pyttsx3 initialises espeak-ng and lists its voices; voice, rate and pitch are
set and the samples collected in memory through pyttsx3's binding of
espeak-ng (:class:`~voice_coach.speech.espeak_synth.LineCollector`).
pyttsx3's ``say()`` is never used (it hands playback to ``aplay``, speaks only
the first queued text and cannot be stopped), nor its ``save_to_file``, which
goes through a temporary file and hung for good once a write failed (a full
disk). The silence espeak adds around a line is trimmed so that a line's
measured length, :meth:`Tts.seconds`, is the time it really takes; the planner
uses that method as its :data:`~voice_coach.timing.timeline.SpeechTimer`.

Rendered lines are kept in a bounded LRU cache owned by the instance, keyed by
the text and the settings that change the sound (voice, rate, pitch). Volume
is applied in numpy when a line is handed out, so it changes instantly and
never invalidates the cache.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Iterable

import numpy as np

from voice_coach.errors import AudioError
from voice_coach.speech import espeak_synth

log = logging.getLogger(__name__)

ESPEAK_RATE = 22050
"""Samples per second of espeak-ng's output (pyttsx3 writes its WAVs at this rate)."""

_INSTALL_HINT = "install it with: sudo apt-get install espeak-ng libespeak-ng1"
_SILENCE_LEVEL = 16
"""Absolute int16 level at or below which a sample counts as silence when trimming."""

RENDER_TIMEOUT_S = 30.0
"""Seconds espeak-ng may take over one line before it counts as hung and the line as failed.

Lines render at 100 times real time or faster here, so this is never reached
by a working engine; a hung one must not hang the coach."""

_ENGINE_LOCK = threading.Lock()
"""espeak-ng is one engine per process (pyttsx3 shares it): one render at a time."""


@dataclass(frozen=True)
class Voice:
    """How the coach sounds."""

    name: str = "en-us"
    """espeak-ng voice: a language ("en-us"), an identifier ("gmw/en-us") or a name, optionally "+variant" ("en-us+f3")."""
    rate: int = 150
    """Speaking rate in words per minute (espeak-ng accepts about 80-450); the settings' [voice] rate default."""
    volume: float = 1.0
    """Loudness from 0 (silent) to 1 (full scale), applied to the samples."""
    pitch: int = 50
    """espeak-ng base pitch, 0-100 (50 is the voice's normal pitch)."""
    trim_margin_ms: float = 10.0
    """Milliseconds of the original silence kept before and after the trimmed speech."""

    def __post_init__(self) -> None:
        if not 80 <= self.rate <= 450:
            raise AudioError(f"speech rate must be 80-450 words per minute, not {self.rate}")
        if not 0.0 <= self.volume <= 1.0:
            raise AudioError(f"volume must be between 0 and 1, not {self.volume}")
        if not 0 <= self.pitch <= 100:
            raise AudioError(f"pitch must be 0-100, not {self.pitch}")


def _load_engine():
    """pyttsx3's engine and its espeak-ng binding module, or an AudioError with the install hint."""
    try:
        import pyttsx3
        from pyttsx3.drivers import _espeak

        espeak_synth.install(_espeak)
        return pyttsx3.init("espeak"), _espeak
    except Exception as exc:  # ImportError, OSError (no libespeak-ng), RuntimeError
        raise AudioError(f"text-to-speech is unavailable (espeak-ng: {exc}); {_INSTALL_HINT}") from None


def _voice_id(engine, name: str) -> str | None:
    """The espeak-ng voice file for ``name`` ("en-gb", "gmw/en", "English (Great Britain)", "en-us+f3"), or None.

    espeak-ng's ``SetVoiceByName`` finds a voice by file or name but not by
    language: "en-gb" is the language of the file "gmw/en", and asking for it
    by name fails (status 2). pyttsx3 ignored that failure, so the previous
    voice went on speaking; the coach resolves the name itself.
    """
    base, plus, variant = name.partition("+")
    base = base.lower()
    for v in engine.getProperty("voices"):
        if base in {v.id.lower(), v.name.lower(), v.id.lower().rsplit("/", 1)[-1], *(lang.lower() for lang in (v.languages or []))}:
            return v.id + plus + variant
    return None


def trim_silence(samples: np.ndarray, rate: int, margin_ms: float) -> np.ndarray:
    """``samples`` without the silence before the first and after the last sound, keeping ``margin_ms`` of it."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _SILENCE_LEVEL)
    if loud.size == 0:
        return samples[:0]
    margin = int(round(margin_ms * rate / 1000))
    return samples[max(0, loud[0] - margin): min(len(samples), loud[-1] + 1 + margin)]


class Tts:
    """espeak-ng speech for one voice setting; ``render`` and ``seconds`` are cached per line."""

    def __init__(self, voice: Voice | None = None, cache_size: int = 1024) -> None:
        self._engine, self._espeak = _load_engine()
        self._voice_ids: dict[str, str] = {}
        """Voice names as asked for -> espeak-ng voice files (see :func:`_voice_id`)."""
        self._voice = voice or Voice()
        self._check_voice(self._voice)
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.renders = 0
        """Lines actually synthesized (cache misses), for tests and benchmarks."""

    sample_rate: int = ESPEAK_RATE
    """Samples per second of everything :meth:`render` returns."""

    @property
    def voice(self) -> Voice:
        """The current voice settings."""
        return self._voice

    @voice.setter
    def voice(self, voice: Voice) -> None:
        self._check_voice(voice)
        self._voice = voice

    def set_volume(self, volume: float) -> None:
        """Change the loudness (0..1) at once; cached lines stay valid."""
        self.voice = replace(self._voice, volume=volume)

    def render(self, text: str) -> np.ndarray:
        """``text`` spoken: int16 mono samples at :attr:`sample_rate`, volume applied (empty for blank text)."""
        pcm = self._pcm(text)
        volume = self._voice.volume
        if volume >= 1.0:
            return pcm
        return np.round(pcm.astype(np.float32) * volume).astype(np.int16)

    def seconds(self, text: str) -> float:
        """Seconds ``text`` takes to speak at the current voice and rate (a SpeechTimer)."""
        return len(self._pcm(text)) / self.sample_rate

    def prerender(self, texts: Iterable[str]) -> None:
        """Render every line of ``texts`` now, so speaking them later costs nothing."""
        for text in texts:
            self._pcm(text)

    def close(self) -> None:
        """Drop the cached lines (the instance stays usable)."""
        with self._lock:
            self._cache.clear()

    def __enter__(self) -> "Tts":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_voice(self, voice: Voice) -> None:
        if voice.name in self._voice_ids:
            return
        found = _voice_id(self._engine, voice.name)
        if found is None:
            raise AudioError(f"unknown espeak-ng voice {voice.name!r} (list them with: espeak-ng --voices)")
        self._voice_ids[voice.name] = found

    def _pcm(self, text: str) -> np.ndarray:
        text = " ".join(text.split())
        v = self._voice
        key = (text, v.name, v.rate, v.pitch, v.trim_margin_ms)
        with self._lock:
            pcm = self._cache.get(key)
            if pcm is not None:
                self._cache.move_to_end(key)
                return pcm
        pcm = self._synthesize(text, v) if text else np.zeros(0, dtype=np.int16)
        pcm.setflags(write=False)
        with self._lock:
            self._cache[key] = pcm
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return pcm

    def _synthesize(self, text: str, v: Voice) -> np.ndarray:
        try:
            raw = np.frombuffer(self._render_once(text, v), dtype=np.int16)
        except RuntimeError as exc:  # a refused or hung line, a crashed engine
            raise AudioError(f"speech rendering failed ({exc})") from None
        pcm = trim_silence(raw, self.sample_rate, v.trim_margin_ms).copy()
        log.debug("rendered %r: %.3f s", text, len(pcm) / self.sample_rate)
        return pcm

    def _render_once(self, text: str, v: Voice) -> bytes:
        """One pass of espeak-ng with ``v``'s settings: the line's raw samples."""
        with _ENGINE_LOCK:
            frames = espeak_synth.collector(self._espeak).synthesize(
                text, self._voice_ids[v.name], v.rate, v.pitch, timeout_s=RENDER_TIMEOUT_S)
            self.renders += 1
        return frames
