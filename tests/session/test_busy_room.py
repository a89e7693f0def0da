"""A radio in the room raises the bar: the coach needs a surer command while other speech fills the room.

The radio here reads sentences of the source articles (the same six that, in
a simulated 8-hour night, made the coach hear "slower please" and "my feet are
warm") and one more: with the wider templates the six became clearer misses,
and "Leafy greens (spinach, kale)" is the near miss now ("repeat the last bit",
0.66). Then the person says their command. Once two utterances in 30 s were
no command, a command needs confidence 0.9: the radio's near misses are
refused, the person's clear command (0.98) still gets through.
"""

from __future__ import annotations

import json

import pytest

from voice_coach.bench.night import NightPlan, write_night
from voice_coach.cli.main import main

RADIO = (
    (1.0, "Hold 30 seconds, 3 times per leg."),
    (5.3, "You have risk factors for vascular disease (smoking, diabetes, high blood pressure)"),
    (12.0, "Nuts and seeds (almonds, pumpkin seeds)"),
    (15.9, "Sodium – Yes, even sodium."),
    (19.4, "Find yourself in downward facing dog, with a long stance between your hands and feet, knees slightly "
           "bent and heels lifted."),
    (29.3, "Firstly, keeping hydrated, drinking approximately two and a half to three litres of water per day, "
           "says Bossick – maybe more, depending on how hard you're training."),
    (40.0, "Leafy greens (spinach, kale)"),
)


@pytest.mark.parametrize("engine", ["pocketsphinx", "whisper"])
def test_the_radios_near_misses_are_refused_and_the_persons_command_is_not(tmp_path, engine):
    """PocketSphinx proposes commands in this radio (0.87-0.88): audio whose scores are known, so the bar's
    refusal is seen. Whisper proposes none above 0.5 here: the radio is simply no command to it."""
    plan = NightPlan(60.0, (0.0, 60.0), RADIO, ((48.0, "my calf is cramping"),))
    (person,) = write_night(plan, tmp_path / "in.wav", voice="en-us")
    assert main(["session", "--engine", engine, "--input", str(tmp_path / "in.wav"),
                 "--events", str(tmp_path / "ev.jsonl")]) == 0
    events = [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text().splitlines()]
    heard = [e for e in events if e["type"] == "utterance"]
    radio = [e for e in heard if e["end"] < person.start]
    busy = [e for e in radio if e["busy_room"]]
    assert busy, "the radio must have filled the room"
    assert [e for e in busy if e["intent"]] == []
    refused = [e for e in busy if e["text"] and e["confidence"] >= 0.5]
    if engine == "pocketsphinx":
        assert refused, "the bar must have refused something the recognizer proposed"
    (command,) = [e for e in heard if e["intent"] and e["end"] >= person.start]
    assert command["intent"] == "cramp" and command["busy_room"]
    started = [e for e in events if e["type"] == "routine" and e.get("event") == "started"]
    assert [e["routine"] for e in started if e["t"] >= person.start] == ["night_cramp"]


def _session(plan, tmp_path):
    write_night(plan, tmp_path / "in.wav", voice="en-us")
    assert main(["session", "--input", str(tmp_path / "in.wav"), "--events", str(tmp_path / "ev.jsonl")]) == 0
    return [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text().splitlines()]


def _carry_on(events, after):
    (said,) = [e for e in events if e["type"] == "utterance" and e["start"] >= after]
    return said, [e for e in events if e["type"] == "say" and e["t"] >= said["t"]]


def test_in_a_busy_room_a_command_that_fits_nothing_now_is_not_acted_on(tmp_path):
    """"Carry on" with nothing paused is what a radio says (it once scored 0.96): no answer then."""
    plan = NightPlan(45.0, (0.0, 45.0), RADIO[:4], ((36.0, "carry on"),))
    said, answers = _carry_on(_session(plan, tmp_path), 35.5)
    assert said["busy_room"] and said["text"] and said["confidence"] >= 0.9, said  # it passed the other bars
    assert said["intent"] is None and answers == []


def test_in_a_quiet_room_the_same_words_get_their_polite_answer(tmp_path):
    """The control: without the radio, the person is told nothing is paused."""
    plan = NightPlan(45.0, (0.0, 45.0), (), ((36.0, "carry on"),))
    said, answers = _carry_on(_session(plan, tmp_path), 35.5)
    assert not said["busy_room"] and said["intent"] == "resume"
    assert answers and "paus" in answers[0]["text"].lower()
