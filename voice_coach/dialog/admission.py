"""Which heard commands the coach acts on: the rules that tell the person from echo, clicks and a radio.

The recognizer reports what it heard and how sure it was; whether that is
the person talking to the coach depends on the moment too: the coach's own
voice may have been most of what the microphone heard, the room may be full
of other people's speech, the command may mean nothing in the conversation's
state (:func:`voice_coach.dialog.fit.fits`). The session measures the sound
(:class:`~voice_coach.dialog.events.Acoustics`); these rules decide, inside the
dialog's step, so that one place holds every rule of the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voice_coach.dialog.events import Heard
from voice_coach.dialog.fit import fits
from voice_coach.dialog.state import DialogState


@dataclass(frozen=True)
class AdmissionSettings:
    """When a heard command counts as the person's."""

    talking_confidence: float = 0.0
    """Extra confidence (0..1) a command needs while the coach is talking; 0 uses the recognizer's own bar.
    Residual echo that survives the canceller is the likeliest false command, and the commands a person
    shouts over the coach ("stop", "pause") are short and clear."""
    echo_dominance_db: float = 6.0
    """An utterance during which the canceller took out more than this many decibels of the microphone's
    energy was mostly the coach's own voice: it is ignored. A person talking over the coach keeps the
    ratio near 0-3 dB, because the canceller cannot remove their voice."""
    min_speech_s: float = 0.25
    """Utterances shorter than this (seconds of speech) are clicks, breaths or fragments: no command, and
    no chatter toward a busy room (below) either. Live, a 0.12 s fragment after "my calf is cramping" once
    decoded as "pause it" at confidence 0.86 (CI, stalled-speaker test); this rule refuses it. The one
    exception is a command the residual-echo muting clipped (:attr:`~voice_coach.dialog.events.Acoustics.clipped`):
    over the coach's voice the muting can take the "s" off a real person's "stop", and what the voice
    detector keeps is 0.12-0.24 s long. Measured (``scripts/bench_session.py``, 12 people's "stop", echo 0.7,
    48 said): with the minimum applied to those too, 20 heard and 21 obeyed within 500 ms; with the
    exception 28 and 30, as with no echo at all (27 and 27)."""
    busy_window_s: float = 30.0
    """Seconds looked back to tell whether other people's speech fills the room (a radio, a TV)..."""
    busy_utterances: int = 2
    """...which it does when at least this many utterances in that window were no command..."""
    busy_confidence: float = 0.9
    """...and then a command needs this confidence (0..1). Measured over three simulated 8-hour nights with
    the radio reading the source articles: its 9 false commands scored 0.59-0.86, the person's 6 commands
    0.92-0.998 (``scripts/soak.py``). A quiet room keeps the recognizer's own bar. A busy room also acts
    only on commands that fit the dialog's state."""


@dataclass(frozen=True)
class Admission:
    """What the rules made of one heard utterance."""

    admitted: bool
    """The command is the person's: the dialog acts on it."""
    busy: bool
    """Other speech filled the room before it."""
    fitting: bool
    """The command means something in the conversation's state (or there is none)."""


def admit(settings: AdmissionSettings, ds: DialogState, heard: Heard) -> tuple[DialogState, Admission]:
    """Judge ``heard`` by its sound; the state returned remembers it when it was someone else's speech.

    Typed text (``heard.acoustics`` None) is always the person's.
    """
    acoustics = heard.acoustics
    fitting = heard.intent is None or fits(ds, heard.intent)
    if acoustics is None:
        return ds, Admission(heard.intent is not None, False, fitting)
    chatter = tuple(end for end in ds.chatter if end >= acoustics.start - settings.busy_window_s)
    busy = len(chatter) >= settings.busy_utterances
    long_enough = acoustics.end - acoustics.start >= settings.min_speech_s
    admitted = (heard.intent is not None and not acoustics.unconverged and (long_enough or acoustics.clipped)
                and acoustics.echo_db <= settings.echo_dominance_db
                and not (acoustics.while_talking and acoustics.confidence < settings.talking_confidence)
                and not (busy and acoustics.confidence < settings.busy_confidence)
                and not (busy and not fitting))
    if not admitted and not acoustics.while_talking and long_enough and not acoustics.continues:
        chatter += (acoustics.end,)  # someone else's speech (the coach's own echo does not count)
    return replace(ds, chatter=chatter), Admission(admitted, busy, fitting)
