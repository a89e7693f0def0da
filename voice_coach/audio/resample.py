"""Sample-rate conversion and re-chunking, both streaming with bounded memory.

:class:`StreamResampler` wraps ``soxr.ResampleStream`` (a real band-limited
resampler, not linear interpolation). :class:`Rechunker` turns blocks of any
size into blocks of exactly ``n`` samples. Together they let a one-hour file or
a live device at 48 kHz feed the 16 kHz front end without holding it whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import numpy as np
import soxr

log = logging.getLogger(__name__)

TARGET_RATE = 16000
"""Sample rate of everything past the front end, in hertz."""


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] (NaN taken as 0) to int16, rounded and clipped to full scale."""
    x = np.nan_to_num(np.asarray(samples, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)


def resample(samples: np.ndarray, in_rate: int, out_rate: int = TARGET_RATE) -> np.ndarray:
    """Resample a whole int16 mono signal from ``in_rate`` to ``out_rate`` hertz (int16 out)."""
    samples = np.asarray(samples)
    if in_rate == out_rate:
        return samples.astype(np.int16, copy=True)
    if samples.size == 0:
        return np.zeros(0, dtype=np.int16)
    out = soxr.resample(samples.astype(np.float32) / 32768.0, in_rate, out_rate, quality="HQ")
    return to_int16(out)


class StreamResampler:
    """Resamples float32 mono blocks from ``in_rate`` to ``out_rate`` hertz as they arrive."""

    def __init__(self, in_rate: float, out_rate: float = TARGET_RATE) -> None:
        self.in_rate = in_rate
        self.out_rate = out_rate
        self._passthrough = in_rate == out_rate
        self._stream = None if self._passthrough else soxr.ResampleStream(in_rate, out_rate, 1, dtype="float32")

    def process(self, block: np.ndarray, last: bool = False) -> np.ndarray:
        """Feed float32 samples in [-1, 1]; returns the float32 output ready so far (all of it if ``last``)."""
        block = np.ascontiguousarray(block, dtype=np.float32)
        if self._stream is None:
            return block
        return self._stream.resample_chunk(block, last=last)

    def flush(self) -> np.ndarray:
        """The output still held inside the filter at the end of the stream."""
        return self.process(np.zeros(0, dtype=np.float32), last=True)


class Rechunker:
    """Collects 1-D blocks of any size and hands them out in blocks of exactly ``size`` samples."""

    def __init__(self, size: int, dtype: type = np.int16) -> None:
        if size < 1:
            raise ValueError(f"chunk size must be at least 1 sample, got {size}")
        self.size = size
        self._buf = np.zeros(0, dtype=dtype)

    def push(self, block: np.ndarray) -> Iterator[np.ndarray]:
        """Add ``block``; yields every full chunk now available."""
        buf = np.concatenate((self._buf, block)) if self._buf.size else np.asarray(block, dtype=self._buf.dtype)
        whole = buf.size - buf.size % self.size
        for start in range(0, whole, self.size):
            yield buf[start:start + self.size].copy()
        self._buf = buf[whole:].copy()

    def flush(self) -> Iterator[np.ndarray]:
        """Yields the remaining partial chunk, if any."""
        if self._buf.size:
            rest, self._buf = self._buf, self._buf[:0]
            yield rest


def rechunk(blocks: Iterable[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """Blocks of any size to blocks of exactly ``size`` samples (the last one maybe shorter)."""
    chunker = Rechunker(size)
    for block in blocks:
        yield from chunker.push(block)
    yield from chunker.flush()
