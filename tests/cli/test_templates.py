"""``voice-coach templates check FILE`` and ``voice-coach templates sample FILE -n N``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from voice_coach.cli.main import main
from voice_coach.intents.expand import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import load_template_set

DATA = Path(__file__).parent.parent / "intents" / "data"
MINE = DATA / "my_phrasings.yaml"
TIMER = DATA / "kitchen_timer.yaml"
HUGE = DATA / "huge_set.yaml"

BROKEN = {
    "bad YAML": ("language: en\nintents:\n  cramp:\n    data:\n  - sentences: x\n", 5, "broken YAML"),
    "unknown slot list": ('language: en\nintents:\n  cramp:\n    data:\n      - sentences:\n'
                          '          - "my leg"\n          - "my {shin} hurts"\n', 7, "unknown list {shin}"),
    "unbalanced brackets": ('language: en\nintents:\n  cramp:\n    data:\n      - sentences:\n'
                            '          - "(my leg hurts"\n', 6, "cannot parse"),
    "a rule that uses itself": ('language: en\nexpansion_rules:\n  a: "leg <a>"\nintents:\n  cramp:\n    data:\n'
                                '      - sentences:\n          - "my <a> hurts"\n', 3, "refer to themselves"),
}


def test_an_empty_alternative_loads_with_a_warning_naming_file_and_line(tmp_path):
    """Valid for hassil, so it loads; but hassil never matches the empty branch, and the person is told."""
    path = tmp_path / "mine.yaml"
    path.write_text('language: en\nintents:\n  cramp:\n    data:\n      - sentences:\n'
                    '          - "my (leg|) hurts"\n', encoding="utf-8")
    done = voice_coach("templates", "check", str(path))
    assert done.returncode == 0, done.stderr
    assert f"{path}:6: 'my (leg|) hurts'" in done.stderr and "write [a]" in done.stderr


def voice_coach(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script."""
    beside = Path(sys.executable).with_name("voice-coach")
    exe = str(beside) if beside.exists() else shutil.which("voice-coach")
    assert exe, "voice-coach is not installed: pip install -e ."
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_file_is_one_line_naming_file_and_line(tmp_path, kind):
    text, line, says = BROKEN[kind]
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    done = voice_coach("templates", "check", str(path))
    assert done.returncode != 0
    assert done.stdout == ""
    [message] = done.stderr.splitlines()
    assert message.startswith(f"voice-coach: {path}:{line}:"), message
    assert says in message


def test_a_broken_file_stops_parse_too(tmp_path):
    text, line, _ = BROKEN["unbalanced brackets"]
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    done = voice_coach("parse", "--templates", str(path), "my calf is cramping")
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.startswith(f"voice-coach: {path}:{line}:")


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["templates", "check", str(tmp_path / "nowhere.yaml")]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.yaml" in err


def test_check_counts_a_user_file_added_to_the_coach(capsys):
    assert main(["templates", "check", str(MINE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{MINE}: ok (added to {load_template_set().path})"
    assert "intents: 23 (1 new to the coach: thank_you)" in out
    assert f"expansion rules: {len(load_template_set().intents.expansion_rules)}" in out
    expected = len(list(expand(load_template_set(extra=MINE))))
    assert f"sentences: {expected:,} (counted, not listed)" in out
    assert not [line for line in out if line.startswith("warning")]


def test_check_only_counts_a_file_alone(capsys):
    assert main(["templates", "check", "--only", str(TIMER)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{TIMER}: ok (alone)"
    assert "intents: 3 (3 new to the coach: set_timer, cancel_timer, timer_status)" in out
    assert "slot lists: 3 with 104 values" in out  # 90 minutes, 11 seconds, 3 timer names


def test_check_counts_the_huge_set_through_the_console_script():
    done = voice_coach("templates", "check", "--only", str(HUGE))
    assert done.returncode == 0, done.stderr
    counted = next(line for line in done.stdout.splitlines() if line.startswith("sentences: "))
    assert int(counted.split()[1].replace(",", "")) > 10**6


def test_check_warns_about_words_and_values_the_coach_cannot_use(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("language: en\nlists:\n  muscle:\n    values:\n      - {in: zzxqv, out: shin}\n", encoding="utf-8")
    assert main(["templates", "check", str(path)]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning: ")]
    assert any(f"{path}:5: word 'zzxqv'" in line for line in warnings)
    assert any("muscle='shin'" in line for line in warnings)


def test_sample_prints_sentences_the_templates_accept(capsys):
    assert main(["templates", "sample", "--only", str(HUGE), "-n", "20", "--seed", "4", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 20
    parser = IntentParser(load_template_set(only=HUGE))
    for line in lines:
        assert parser.parse(line["text"]) == IntentMatch(line["intent"], line["slots"])


def test_sample_is_seeded_and_plain_by_default(capsys):
    assert main(["templates", "sample", str(MINE), "-n", "5", "--seed", "1"]) == 0
    first = capsys.readouterr().out
    assert main(["templates", "sample", str(MINE), "-n", "5", "--seed", "1"]) == 0
    assert capsys.readouterr().out == first
    assert len(first.splitlines()) == 5
    parser = IntentParser(load_template_set(extra=MINE))
    assert all(parser.parse(text) for text in first.splitlines())
