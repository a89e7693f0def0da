"""Which heard commands the dialog acts on, judged by how they sounded (``voice_coach.dialog.admission``).

The session measures each utterance (``Acoustics``) and the dialog's step decides:
echo, clicks and a room full of other speech are refused there, in one place,
with the events log saying what was heard and whether it was taken.
"""

from __future__ import annotations

from voice_coach.dialog import Heard, Log, Say, State
from voice_coach.dialog.admission import AdmissionSettings
from voice_coach.dialog.events import Acoustics

from .helpers import Convo

RULES = AdmissionSettings()


def _said(convo: Convo, t: float, intent: str | None, confidence: float = 0.95, length: float = 0.8,
          **acoustics) -> tuple:
    """``intent`` spoken, ending at ``t`` (seconds), heard at ``confidence``."""
    heard = Heard(t, intent, {}, intent or "", Acoustics(t - length, t, confidence, **acoustics))
    return convo.send(heard)


def _utterance(actions: tuple) -> dict:
    (entry,) = [a.to_json() for a in actions if isinstance(a, Log) and a.type == "utterance"]
    return entry


def _running() -> Convo:
    convo = Convo()
    convo.start()
    convo.hear(1.0, "start_routine", routine="calf_release")
    convo.until(3.0)
    return convo


def test_a_clear_command_is_taken_and_logged_as_heard():
    convo = _running()
    actions = _said(convo, 3.5, "pause")
    assert _utterance(actions)["intent"] == "pause" and convo.state.state is State.PAUSED


def test_the_coachs_own_voice_is_refused_and_logged_as_no_command():
    convo = _running()
    actions = _said(convo, 3.5, "pause", while_talking=True, echo_db=RULES.echo_dominance_db + 3)
    entry = _utterance(actions)
    assert entry["intent"] is None and entry["echo_removed_db"] == RULES.echo_dominance_db + 3
    assert convo.state.state is State.RUNNING and not [a for a in actions if isinstance(a, Say)]


def test_a_fragment_is_refused_unless_the_muting_clipped_it():
    short = RULES.min_speech_s / 2
    refused = _running()
    _said(refused, 3.5, "stop", length=short)
    assert refused.state.state is State.RUNNING
    clipped = _running()
    _said(clipped, 3.5, "stop", length=short, clipped=True)
    assert clipped.state.state is State.IDLE


def test_while_the_echo_canceller_learns_the_room_nothing_said_over_the_coach_is_taken():
    convo = _running()
    _said(convo, 3.5, "stop", while_talking=True, unconverged=True)
    assert convo.state.state is State.RUNNING


def test_a_busy_room_needs_a_surer_command_that_fits_the_moment():
    convo = Convo()
    convo.start()
    for end in (2.0, 5.0):  # two utterances of someone else's speech: the room is busy
        _said(convo, end, None, confidence=0.0, length=1.5)
    assert convo.state.chatter == (2.0, 5.0)
    near_miss = _said(convo, 8.0, "cramp", confidence=RULES.busy_confidence - 0.05)
    assert _utterance(near_miss)["busy_room"] and _utterance(near_miss)["intent"] is None
    unfitting = _said(convo, 10.0, "resume", confidence=0.99)  # "carry on" with nothing paused: a radio's
    assert _utterance(unfitting)["intent"] is None
    sure = _said(convo, 12.0, "cramp", confidence=0.99)
    assert _utterance(sure)["intent"] == "cramp"
    # Thirty seconds on, the chatter has passed: the room is quiet again.
    quiet = _said(convo, 45.0, "time_left", confidence=0.6)
    assert not _utterance(quiet)["busy_room"] and _utterance(quiet)["intent"] == "time_left"


def test_the_coachs_own_echo_does_not_make_the_room_busy():
    convo = Convo()
    convo.start()
    for end in (2.0, 5.0):
        _said(convo, end, None, confidence=0.0, length=1.5, while_talking=True)
    assert convo.state.chatter == ()


def test_typed_text_is_always_the_persons():
    convo = Convo()
    convo.start()
    actions = convo.hear(1.0, "cramp", muscle="calf")
    assert not [a for a in actions if isinstance(a, Log) and a.type == "utterance"]
    assert convo.state.state is not State.IDLE


def test_a_command_of_the_persons_own_templates_is_answered_with_the_unknown_line():
    convo = Convo()
    convo.start()
    actions = _said(convo, 2.0, "order_pizza")
    (line,) = [a for a in actions if isinstance(a, Say)]
    assert line.text == convo.ctx.lines.line("unknown_intent", text="order_pizza") and line.kind == "unknown"
