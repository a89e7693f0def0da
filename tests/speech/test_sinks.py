import wave

import numpy as np
import pytest

from voice_coach.errors import AudioError
from voice_coach.speech.sinks import WavSink
from voice_coach.timing.clock import AudioClock

RATE = 22050


def tone(n: int, value: int = 1000) -> np.ndarray:
    return np.full(n, value, dtype=np.int16)


def test_sounds_land_at_the_clock_position_with_silence_between():
    sink = WavSink(None, RATE)
    sink.clock.advance(100)
    sink.play(tone(50, 7), RATE)
    sink.clock.advance(300)
    sink.play(tone(20, 9), RATE)
    sink.clock.advance(400)
    audio = sink.audio()
    assert len(audio) == 800
    assert not audio[:100].any()
    assert (audio[100:150] == 7).all() and not audio[150:400].any()
    assert (audio[400:420] == 9).all() and not audio[420:].any()


def test_a_new_sound_cuts_off_the_one_playing():
    sink = WavSink(None, RATE)
    sink.play(tone(100, 7), RATE)
    sink.clock.advance(30)
    sink.play(tone(10, 9), RATE)
    sink.clock.advance(100)
    audio = sink.audio()
    assert (audio[:30] == 7).all() and (audio[30:40] == 9).all() and not audio[40:].any()


def test_stop_ends_the_sound_at_the_clock_position():
    sink = WavSink(None, RATE)
    sink.play(tone(1000), RATE)
    sink.clock.advance(250)
    assert sink.busy and sink.remaining_seconds == pytest.approx(750 / RATE)
    sink.stop()
    assert not sink.busy and sink.remaining_seconds == 0
    sink.clock.advance(250)
    audio = sink.audio()
    assert audio[:250].all() and not audio[250:].any()


def test_wait_lets_audio_time_pass_until_the_sound_ends():
    sink = WavSink(None, RATE)
    sink.play(tone(1234), RATE)
    assert sink.wait(timeout=0.01) is False
    assert sink.clock.samples == round(0.01 * RATE)
    assert sink.wait() is True
    assert sink.clock.samples == 1234 and not sink.busy


def test_flush_returns_the_new_audio_for_mixing_back():
    sink = WavSink(None, RATE)
    sink.play(tone(100, 5), RATE)
    sink.clock.advance(60)
    first = sink.flush()
    sink.clock.advance(60)
    second = sink.flush()
    assert len(first) == 60 and (first == 5).all()
    assert len(second) == 60 and (second[:40] == 5).all() and not second[40:].any()
    assert len(sink.flush()) == 0


def test_other_rates_are_resampled():
    sink = WavSink(None, RATE)
    sink.play(tone(16000), 16000)
    assert sink.remaining_seconds == pytest.approx(1.0, abs=1e-3)


def test_shared_clock_must_count_at_the_sink_rate():
    with pytest.raises(ValueError):
        WavSink(None, RATE, AudioClock(16000))


def test_the_file_is_as_long_as_the_clock_and_long_gaps_are_fine(tmp_path):
    path = tmp_path / "out.wav"
    with WavSink(path, RATE) as sink:
        sink.play(tone(500), RATE)
        sink.clock.advance(10 * 60 * RATE + 17)  # ten minutes of silence after it
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        assert w.getnframes() == 10 * 60 * RATE + 17
        head = np.frombuffer(w.readframes(600), dtype=np.int16)
    assert head[:500].all() and not head[500:].any()


@pytest.mark.parametrize("name", ["missing/dir/out.wav", "."])
def test_unwritable_path_fails_before_anything_is_rendered(tmp_path, name):
    with pytest.raises(AudioError, match="cannot write"):
        WavSink(tmp_path / name, RATE)
