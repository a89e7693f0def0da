import numpy as np

from voice_coach.bench.corpus import synthesize
from voice_coach.session.echo import EchoCanceller, SimulatedEchoPath


def _rms(x):
    return float(np.sqrt(np.mean(np.square(x.astype(np.float64))))) if len(x) else 0.0


def test_canceller_removes_the_coachs_own_voice():
    voice = synthesize("Straighten your leg and pull your toes toward your shin. Hold. One. Two. Three. Four. Five.", "en-us", 175)
    voice = np.concatenate([voice, voice])
    voice = voice[: len(voice) // 320 * 320]
    path = SimulatedEchoPath(gain=1.0)
    canceller = EchoCanceller()
    rng = np.random.default_rng(1)
    silence = (rng.normal(0, 30, len(voice))).astype(np.int16)
    heard, cleaned = [], []
    for i in range(0, len(voice), 320):
        mic = path.mix(silence[i:i + 320], voice[i:i + 320])
        heard.append(mic)
        cleaned.append(canceller.process(mic, voice[i:i + 320]))
    heard, cleaned = np.concatenate(heard), np.concatenate(cleaned)
    half = len(voice) // 2
    reduction_db = 20 * np.log10(_rms(heard[half:]) / _rms(cleaned[half:]))
    assert reduction_db > 15, reduction_db


def test_canceller_passes_the_microphone_through_when_the_coach_is_silent():
    canceller = EchoCanceller()
    mic = (np.random.default_rng(2).normal(0, 1000, 320 * 50)).astype(np.int16)
    quiet = np.zeros(320, np.int16)
    outs = [canceller.process(mic[i:i + 320], quiet) for i in range(0, len(mic), 320)]
    assert np.array_equal(np.concatenate(outs), mic)


def test_echo_path_delays_and_scales():
    path = SimulatedEchoPath(gain=0.5, delay_ms=20)
    played = np.zeros(640, np.int16)
    played[0] = 10000
    out = np.concatenate([path.mix(np.zeros(320, np.int16), played[:320]), path.mix(np.zeros(320, np.int16), played[320:])])
    assert int(np.argmax(np.abs(out))) == 320  # the direct sound, 20 ms late
    assert out.max() == 5000
