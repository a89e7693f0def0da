"""Audio files in, as 16 kHz mono int16, streamed; int16 WAV files out. Through soundfile (libsndfile).

libsndfile reads what people hand the coach: WAV of every kind (integer,
float, extensible, RF64, the streaming placeholder sizes espeak-ng and sox
write), FLAC, OGG/Vorbis, AIFF and more. ``iter_audio_16k`` reads a bounded
block at a time, mixes the channels down, resamples with soxr when the rate
is not 16 kHz and hands out chunks of an exact size, so a one-hour file costs
the same memory as a one-second one. A 16 kHz mono 16-bit file comes out
sample for sample unchanged. A file that cannot be read raises
:class:`AudioError` with one line naming the file, before the first chunk.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from voice_coach.audio.resample import TARGET_RATE, Rechunker, StreamResampler, to_int16
from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

READ_FRAMES = 16384
"""Frames read from the file per step: bounds memory whatever the file's length."""

MIN_RATE = 1000
"""Lowest sample rate accepted, in hertz: below it no speech survives."""

MAX_RATE = 768000
"""Highest sample rate accepted, in hertz."""

MAX_CHANNELS = 64
"""Most channels accepted in one file (a frame is averaged over all of them)."""


@dataclass(frozen=True)
class AudioInfo:
    """What an audio file holds, as libsndfile reports it."""

    name: str
    """File name used in messages (no directories)."""

    format: str
    """Container, as libsndfile names it ("WAV", "FLAC", "OGG", ...)."""

    subtype: str
    """Sample encoding ("PCM_16", "FLOAT", "VORBIS", ...)."""

    channels: int
    """Interleaved channels per frame."""

    rate: int
    """Sample rate in hertz (frames per second)."""

    frames: int
    """Frames (samples per channel) in the file."""

    @property
    def duration(self) -> float:
        """Length of the audio in seconds."""
        return self.frames / self.rate


class AudioChunks(Iterator[np.ndarray]):
    """16 kHz chunks of an open audio file; the file is closed when they run out, on ``close()``, or when dropped."""

    def __init__(self, sound: soundfile.SoundFile, info: AudioInfo, chunk_samples: int) -> None:
        self.info = info
        """What the file being read holds."""
        self._sound = sound
        self._chunks = _decode(sound, info, chunk_samples)

    def __next__(self) -> np.ndarray:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop reading and close the file."""
        self._sound.close()

    def __enter__(self) -> AudioChunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def audio_info(path: str | os.PathLike) -> AudioInfo:
    """What the audio file at ``path`` holds (container, encoding, rate, channels, frames)."""
    sound, info = _open(path, Path(path).name)
    sound.close()
    return info


def audio_duration(path: str | os.PathLike) -> float:
    """Length in seconds of the audio in the file at ``path``."""
    return audio_info(path).duration


def iter_audio_16k(path: str | os.PathLike, chunk_samples: int = 320) -> AudioChunks:
    """Chunks of exactly ``chunk_samples`` int16 samples, 16 kHz mono, from any audio file (last may be shorter).

    The file is checked at once (a bad file raises AudioError here, not at the first chunk).
    """
    return AudioChunks(*_open(path, Path(path).name), chunk_samples)


def iter_audio_bytes_16k(data: bytes, name: str = "<bytes>", chunk_samples: int = 320) -> AudioChunks:
    """Like :func:`iter_audio_16k` for an audio file held in memory (e.g. a synthesizer's output)."""
    return AudioChunks(*_open(io.BytesIO(data), name), chunk_samples)


def read_audio_16k(path: str | os.PathLike) -> np.ndarray:
    """The whole audio file at ``path`` as one 16 kHz mono int16 array (for short files)."""
    return _join(iter_audio_16k(path, chunk_samples=TARGET_RATE * 10))


def read_audio_bytes_16k(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """An audio file held in memory as one 16 kHz mono int16 array."""
    return _join(iter_audio_bytes_16k(data, name, chunk_samples=TARGET_RATE * 10))


def write_wav(path: str | os.PathLike, samples: np.ndarray, rate: int = TARGET_RATE) -> None:
    """Write int16 ``samples`` (1-D mono, or 2-D frames x channels) as a 16-bit PCM WAV at ``rate`` hertz."""
    samples = np.asarray(samples)
    if samples.dtype != np.int16:
        raise TypeError(f"write_wav takes int16 samples, got {samples.dtype}")
    try:
        soundfile.write(os.fspath(path), samples, int(rate), subtype="PCM_16", format="WAV")
    except soundfile.LibsndfileError as e:
        raise AudioError(f"{Path(path).name}: cannot write WAV file ({_reason(e)})") from None


def _open(source: str | os.PathLike | io.BytesIO, name: str) -> tuple[soundfile.SoundFile, AudioInfo]:
    """Open ``source`` with libsndfile and check it holds audio the coach can hear; one-line AudioErrors."""
    if not isinstance(source, io.BytesIO):
        if os.path.isdir(source):
            raise AudioError(f"{name}: is a directory, not an audio file")
        try:
            empty = os.path.getsize(source) == 0
        except FileNotFoundError:
            raise AudioError(f"{name}: no such file") from None
        except OSError as e:
            raise AudioError(f"{name}: cannot read ({e.strerror or e})") from None
        source = os.fspath(source)
    else:
        empty = not source.getbuffer().nbytes
    if empty:
        raise AudioError(f"{name}: empty file")
    try:
        sound = soundfile.SoundFile(source)
    except soundfile.LibsndfileError as e:
        raise AudioError(f"{name}: not an audio file the coach can read ({_reason(e)})") from None
    except (OSError, RuntimeError, ValueError, TypeError) as e:
        raise AudioError(f"{name}: cannot read ({e})") from None
    info = AudioInfo(name, sound.format, sound.subtype, sound.channels, sound.samplerate, sound.frames)
    problem = _unusable(info)
    if problem:
        sound.close()
        raise AudioError(f"{name}: {problem}")
    return sound, info


def _unusable(info: AudioInfo) -> str:
    """Why the coach cannot hear a file that libsndfile opened ("" when it can)."""
    if not 1 <= info.channels <= MAX_CHANNELS:
        return f"unsupported audio file ({info.channels} channels)"
    if not MIN_RATE <= info.rate <= MAX_RATE:
        return f"unsupported sample rate ({info.rate} Hz)"
    if info.frames <= 0:
        return "holds no audio"
    return ""


def _decode(sound: soundfile.SoundFile, info: AudioInfo, chunk_samples: int) -> Iterator[np.ndarray]:
    """The samples of ``sound`` as 16 kHz mono int16 chunks of ``chunk_samples``."""
    chunker = Rechunker(chunk_samples)
    simple = info.channels == 1 and info.rate == TARGET_RATE and info.subtype == "PCM_16"
    resampler = None if info.rate == TARGET_RATE else StreamResampler(info.rate, TARGET_RATE)
    while True:
        try:
            block = sound.read(READ_FRAMES, dtype="int16" if simple else "float32", always_2d=True)
        except (soundfile.LibsndfileError, RuntimeError) as e:
            log.warning("%s: stopped reading (%s); using what was read", info.name, e)
            break
        if not block.size:
            break
        if simple:
            yield from chunker.push(block[:, 0])
            continue
        mono = np.nan_to_num(block.mean(axis=1, dtype=np.float32), nan=0.0, posinf=1.0, neginf=-1.0)
        if resampler is not None:
            mono = resampler.process(mono)
        yield from chunker.push(to_int16(mono))
    if resampler is not None:
        yield from chunker.push(to_int16(resampler.flush()))
    yield from chunker.flush()


def _reason(error: soundfile.LibsndfileError) -> str:
    """libsndfile's own words for ``error``, without the file object it names."""
    return str(getattr(error, "error_string", "") or error).rstrip(".")


def _join(chunks: Iterator[np.ndarray]) -> np.ndarray:
    """Concatenate int16 chunks (an empty array if there are none)."""
    parts = list(chunks)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
