"""Text to PCM with espeak-ng (through pyttsx3), trimmed, measured and cached.

:class:`Tts` renders a line to int16 mono samples at :attr:`Tts.sample_rate`
with pyttsx3's ``save_to_file`` (pyttsx3's ``say()`` is never used: it hands
playback to ``aplay``, speaks only the first queued text and cannot be
stopped). The silence espeak adds around a line is trimmed so that a line's
measured length, :meth:`Tts.seconds`, is the time it really takes; the planner
uses that method as its :data:`~voice_coach.timing.timeline.SpeechTimer`.

Rendered lines are kept in a bounded LRU cache owned by the instance, keyed by
the text and the settings that change the sound (voice, rate, pitch). Volume
is applied in numpy when a line is handed out, so it changes instantly and
never invalidates the cache.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
import wave
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

_ENGINE_LOCK = threading.Lock()
"""espeak-ng is one engine per process (pyttsx3 shares it): one render at a time."""


@dataclass(frozen=True)
class Voice:
    """How the coach sounds."""

    name: str = "en-us"
    """espeak-ng voice: a language ("en-us"), an identifier ("gmw/en-us") or a name, optionally "+variant" ("en-us+f3")."""
    rate: int = 160
    """Speaking rate in words per minute (espeak-ng accepts about 80-450)."""
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
    try:
        import pyttsx3
        from pyttsx3.drivers import _espeak

        espeak_synth.install(_espeak)
        return pyttsx3.init("espeak")
    except Exception as exc:  # ImportError, OSError (no libespeak-ng), RuntimeError
        raise AudioError(f"text-to-speech is unavailable (espeak-ng: {exc}); {_INSTALL_HINT}") from None


def _synchronizer():
    try:
        from pyttsx3.drivers import _espeak

        return _espeak.Synchronize
    except (ImportError, AttributeError):  # another pyttsx3 layout: settings may apply late
        return lambda: None


def _known_voice(engine, name: str) -> bool:
    base = name.split("+", 1)[0].lower()
    for v in engine.getProperty("voices"):
        if base in {v.id.lower(), v.name.lower(), v.id.lower().rsplit("/", 1)[-1], *(lang.lower() for lang in (v.languages or []))}:
            return True
    return False


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
        self._engine = _load_engine()
        self._sync = _synchronizer()
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
        if not _known_voice(self._engine, voice.name):
            raise AudioError(f"unknown espeak-ng voice {voice.name!r} (list them with: espeak-ng --voices)")

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
        # espeak-ng ends every line with a pause (ENDPAUSE). pyttsx3 writes the file from its
        # synthesis callback and can hand it over cut short under load (seen in CI: 1.46 s of a
        # 1.80 s line); a line without its end pause was cut, so it is rendered again.
        for attempt in range(1, _RENDER_ATTEMPTS + 1):
            try:
                frames = self._render_once(text, v)
            except (OSError, RuntimeError) as exc:  # no room for the temporary WAV, a crashed engine
                raise AudioError(f"speech rendering failed ({exc})") from None
            raw = np.frombuffer(frames, dtype=np.int16)
            if _ends_in_pause(raw, self.sample_rate):
                break
            log.warning("espeak-ng output for %r was cut short (attempt %d); rendering again", text, attempt)
        pcm = trim_silence(raw, self.sample_rate, v.trim_margin_ms).copy()
        log.debug("rendered %r: %.3f s", text, len(pcm) / self.sample_rate)
        return pcm

    def _render_once(self, text: str, v: Voice) -> bytes:
        """One pass of pyttsx3 and espeak-ng: the WAV's frames."""
        fd, name = tempfile.mkstemp(prefix="voice-coach-tts-", suffix=".wav")
        os.close(fd)
        try:
            with _ENGINE_LOCK:
                self._engine.setProperty("voice", v.name)
                self._engine.setProperty("rate", v.rate)
                self._engine.setProperty("pitch", v.pitch)
                self._engine.setProperty("volume", 1.0)
                # espeak-ng applies settings through its command queue; pyttsx3 may cancel
                # that queue before they are applied unless it is drained first.
                self._sync()
                # pyttsx3 prints "Audio saved to ..." on stdout; keep stdout for our own output.
                # Its runAndWait() may return before espeak-ng's thread has written the file
                # (after a fixed 10 ms sleep); draining espeak-ng's queue waits for the write.
                with contextlib.redirect_stdout(_WithoutNotice(sys.stdout, f"Audio saved to {name}")):
                    self._engine.save_to_file(text, name)
                    self._engine.runAndWait()
                    self._sync()
                self.renders += 1
            return _read_pcm(name, self.sample_rate)
        finally:
            os.unlink(name)


_RENDER_ATTEMPTS = 3
"""Renders of one line before a cut-short result is accepted as it is."""
_END_PAUSE_S = 0.2
"""Seconds of quiet a complete espeak-ng line ends with at the least (measured: 0.35 s)."""


def _ends_in_pause(samples: np.ndarray, rate: int) -> bool:
    """Whether ``samples`` end with espeak-ng's end-of-line pause, i.e. were not cut short."""
    tail = samples[-int(_END_PAUSE_S * rate):]
    return len(samples) >= len(tail) > 0 and int(np.abs(tail.astype(np.int32)).max()) <= _SILENCE_LEVEL


class _WithoutNotice:
    """A stdout that drops one line (pyttsx3's notice) and passes every other write through, from any thread."""

    def __init__(self, target, notice: str) -> None:
        self._target = target
        self._notice = notice
        self._drop_newline = False

    def write(self, text: str) -> int:
        if text == self._notice:
            self._drop_newline = True
            return len(text)
        if text == "\n" and self._drop_newline:
            self._drop_newline = False
            return 1
        return self._target.write(text)

    def __getattr__(self, name: str):
        return getattr(self._target, name)


def _read_pcm(path: str, rate: int) -> bytes:
    """The frames of the WAV espeak-ng wrote, checked to be mono int16 at ``rate``."""
    try:
        with wave.open(path, "rb") as w:
            if w.getframerate() != rate or w.getsampwidth() != 2 or w.getnchannels() != 1:
                raise AudioError(f"espeak-ng wrote unexpected audio ({w.getparams()}); {_INSTALL_HINT}")
            return w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(f"text-to-speech produced no audio ({exc or 'empty file'}); {_INSTALL_HINT}") from None
