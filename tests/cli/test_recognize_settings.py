"""`voice-coach recognize` hears as the session does: the settings file's [hearing] and [templates] apply."""

from __future__ import annotations

import json
from pathlib import Path

from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import pad, synthesize
from voice_coach.cli.main import main
from voice_coach.settings import CONFIG_ENV

MINE = Path(__file__).resolve().parents[1] / "intents" / "data" / "my_phrasings.yaml"


def _intents(capsys, tmp_path, text: str) -> list:
    wav = tmp_path / "said.wav"
    write_wav(wav, pad(synthesize(text, "en-us", 160), 0.5, 0.8))
    assert main(["recognize", str(wav), "--json"]) == 0
    return [json.loads(line)["intent"] for line in capsys.readouterr().out.splitlines() if line.strip()]


def _settings(monkeypatch, tmp_path, text: str) -> None:
    (tmp_path / "settings.toml").write_text(text)
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "settings.toml"))


def test_the_confidence_setting_is_the_bar_a_command_must_clear(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert _intents(capsys, tmp_path, "my calf is cramping") == ["cramp"]
    _settings(monkeypatch, tmp_path, "[hearing]\nconfidence = 1.0\n")
    assert _intents(capsys, tmp_path, "my calf is cramping") == [None]


def test_templates_named_in_the_settings_are_heard(tmp_path, capsys, monkeypatch):
    _settings(monkeypatch, tmp_path, f'[templates]\nextra = "{MINE}"\n')
    assert _intents(capsys, tmp_path, "my leg's gone again") == ["cramp"]


def test_a_broken_settings_file_stops_recognize_with_one_line(tmp_path, capsys, monkeypatch):
    _settings(monkeypatch, tmp_path, "[hearing]\nconfidence = 7\n")
    wav = tmp_path / "said.wav"
    write_wav(wav, pad(synthesize("stop", "en-us", 160), 0.5, 0.8))
    assert main(["recognize", str(wav), "--json"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "settings.toml:2" in err and "confidence" in err
