"""The synthetic corpus (voice_coach.bench.corpus) and the mixing it relies on."""

import numpy as np
import pytest

from tests.audio import wavgen
from voice_coach.audio.mix import active_rms, mix_at_snr, mix_into
from voice_coach.audio.resample import Rechunker, StreamResampler, resample
from voice_coach.bench.corpus import (
    VOICES, build_session_audio, noise, pad, sequence, speech_bounds, synthesize,
)
from voice_coach.errors import AudioError


def test_synthesize_gives_16k_int16_speech():
    x = synthesize("my calf is cramping")
    assert x.dtype == np.int16 and x.ndim == 1
    assert 0.8 < x.size / 16000 < 3.0
    assert np.abs(x).max() > 3000
    x[:] = 0  # callers get their own copy, never the cached one
    assert np.abs(synthesize("my calf is cramping")).max() > 3000


def test_rate_and_pitch_change_the_audio():
    slow, fast = synthesize("stretch my hamstrings", rate=120), synthesize("stretch my hamstrings", rate=250)
    assert slow.size > 1.5 * fast.size
    low, high = synthesize("stop", pitch=10), synthesize("stop", pitch=90)
    assert not np.array_equal(low, high)


def test_voices_exist_and_sound_different():
    assert len(VOICES) >= 5
    clips = {voice: synthesize("start the bedtime routine", voice=voice) for voice in VOICES}
    spectra = []
    for clip in clips.values():
        spectrum = np.abs(np.fft.rfft(clip.astype(np.float64), n=16000))
        spectra.append(spectrum / spectrum.sum())
    for i in range(len(spectra)):
        for j in range(i + 1, len(spectra)):
            assert np.abs(spectra[i] - spectra[j]).sum() > 0.1, (VOICES[i], VOICES[j])


def test_unknown_voice_is_an_audio_error():
    with pytest.raises(AudioError, match="espeak-ng"):
        synthesize("hello", voice="xx-no-such-voice")


@pytest.mark.parametrize(("kind", "slope"), [("white", 0.0), ("pink", -1.0), ("brown", -2.0), ("fan", -2.0)])
def test_noise_colours(kind, slope):
    x = noise(kind, 16000 * 4, np.random.default_rng(1))
    assert x.size == 64000 and np.sqrt(np.mean(x**2)) == pytest.approx(1.0)
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(x.size, 1 / 16000)
    band = (freqs > 100) & (freqs < 4000)
    fitted = np.polyfit(np.log10(freqs[band]), np.log10(power[band]), 1)[0]
    assert fitted == pytest.approx(slope, abs=0.25)


def test_noise_is_reproducible_and_checks_its_kind():
    a = noise("pink", 1000, np.random.default_rng(5))
    np.testing.assert_array_equal(a, noise("pink", 1000, np.random.default_rng(5)))
    with pytest.raises(ValueError):
        noise("purple", 10, np.random.default_rng())


@pytest.mark.parametrize("snr", [20.0, 10.0, 6.0, 0.0])
def test_mix_at_snr_measures_over_active_speech(snr):
    speech = pad(synthesize("why do I get cramps"), 2.0, 2.0, noise_level=-200)
    n = noise("white", speech.size, np.random.default_rng(2))
    mixed = mix_at_snr(speech, n, snr)
    added = mixed.astype(np.float64) - speech
    measured = 20 * np.log10(active_rms(speech) / np.sqrt(np.mean(added**2)))
    assert measured == pytest.approx(snr, abs=0.2)


def test_mix_at_snr_never_wraps_around():
    loud = (wavgen.tone(440, 1.0, 16000)[:, 0] * 2 * 32767).clip(-32768, 32767).astype(np.int16)
    mixed = mix_at_snr(loud, noise("white", 100, np.random.default_rng(0)), 0.0)
    assert mixed.dtype == np.int16
    corr = np.corrcoef(mixed.astype(float), loud.astype(float))[0, 1]
    assert corr > 0.6  # a wrapped-around mix would be mostly garbage


def test_mix_into_adds_at_an_offset():
    base = np.zeros(100, np.int16)
    out = mix_into(base, np.full(50, 1000, np.int16), at=80, gain=0.5)
    assert out[79] == 0 and out[80] == 500 and out[99] == 500 and out.size == 100


def test_pad_uses_a_quiet_noise_floor_not_digital_silence():
    clip = synthesize("stop")
    padded = pad(clip, 1.0, 0.5, noise_level=-60)
    assert padded.size == clip.size + 24000
    lead = padded[:16000].astype(np.float64)
    level = 20 * np.log10(np.sqrt(np.mean(lead**2)) / 32768)
    assert level == pytest.approx(-60, abs=1.5)
    assert np.count_nonzero(lead == 0) < 1000


def test_sequence_lays_speech_at_the_asked_times():
    clips = [synthesize("stop"), synthesize("my calf is cramping")]
    buffer, times = sequence(clips, [1.0, 3.5], total_s=6.0)
    assert buffer.size == 96000 and len(times) == 2
    for (start, end), clip in zip(times, clips):
        lo, hi = speech_bounds(clip)
        assert end - start == pytest.approx(hi - lo)
        found_lo, found_hi = speech_bounds(buffer[round(start * 16000) - 1600:round(end * 16000) + 1600])
        assert found_lo == pytest.approx(0.1, abs=0.02)


def test_build_session_audio_in_noise():
    audio = build_session_audio([(0.5, "stop"), (2.0, "hold on")], total_s=4.0, noise_kind="brown", snr_db=10)
    assert audio.duration == 4.0 and [s.text for s in audio.spans] == ["stop", "hold on"]
    quiet = audio.samples[round(1.2 * 16000):round(1.9 * 16000)].astype(np.float64)
    assert np.sqrt(np.mean(quiet**2)) > 100  # the noise runs between the utterances too


def test_rechunker_and_stream_resampler():
    chunker = Rechunker(100)
    out = [c.size for block in (np.zeros(30, np.int16), np.zeros(250, np.int16)) for c in chunker.push(block)]
    assert out == [100, 100] and [c.size for c in chunker.flush()] == [80]
    r = StreamResampler(48000)
    x = wavgen.tone(1000, 1.0, 48000)[:, 0].astype(np.float32)
    y = np.concatenate([r.process(x[i:i + 4801]) for i in range(0, x.size, 4801)] + [r.flush()])
    assert abs(y.size - 16000) <= 1
    assert wavgen.peak_hz(y) == pytest.approx(1000, abs=2)
    assert resample(np.zeros(480, np.int16), 48000).size == 160


def test_no_articles_is_an_error_not_an_empty_radio(tmp_path):
    from voice_coach.bench.corpus import article_sentences

    with pytest.raises(FileNotFoundError, match="no source articles"):
        article_sentences(tmp_path)
