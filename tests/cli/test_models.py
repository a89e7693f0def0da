"""``voice-coach models list|download`` through the real command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.request

import pytest

from tests.hearing.test_model_store import FAKE_FILES, closed_port, make_model, site  # noqa: F401 (fixtures)
from voice_coach.cli.main import main
from voice_coach.cli.models import TextProgress, human_size
from voice_coach.hearing import model_store


@pytest.fixture
def models_env(tmp_path, monkeypatch):
    """An empty models folder for the command line, and no model named by the environment."""
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv(model_store.ENV_MODELS_DIR, str(root))
    monkeypatch.delenv(model_store.ENV_MODEL, raising=False)
    return root


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("this command must not use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_list_with_nothing_installed_says_how_to_get_a_model(models_env, no_network, capsys):
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert f"no Vosk model installed in {models_env}" in out
    assert "run `voice-coach models download` to get vosk-model-small-en-us-0.15 (41 MB)" in out


def test_list_shows_path_and_size(models_env, no_network, capsys):
    path = make_model(models_env / "vosk-model-small-en-us-0.15", size=2_500_000)
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert f"vosk-model-small-en-us-0.15  {path}  2.5 MB" in out
    assert f"in use: {path}" in out
    assert "models download" not in out


def test_download_installs_into_the_models_folder(models_env, site, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv(model_store.ENV_CATALOG, site.url("model-list.json"))
    assert main(["models", "download", "fake-model"]) == 0
    captured = capsys.readouterr()
    assert (models_env / "fake-model" / "am" / "final.mdl").read_bytes() == FAKE_FILES["am/final.mdl"]
    assert "fake-model is installed at" in captured.out
    assert "100%" in captured.err


def test_download_without_network_is_one_line_and_fails(models_env, closed_port, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv(model_store.ENV_CATALOG, f"http://127.0.0.1:{closed_port}/model-list.json")
    assert main(["models", "download"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("voice-coach: cannot reach 127.0.0.1: no network? (")
    assert err.count("\n") == 1
    assert list(models_env.iterdir()) == []


def test_console_script_exit_code_without_network(models_env, closed_port):  # noqa: F811
    env = dict(os.environ, VOICE_COACH_MODEL_CATALOG=f"http://127.0.0.1:{closed_port}/model-list.json")
    done = subprocess.run([sys.executable, "-m", "voice_coach", "models", "download"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "cannot reach 127.0.0.1" in done.stderr


def test_progress_bar():
    stream = io.StringIO()
    bar = TextProgress("m", stream)
    for done in (0, 10, 10, 50, 100):
        bar(done, 100)
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") == 4 and text.endswith("100% 100 B of 100 B\n")
    assert human_size(41_205_931) == "41 MB" and human_size(2_500_000) == "2.5 MB"
