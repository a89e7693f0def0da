import numpy as np
import pytest

from voice_coach.audio.endpoint import Endpointer, EndpointSettings, Utterance
from voice_coach.audio.resample import rechunk
from voice_coach.audio.vad import VoiceActivitySettings, VoiceDetector
from voice_coach.bench.corpus import build_session_audio, noise, synthesize

SCRIPT = [(1.0, "my calf is cramping"), (4.5, "stop"), (7.0, "stretch my hamstrings please")]


def utterances(samples: np.ndarray, settings: EndpointSettings = EndpointSettings(), chunk: int = 320):
    return list(Endpointer(settings).process(rechunk([samples], chunk)))


def assert_found(found: list[Utterance], spans, start_tol=0.1, end_tol=0.3) -> None:
    assert len(found) == len(spans), [(u.start, u.end) for u in found]
    for u, span in zip(found, spans):
        assert abs(u.start - span.start) <= start_tol, (u.start, span)
        assert abs(u.end - span.end) <= end_tol, (u.end, span)


@pytest.fixture(scope="module")
def session():
    return build_session_audio(SCRIPT, total_s=10.0)


@pytest.mark.parametrize("voice", ["en-us", "en-gb-scotland", "en-us+f3"])
def test_three_utterances_at_the_right_times(voice):
    audio = build_session_audio(SCRIPT, total_s=10.0, voice=voice)
    assert_found(utterances(audio.samples), audio.spans)


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_every_frame_length_works(session, frame_ms):
    settings = EndpointSettings(voice=VoiceActivitySettings(frame_ms=frame_ms))
    assert_found(utterances(session.samples, settings), session.spans)


def test_end_is_decided_quickly_in_quiet(session):
    for u, span in zip(utterances(session.samples), session.spans):
        assert u.decided - u.end == pytest.approx(EndpointSettings().end_silence_ms / 1000, abs=0.031)
        assert u.decided - span.end < 0.25


def test_utterance_carries_its_audio_with_pre_roll(session):
    u = utterances(session.samples, EndpointSettings(keep_denoised=False))[0]
    assert u.samples_start == pytest.approx(u.start - 0.3, abs=0.031)
    assert u.samples.dtype == np.int16
    assert u.samples.size == round((u.decided - u.samples_start) * 16000)
    at = round(u.samples_start * 16000)
    np.testing.assert_array_equal(u.samples, session.samples[at:at + u.samples.size])
    assert u.recorded is None  # the samples already are the recording
    assert 0 < u.voiced <= u.duration + 0.03


def _suppressed(samples: np.ndarray) -> np.ndarray:
    """The whole stream through the detector's noise suppressor, 10 ms at a time."""
    from webrtc_noise_gain import AudioProcessor

    suppressor = AudioProcessor(0, VoiceActivitySettings().noise_suppression)
    raw = samples.astype(np.int16).tobytes()
    whole = len(raw) - len(raw) % 320
    return np.frombuffer(b"".join(suppressor.Process10ms(raw[i:i + 320]).audio for i in range(0, whole, 320)),
                         dtype=np.int16)


def _source(u: Utterance, raw: np.ndarray, suppressed: np.ndarray) -> str:
    at = round(u.samples_start * 16000)
    if np.array_equal(u.samples, raw[at:at + u.samples.size]):
        return "raw"
    return "suppressed" if np.array_equal(u.samples, suppressed[at:at + u.samples.size]) else "neither"


def test_utterance_audio_is_the_noise_suppressed_stream_by_default(session):
    rng = np.random.default_rng(5)
    noisy = np.clip(session.samples + noise("pink", session.samples.size, rng) * 1500, -32768, 32767).astype(np.int16)
    for audio in (session.samples, noisy):
        found = utterances(audio)
        assert len(found) == len(SCRIPT)
        assert [_source(u, audio, _suppressed(audio)) for u in found] == ["suppressed"] * len(SCRIPT)


@pytest.mark.parametrize("chunk", [37, 160, 480, 7919])
def test_chunk_size_does_not_change_the_answer(session, chunk):
    expected = [(u.start, u.end, u.decided) for u in utterances(session.samples)]
    assert [(u.start, u.end, u.decided) for u in utterances(session.samples, chunk=chunk)] == expected


def test_speaking_and_speech_start_follow_the_stream(session):
    ep = Endpointer()
    span = session.spans[0]
    inside = round((span.start + 0.4) * 16000)
    assert list(ep.feed(session.samples[:inside])) == []
    assert ep.speaking
    assert ep.speech_start == pytest.approx(span.start, abs=0.1)
    after = round((span.end + 0.5) * 16000)
    assert len(list(ep.feed(session.samples[inside:after]))) == 1
    assert not ep.speaking and ep.speech_start is None
    assert ep.time == pytest.approx(after / 16000, abs=0.03)


def test_flush_gives_the_utterance_cut_off_by_the_end_of_stream(session):
    ep = Endpointer()
    cut = round((session.spans[0].end - 0.2) * 16000)
    assert list(ep.feed(session.samples[:cut])) == []
    (u,) = list(ep.flush())
    assert u.start == pytest.approx(session.spans[0].start, abs=0.1)
    assert u.end <= cut / 16000 + 1e-9
    assert list(ep.flush()) == []


def test_long_speech_is_split_at_the_maximum_length():
    text = "stretch my hamstrings and then my calves and then my quads and then my feet and then start again"
    speech = synthesize(text, rate=140)
    assert speech.size > 6 * 16000
    settings = EndpointSettings(max_utterance_s=3.0)
    found = utterances(np.concatenate([np.zeros(8000, np.int16), speech, np.zeros(16000, np.int16)]), settings)
    assert len(found) >= 3
    assert all(u.duration <= 3.0 + 1e-9 for u in found)
    assert found[1].start == pytest.approx(found[0].end, abs=1e-9)


def test_exact_digital_silence_gives_nothing():
    assert utterances(np.zeros(16000 * 60, np.int16)) == []


def test_speech_in_exact_digital_silence_is_found():
    speech = synthesize("my calf is cramping")
    found = utterances(np.concatenate([np.zeros(16000, np.int16), speech, np.zeros(16000, np.int16)]))
    assert len(found) == 1 and found[0].start == pytest.approx(1.0, abs=0.15)


@pytest.mark.parametrize("kind", ["white", "pink", "brown"])
@pytest.mark.parametrize("dbfs", [-35, -20])
def test_a_minute_of_noise_gives_no_utterance(kind, dbfs):
    # Measured: none in 10 minutes of each colour at -50, -35 and -20 dBFS (margin: allow 1 a minute).
    x = noise(kind, 16000 * 60, np.random.default_rng(7)) * 32768 * 10 ** (dbfs / 20)
    found = utterances(np.clip(np.rint(x), -32768, 32767).astype(np.int16))
    assert len(found) <= 1, [(u.start, u.end) for u in found]


@pytest.mark.parametrize(("kind", "snr"), [("pink", 6), ("white", 6), ("brown", 6), ("pink", 10)])
def test_speech_in_noise_is_still_found(kind, snr):
    audio = build_session_audio(SCRIPT, total_s=10.0, noise_kind=kind, snr_db=snr, seed=3)
    found = utterances(audio.samples)
    for span in audio.spans:
        hits = [u for u in found if u.start < span.end and u.end > span.start]
        assert len(hits) == 1, (span, [(u.start, u.end) for u in found])
        assert abs(hits[0].start - span.start) <= 0.2
    assert len(found) == len(audio.spans)


def test_noise_suppression_helps_in_white_noise():
    """Measured: without suppression the energy gate loses most speech in white noise at 6 dB SNR."""
    audio = build_session_audio(SCRIPT, total_s=10.0, noise_kind="white", snr_db=6, seed=3)
    plain = utterances(audio.samples, EndpointSettings(voice=VoiceActivitySettings(noise_suppression=0)))
    cleaned = utterances(audio.samples)
    assert len(cleaned) == 3
    assert sum(u.voiced for u in cleaned) > 1.5 * sum(u.voiced for u in plain)


def test_settings_are_checked():
    with pytest.raises(ValueError):
        VoiceActivitySettings(frame_ms=25)
    with pytest.raises(ValueError):
        VoiceActivitySettings(aggressiveness=4)
    with pytest.raises(ValueError):
        VoiceActivitySettings(noise_suppression=5)


def test_detector_can_be_given():
    detector = VoiceDetector(VoiceActivitySettings(margin_db=0, noise_suppression=0))
    ep = Endpointer(detector=detector)
    assert ep.detector is detector
