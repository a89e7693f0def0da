"""``voice-coach devices`` (lives here, beside the speaker it helps choose)."""

import os
import subprocess

import pytest


def no_sound_server_env(tmp_path) -> dict:
    """An environment where no sound server is reachable (and the machine has no ALSA card)."""
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER")}
    env["PULSE_SERVER"] = f"unix:{tmp_path}/no-such-socket"
    return env


@pytest.mark.pulse
def test_devices_lists_the_pulse_devices_and_marks_the_defaults(pulse):
    done = subprocess.run(["voice-coach", "devices"], env=pulse.env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    names = done.stdout
    assert "pulse" in names and "default" in names
    assert any(line.startswith(">") for line in names.splitlines())


def test_devices_without_a_sound_server_is_one_clear_line(tmp_path):
    done = subprocess.run(["voice-coach", "devices"], env=no_sound_server_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no audio devices" in lines[0]
