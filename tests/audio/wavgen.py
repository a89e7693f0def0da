"""Write WAV files of any encoding byte by byte, independently of the reader under test."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"


def tone(freq: float, seconds: float, rate: int, channels: int = 1, amplitude: float = 0.5) -> np.ndarray:
    """A sine of ``freq`` hertz as float64 frames x channels in [-1, 1] (every channel the same)."""
    t = np.arange(round(seconds * rate)) / rate
    x = amplitude * np.sin(2 * np.pi * freq * t)
    return np.repeat(x[:, None], channels, axis=1)


def encode(frames: np.ndarray, encoding: str, bits: int) -> bytes:
    """Float frames in [-1, 1] as little-endian sample bytes of ``encoding`` ("int" or "float") and ``bits``."""
    x = np.clip(frames, -1, 1).reshape(-1)
    if encoding == "float":
        return x.astype("<f4" if bits == 32 else "<f8").tobytes()
    if bits == 8:
        return np.clip(np.rint(x * 127 + 128), 0, 255).astype(np.uint8).tobytes()
    if bits == 16:
        return np.clip(np.rint(x * 32767), -32768, 32767).astype("<i2").tobytes()
    if bits == 24:
        v = np.clip(np.rint(x * 8388607), -8388608, 8388607).astype("<i4")
        return v.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()
    if bits == 32:
        return np.clip(np.rint(x * 2147483647), -2147483648, 2147483647).astype("<i4").tobytes()
    raise ValueError(bits)


def fmt_chunk(tag: int, channels: int, rate: int, bits: int, extensible_tag: int | None = None) -> bytes:
    """A ``fmt `` chunk (with header); ``extensible_tag`` makes it WAVE_FORMAT_EXTENSIBLE carrying that format."""
    block = channels * ((bits + 7) // 8)
    if extensible_tag is None:
        body = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    else:
        guid = struct.pack("<H", extensible_tag) + GUID_TAIL
        body = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * block, block, bits, 22, bits, 0) + guid
    return chunk(b"fmt ", body)


def chunk(cid: bytes, body: bytes, declared: int | None = None) -> bytes:
    """A RIFF chunk with its pad byte; ``declared`` overrides the size written in its header."""
    size = len(body) if declared is None else declared
    return struct.pack("<4sI", cid, size) + body + (b"\x00" if len(body) % 2 else b"")


def riff(*chunks: bytes) -> bytes:
    """A RIFF/WAVE file from chunks."""
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def write(path: Path, frames: np.ndarray, rate: int, encoding: str = "int", bits: int = 16,
          extensible: bool = False, extra_chunks: bytes = b"") -> Path:
    """Write float ``frames`` (frames x channels) as a WAV of the given encoding; returns ``path``."""
    frames = frames if frames.ndim == 2 else frames[:, None]
    tag = 3 if encoding == "float" else 1
    fmt = fmt_chunk(tag, frames.shape[1], rate, bits, extensible_tag=tag if extensible else None)
    path.write_bytes(riff(fmt, extra_chunks, chunk(b"data", encode(frames, encoding, bits))))
    return path


def peak_hz(samples: np.ndarray, rate: int = 16000) -> float:
    """Frequency of the strongest FFT bin of ``samples``, in hertz."""
    x = samples.astype(np.float64) * np.hanning(samples.size)
    spectrum = np.abs(np.fft.rfft(x))
    return float(np.argmax(spectrum) * rate / samples.size)
