"""One step of the hands-free loop per microphone chunk: cancel echo, hear, decide, speak.

The same :class:`CoachCore` serves the live coach and ``voice-coach session``;
only the driver differs (the sound card's duplex stream, or a WAV file read
on the audio clock). Each call to :meth:`CoachCore.process` takes a chunk of
microphone audio and the chunk the coach played over the same span: the
played chunk is the echo canceller's reference, so the coach's own voice is
taken out before anything listens.

While the coach is talking, a heard command must also clear a stricter
confidence bar (``SessionSettings.talking_confidence``): residual echo that
survives the canceller is the likeliest false command, and the commands a
person shouts over the coach ("stop", "pause") are short and clear.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import numpy as np

from voice_coach.dialog import DialogContext, Heard as DialogHeard, Log, Say, Started, StopSpeaking, Tick, initial_state, step
from voice_coach.hearing.result import Heard
from voice_coach.session.echo import EchoCanceller
from voice_coach.session.track import PlaybackTrack
from voice_coach.session.voice import SessionVoice

log = logging.getLogger(__name__)

EventSink = Callable[[dict], None]
"""Receives each event as a JSON-ready dict with ``t`` (seconds) and ``type``."""


@dataclass(frozen=True)
class SessionSettings:
    """Fixed choices of one session."""

    talking_confidence: float = 0.0
    """Extra confidence (0..1) a command needs while the coach is talking; 0 uses the recognizer's own bar."""
    talking_hangover: float = 0.3
    """Seconds after the coach's last sound during which it still counts as talking (room echo tail)."""


class CoachCore:
    """The session's state and its one step per chunk; single-threaded by design."""

    def __init__(self, ctx: DialogContext, hearing, voice: SessionVoice, track: PlaybackTrack,
                 events: EventSink, canceller: EchoCanceller | None = None,
                 settings: SessionSettings = SessionSettings()) -> None:
        self.ctx = ctx
        self.hearing = hearing
        """Endpointer + recognizer + parser: ``feed(chunk) -> list[Heard]`` with times in seconds of input audio."""
        self.voice = voice
        self.track = track
        self.events = events
        self.canceller = canceller
        self.settings = settings
        self.state = initial_state()
        self._talking_until = -1.0

    def start(self, t: float, local_hour: float | None) -> None:
        """The session begins at ``t`` (seconds); ``local_hour`` sets the day or night manner."""
        self._step(Started(t, local_hour), t)

    def process(self, mic: np.ndarray, played: np.ndarray, t: float) -> None:
        """Handle one chunk: ``mic`` heard and ``played`` by the coach over the span ending at ``t`` seconds."""
        if played.any():
            self._talking_until = t + self.settings.talking_hangover
        cleaned = self.canceller.process(mic, played) if self.canceller is not None else mic
        for heard in self.hearing.feed(cleaned):
            self.on_heard(heard, t)
        self._step(Tick(t), t)

    def on_heard(self, heard: Heard, t: float) -> None:
        """An utterance ended; ``t`` is when the coach learns of it (seconds)."""
        talking = heard.start <= self._talking_until
        accepted = heard.intent is not None and not (talking and heard.confidence < self.settings.talking_confidence)
        self.events({"t": round(t, 3), "type": "utterance", "start": round(heard.start, 3), "end": round(heard.end, 3),
                     "text": heard.text, "intent": heard.intent if accepted else None, "slots": dict(heard.slots),
                     "confidence": round(heard.confidence, 3), "while_talking": talking})
        if accepted:
            log.info("heard %r -> %s %s (confidence %.2f)", heard.text, heard.intent, dict(heard.slots), heard.confidence)
            self._step(DialogHeard(t, heard.intent, dict(heard.slots), heard.text), t)
        elif heard.intent is not None:
            log.info("ignored %r while talking (confidence %.2f)", heard.text, heard.confidence)

    def idle(self) -> bool:
        """True when nothing is running, asked or playing."""
        from voice_coach.dialog import State

        return self.state.state in (State.IDLE, State.ALERT) and not self.track.busy

    def _step(self, event, t: float) -> None:
        self.state, actions = step(self.ctx, self.state, event)
        sound_start = t
        for action in actions:
            if isinstance(action, Say):
                sound_start = t if action.interrupt else t + self.track.remaining_seconds()
                self.track.play(self.voice.sound(action), action.text, interrupt=action.interrupt)
            elif isinstance(action, StopSpeaking):
                self.track.stop()
            elif isinstance(action, Log):
                entry = action.to_json()
                if action.type in ("say", "count"):
                    # When the sound really starts: the planned deadline is kept beside it.
                    entry["planned"] = entry["t"]
                    entry["t"] = round(sound_start, 3)
                self.events(entry)
