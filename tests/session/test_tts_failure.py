"""When speech cannot be rendered mid-session, the coach keeps pacing with tones and does not crash.

A crashed or wedged espeak-ng cannot be had on demand, so the fault is
injected at the lowest point there is: pyttsx3's binding of
``espeak_SetParameter`` answers EE_INTERNAL_ERROR (:func:`refusing_set_parameter`),
and everything above it (the coach's collector, the TTS, the session's
voice) is the real code with the real engine. Removing the fault shows the
same engine speaking again. (A full disk no longer fails speech at all: lines
are rendered in memory; see ``tests/cli/test_full_disk.py``.)
"""

from __future__ import annotations

import logging

import numpy as np
from pyttsx3.drivers import _espeak

from voice_coach.bench.scenario import run_scenario
from voice_coach.dialog.actions import Say
from voice_coach.audio.files import read_audio_16k
from voice_coach.speech.tones import COUNT_TONE
from voice_coach.speech.tts import Tts, Voice
from voice_coach.session.voice import SessionVoice


def refusing_set_parameter(*args) -> int:
    """An injected fault: espeak-ng refusing every setting, as a crashed or wedged engine does."""
    return _espeak.EE_INTERNAL_ERROR


def _dominant_hz(samples: np.ndarray, rate: int = 16000) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


def test_a_failed_render_becomes_a_tone_and_speech_returns_with_the_engine(tmp_path, monkeypatch, caplog):
    voice = SessionVoice(Tts(Voice()), Voice())
    monkeypatch.setattr(_espeak, "SetParameter", refusing_set_parameter)
    with caplog.at_level(logging.ERROR):
        beep = voice.sound(Say("seven", "count"))
    assert voice.failures == 1 and "cannot render 'seven'" in caplog.text and "refused" in caplog.text
    assert abs(len(beep) / 16000 - COUNT_TONE[1]) < 0.01
    assert abs(_dominant_hz(beep) - COUNT_TONE[0]) < 20
    assert voice.seconds("straighten your leg and pull your toes up") > 1.0  # estimated, not zero
    monkeypatch.undo()
    spoken = voice.sound(Say("seven", "count"))
    assert voice.failures == 2  # no new failure: the engine works again
    assert len(spoken) != len(beep) and _dominant_hz(spoken) != _dominant_hz(beep)


def test_a_session_without_working_speech_still_counts_every_hold_on_time(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(_espeak, "SetParameter", refusing_set_parameter)
    with caplog.at_level(logging.ERROR):
        result = run_scenario([(1.0, "my calf is cramping")], tmp_path / "run", total_s=45, speak_to=True)
    assert result.exit_code == 0
    assert [e["routine"] for e in result.of_type("routine") if e.get("event") == "started"] == ["night_cramp"]
    counts = result.of_type("count")
    assert len(counts) >= 20 and all(e.get("tone") for e in counts)
    steps = np.diff([e["t"] for e in counts[:20]])
    assert np.all(np.abs(steps - 1.0) < 0.05), steps  # one count a second, as planned
    assert "cannot render" in caplog.text
    audio = read_audio_16k(tmp_path / "run" / "coach.wav")
    at = round(counts[5]["t"] * 16000)
    assert abs(_dominant_hz(audio[at:at + 1600]) - COUNT_TONE[0]) < 20
