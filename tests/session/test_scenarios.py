"""The hands-free loop end to end: synthesized speech in, `voice-coach session`, events out.

Every time here is audio time (samples counted), so the figures are exact and
do not depend on the machine's speed.
"""

from __future__ import annotations

import re

import pytest

from voice_coach.bench.corpus import article_sentences, load_recording, synthesize
from voice_coach.bench.scenario import run_scenario
from tests import paths


def _routine_events(result, event):
    return [e for e in result.of_type("routine") if e.get("event") == event]


def test_a_cramp_gets_its_first_instruction_within_a_breath(tmp_path):
    result = run_scenario([(1.0, "my calf is cramping")], tmp_path, total_s=6)
    assert result.exit_code == 0
    (command,) = result.commands()
    assert command["intent"] == "cramp" and command["slots"].get("muscle") == "calf"
    (response,) = result.response_times()[:1]
    assert 0 < response <= 0.4, response
    assert _routine_events(result, "started")[0]["routine"] == "night_cramp"


def test_stop_in_the_middle_of_a_hold_ends_the_routine_within_half_a_second(tmp_path):
    result = run_scenario([(0.5, "start the calf release routine"), (22.0, "stop")], tmp_path, total_s=30)
    holds = result.of_type("hold_start")
    assert holds and holds[0]["t"] < 20, "the stop must fall inside the first hold"
    stop_end = result.spans[1].end
    (stopped,) = _routine_events(result, "stopped")
    assert stopped["t"] - stop_end <= 0.5
    later = [e for e in result.of_type("count", "hold_end") if e["t"] > stopped["t"]]
    assert later == []


def test_pause_then_resume_finishes_the_hold_with_its_remaining_time(tmp_path):
    # (espeak-ng's "pause please" at 175 words a minute is "Postles" to whisper's tiny.en after the echo
    # canceller, confidence 0.16-0.24: a recognition miss the bench counts; this test is about the hold's time.)
    result = run_scenario([(0.5, "start the calf release routine"), (18.0, "hold on please"), (28.0, "carry on")],
                          tmp_path, total_s=60)
    paused = _routine_events(result, "paused")
    resumed = _routine_events(result, "resumed")
    assert paused and resumed
    start = result.of_type("hold_start")[0]["t"]
    end = result.of_type("hold_end")[0]["t"]
    pause = resumed[0]["t"] - paused[0]["t"]
    assert abs((end - start - pause) - 30.0) <= 0.1, (start, end, pause)


def test_an_answer_in_the_middle_of_a_hold_is_said_whole_and_the_hold_keeps_its_time(tmp_path):
    result = run_scenario([(0.5, "start the calf release routine"), (20.0, "how much longer")], tmp_path, total_s=50)
    (answer,) = [e for e in result.of_type("say") if e["kind"] == "answer"]
    answer_end = answer["t"] + 0.35 * len(answer["text"].split())  # at least this long: espeak speaks ~170 wpm
    spoken = [e for e in result.of_type("count") if not e.get("skipped")]
    skipped = [e for e in result.of_type("count") if e.get("skipped")]
    assert skipped and all(answer["t"] < e["t"] < answer_end + 1.0 for e in skipped)
    assert not [e for e in spoken if answer["t"] < e["t"] < answer_end - 1.0], "a count cut the answer short"
    assert [e for e in spoken if e["t"] > answer_end], "the counts must resume after the answer"
    start, end = result.of_type("hold_start")[0]["t"], result.of_type("hold_end")[0]["t"]
    assert abs(end - start - 30.0) <= 0.05


def test_a_red_flag_during_a_routine_stops_it_and_sends_the_person_to_a_doctor(tmp_path):
    result = run_scenario([(0.5, "start the calf release routine"), (20.0, "my leg is swollen")], tmp_path, total_s=40)
    flag_end = result.spans[1].end
    assert _routine_events(result, "stopped")
    advice = [e for e in result.of_type("say") if e["t"] >= flag_end]
    assert advice and re.search(r"doctor|medical", advice[0]["text"], re.I)
    assert not [e for e in result.of_type("count", "hold_start") if e["t"] > flag_end]


STOP_OVER_VOICE_FLOOR = 3
"""Voices (of 5) whose "stop the coach" over the coach's own voice at echo 0.7 is obeyed within 500 ms.
Measured: 4 of 5 (en-gb-scotland varies between "stop" and "pause" run to run; en-029's cramp
command is not heard, so nothing runs to stop); before residual echo suppression, 2 of 5."""


def test_stop_said_over_the_coachs_own_voice_is_obeyed(tmp_path):
    obeyed = []
    for voice in ("en-us", "en-gb", "en-gb-scotland", "en-029", "en-us+f3"):
        # After the greeting, the night cramp routine's first instructions play; "stop" comes while they do.
        result = run_scenario([(5.0, "my calf is cramping"), (8.5, "stop the coach")], tmp_path / voice, total_s=15,
                              echo=0.7, voice=voice)
        stop_end = result.spans[1].end
        talking = [e for e in result.of_type("say") if e["t"] < result.spans[1].start]
        assert talking, "the coach must be talking when stop is said"
        stopped = _routine_events(result, "stopped")
        if stopped and stopped[0]["t"] - stop_end <= 0.5:
            obeyed.append(voice)
    assert len(obeyed) >= STOP_OVER_VOICE_FLOOR, obeyed


PEOPLE_STOP_FLOOR = 7
"""Of 12 people (Speech Commands clips, each as loud as espeak-ng's "stop"), how many saying "stop" over the
coach's voice at echo 0.7 stop the routine within 500 ms of the word's end. The 12 are every fourth of the
48 people in speech_commands_extra: ``SessionSettings.muting_margin_s`` and ``min_speech_s`` were tuned on
the 12 of speech_commands, so they are tested on people they never heard. Measured (this test, run alone
with ``-s``): 8 of these 12, as on the 12 they were tuned on; the floor leaves one for a run's variation."""


def test_real_peoples_stop_said_over_the_coachs_voice_is_obeyed(tmp_path):
    like = synthesize("stop")
    held_out = sorted((paths.SPEECH_COMMANDS_EXTRA / "stop").glob("*.wav"))[::4]
    clips = [load_recording(path, like) for path in held_out]
    assert len(clips) == 12
    obeyed = []
    for n, clip in enumerate(clips):
        result = run_scenario([(5.0, "my calf is cramping"), (9.7, clip)], tmp_path / str(n), total_s=12.2,
                              echo=0.7, seed=n)
        said = result.spans[1]
        assert [e for e in result.of_type("say") if e["t"] < said.start], "the coach must be talking when stop is said"
        stopped = [e for e in _routine_events(result, "stopped") if e["t"] > said.start]
        if stopped and stopped[0]["t"] - said.end <= 0.5:
            obeyed.append(clip.name)
    print(f"obeyed {len(obeyed)}/12: {obeyed}")
    assert len(obeyed) >= PEOPLE_STOP_FLOOR, obeyed


def test_a_radio_reading_the_articles_between_commands_gets_no_answer(tmp_path):
    radio = article_sentences(paths.SEEDS, min_words=5)[:16]
    script, t = [], 1.0
    commands = ["what can I say", "my foot is cramping", "stop", "why do I get cramps", "stop"]
    for i, sentence in enumerate(radio):
        script.append((t, sentence))
        t += 0.35 * len(sentence.split()) + 2.0
        if i % 4 == 3 and commands:
            script.append((t, commands.pop(0)))
            t += 6.0
    result = run_scenario(script, tmp_path, total_s=t + 5)
    heard_texts = [c["text"] for c in result.commands()]
    command_spans = [s for s in result.spans if s.text in {"what can I say", "my foot is cramping", "stop", "why do I get cramps"}]
    radio_spans = [s for s in result.spans if s not in command_spans]
    for c in result.commands():
        assert not any(s.start - 0.3 <= c["end"] <= s.end + 0.5 for s in radio_spans), f"radio heard as a command: {c}"
    assert len(heard_texts) >= len(command_spans) - 1, heard_texts


@pytest.mark.heavy
@pytest.mark.parametrize("routine", ["night_cramp", "calf_release", "quad_release", "hamstring_release", "foot_release",
                                     "yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime"])
def test_the_coachs_own_voice_never_triggers_a_command(tmp_path, routine):
    spoken = routine.replace("_", " ")
    result = run_scenario([(5.0, f"start the {spoken} routine")], tmp_path, total_s=9, echo=1.0)
    assert len(result.commands()) == 1, result.commands()
    assert _routine_events(result, "finished"), "the routine must run to its end"
