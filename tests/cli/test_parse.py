"""``voice-coach parse TEXT [--json]``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from voice_coach.cli.main import main


def console_script() -> str:
    """The installed ``voice-coach`` script of this interpreter's environment."""
    beside = Path(sys.executable).with_name("voice-coach")
    found = str(beside) if beside.exists() else shutil.which("voice-coach")
    assert found, "voice-coach is not installed: pip install -e ."
    return found


def test_parse_json_through_the_console_script():
    done = subprocess.run(
        [console_script(), "parse", "my calf is cramping", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"text": "my calf is cramping", "intent": "cramp", "slots": {"muscle": "calf"}}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["cramp", "in", "my", "left", "foot"], {"text": "cramp in my left foot", "intent": "cramp",
                                                 "slots": {"muscle": "foot", "side": "left"}}),
        (["hold on"], {"text": "hold on", "intent": "pause", "slots": {}}),
        (["turn", "on", "the", "lights"], {"text": "turn on the lights", "intent": None, "slots": {}}),
        (["\u00bfqu\u00e9\u2019s \U0001f600?"], {"text": "\u00bfqu\u00e9\u2019s \U0001f600?", "intent": None, "slots": {}}),
    ],
)
def test_parse_json(capsys, words, expected):
    assert main(["parse", *words, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == expected


def test_parse_human_line(capsys):
    assert main(["parse", "cramp", "in", "my", "left", "foot"]) == 0
    assert capsys.readouterr().out == "'cramp in my left foot': cramp (muscle=foot side=left)\n"
    assert main(["parse", "good", "morning"]) == 0
    assert capsys.readouterr().out == "'good morning': no intent\n"


DATA = Path(__file__).parent.parent / "intents" / "data"


def test_parse_with_your_own_phrasing_through_the_console_script():
    mine = str(DATA / "my_phrasings.yaml")
    done = subprocess.run([console_script(), "parse", "--templates", mine, "my leg's gone again", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"text": "my leg's gone again", "intent": "cramp", "slots": {"muscle": "leg"}}


@pytest.mark.parametrize(
    ("argv", "intent", "slots"),
    [
        (["parse", "my leg's gone again", "--json"], None, {}),
        (["parse", "--templates", str(DATA / "my_phrasings.yaml"), "my leg has gone again", "--json"],
         "cramp", {"muscle": "leg"}),
        (["--templates", str(DATA / "my_phrasings.yaml"), "parse", "thank you coach", "--json"], "thank_you", {}),
        (["parse", "--templates-only", str(DATA / "kitchen_timer.yaml"), "set a pasta timer for 12 minutes", "--json"],
         "set_timer", {"minutes": "12", "timer_name": "pasta"}),
        (["parse", "--templates-only", str(DATA / "kitchen_timer.yaml"), "cancel the egg timer", "--json"],
         "cancel_timer", {"timer_name": "egg"}),
        (["parse", "--templates-only", str(DATA / "kitchen_timer.yaml"), "my calf is cramping", "--json"], None, {}),
    ],
)
def test_parse_with_template_files(capsys, argv, intent, slots):
    assert main(argv) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["intent"], found["slots"]) == (intent, slots)


def test_parse_reports_a_user_intent_as_written(capsys):
    assert main(["parse", "--templates", str(DATA / "my_phrasings.yaml"), "thanks", "coach"]) == 0
    assert capsys.readouterr().out == "'thanks coach': thank_you\n"
