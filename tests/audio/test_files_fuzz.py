"""Whatever bytes a file holds, reading it gives valid audio or an AudioError, never another exception."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audio import wavgen
from voice_coach.audio.files import read_audio_16k
from voice_coach.errors import AudioError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_or_error(path) -> None:
    try:
        samples = read_audio_16k(path)
    except AudioError as e:
        assert path.name in str(e) and "\n" not in str(e)
        return
    assert samples.dtype == np.int16 and samples.ndim == 1


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, content):
    path = tmp_path / "fuzz.wav"
    path.write_bytes(content)
    read_or_error(path)


@FUZZ
@given(tag=st.sampled_from([1, 3, 0xFFFE, 7, 0]), channels=st.integers(0, 70), rate=st.integers(0, 1_000_000),
       bits=st.integers(0, 70), data=st.binary(max_size=3000), declared=st.none() | st.integers(0, 2**32 - 1))
def test_random_headers(tmp_path, tag, channels, rate, bits, data, declared):
    ext = tag if tag != 0xFFFE else None
    fmt = wavgen.fmt_chunk(1 if tag == 0xFFFE else tag, channels, rate, bits, extensible_tag=1 if ext is None else None)
    path = tmp_path / "head.wav"
    path.write_bytes(wavgen.riff(fmt, wavgen.chunk(b"data", data, declared)))
    read_or_error(path)


VALID = wavgen.riff(wavgen.fmt_chunk(1, 2, 44100, 16),
                    wavgen.chunk(b"data", wavgen.encode(wavgen.tone(440, 0.05, 44100, 2), "int", 16)))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=8),
       st.integers(0, len(VALID)))
def test_mutated_valid_file(tmp_path, edits, cut):
    content = bytearray(VALID)
    for at, value in edits:
        content[at] = value
    path = tmp_path / "mut.wav"
    path.write_bytes(bytes(content[:cut]))
    read_or_error(path)
