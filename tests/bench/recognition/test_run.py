"""Engines side by side (voice_coach.bench.recognition.run) and their scores (score)."""

import numpy as np

from voice_coach.bench.corpus import pad, synthesize
from voice_coach.bench.recognition import report, score
from voice_coach.bench.recognition.run import Bench, Outcome, load_engines
from voice_coach.bench.recognition.streams import Stream, StreamInfo
from voice_coach.hearing.result import Hypothesis, Recognition
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_templates


class Fake:
    """Hears every utterance as ``text``, keeping the audio it was given."""

    def __init__(self, name, text):
        self.name, self.text, self.given = name, text, []

    def recognize(self, samples):
        self.given.append(np.array(samples))
        return Hypothesis(self.text, 0.9)


def _info(expect, source="command", condition="clean"):
    return StreamInfo(source, "my calf is cramping", expect, "espeak", "en-us", condition, "grammar", "tune")


def test_engines_hear_the_very_same_utterances_and_are_timed():
    templates = load_templates()
    a, b = Fake("a", "my calf is cramping"), Fake("b", "stretch my calves")
    bench = Bench({"a": a, "b": b}, IntentParser(templates))
    audio = np.concatenate([pad(synthesize("my calf is cramping"), 0.6, 0.6),
                            pad(synthesize("stop"), 0.6, 0.6)])
    expect = ("cramp", (("muscle", "calf"),))
    outcome = bench.run(Stream(_info(expect), audio))
    assert outcome.utterances == 2 and len(a.given) == len(b.given) == 2
    for x, y in zip(a.given, b.given):
        np.testing.assert_array_equal(x, y)
    assert outcome.intents("a") == [expect, expect]
    assert outcome.intents("b")[0][0] == "stretch"
    assert not score.heard_right(outcome, "a")  # heard twice: not the one intent said
    assert len(bench.times["a"].wall_s) == 2 and score.speed(bench.times["a"]).decodes == 2


def test_an_engine_that_cannot_be_made_is_skipped_with_a_note():
    engines, notes = load_engines(["no-such-engine"], load_templates())
    assert engines == {} and len(notes) == 1 and notes[0].startswith("no-such-engine: skipped")


def _outcome(expect, heard, source="command", condition="clean"):
    hs = tuple(Recognition(0.0, 1.0, "x", intent, dict(slots), 0.9) for intent, slots in heard)
    return Outcome(_info(expect, source, condition), 2.0, len(hs), {"e": hs})


def test_scores_and_tables():
    right = _outcome(("cramp", ()), [("cramp", ())])
    wrong = _outcome(("cramp", ()), [("cramp", ()), ("stop", ())], condition="6 dB babble")
    flag = _outcome(("red_flag", (("symptom", "swelling"),)), [("cramp", ())], source="warning")
    quiet = _outcome(None, [], source="article")
    chatty = _outcome(None, [("stop", ()), ("next", ())], source="article")
    outcomes = [right, wrong, flag, quiet, chatty]
    assert score.heard_right(right, "e") and not score.heard_right(wrong, "e") and score.heard_right(quiet, "e")
    assert score.dangerous(flag, "e") and not score.dangerous(right, "e")
    assert score.false_activations([quiet, chatty], "e") == 2
    assert score.tally(outcomes, "e", lambda o: o.info.source == "command") == score.Tally(1, 2)
    assert score.snr_of("10 dB fan") == "10 dB" and score.snr_of("clean") == "clean"
    text = "\n".join(report.accuracy(outcomes, ["e"]) + report.false_activations(outcomes, ["e"])
                     + report.warnings(outcomes, ["e"]) + report.bars(outcomes, ["e"]) + report.misses(outcomes, "e"))
    assert "6 dB babble" in text and "FAIL 2" in text and "FAIL 1" in text
    assert "warning signs heard dangerously (1)" in text and "false activations (people's words left out) (1)" in text
