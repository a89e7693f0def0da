"""The whisper recognizer end to end on the real model: commands heard as meant, other sound not, warning signs first."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from voice_coach.bench.corpus import noise, pad, synthesize
from voice_coach.errors import ModelError
from voice_coach.hearing.select import make_recognizer
from voice_coach.hearing.whisper.engine import WhisperDecoding, WhisperRecognizer, WhisperSettings
from voice_coach.hearing.whisper.search import Path
from voice_coach.hearing.word_graph import word_graph
from voice_coach.intents.graph import WordGraph
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch


@pytest.fixture(scope="module")
def whisper():
    recognizer = make_recognizer("whisper")
    recognizer.warm()
    return recognizer


@pytest.fixture(scope="module")
def parser():
    return IntentParser()


COMMANDS = [
    ("my calf is cramping", "cramp", {"muscle": "calf"}),
    ("stop", "stop", {}),
    ("how much longer", "time_left", {}),
    ("my leg is swollen", "red_flag", {"symptom": "swelling"}),
    ("start the bedtime routine", "start_routine", {"routine": "bedtime"}),
    ("what should i eat", "ask", {"topic": "electrolytes"}),
]


@pytest.mark.parametrize("voice", ["en-us", "en-gb-x-rp"])
@pytest.mark.parametrize("sentence, intent, slots", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_commands_are_heard_as_meant(whisper, parser, sentence, intent, slots, voice):
    heard = whisper.recognize(pad(synthesize(sentence, voice, 160), 0.3, 0.3))
    assert parser.parse(heard.text) == IntentMatch(intent, slots), heard
    assert heard.confidence >= 0.5, heard


def test_noise_is_no_command(whisper):
    rng = np.random.default_rng(3)
    for kind in ("pink", "brown", "white"):
        heard = whisper.recognize(np.clip(noise(kind, 32000, rng) * 2000, -32768, 32767).astype(np.int16))
        assert heard.confidence < 0.5, (kind, heard)


def test_prose_is_no_command(whisper):
    prose = "Magnesium plays a key role in muscle relaxation, and many people do not get enough of it."
    heard = whisper.recognize(pad(synthesize(prose, "en-us", 165), 0.3, 0.3))
    assert heard.confidence < 0.5, heard


def path(sentence: str, mean: float) -> Path:
    return Path((1,), (mean, mean), (0.0, 0.0), sentence)


MEANINGS = {"my calf is cramping": IntentMatch("cramp", {"muscle": "calf"}),
            "my calf is swollen": IntentMatch("red_flag", {"symptom": "swelling"}),
            "stop": IntentMatch("stop", {})}


@pytest.mark.parametrize("held, signs, chosen", [
    ([("my calf is cramping", -0.5)], [("my calf is swollen", -0.8)], "my calf is swollen"),  # close: the sign wins
    ([("my calf is cramping", -0.5)], [("my calf is swollen", -1.2)], "my calf is cramping"),  # far: heard as said
    ([("stop", -0.5)], [("my calf is swollen", -0.6)], "stop"),  # stopping is never overruled
    ([("my calf is cramping", -0.5)], [], "my calf is cramping"),  # no warning sign held at all
], ids=["close", "far", "not-stretching", "none"])
def test_a_warning_sign_close_behind_a_stretch_wins(held, signs, chosen, tmp_path):
    graph = WordGraph(2, 0, frozenset({1}), ((0, 1, "stop"),))
    recognizer = WhisperRecognizer(graph, None, make_model_folder(tmp_path), MEANINGS.get)
    assert recognizer._choose(tuple(path(s, m) for s, m in held), tuple(path(s, m) for s, m in signs)).sentence == chosen


def make_model_folder(tmp_path):
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def test_a_folder_that_is_no_model_is_one_clear_error(tmp_path):
    with pytest.raises(ModelError, match=rf"^{tmp_path} is not a Whisper model in CTranslate2 format: it lacks "
                                         "model.bin, config.json, tokenizer.json$"):
        make_recognizer("whisper", str(tmp_path))
    (tmp_path / "model.bin").write_bytes(b"")
    with pytest.raises(ModelError, match=rf"^{tmp_path}: not a CTranslate2 Whisper model folder \(no config.json\)$"):
        WhisperRecognizer(WordGraph(2, 0, frozenset({1}), ((0, 1, "stop"),)), None, tmp_path, MEANINGS.get)


SKIPPED = [
    ("please just stop talking", "stop", {}),
    ("take it a bit slower please", "slower", {}),
    ("could you just speed it up a little", "faster", {}),
]
"""Commands that only the templates' skip words keep out of the grammar the decode is held to."""


@pytest.mark.parametrize("sentence, intent, slots", SKIPPED, ids=[c[0] for c in SKIPPED])
def test_a_command_said_with_skip_words_is_heard_in_its_own_words(whisper, parser, sentence, intent, slots):
    from voice_coach.intents.templates import load_templates

    assert not load_templates().automaton.accepts(sentence.split())
    decoded = whisper.analyze(pad(synthesize(sentence, "en-us", 150), 0.3, 0.3))
    assert parser.parse(decoded.text) == IntentMatch(intent, slots), decoded
    assert decoded.confidence >= 0.5, decoded


AMONG = [
    ("honestly right now my foot is cramping up", "en-us", "cramp", {"muscle": "foot"}),
    ("honestly right now my foot is cramping up", "en-gb-x-rp", "cramp", {"muscle": "foot"}),
    ("look my hamstring is really cramping here", "en-gb-x-rp", "cramp", {"muscle": "hamstring"}),
    # (Not "speed up the counting", which the templates hold since; en-us is written "Right and speed up ...")
    ("right then speed up the breathing", "en-gb-x-rp", "faster", {}),
    # A request and its reason, two clauses in the free text: "Stop talking, it is the middle of the night."
    ("stop talking, it is the middle of the night", "en-us", "stop", {}),
    ("stop talking, it is the middle of the night", "en-gb", "stop", {}),
    ("turn it down, my head is pounding", "en-gb", "quieter", {}),
]
"""Commands said among words of the speaker's own, which the held decode pulls to a short sentence and refuses."""


@pytest.mark.parametrize("sentence, voice, intent, slots", AMONG, ids=[f"{c[0]}-{c[1]}" for c in AMONG])
def test_a_command_said_among_other_words_is_read_from_the_free_text(whisper, parser, monkeypatch, sentence, voice,
                                                                     intent, slots):
    audio = pad(synthesize(sentence, voice, 150), 0.3, 0.3)
    decoded = whisper.analyze(audio)
    assert parser.parse(decoded.text) == IntentMatch(intent, slots) and decoded.confidence >= 0.5, decoded
    assert decoded.among is not None and decoded.among.sentence == decoded.text
    monkeypatch.setattr(whisper, "settings", replace(whisper.settings, among=None))
    held_only = whisper.analyze(audio)
    assert held_only.confidence < 0.5 or parser.parse(held_only.text) != IntentMatch(intent, slots), held_only


def decoding(free_text: str, free_mean: float = -0.3) -> WhisperDecoding:
    return WhisperDecoding("", 0.0, free_text, free_mean, None, ())


@pytest.mark.parametrize("margin, heard", [(0.1, "calf is swollen"), (0.05, "my calf is cramping")],
                         ids=["within-the-margin", "beyond-it"])
def test_a_warning_sign_among_the_words_wins_over_a_cramp_found_there(tmp_path, margin, heard):
    commands = word_graph(["my calf is cramping", "calf is swollen", "stop"])
    meanings = {"my calf is cramping": IntentMatch("cramp", {"muscle": "calf"}),
                "calf is swollen": IntentMatch("red_flag", {"symptom": "swelling"})}
    settings = WhisperSettings(among_red_flag_margin=margin)
    said = decoding("my calf is cramping swollen")  # the cramp costs 0.07 a word, the sign 0.14
    alone = WhisperRecognizer(commands, None, make_model_folder(tmp_path), meanings.get, settings)
    assert alone._among(said).text == "my calf is cramping"
    signs = word_graph(["calf is swollen"])
    assert WhisperRecognizer(commands, signs, tmp_path, meanings.get, settings)._among(said).text == heard


def test_a_warning_sign_said_as_a_clause_wins_over_a_cramp_said_as_another(tmp_path):
    """No reading among all the words; each clause is a command; the sign is the shorter, and still wins."""
    commands = word_graph(["ow my calf is cramping", "it's swollen", "stop"])
    meanings = {"ow my calf is cramping": IntentMatch("cramp", {"muscle": "calf"}),
                "it's swollen": IntentMatch("red_flag", {"symptom": "swelling"})}
    said = decoding("Ow, my calf is cramping, and look, it's swollen.")
    alone = WhisperRecognizer(commands, None, make_model_folder(tmp_path), meanings.get)
    assert alone._among(said).text == "ow my calf is cramping"
    signs = word_graph(["it's swollen"])
    assert WhisperRecognizer(commands, signs, tmp_path, meanings.get)._among(said).text == "it's swollen"


def test_a_confident_held_decode_or_an_unsure_free_text_is_left_as_it_is(tmp_path):
    recognizer = WhisperRecognizer(word_graph(["my calf is cramping"]), None, make_model_folder(tmp_path), MEANINGS.get)
    sure = replace(decoding("oh my calf is cramping"), text="stop", confidence=0.8)
    assert recognizer._among(sure) == sure
    unsure = decoding("oh my calf is cramping", free_mean=-2.0)
    assert recognizer._among(unsure) == unsure
    assert recognizer._among(decoding("oh my calf is cramping")).text == "my calf is cramping"


FULLER = [
    ("I have a cramp in my leg, the right one.", "i have a cramp in my leg", "cramp", {"muscle": "leg", "side": "right"}),
    ("Let's do a bit of stretching for the legs.", "let's do a bit of stretching", "stretch", {"muscle": "leg"}),
    ("I think I've got cramp in me calf, the left one.", "i think i've got cramp in me calf", "cramp",
     {"muscle": "calf", "side": "left"}),
]
"""Commands the held decode took without a slot said after them (blind sets 19 and 22, heard)."""


@pytest.mark.parametrize("free, held, intent, slots", FULLER, ids=[c[1] for c in FULLER])
def test_a_taken_command_gains_the_slots_its_free_text_says(whisper, parser, monkeypatch, free, held, intent, slots):
    taken = replace(decoding(free), text=held, confidence=0.9)
    assert parser.parse(held).intent == intent and parser.parse(held).slots != slots
    fuller = whisper._among(taken)
    assert parser.parse(fuller.text) == IntentMatch(intent, slots) and fuller.confidence == 0.9, fuller
    monkeypatch.setattr(whisper, "settings", replace(whisper.settings, fuller=frozenset()))
    assert whisper._among(taken) == taken


def test_a_taken_command_keeps_its_own_reading_when_the_free_text_says_another_command(whisper, parser):
    """The free text reads as a warning sign, or as the same intent with other slots: the taken command stands."""
    for free, held in [("My toes are cramping, and they're numb.", "my toes are cramping"),
                       ("Cramp in my left calf. No, my right calf.", "cramp in my left calf")]:
        taken = replace(decoding(free), text=held, confidence=0.9)
        assert whisper._among(taken) == taken


READ = [
    ("how do i get more potassium into my diet", "en-us", "ask", {"topic": "potassium"}, "question"),
    ("how do i get more potassium into my diet", "en-gb", "ask", {"topic": "potassium"}, "question"),
    ("is it worth buying vitamins for cramps", "en-us", "ask", {"topic": "supplements"}, "question"),
    ("is kidney disease linked to cramps", "en-us", "ask", {"topic": "conditions"}, "question"),
    ("how many have i logged so far", "en-gb", "diary", {"question": "count"}, "diary"),
    ("are my cramps going down", "en-us", "diary", {"question": "trend"}, "diary"),
    ("i've just started blood pressure tablets", "en-us", "red_flag", {"symptom": "medication"}, "sign"),
    ("i've just started blood pressure tablets", "en-gb", "red_flag", {"symptom": "medication"}, "sign"),
    ("start the downward dog one", "en-us", "start_routine", {"routine": "yoga_calves"}, "routine"),
    ("can we do the low lunge one", "en-us", "start_routine", {"routine": "yoga_quads"}, "routine"),
    ("do the one with my leg on a chair", "en-gb", "start_routine", {"routine": "hamstring_release"}, "routine"),
    ("put on the wind down stretches", "en-gb", "start_routine", {"routine": "bedtime"}, "routine"),
    ("i really need to loosen up my hamstrings after that ride", "en-gb", "stretch", {"muscle": "hamstring"},
     "stretch"),
    ("could you do a quick stretch with me for my tight calves", "en-us", "stretch", {"muscle": "calf"}, "stretch"),
]
"""Questions, diary questions, warning signs, routines and stretches no template holds, which the model writes well
unheld, and the reading of the free text that hears them (see :mod:`.question`, :mod:`.diary`, :mod:`.sign`,
:mod:`.routine`, :mod:`.stretch`; the cramp reader's espeak-ng cases were held by the grammar on some runs and not on
others, so it is tested on typed free text: tests/hearing/whisper/test_readings.py)."""


@pytest.mark.parametrize("sentence, voice, intent, slots, reading", READ, ids=[f"{c[0]}-{c[1]}" for c in READ])
def test_a_command_no_template_holds_is_read_from_the_free_text(whisper, parser, monkeypatch, sentence, voice, intent,
                                                                slots, reading):
    assert parser.parse(sentence) is None
    audio = pad(synthesize(sentence, voice, 150), 0.3, 0.3)
    decoded = whisper.analyze(audio)
    meant = IntentMatch(intent, slots)
    assert parser.parse(decoded.text) == meant and decoded.confidence >= 0.5, decoded
    monkeypatch.setattr(whisper, "settings", replace(whisper.settings, **{reading: None}))
    unread = whisper.analyze(audio)
    assert unread.confidence < 0.5 or parser.parse(unread.text) != meant, unread

def test_a_warning_sign_stated_in_other_words_wins_over_a_cramp_found_among_them(tmp_path):
    commands = word_graph(["my legs keep cramping", "i'm diabetic", "stop"])
    meanings = {"my legs keep cramping": IntentMatch("cramp", {"muscle": "leg"}),
                "i'm diabetic": IntentMatch("red_flag", {"symptom": "vascular_risk"})}
    said = decoding("I smoke, and my legs keep cramping.")
    signs = word_graph(["i'm diabetic"])
    unread = WhisperRecognizer(commands, signs, make_model_folder(tmp_path), meanings.get)
    assert unread._among(said).text == "my legs keep cramping"
    read = WhisperRecognizer(commands, signs, tmp_path, meanings.get, stated_signs={"vascular_risk": "i'm diabetic"})
    assert read._among(said).text == "i'm diabetic"



OTHERS = [("his calf is cramping", "en-us"), ("your calf is cramping", "en-us"),
          ("my husband's calf is cramping", "en-gb")]
"""Someone else's cramp, which the held decode, with no words for anyone else, hears as the user's (the bench's
false activations; checked with the owner's reading off)."""


@pytest.mark.parametrize("sentence, voice", OTHERS, ids=[f"{c[0]}-{c[1]}" for c in OTHERS])
def test_someone_elses_cramp_is_no_command(whisper, parser, monkeypatch, sentence, voice):
    audio = pad(synthesize(sentence, voice, 160), 0.3, 0.3)
    heard = whisper.analyze(audio)
    assert heard.confidence < 0.5, heard
    monkeypatch.setattr(whisper, "settings", replace(whisper.settings, whose=None))
    unread = whisper.analyze(audio)
    assert parser.parse(unread.text).intent == "cramp" and unread.confidence >= 0.5, unread


def test_someone_elses_medicine_is_no_warning_sign(tmp_path):
    commands = word_graph(["i started a new medicine last week", "stop"])
    meanings = {"i started a new medicine last week": IntentMatch("red_flag", {"symptom": "medication"})}
    recognizer = WhisperRecognizer(commands, None, make_model_folder(tmp_path), meanings.get)
    held = replace(decoding("She started a new medicine last week."), text="i started a new medicine last week",
                   confidence=0.9)
    assert recognizer._owned(held).confidence == 0.0
    mine = replace(held, free_text="I started a new medicine last week.")
    assert recognizer._owned(mine) == mine
