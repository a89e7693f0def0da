"""The recognition benchmark's halves (voice_coach.bench.recognition.sources): nothing in both."""

import random

from voice_coach.bench import corpus
from voice_coach.bench.phrasebook import Phrase, Phrasebook
from voice_coach.bench.recognition import sources
from voice_coach.intents.expand import expand
from voice_coach.intents.templates import load_templates

BOOK = Phrasebook(tuple(Phrase(f"ow my calf number {n}", "cramp", (("muscle", "calf"),)) for n in range(20))
                  + (Phrase("my leg is all puffy", "red_flag", (("symptom", "swelling"),)),),
                  tuple(f"the calf was born {n} days ago" for n in range(6)))


def test_sentences_and_voices_are_in_one_half_only():
    expanded = list(expand(load_templates()))
    lines = {h: sources.command_lines(expanded, BOOK, h, 3, 2, random.Random(1)) for h in sources.HALVES}
    tune, check = ({line.text for line in lines[h]} for h in sources.HALVES)
    assert tune and check and not tune & check
    assert {line.origin for line in lines["tune"] + lines["check"]} == {"grammar", "phrasebook"}
    for h in sources.HALVES:
        warnings = sources.warning_lines(expanded, BOOK, h, 5, lines[h], random.Random(2))
        assert all(w.expect[0] == "red_flag" and sources.half_of(w.text) == h for w in warnings)
        assert not {w.text for w in warnings} & {line.text for line in lines[h]}
    espeak = [set(sources.espeak_voices(h)) for h in sources.HALVES]
    assert not espeak[0] & espeak[1] and espeak[0] | espeak[1] == set(corpus.VOICES)


def test_no_command_lines_split_every_other():
    articles = [f"sentence {n}" for n in range(10)]
    tune, check = (sources.no_command_lines(articles, BOOK, h, 1) for h in sources.HALVES)
    assert not {line.text for line in tune} & {line.text for line in check}
    assert {line.origin for line in tune} == {"article", "everyday", "none"}
    assert all(line.expect is None for line in tune + check)
    assert len([x for x in tune + check if x.origin == "article"]) == 10


def test_speech_commands_people_are_in_one_half_and_all_680_are_there():
    clips = {h: sources.speech_commands_clips(h) for h in sources.HALVES}
    assert len(clips["tune"]) + len(clips["check"]) == 680
    speakers = [{c.speaker for c in clips[h]} for h in sources.HALVES]
    assert not speakers[0] & speakers[1]
    words = {c.label for c in clips["tune"]}
    assert words == set(sources.SC_EXPECT) | set(sources.SC_NONE)
    assert all((c.expect is not None) == (c.label in sources.SC_EXPECT) for c in clips["check"])
    testdata = [c.path.name for h in sources.HALVES for c in sources.testdata_clips(h)]
    assert len(testdata) == len(set(testdata)) == len(sources.TESTDATA_FILES)
