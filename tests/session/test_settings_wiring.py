"""The settings file really changes the session: pace, end of speech, and log level.

Each test writes a settings file, points ``VOICE_COACH_CONFIG`` at it, and runs
``voice-coach session`` on synthesized speech; the default run beside it shows
the difference is the setting's doing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import build_session_audio
from voice_coach.bench.scenario import run_scenario
from voice_coach.settings import CONFIG_ENV


def _with_settings(monkeypatch, tmp_path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    monkeypatch.setenv(CONFIG_ENV, str(path))


def _breath_lengths(result) -> list[float]:
    return [e["duration"] for e in result.of_type("inhale", "exhale")]


def test_counting_pace_slows_the_breaths_but_never_the_holds(tmp_path, monkeypatch):
    script = [(0.5, "start the yoga calves routine")]
    normal = run_scenario(script, tmp_path / "normal", total_s=30)
    _with_settings(monkeypatch, tmp_path, "[counting]\npace = 1.5\n")
    slow = run_scenario(script, tmp_path / "slow", total_s=30)
    assert _breath_lengths(normal)[0] == pytest.approx(4.0)
    assert _breath_lengths(slow)[0] == pytest.approx(6.0)


def test_end_silence_setting_is_the_wait_before_the_coach_answers(tmp_path, monkeypatch):
    script = [(1.0, "my calf is cramping")]
    quick = run_scenario(script, tmp_path / "quick", total_s=8).response_times()
    _with_settings(monkeypatch, tmp_path, "[hearing]\nend_silence_ms = 700\n")
    patient = run_scenario(script, tmp_path / "patient", total_s=8).response_times()
    assert len(quick) == len(patient) == 1
    assert patient[0] - quick[0] == pytest.approx(0.55, abs=0.1), (quick, patient)


def _session_log(tmp_path, settings_text: str | None, *flags: str) -> str:
    wav = tmp_path / "in.wav"
    if not wav.exists():
        write_wav(wav, build_session_audio([(1.0, "my calf is cramping")], total_s=5).samples)
    env = dict(os.environ)
    env.pop(CONFIG_ENV, None)
    if settings_text is not None:
        (tmp_path / "settings.toml").write_text(settings_text)
        env[CONFIG_ENV] = str(tmp_path / "settings.toml")
    done = subprocess.run([sys.executable, "-m", "voice_coach", *flags, "session", "--input", str(wav)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_log_level_comes_from_the_settings_unless_the_command_line_says(tmp_path):
    heard = re.compile(r"heard '[a-z ]+' -> cramp")
    assert not heard.search(_session_log(tmp_path, None))
    assert heard.search(_session_log(tmp_path, '[logging]\nlevel = "info"\n'))
    assert _session_log(tmp_path, '[logging]\nlevel = "info"\n', "--quiet") == ""
