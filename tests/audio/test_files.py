import logging
import shutil
import struct
import subprocess

import numpy as np
import pytest

import soundfile

from tests.audio import wavgen
from voice_coach.audio.files import audio_duration, audio_info, iter_audio_16k, read_audio_16k, read_audio_bytes_16k, write_wav
from voice_coach.errors import AudioError, CoachError

FORMATS = [
    ("int", 8, False), ("int", 16, False), ("int", 24, False), ("int", 32, False),
    ("float", 32, False), ("float", 64, False),
    ("int", 16, True), ("int", 24, True), ("float", 32, True),
]


def check_tone(samples: np.ndarray, seconds: float, freq: float = 440.0) -> None:
    assert samples.dtype == np.int16
    assert abs(samples.size - seconds * 16000) <= seconds  # within 1 sample per 16k
    assert abs(wavgen.peak_hz(samples) - freq) < 2.0
    level = np.sqrt(np.mean(samples[1000:-1000].astype(np.float64) ** 2)) / 32768
    assert 0.3 < level < 0.4  # amplitude 0.5 sine: RMS 0.354


@pytest.mark.parametrize(("encoding", "bits", "extensible"), FORMATS)
def test_every_encoding_reads_as_the_same_tone(tmp_path, encoding, bits, extensible):
    path = wavgen.write(tmp_path / "t.wav", wavgen.tone(440, 1.0, 22050), 22050, encoding, bits, extensible)
    check_tone(read_audio_16k(path), 1.0)


@pytest.mark.parametrize(("rate", "channels"), [(48000, 2), (8000, 1), (44100, 1), (44100, 2), (16000, 6)])
def test_rates_and_channels(tmp_path, rate, channels):
    path = wavgen.write(tmp_path / "t.wav", wavgen.tone(440, 2.0, rate, channels), rate, "int", 16)
    check_tone(read_audio_16k(path), 2.0)
    assert audio_duration(path) == pytest.approx(2.0)


@pytest.mark.parametrize("args", [
    ["-b", "8", "-e", "unsigned-integer"], ["-b", "16"], ["-b", "24"], ["-b", "32"],
    ["-b", "32", "-e", "floating-point"], ["-c", "2", "-r", "48000"], ["-r", "8000"], ["-r", "44100"],
])
def test_files_made_by_sox(tmp_path, args):
    if shutil.which("sox") is None:
        pytest.fail("sox is not installed (apt-get install sox)")
    path = tmp_path / "sox.wav"
    rate = args[args.index("-r") + 1] if "-r" in args else "22050"
    subprocess.run(["sox", "-n", "-r", rate, *args, str(path), "synth", "1.5", "sine", "440", "vol", "0.5"],
                   check=True, capture_output=True)
    check_tone(read_audio_16k(path), 1.5)


def test_16k_mono_16bit_passes_through_unchanged(tmp_path):
    x = np.random.default_rng(0).integers(-32768, 32767, 16000 * 3 + 77, dtype=np.int16)
    write_wav(tmp_path / "x.wav", x, 16000)
    np.testing.assert_array_equal(read_audio_16k(tmp_path / "x.wav"), x)


def test_chunks_are_exact_and_the_last_is_shorter(tmp_path):
    x = np.arange(1000, dtype=np.int16)
    write_wav(tmp_path / "x.wav", x, 16000)
    sizes = [c.size for c in iter_audio_16k(tmp_path / "x.wav", chunk_samples=320)]
    assert sizes == [320, 320, 320, 40]


def test_resampled_chunks_are_exact_too(tmp_path):
    path = wavgen.write(tmp_path / "t.wav", wavgen.tone(440, 1.0, 44100, 2), 44100)
    sizes = [c.size for c in iter_audio_16k(path, chunk_samples=480)]
    assert all(s == 480 for s in sizes[:-1]) and 0 < sizes[-1] <= 480
    assert abs(sum(sizes) - 16000) <= 1


def test_chunks_survive_the_next_read(tmp_path):
    x = np.arange(3000, dtype=np.int16)
    write_wav(tmp_path / "x.wav", x, 16000)
    chunks = list(iter_audio_16k(tmp_path / "x.wav", chunk_samples=320))
    np.testing.assert_array_equal(np.concatenate(chunks), x)


def test_unknown_chunks_and_odd_padding(tmp_path):
    frames = wavgen.tone(440, 1.0, 16000)
    data = wavgen.chunk(b"data", wavgen.encode(frames, "int", 16))
    fmt = wavgen.fmt_chunk(1, 1, 16000, 16)
    odd = wavgen.chunk(b"LIST", b"INFOabc")  # 7 bytes: a pad byte follows
    (tmp_path / "a.wav").write_bytes(wavgen.riff(odd, fmt, odd, data, odd))
    check_tone(read_audio_16k(tmp_path / "a.wav"), 1.0)


def test_streamed_placeholder_size_reads_to_the_end(tmp_path, caplog):
    body = wavgen.encode(wavgen.tone(440, 1.0, 22050), "int", 16)
    fmt = wavgen.fmt_chunk(1, 1, 22050, 16)
    (tmp_path / "s.wav").write_bytes(b"RIFF" + struct.pack("<I", 0x7FFFF024) + b"WAVE" + fmt
                                     + struct.pack("<4sI", b"data", 0x7FFFF000) + body)
    with caplog.at_level(logging.WARNING):
        check_tone(read_audio_16k(tmp_path / "s.wav"), 1.0)
    assert not caplog.records


def test_truncated_data_reads_what_is_there(tmp_path):
    path = wavgen.write(tmp_path / "cut.wav", wavgen.tone(440, 2.0, 16000), 16000)
    whole = path.read_bytes()
    path.write_bytes(whole[: 44 + 16000 * 2 + 1])  # 1 s and half a sample
    assert read_audio_16k(path).size == 16000
    assert audio_duration(path) == pytest.approx(1.0)


@pytest.mark.parametrize(("container", "subtype"), [
    ("FLAC", "PCM_16"), ("FLAC", "PCM_24"), ("OGG", "VORBIS"), ("AIFF", "PCM_16"), ("WAV", "ULAW"), ("WAV", "ALAW"),
    ("RF64", "PCM_16"), ("WAVEX", "FLOAT"), ("CAF", "PCM_16"),
])
def test_other_containers_and_codecs(tmp_path, container, subtype):
    """FLAC, OGG/Vorbis, AIFF, telephone mu-law and A-law, RF64, CAF: whatever a phone or a recorder hands over."""
    suffix = {"WAVEX": "wav", "RF64": "wav"}.get(container, container.lower())
    path = tmp_path / f"t.{suffix}"
    soundfile.write(path, wavgen.tone(440, 1.0, 44100), 44100, subtype=subtype, format=container)
    check_tone(read_audio_16k(path), 1.0)
    assert audio_info(path).format == container


def test_a_file_in_memory(tmp_path):
    path = wavgen.write(tmp_path / "t.wav", wavgen.tone(440, 1.0, 22050), 22050, "int", 24)
    check_tone(read_audio_bytes_16k(path.read_bytes(), "espeak-ng output"), 1.0)
    with pytest.raises(AudioError, match="espeak-ng output: not an audio file"):
        read_audio_bytes_16k(b"RIFF....WAVEjunk", "espeak-ng output")


def test_extensible_20_bit_in_24(tmp_path):
    frames = wavgen.tone(440, 1.0, 16000)
    block = 3
    body = struct.pack("<HHIIHHHHI", 0xFFFE, 1, 16000, 16000 * block, block, 24, 22, 20, 4) + \
        struct.pack("<H", 1) + wavgen.GUID_TAIL
    (tmp_path / "e.wav").write_bytes(
        wavgen.riff(wavgen.chunk(b"fmt ", body), wavgen.chunk(b"data", wavgen.encode(frames, "int", 24))))
    check_tone(read_audio_16k(tmp_path / "e.wav"), 1.0)


def bad(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioError) as info:
        read_audio_16k(path)
    message = str(info.value)
    assert name in message and "\n" not in message
    assert isinstance(info.value, CoachError)
    return message


def test_not_a_wav(tmp_path):
    assert "not an audio file" in bad(tmp_path, "broken.wav", b"hello, this is text and not audio at all")


def test_empty_file(tmp_path):
    assert "empty" in bad(tmp_path, "empty.wav", b"")


def test_header_only(tmp_path):
    fmt = wavgen.fmt_chunk(1, 1, 16000, 16)
    assert "'data' chunk" in bad(tmp_path, "head.wav", wavgen.riff(fmt))


def test_empty_data_chunk(tmp_path):
    fmt = wavgen.fmt_chunk(1, 1, 16000, 16)
    assert "no audio" in bad(tmp_path, "nodata.wav", wavgen.riff(fmt, wavgen.chunk(b"data", b"")))


def test_truncated_inside_the_header(tmp_path):
    whole = wavgen.riff(wavgen.fmt_chunk(1, 1, 16000, 16), wavgen.chunk(b"data", b"\x00" * 100))
    bad(tmp_path, "short.wav", whole[:30])


@pytest.mark.parametrize("tag", [0x55, 0x1234])
def test_undecodable_encodings(tmp_path, tag):
    content = wavgen.riff(wavgen.fmt_chunk(tag, 1, 8000, 8), wavgen.chunk(b"data", b"\x00" * 800))
    assert "not an audio file the coach can read" in bad(tmp_path, "coded.wav", content)


def test_unknown_extensible_subformat(tmp_path):
    content = wavgen.riff(wavgen.fmt_chunk(1, 1, 8000, 8, extensible_tag=0x1234), wavgen.chunk(b"data", b"\x00" * 800))
    assert "unimplemented format" in bad(tmp_path, "ext.wav", content)


@pytest.mark.parametrize(("rate", "channels", "what"), [(500, 1, "500 Hz"), (16000, 65, "65 channels")])
def test_rates_and_channels_out_of_range(tmp_path, rate, channels, what):
    content = wavgen.riff(wavgen.fmt_chunk(1, channels, rate, 16), wavgen.chunk(b"data", b"\x00" * 2 * channels * 100))
    assert what in bad(tmp_path, "odd.wav", content)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(AudioError, match="nothere.wav: no such file"):
        read_audio_16k(tmp_path / "nothere.wav")
    with pytest.raises(AudioError, match="directory"):
        iter_audio_16k(tmp_path)


def test_errors_come_before_the_first_chunk(tmp_path):
    (tmp_path / "x.wav").write_bytes(b"junk")
    with pytest.raises(AudioError):
        iter_audio_16k(tmp_path / "x.wav")


def test_write_wav_round_trip_and_info(tmp_path):
    x = (wavgen.tone(440, 0.5, 8000)[:, 0] * 32767).astype(np.int16)
    write_wav(tmp_path / "w.wav", x, 8000)
    info = audio_info(tmp_path / "w.wav")
    assert (info.rate, info.channels, info.format, info.subtype, info.frames) == (8000, 1, "WAV", "PCM_16", 4000)
    assert audio_duration(tmp_path / "w.wav") == pytest.approx(0.5)
    stereo = np.stack([x, x], axis=1)
    write_wav(tmp_path / "st.wav", stereo, 8000)
    assert audio_info(tmp_path / "st.wav").channels == 2


def test_write_wav_unwritable_path(tmp_path):
    with pytest.raises(AudioError, match="out.wav: cannot write"):
        write_wav(tmp_path / "no" / "such" / "dir" / "out.wav", np.zeros(10, np.int16))
