"""The settings file reaches ``routine``, ``routines`` and ``say`` as it reaches a session.

Each case runs the real command twice, with ``[voice] rate`` (or ``[counting] pace``) set in a settings file
that ``VOICE_COACH_CONFIG`` names, and compares what came out: the speech really rendered by espeak-ng at
that rate, or the plan made from it.
"""

from __future__ import annotations

import json
import os
import subprocess
import wave

import pytest

from voice_coach.settings import CONFIG_ENV

LINE = "Pull your toes toward your shin and hold."


def run(tmp_path, settings: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / f"settings-{abs(hash(settings))}.toml"
    path.write_text(settings)
    env = {**os.environ, CONFIG_ENV: str(path)}
    done = subprocess.run(["voice-coach", *args], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return done


def wav_seconds(path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_say_speaks_at_the_settings_rate(tmp_path):
    lengths = {}
    for rate in (120, 200):
        out = tmp_path / f"say{rate}.wav"
        run(tmp_path, f"[voice]\nrate = {rate}\n", "say", *LINE.split(), "--speak-to", str(out))
        lengths[rate] = wav_seconds(out)
    # espeak-ng's words take about rate-inverse time; pauses between them less so: well over 1.3x, not 5/3
    assert lengths[120] > 1.3 * lengths[200], lengths


def test_routine_renders_and_plans_at_the_settings_rate(tmp_path):
    rendered, planned = {}, {}
    for rate in (120, 200):
        out, timeline = tmp_path / f"calf{rate}.wav", tmp_path / f"calf{rate}.jsonl"
        run(tmp_path, f"[voice]\nrate = {rate}\n", "routine", "calf_release", "--speak-to", str(out),
            "--timeline", str(timeline))
        rendered[rate] = wav_seconds(out)
        planned[rate] = json.loads(timeline.read_text().splitlines()[-1])["offset"]
        assert rendered[rate] == pytest.approx(planned[rate], abs=0.05)
    # five 30 s holds at either rate; the spoken lines around them take longer at 120 words a minute
    assert rendered[120] - rendered[200] > 5.0, rendered


def test_routines_lists_lengths_at_the_settings_rate_and_pace(tmp_path):
    def lengths(settings: str) -> dict[str, float]:
        return {r["id"]: r["seconds"] for r in json.loads(run(tmp_path, settings, "routines", "--json").stdout)}

    slow, quick = lengths("[voice]\nrate = 120\n"), lengths("[voice]\nrate = 200\n")
    assert all(slow[rid] > quick[rid] for rid in slow), (slow, quick)
    paced = lengths("[counting]\npace = 1.5\n")
    normal = lengths("")
    # yoga_calves is paced breathing: its breaths last 1.5 times longer; holds never change
    assert paced["yoga_calves"] > 1.2 * normal["yoga_calves"], (paced, normal)
