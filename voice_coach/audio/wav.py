"""Read any PCM or float WAV file as 16 kHz mono int16, streamed; write int16 WAV files.

``iter_wav_16k`` reads a bounded block at a time, mixes the channels down,
resamples with soxr when the rate is not 16 kHz and hands out chunks of an
exact size, so a one-hour file costs the same memory as a one-second one.
A 16 kHz mono 16-bit file comes out sample for sample unchanged.
"""

from __future__ import annotations

import io
import logging
import os
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voice_coach.audio.resample import TARGET_RATE, Rechunker, StreamResampler, to_int16
from voice_coach.audio.riff import WavInfo, parse_header
from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

READ_FRAMES = 16384
"""Frames read from the file per step: bounds memory whatever the file's length."""


class WavChunks(Iterator[np.ndarray]):
    """16 kHz chunks of an open WAV file; the file is closed when they run out, on ``close()``, or when dropped."""

    def __init__(self, f: BinaryIO, info: WavInfo, chunks: Iterator[np.ndarray]) -> None:
        self.info = info
        """Header facts of the file being read."""
        self._f = f
        self._chunks = chunks

    def __next__(self) -> np.ndarray:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop reading and close the file."""
        self._f.close()

    def __enter__(self) -> WavChunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def wav_info(path: str | os.PathLike) -> WavInfo:
    """Header facts of the WAV file at ``path`` (encoding, rate, channels, frames)."""
    with _open(path) as f:
        return parse_header(f, Path(path).name, _size(f))


def wav_duration(path: str | os.PathLike) -> float:
    """Length in seconds of the audio in the WAV file at ``path``."""
    return wav_info(path).duration


def iter_wav_16k(path: str | os.PathLike, chunk_samples: int = 320) -> Iterator[np.ndarray]:
    """Chunks of exactly ``chunk_samples`` int16 samples, 16 kHz mono, from any PCM/float WAV (last may be shorter).

    The header is checked at once (a bad file raises AudioError here, not at the first chunk).
    """
    f = _open(path)
    try:
        info = parse_header(f, Path(path).name, _size(f))
    except BaseException:
        f.close()
        raise
    return WavChunks(f, info, iter_stream_16k(f, info, chunk_samples))


def iter_wav_bytes_16k(data: bytes, name: str = "<bytes>", chunk_samples: int = 320) -> Iterator[np.ndarray]:
    """Like :func:`iter_wav_16k` for a WAV file held in memory (e.g. a synthesizer's output)."""
    f = io.BytesIO(data)
    info = parse_header(f, name, len(data))
    return iter_stream_16k(f, info, chunk_samples)


def read_wav_16k(path: str | os.PathLike) -> np.ndarray:
    """The whole WAV file at ``path`` as one 16 kHz mono int16 array (for short files)."""
    return _join(iter_wav_16k(path, chunk_samples=TARGET_RATE * 10))


def read_wav_bytes_16k(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """A WAV file held in memory as one 16 kHz mono int16 array."""
    return _join(iter_wav_bytes_16k(data, name, chunk_samples=TARGET_RATE * 10))


def iter_stream_16k(f: BinaryIO, info: WavInfo, chunk_samples: int) -> Iterator[np.ndarray]:
    """Decode the data described by ``info`` from the open file ``f`` into 16 kHz mono int16 chunks."""
    chunker = Rechunker(chunk_samples)
    f.seek(info.data_offset)
    remaining = info.data_bytes
    step = READ_FRAMES * info.frame_bytes
    simple = info.encoding == "int" and info.sample_bytes == 2 and info.channels == 1 and info.rate == TARGET_RATE
    resampler = None if info.rate == TARGET_RATE else StreamResampler(info.rate, TARGET_RATE)
    while remaining > 0:
        raw = f.read(min(step, remaining))
        raw = raw[: len(raw) - len(raw) % info.frame_bytes]
        if not raw:
            log.warning("%s: file ended %d bytes early; reading what is there", info.name, remaining)
            break
        remaining -= len(raw)
        if simple:
            yield from chunker.push(np.frombuffer(raw, dtype="<i2"))
            continue
        mono = decode_mono(raw, info)
        if resampler is not None:
            mono = resampler.process(mono)
        yield from chunker.push(to_int16(mono))
    if resampler is not None:
        yield from chunker.push(to_int16(resampler.flush()))
    yield from chunker.flush()


def decode_mono(raw: bytes, info: WavInfo) -> np.ndarray:
    """Whole frames of raw sample bytes to float32 mono in [-1, 1] (channels averaged)."""
    n = info.sample_bytes
    if info.encoding == "float":
        x = np.frombuffer(raw, dtype="<f4" if n == 4 else "<f8").astype(np.float32)
        x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
    elif n == 1:
        x = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif n == 2:
        x = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif n == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = (((v << 8) >> 8).astype(np.float32)) / 8388608.0
    else:
        x = (np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    if info.channels > 1:
        x = x.reshape(-1, info.channels).mean(axis=1, dtype=np.float32)
    return x


def write_wav(path: str | os.PathLike, samples: np.ndarray, rate: int = TARGET_RATE) -> None:
    """Write int16 ``samples`` (1-D mono, or 2-D frames x channels) as a 16-bit PCM WAV at ``rate`` hertz."""
    samples = np.asarray(samples)
    if samples.dtype != np.int16:
        raise TypeError(f"write_wav takes int16 samples, got {samples.dtype}")
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    try:
        with open(path, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(2)
            w.setframerate(int(rate))
            w.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())
    except OSError as e:
        raise AudioError(f"{Path(path).name}: cannot write WAV file ({e.strerror or e})") from e


def _open(path: str | os.PathLike) -> BinaryIO:
    """Open ``path`` for reading, turning OS errors into one-line AudioErrors."""
    name = Path(path).name
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise AudioError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise AudioError(f"{name}: is a directory, not a WAV file") from None
    except OSError as e:
        raise AudioError(f"{name}: cannot read ({e.strerror or e})") from None


def _size(f: BinaryIO) -> int:
    """Size in bytes of an open file."""
    return os.fstat(f.fileno()).st_size


def _join(chunks: Iterator[np.ndarray]) -> np.ndarray:
    """Concatenate int16 chunks (an empty array if there are none)."""
    parts = list(chunks)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
