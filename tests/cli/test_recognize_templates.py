"""`voice-coach recognize --templates`: a user's own phrasing is heard, and only with the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import pad, synthesize
from voice_coach.cli.main import main

MINE = Path(__file__).resolve().parents[1] / "intents" / "data" / "my_phrasings.yaml"


def _recognize(capsys, wav, *extra):
    assert main(["recognize", str(wav), "--json", *extra]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def _gone_again(tmp_path):
    wav = tmp_path / "gone.wav"
    write_wav(wav, pad(synthesize("my leg's gone again", "en-us", 160), 0.5, 0.8))
    return wav


def test_my_own_phrasing_is_a_cramp_with_my_file(tmp_path, capsys):
    with_file = _recognize(capsys, _gone_again(tmp_path), "--templates", str(MINE))
    assert [(r["intent"], r["slots"].get("muscle")) for r in with_file] == [("cramp", "leg")]


def test_my_own_phrasing_is_no_command_without_my_file(tmp_path, capsys):
    """Issue 6: with PocketSphinx the built-in grammar heard it as a red flag; whisper's rejection does not."""
    without = _recognize(capsys, _gone_again(tmp_path))
    assert [r["intent"] for r in without] == [None] * len(without)
