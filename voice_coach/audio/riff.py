"""Parse the header of a RIFF/WAVE file: where the samples are and how they are encoded.

Python's :mod:`wave` reads only integer PCM, so the chunks are walked here by
hand: ``fmt `` (plain PCM, IEEE float, or WAVE_FORMAT_EXTENSIBLE carrying
either), ``data`` (its size checked against the bytes really there), odd-size
padding, and RF64's ``ds64`` for files past 4 GB. Everything else is skipped.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from typing import BinaryIO

from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

PCM = 0x0001
"""WAVE_FORMAT_PCM: integer samples."""

IEEE_FLOAT = 0x0003
"""WAVE_FORMAT_IEEE_FLOAT: float32 or float64 samples."""

EXTENSIBLE = 0xFFFE
"""WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID."""

_GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
_FORMAT_NAMES = {
    0x0002: "Microsoft ADPCM", 0x0006: "A-law", 0x0007: "mu-law", 0x0011: "IMA ADPCM",
    0x0031: "GSM 6.10", 0x0050: "MPEG", 0x0055: "MP3",
}
_STREAMED_SIZES = (0, 0xFFFFFFFF)
"""Data sizes that writers piping to a stream put in the header when they cannot go back to fix it."""

_STREAMED_FLOOR = 0x7FFF0000
"""Sizes at or above this that overrun the file are also placeholders (espeak-ng writes 0x7ffff000)."""

MIN_RATE = 1000
"""Lowest sample rate accepted, in hertz."""

MAX_RATE = 768000
"""Highest sample rate accepted, in hertz."""

MAX_CHANNELS = 64
"""Most channels accepted in one file."""


@dataclass(frozen=True)
class WavInfo:
    """Where a WAV file's samples are and how to decode them."""

    name: str
    """File name used in messages (no directories)."""

    encoding: str
    """"int" (8-bit unsigned, 16/24/32-bit signed, little-endian) or "float" (32/64-bit IEEE)."""

    sample_bytes: int
    """Bytes of one sample of one channel (the container size): 1, 2, 3, 4 or 8."""

    channels: int
    """Interleaved channels per frame."""

    rate: int
    """Sample rate in hertz (frames per second)."""

    data_offset: int
    """Byte offset of the first sample from the start of the file."""

    data_bytes: int
    """Bytes of whole frames really present in the file, from ``data_offset``."""

    @property
    def frame_bytes(self) -> int:
        """Bytes of one frame (one sample of every channel)."""
        return self.sample_bytes * self.channels

    @property
    def frames(self) -> int:
        """Number of frames (samples per channel) in the file."""
        return self.data_bytes // self.frame_bytes

    @property
    def duration(self) -> float:
        """Length of the audio in seconds."""
        return self.frames / self.rate


@dataclass(frozen=True)
class _Format:
    """The decoded ``fmt `` chunk."""

    encoding: str
    """"int" or "float"."""

    sample_bytes: int
    """Container bytes per sample."""

    channels: int
    """Channels per frame."""

    rate: int
    """Sample rate in hertz."""


def parse_header(stream: BinaryIO, name: str, file_size: int) -> WavInfo:
    """Read the chunks of ``stream`` (positioned at 0) up to the sample data; raise AudioError if unusable."""
    head = stream.read(12)
    if not head:
        raise AudioError(f"{name}: empty file")
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        raise AudioError(f"{name}: not a WAV file (no RIFF/WAVE header)")
    rf64 = head[:4] == b"RF64"
    fmt: _Format | None = None
    data: tuple[int, int] | None = None
    ds64_data_size: int | None = None
    pos = 12
    while pos + 8 <= file_size:
        stream.seek(pos)
        chunk_id, size = struct.unpack("<4sI", stream.read(8))
        body = pos + 8
        if chunk_id == b"ds64" and size >= 16:
            ds64_data_size = struct.unpack("<Q", stream.read(16)[8:16])[0]
        elif chunk_id == b"fmt ":
            fmt = _parse_fmt(stream.read(min(size, 64)), name)
            if data is not None:
                break
        elif chunk_id == b"data":
            if rf64 and size == 0xFFFFFFFF and ds64_data_size is not None:
                size = ds64_data_size
            data = (body, _present_data_bytes(name, size, file_size - body))
            if fmt is not None:
                break
        pos = body + size + (size & 1)
    if fmt is None:
        raise AudioError(f"{name}: not a usable WAV file (no fmt chunk)")
    if data is None:
        raise AudioError(f"{name}: WAV file has no data chunk")
    offset, nbytes = data
    frame_bytes = fmt.sample_bytes * fmt.channels
    whole = nbytes - nbytes % frame_bytes
    if whole == 0:
        raise AudioError(f"{name}: WAV file holds no audio (empty data chunk)")
    return WavInfo(name, fmt.encoding, fmt.sample_bytes, fmt.channels, fmt.rate, offset, whole)


def _present_data_bytes(name: str, declared: int, available: int) -> int:
    """Bytes of the data chunk really in the file; a short chunk is read as far as it goes."""
    available = max(available, 0)
    if declared <= available:
        return declared
    if declared in _STREAMED_SIZES or declared >= _STREAMED_FLOOR:
        log.debug("%s: data size %#x is a streaming placeholder; reading to the end", name, declared)
    else:
        log.warning("%s: data chunk truncated (%d of %d bytes present); reading what is there",
                    name, available, declared)
    return available


def _parse_fmt(body: bytes, name: str) -> _Format:
    """Decode a ``fmt `` chunk body, or raise AudioError naming what is unsupported."""
    if len(body) < 16:
        raise AudioError(f"{name}: broken WAV file (fmt chunk of {len(body)} bytes)")
    tag, channels, rate, _byte_rate, block_align, bits = struct.unpack("<HHIIHH", body[:16])
    if tag == EXTENSIBLE:
        if len(body) < 40:
            raise AudioError(f"{name}: broken WAV file (extensible fmt chunk of {len(body)} bytes)")
        guid = body[24:40]
        tag = struct.unpack("<H", guid[:2])[0] if guid[2:] == _GUID_TAIL else -1
    if tag not in (PCM, IEEE_FLOAT):
        what = _FORMAT_NAMES.get(tag, f"format tag {tag:#06x}" if tag >= 0 else "unknown sub-format GUID")
        raise AudioError(f"{name}: unsupported WAV encoding ({what}); only PCM and IEEE float are read")
    encoding = "int" if tag == PCM else "float"
    sample_bytes = (bits + 7) // 8
    allowed = (1, 2, 3, 4) if encoding == "int" else (4, 8)
    if sample_bytes not in allowed:
        raise AudioError(f"{name}: unsupported WAV encoding ({bits}-bit {'PCM' if encoding == 'int' else 'float'})")
    if not 1 <= channels <= MAX_CHANNELS:
        raise AudioError(f"{name}: unsupported WAV file ({channels} channels)")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioError(f"{name}: unsupported WAV sample rate ({rate} Hz)")
    if block_align != sample_bytes * channels:
        log.warning("%s: fmt block align %d does not match %d channels of %d bits; using %d",
                    name, block_align, channels, bits, sample_bytes * channels)
    return _Format(encoding, sample_bytes, channels, rate)
