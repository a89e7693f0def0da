"""A synthetic speech corpus for tests and benchmarks: espeak-ng voices, noise, and timed layouts.

``synthesize`` speaks a line with the ``espeak-ng`` binary and returns 16 kHz
mono int16. ``noise`` makes white, pink or brown ("fan") noise, ``mix_at_snr``
adds it at a chosen SNR over the active speech, ``pad`` surrounds a clip with
a low noise floor (exact digital silence is unlike any microphone and upsets
PocketSphinx), and ``sequence`` / ``build_session_audio`` lay utterances at
chosen times in a long buffer, returning where the speech truly is.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_coach.audio.mix import active_rms, clip_safe, frame_rms, mix_at_snr
from voice_coach.audio.files import read_audio_bytes_16k
from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

__all__ = [
    "VOICES", "NOISE_KINDS", "RATE", "SHARED", "Span", "SessionAudio", "Recording", "load_recording", "synthesize", "noise",
    "mix_at_snr", "pad", "speech_bounds", "sequence", "build_session_audio", "article_sentences",
]

RATE = 16000
"""Sample rate of everything this module returns, in hertz."""

SHARED = Path(os.environ.get("VOICE_COACH_SHARED", Path(__file__).resolve().parents[3] / "shared"))
"""The team's shared folder beside the checkout (as in CI), or ``$VOICE_COACH_SHARED``: the source articles
(``seeds/``) and recordings of people (``testdata/``) that the benchmarks and tests use."""

VOICES: tuple[str, ...] = (
    "en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-us+f3", "en+m3", "en-us-nyc",
)
"""espeak-ng English voices (accents, plus a female and a deeper male variant) that sound clearly different."""

NOISE_KINDS: tuple[str, ...] = ("white", "pink", "brown")
"""Noise colours ``noise`` makes; "fan" is accepted as another name for brown."""

FLOOR_DBFS = -70.0
"""Default level of the noise floor laid under padded or sequenced audio, in dBFS (RMS)."""

_LOW_CUT_HZ = 20.0
"""Pink and brown noise stop rising below this frequency, in hertz (keeps them from drifting)."""


@dataclass(frozen=True)
class Recording:
    """A person's own recorded words, said in a scenario where a synthesized line would be."""

    name: str
    """What the recording is called in spans and tables (e.g. its file name)."""

    samples: np.ndarray
    """16 kHz mono int16."""


@dataclass(frozen=True)
class Span:
    """Where one utterance's speech truly is in a laid-out buffer."""

    text: str
    """What was said ("" when unknown)."""

    start: float
    """First active sample, in seconds from the buffer's start."""

    end: float
    """Just past the last active sample, in seconds from the buffer's start."""


@dataclass(frozen=True)
class SessionAudio:
    """A long buffer of speech laid out in time, and where each utterance is."""

    samples: np.ndarray
    """The audio: int16, 16 kHz mono."""

    spans: tuple[Span, ...]
    """The utterances in order of time."""

    @property
    def duration(self) -> float:
        """Length of the buffer in seconds."""
        return self.samples.size / RATE


def synthesize(text: str, voice: str = "en-us", rate: int = 175, pitch: int | None = None) -> np.ndarray:
    """``text`` spoken by espeak-ng (``voice``, ``rate`` words a minute, ``pitch`` 0-99) as 16 kHz mono int16."""
    return np.frombuffer(_synthesize_cached(text, voice, int(rate), pitch), dtype=np.int16).copy()


@functools.lru_cache(maxsize=1024)
def _synthesize_cached(text: str, voice: str, rate: int, pitch: int | None) -> bytes:
    """The int16 bytes of one synthesis (cached: espeak-ng is deterministic)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise AudioError("espeak-ng is not installed (apt-get install espeak-ng)")
    cmd = [exe, "-v", voice, "-s", str(rate), "--stdout"]
    if pitch is not None:
        cmd += ["-p", str(pitch)]
    proc = subprocess.run(cmd, input=text.encode(), capture_output=True, timeout=60)
    if proc.returncode != 0 or not proc.stdout:
        reason = proc.stderr.decode(errors="replace").strip().splitlines()
        raise AudioError(f"espeak-ng failed for voice {voice!r}: {reason[0] if reason else 'no audio'}")
    return read_audio_bytes_16k(proc.stdout, name=f"espeak-ng {voice}").tobytes()


def noise(kind: str, n_samples: int, rng: np.random.Generator) -> np.ndarray:
    """``n_samples`` of ``kind`` noise ("white", "pink", "brown"/"fan") as float64 with an RMS of 1."""
    kind = "brown" if kind == "fan" else kind
    if kind not in NOISE_KINDS:
        raise ValueError(f"unknown noise kind {kind!r}; choose from {', '.join(NOISE_KINDS)} or fan")
    if n_samples <= 0:
        return np.zeros(0)
    white = rng.standard_normal(n_samples)
    if kind != "white":
        spectrum = np.fft.rfft(white)
        freqs = np.maximum(np.fft.rfftfreq(n_samples, d=1.0 / RATE), _LOW_CUT_HZ)
        spectrum /= np.sqrt(freqs) if kind == "pink" else freqs
        spectrum[0] = 0.0
        white = np.fft.irfft(spectrum, n=n_samples)
    rms = float(np.sqrt(np.mean(white**2)))
    return white / rms if rms > 0 else white


def floor_noise(n_samples: int, level_dbfs: float, rng: np.random.Generator, kind: str = "pink") -> np.ndarray:
    """A quiet noise floor: ``n_samples`` of ``kind`` noise at ``level_dbfs`` dBFS RMS, as float64 sample values."""
    return noise(kind, n_samples, rng) * 32768.0 * 10 ** (level_dbfs / 20)


def pad(samples: np.ndarray, before_s: float, after_s: float, noise_level: float = FLOOR_DBFS,
        rng: np.random.Generator | None = None) -> np.ndarray:
    """int16 ``samples`` with ``before_s``/``after_s`` seconds around it and a noise floor of ``noise_level`` dBFS."""
    rng = rng if rng is not None else np.random.default_rng(0)
    before, after = round(before_s * RATE), round(after_s * RATE)
    out = np.zeros(before + len(samples) + after)
    out[before:before + len(samples)] = samples
    return _add_floor(out, noise_level, rng)


def speech_bounds(samples: np.ndarray, range_db: float = 40.0, floor_dbfs: float = -55.0) -> tuple[float, float]:
    """(start, end) seconds of the active part of a clip: 10 ms frames within ``range_db`` of its loudest."""
    rms = frame_rms(samples)
    if rms.size == 0 or rms.max() <= 0:
        return (0.0, 0.0)
    threshold = max(rms.max() * 10 ** (-range_db / 20), 32768.0 * 10 ** (floor_dbfs / 20))
    active = np.flatnonzero(rms >= threshold)
    if active.size == 0:
        return (0.0, 0.0)
    return (float(active[0]) * 0.01, float(active[-1] + 1) * 0.01)


def sequence(clips: Sequence[np.ndarray], starts: Sequence[float], total_s: float | None = None,
             noise_level: float = FLOOR_DBFS, rng: np.random.Generator | None = None,
             ) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Lay int16 ``clips`` so each one's speech begins at ``starts[i]`` seconds; returns (buffer, true (start, end)s).

    The buffer lasts ``total_s`` seconds (default: 1 s past the last clip) over a noise floor of ``noise_level`` dBFS.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    buffer, times = _place(clips, starts, total_s)
    return _add_floor(buffer, noise_level, rng), times


def build_session_audio(script: Sequence[tuple[float, str | Recording]], total_s: float | None = None,
                        voice: str = "en-us", rate: int = 175, noise_kind: str | None = None,
                        snr_db: float | None = None, noise_level: float = FLOOR_DBFS, seed: int = 0) -> SessionAudio:
    """Speak each (time in seconds, text) of ``script`` with espeak-ng at that time, optionally in noise at ``snr_db``.

    A :class:`Recording` in place of the text is laid there as it is. Noise, when asked for, runs through the
    whole buffer at a level ``snr_db`` below the active speech.
    """
    rng = np.random.default_rng(seed)
    texts = [said.name if isinstance(said, Recording) else said for _, said in script]
    clips = [said.samples if isinstance(said, Recording) else synthesize(said, voice=voice, rate=rate)
             for _, said in script]
    buffer, times = _place(clips, [t for t, _ in script], total_s)
    if noise_kind is not None and snr_db is not None:
        level = active_rms(buffer)
        buffer = buffer + noise(noise_kind, buffer.size, rng) * level * 10 ** (-snr_db / 20)
    spans = tuple(Span(text, s, e) for text, (s, e) in zip(texts, times))
    return SessionAudio(_add_floor(buffer, noise_level, rng), spans)


def load_recording(path: str | Path, like: np.ndarray, range_db: float = 30.0, margin_s: float = 0.05) -> Recording:
    """A person's recorded words from a WAV file, cut to the speech and as loud as the speech in ``like``.

    Recordings such as Speech Commands' clips carry a second of the room around a word; the word is kept
    (from ``range_db`` below its loudest 10 ms, with ``margin_s`` either side) so that a scenario's span
    ends where the word does, and it is scaled to the active level of ``like`` (e.g. espeak-ng saying the
    same word) so that the recording stands against the coach's echo as the synthesized person does.
    """
    from voice_coach.audio.files import read_audio_16k

    samples = read_audio_16k(path).astype(np.float64)
    lo, hi = speech_bounds(samples, range_db=range_db)
    margin = round(margin_s * RATE)
    word = samples[max(0, round(lo * RATE) - margin): round(hi * RATE) + margin]
    gain = active_rms(np.asarray(like, dtype=np.float64)) / max(active_rms(word), 1e-9)
    return Recording(Path(path).name, clip_safe(word * gain))


def article_sentences(seeds_dir: Path, min_words: int = 1) -> list[str]:
    """Every sentence (and heading) of the source articles, ``seeds_dir/*.txt`` in name order.

    The articles talk about cramps in the coach's own words' neighbourhood, so
    spoken as background (a radio in the room) they are the hardest test of
    false activations. Sentences with fewer than ``min_words`` words are left out.
    A folder without articles is an error, not an empty radio: a test of
    silence would pass for a test of the radio.
    """
    paths = sorted(Path(seeds_dir).glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no source articles (*.txt) in {seeds_dir}")
    out = []
    for path in paths:
        for sentence in re.split(r"(?<=[.!?:])\s+|\n+", path.read_text(encoding="utf-8")):
            sentence = sentence.strip(" \u2022\t")
            if re.search(r"[A-Za-z]", sentence) and len(sentence.split()) >= min_words:
                out.append(sentence)
    return out


def _place(clips: Sequence[np.ndarray], starts: Sequence[float],
           total_s: float | None) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Float buffer with each clip's speech starting at its start time, and the true (start, end) of each."""
    if len(clips) != len(starts):
        raise ValueError(f"give one start time per clip ({len(clips)} clips, {len(starts)} starts)")
    layout = []
    for clip, start in zip(clips, starts):
        lo, hi = speech_bounds(clip)
        layout.append((round((float(start) - lo) * RATE), np.asarray(clip, dtype=np.float64), hi - lo))
    end = max((at + clip.size for at, clip, _ in layout), default=0)
    n = round(total_s * RATE) if total_s is not None else end + RATE
    out = np.zeros(n)
    times = []
    for (at, clip, length), start in zip(layout, starts):
        lo, hi = max(at, 0), min(at + clip.size, n)
        if hi > lo:
            out[lo:hi] += clip[lo - at:hi - at]
        if start < n / RATE:
            times.append((float(start), min(float(start) + length, n / RATE)))
    return out, times


def _add_floor(signal: np.ndarray, level_dbfs: float, rng: np.random.Generator) -> np.ndarray:
    """float ``signal`` plus a pink noise floor at ``level_dbfs`` (none below -150), as clip-safe int16."""
    if level_dbfs > -150:
        signal = signal + floor_noise(signal.size, level_dbfs, rng)
    return clip_safe(signal)
