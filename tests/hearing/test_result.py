"""What the hearing layer reports: each utterance once, from a file."""

from __future__ import annotations

from dataclasses import replace

from voice_coach.hearing.result import Recognition, settled


def _heard(start, end, intent, amends=False):
    return Recognition(start, end, intent or "", intent, {}, 0.9 if intent else 0.0, amends=amends)


def test_a_first_part_amended_by_the_next_is_left_out_and_nothing_else():
    okay = _heard(0.5, 0.8, "yes")
    whole = _heard(0.5, 1.9, "stop", amends=True)
    later = _heard(4.0, 4.6, "louder")
    none = _heard(6.0, 7.0, None)
    assert list(settled([okay, whole, later, none])) == [whole, later, none]
    assert list(settled([okay, later])) == [okay, later]
    assert list(settled([])) == []


def test_every_piece_of_a_whole_heard_as_it_grew_is_left_out():
    """"why do I | keep getting | cramps at night": the first piece alone was misheard as a command, the first
    two together were none, and the three together are the question, from the first piece's start."""
    first = _heard(0.5, 1.1, "help")
    second = replace(_heard(1.4, 2.0, None), follows=True)
    whole = replace(_heard(0.5, 3.2, "ask", amends=True), follows=True)
    later = _heard(6.0, 6.5, "stop")
    assert list(settled([first, second, whole, later])) == [whole, later]
    alone = replace(_heard(1.4, 2.0, "stop"), follows=True)  # amended from its own start: the piece before stands
    assert list(settled([first, alone, replace(_heard(1.4, 3.2, "ask", amends=True), follows=True)]))[0] == first


def test_settled_is_lazy_and_holds_one_utterance_back():
    """A long file is reported as it is read: each line at most one utterance late."""
    seen = []

    def stream():
        for item in (_heard(0.5, 0.8, "yes"), _heard(3.0, 3.5, "stop"), _heard(6.0, 6.5, "next")):
            seen.append(item.intent)
            yield item

    out = settled(stream())
    assert next(out).intent == "yes" and seen == ["yes", "stop"]


def test_an_opener_that_prose_follows_at_once_opened_a_sentence():
    right = Recognition(0.5, 0.8, "right", "side", {"side": "right"}, 0.94)
    prose = Recognition(1.2, 2.6, "", None, {}, 0.0, follows=True)
    assert [h.intent for h in settled([right, prose])] == [None, None]
    later = Recognition(4.0, 5.0, "", None, {}, 0.0)  # speech after a breath: a new turn, "right" stands
    assert [h.intent for h in settled([right, later])] == ["side", None]
    stop = Recognition(0.5, 0.8, "stop", "stop", {}, 0.9)  # a command, not an opener: "Stop, I'm going to sleep."
    assert [h.intent for h in settled([stop, prose])] == ["stop", None]


def test_an_answer_that_prose_follows_at_once_opened_a_sentence_and_one_that_a_command_follows_stands():
    no = Recognition(0.5, 0.8, "no", "no", {}, 0.96)
    prose = Recognition(1.1, 2.4, "", None, {}, 0.0, follows=True)  # "No, the blue one."
    assert [h.intent for h in settled([no, prose])] == [None, None]
    worse = Recognition(1.1, 2.4, "it's still cramping", "worse", {}, 0.9, follows=True)
    assert [h.intent for h in settled([no, worse])] == ["no", "worse"]
    rest = Recognition(1.1, 1.6, "", None, {}, 0.8, continues=True, follows=True)  # "No | not yet": the same answer
    assert [h.intent for h in settled([no, rest])] == ["no", None]
    left = Recognition(0.5, 0.8, "the left", "side", {"side": "left"}, 0.97)
    assert [h.intent for h in settled([left, prose])] == [None, None]


def test_a_side_said_right_after_a_cramp_is_that_cramp_s_side():
    """"Leg cramp, | right side.": one command, heard as the cramp and the side it came with."""
    cramp = Recognition(0.5, 1.1, "leg cramp", "cramp", {"muscle": "leg"}, 0.7)
    side = Recognition(1.5, 2.1, "right side", "side", {"side": "right"}, 0.88, follows=True)
    (heard,) = settled([cramp, side])
    assert (heard.intent, heard.slots, heard.start, heard.end) == ("cramp", {"muscle": "leg", "side": "right"}, 0.5, 2.1)
    # the two heard together as the side alone (the clause read at the end): the side still goes to the cramp
    whole = Recognition(0.5, 2.1, "right side", "side", {"side": "right"}, 0.6, amends=True, follows=True)
    assert [(h.intent, h.slots) for h in settled([cramp, whole])] == [("cramp", {"muscle": "leg", "side": "right"})]
    # the same side again is no new command; another side, or one said after a breath, is its own
    left_cramp = Recognition(0.5, 1.1, "left calf cramp", "cramp", {"muscle": "calf", "side": "left"}, 0.9)
    left = Recognition(1.5, 2.0, "left", "side", {"side": "left"}, 0.9, follows=True)
    assert [h.intent for h in settled([left_cramp, left])] == ["cramp"]
    right = Recognition(1.5, 2.0, "right", "side", {"side": "right"}, 0.9, follows=True)
    assert [h.intent for h in settled([left_cramp, right])] == ["cramp", "side"]
    later = Recognition(5.0, 5.5, "right side", "side", {"side": "right"}, 0.9)
    assert [h.intent for h in settled([cramp, later])] == ["cramp", "side"]
    # a side after another command is its own
    stop = Recognition(0.5, 0.8, "stop", "stop", {}, 0.9)
    assert [h.intent for h in settled([stop, side])] == ["stop", "side"]


def test_a_warning_sign_wins_its_breath_group():
    """"the doctor put me on statins | and my legs have cramped ever since": the sign, not a cramp to stretch as
    well; a stretch asked for after a breath is a request of its own."""
    sign = Recognition(0.5, 2.1, "the doctor put me on statins", "red_flag", {"symptom": "medication"}, 0.85)
    cramp = Recognition(2.4, 3.9, "my legs have cramped", "cramp", {"muscle": "leg"}, 0.8, follows=True)
    assert [h.intent for h in settled([sign, cramp])] == ["red_flag", None]
    before = Recognition(0.5, 1.6, "my calf is cramping", "cramp", {"muscle": "calf"}, 0.9)
    swollen = Recognition(1.9, 2.8, "it's swollen", "red_flag", {"symptom": "swelling"}, 0.9, follows=True)
    assert [h.intent for h in settled([before, swollen])] == [None, "red_flag"]
    later = Recognition(6.0, 7.0, "stretch my calves", "stretch", {"muscle": "calf"}, 0.9)
    assert [h.intent for h in settled([sign, later])] == ["red_flag", "stretch"]
