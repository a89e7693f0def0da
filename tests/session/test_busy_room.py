"""A radio in the room raises the bar: the coach needs a surer command while other speech fills the room.

The radio here reads sentences of the source articles (the same six that, in
a simulated 8-hour night, made the coach hear "slower please" and "my feet are
warm") and one more: with the wider templates the six became clearer misses,
and "Leafy greens (spinach, kale)" is the near miss now ("repeat the last bit",
0.66). Then the person says their command. Once two utterances in 30 s were
no command, a command needs confidence 0.9: the radio's near misses are
refused, the person's clear command (0.98) still gets through. The bar is
tested on utterances whose scores are given (a near miss at 0.87), the whole
session on each engine's real hearing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from voice_coach.bench.night import NightPlan, write_night
from voice_coach.cli.main import main
from voice_coach.hearing.result import Recognition
from voice_coach.session.build import build_context, build_voice
from voice_coach.session.core import CoachCore
from voice_coach.session.track import PlaybackTrack
from voice_coach.settings import Settings

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
def test_the_radio_gives_no_command_and_the_persons_command_gets_through(tmp_path, engine):
    """End to end, on each engine: nothing the radio says is acted on, whatever the engine proposes, and the
    person's command is, in the busy room. That the bar itself refuses a near miss is tested below on
    utterances whose scores are given, so that a recognizer that hears the radio better cannot fail it."""
    plan = NightPlan(60.0, (0.0, 60.0), RADIO, ((48.0, "my calf is cramping"),))
    (person,) = write_night(plan, tmp_path / "in.wav", voice="en-us")
    # In a process of its own, as a user runs it: in a test worker that had run other tests first, PocketSphinx
    # once heard the radio otherwise (a stretch started before the room was busy), so the worker's state leaks
    # into the engine somewhere (noted for issue 16); the result must not depend on which tests ran before.
    done = subprocess.run([sys.executable, "-m", "voice_coach", "session", "--engine", engine, "--input",
                           str(tmp_path / "in.wav"), "--events", str(tmp_path / "ev.jsonl")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text().splitlines()]
    heard = [e for e in events if e["type"] == "utterance"]
    radio = [e for e in heard if e["end"] < person.start]
    busy = [e for e in radio if e["busy_room"]]
    assert busy, "the radio must have filled the room"
    assert [e for e in busy if e["intent"]] == []
    (command,) = [e for e in heard if e["intent"] and e["end"] >= person.start]
    assert command["intent"] == "cramp" and command["busy_room"]
    started = [e for e in events if e["type"] == "routine" and e.get("event") == "started"]
    # once seen failing in CI under load and not again here: the events say why, if it does
    story = [(e["t"], e["type"], e.get("intent") or e.get("event") or e.get("to") or e.get("text"), e.get("busy_room"))
             for e in events if e["type"] in ("utterance", "routine", "state", "say")]
    assert [e["routine"] for e in started if e["t"] >= person.start] == ["night_cramp"], story


class NoHearingFake:
    """The hearing pipeline with nothing to hear: utterances, with their scores, reach ``on_heard`` directly."""

    def feed(self, chunk) -> list:
        return []


@pytest.fixture(scope="module")
def voice():
    return build_voice(Settings())


def _heard_in_turn(voice, utterances: list[Recognition]) -> list[dict]:
    """The utterance events of a core that hears ``utterances``, each when it ends."""
    events: list[dict] = []
    core = CoachCore(build_context(Settings(), voice), NoHearingFake(), voice, PlaybackTrack(16000), events.append)
    core.start(0.0, 3.0)
    for heard in utterances:
        core.on_heard(heard, heard.end)
    return [e for e in events if e["type"] == "utterance"]


NEAR_MISS = Recognition(20.0, 21.5, "my foot is cramping", "cramp", {"muscle": "foot"}, 0.87)
"""A command the recognizer proposes in a radio's speech, below the busy room's bar (0.9), above the quiet
room's (0.5); a cramp fits the idle coach, so only the bar decides."""
CHATTER = [Recognition(1.0, 3.0, "", None, {}, 0.0), Recognition(6.0, 9.0, "", None, {}, 0.2)]
"""Two utterances of other speech within 30 s: the room is busy."""


def test_in_a_busy_room_a_near_miss_is_refused_and_a_sure_command_is_not(voice):
    sure = Recognition(24.0, 25.5, "my calf is cramping", "cramp", {"muscle": "calf"}, 0.98)
    *_, miss, command = _heard_in_turn(voice, [*CHATTER, NEAR_MISS, sure])
    assert miss["busy_room"] and miss["text"] and miss["intent"] is None
    assert command["busy_room"] and command["intent"] == "cramp"


def test_in_a_quiet_room_the_same_near_miss_is_acted_on(voice):
    """The control: without the chatter before it, the same score is enough."""
    (miss,) = _heard_in_turn(voice, [NEAR_MISS])
    assert not miss["busy_room"] and miss["intent"] == "cramp"


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
