"""Shared fixtures: a real PulseAudio server with virtual devices (see voice_coach/bench/pulse.py)."""

from __future__ import annotations

import os
import shutil

import pytest

# The test helpers' asserts get pytest's messages (and count for tests/assertion_count.py), as the tests' own do.
pytest.register_assert_rewrite("tests.paths", "tests.dialog.helpers", "tests.audio.wavgen", "tests.property.helpers")

from hypothesis import settings  # noqa: E402

from voice_coach.bench.pulse import PulseServer  # noqa: E402

# Property tests check what the code does, not how fast: Hypothesis's default 200 ms deadline per example made
# them fail on a stall of a busy 2-core machine (issue 19). Speed is measured by the bench scripts.
settings.register_profile("coach", deadline=None)
settings.load_profile("coach")


@pytest.fixture(scope="session", autouse=True)
def _data_home(tmp_path_factory):
    """The user data directory (the cramp diary's home) is a fresh folder for the test run: no test reads or
    writes the diary of the person running them."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    yield
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


@pytest.fixture(scope="session")
def pulse(tmp_path_factory):
    """A real PulseAudio server for the whole test session, stopped at the end."""
    if shutil.which("pulseaudio") is None:
        pytest.fail("pulseaudio is not installed: run .ci/run or apt-get install pulseaudio pulseaudio-utils")
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    server.start()
    yield server
    server.stop()
