"""Long files are streamed: memory stays flat however long the file is."""

import struct
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from tests.audio import wavgen
from voice_coach.audio.files import iter_audio_16k, audio_duration


def write_long(path: Path, seconds: int, rate: int, channels: int, bits: int = 16, encoding: str = "int") -> Path:
    """A long WAV of quiet noise with a 440 Hz tone, written a block at a time."""
    rng = np.random.default_rng(0)
    block_s = 10
    frames = wavgen.tone(440, block_s, rate, channels, amplitude=0.3) + rng.normal(0, 0.01, (block_s * rate, channels))
    body = wavgen.encode(frames, encoding, bits)
    n_blocks = seconds // block_s
    tag = 3 if encoding == "float" else 1
    fmt = wavgen.fmt_chunk(tag, channels, rate, bits)
    data_size = len(body) * n_blocks
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + len(fmt) + 8 + data_size) + b"WAVE" + fmt)
        f.write(struct.pack("<4sI", b"data", data_size))
        for _ in range(n_blocks):
            f.write(body)
    return path


def stream_and_measure(path: Path, chunk_samples: int) -> tuple[int, int, float]:
    """(samples read, peak traced bytes, 440 Hz check on the last chunk) reading the file in chunks."""
    tracemalloc.start()
    try:
        total = 0
        last = np.zeros(0, np.int16)
        tail = []
        for chunk in iter_audio_16k(path, chunk_samples=chunk_samples):
            total += chunk.size
            last = chunk
            tail.append(chunk)
            if len(tail) > 50:
                tail.pop(0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del last
    return total, peak, wavgen.peak_hz(np.concatenate(tail))


def test_one_hour_16k_file_streams_in_constant_memory(tmp_path):
    path = write_long(tmp_path / "hour.wav", 3600, 16000, 1)
    assert path.stat().st_size > 115_000_000
    assert audio_duration(path) == pytest.approx(3600.0)
    total, peak, hz = stream_and_measure(path, 320)
    assert total == 3600 * 16000
    assert peak < 3_000_000, f"peak traced memory {peak} bytes"
    assert abs(hz - 440) < 10


def test_ten_minutes_48k_stereo_float_streams_in_constant_memory(tmp_path):
    path = write_long(tmp_path / "long.wav", 600, 48000, 2, bits=32, encoding="float")
    total, peak, hz = stream_and_measure(path, 320)
    assert abs(total - 600 * 16000) <= 600
    assert peak < 3_000_000, f"peak traced memory {peak} bytes"
    assert abs(hz - 440) < 10
