"""One step of the hands-free loop per microphone chunk: cancel echo, hear, decide, speak.

The same :class:`CoachCore` serves the live coach and ``voice-coach session``;
only the driver differs (the sound card's duplex stream, or a WAV file read
on the audio clock). Each call to :meth:`CoachCore.process` takes a chunk of
microphone audio and the chunk the coach played over the same span: the
played chunk is the echo canceller's reference, so the coach's own voice is
taken out before anything listens.

The core holds no rule of the conversation: it measures how each utterance
sounded (while the coach talked, how much of it was echo, whether the
muting clipped it) and passes it to the dialog, which decides whether it
was the person's (:mod:`voice_coach.dialog.admission`) and what to do.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
from dataclasses import dataclass
from typing import Callable

import numpy as np

from voice_coach.dialog import DialogContext, Heard, Log, Say, Started, StopSpeaking, Tick, initial_state, step
from voice_coach.dialog.events import Acoustics
from voice_coach.dialog.manager import CUE_KINDS
from voice_coach.hearing.result import Recognition
from voice_coach.session.echo import EchoCanceller, ResidualEchoSuppressor, removed_db
from voice_coach.session.track import PlaybackTrack
from voice_coach.session.voice import SessionVoice
from voice_coach.timing.clock import Clock
from voice_coach.timing.timeline import CueKind

log = logging.getLogger(__name__)

EventSink = Callable[[dict], None]
"""Receives each event as a JSON-ready dict with ``t`` (seconds) and ``type``."""

REDO_AFTER_S = 0.05
"""Live, a dialog step that took longer than this (seconds of wall time) is taken again at the time it
ended. A warm step takes about a millisecond; planning a routine whose lines are not rendered yet took
0.6 s, and the first answer then started that late while the routine's next instruction kept the deadline
planned before: "Straighten your sore leg" cut 0.4 s off "I'm here. Let's ease it out together.", and
1.6-1.9 s of its 3.2 s with both cores busy (``scripts/bench_session.py``; 0 s now)."""


@dataclass(frozen=True)
class SessionSettings:
    """How the session measures what it hears (the rules that judge it: ``DialogContext.admission``)."""

    talking_hangover: float = 0.3
    """Seconds after the coach's last sound during which it still counts as talking (room echo tail)."""
    muting_margin_s: float = 0.2
    """A short command counts as clipped by the muting when a muted chunk ended within this many seconds
    before its first voiced frame (the weak "s" of "stop" leads the voiced part by up to about 0.15 s),
    or anywhere up to its end. Tuned on the 12 people's "stop" of ``testdata/speech_commands``: a 0 s margin
    obeyed 7, 0.1 s and 0.2 s 8; checked on 12 others of ``speech_commands_extra``
    (``tests/session/test_scenarios.py``): 8."""


class CoachCore:
    """The session's state and its one step per chunk; single-threaded by design."""

    def __init__(self, ctx: DialogContext, hearing, voice: SessionVoice, track: PlaybackTrack,
                 events: EventSink, canceller: EchoCanceller | None = None,
                 settings: SessionSettings = SessionSettings(), clock: Clock | None = None) -> None:
        self.ctx = ctx
        self.hearing = hearing
        """Endpointer + recognizer + parser: ``feed(chunk) -> list[Recognition]`` with times in seconds of input audio."""
        self.voice = voice
        self.track = track
        self.events = events
        self.canceller = canceller
        self.settings = settings
        self.clock = clock
        """Live: the monotonic clock, read again after slow work (a decode, a cold plan) so that the coach
        acts at the time it really does. None on the audio clock, where work takes no audio time."""
        self._clock_offset = 0.0  # clock seconds at session time 0
        self.state = initial_state(ctx.voice.start_pace)
        self._talking_until = -1.0
        self._line_until = -1.0  # when the dialog's own line (an answer, not a cue) being played ends, in seconds
        self._energy = _EnergyLog()
        self._suppressor = ResidualEchoSuppressor(ctx.admission.echo_dominance_db)

    def start(self, t: float, local_hour: float | None) -> None:
        """The session begins at ``t`` (seconds); ``local_hour`` sets the day or night manner."""
        if self.clock is not None:
            self._clock_offset = self.clock.now() - t
        self._step(Started(t, local_hour), t)

    def process(self, mic: np.ndarray, played: np.ndarray, t: float) -> None:
        """Handle one chunk: ``mic`` heard and ``played`` by the coach over the span ending at ``t`` seconds."""
        if played.any():
            self._talking_until = t + self.settings.talking_hangover
        cleaned = self.canceller.process(mic, played) if self.canceller is not None else mic
        raw_energy, clean_energy = self._energy.add(t, mic, cleaned)
        if self.canceller is not None and self._suppressor.mutes(removed_db(raw_energy, clean_energy),
                                                                 t <= self._talking_until):
            self._energy.mark_muted()
            cleaned = self._suppressor.attenuate(cleaned)
        for heard in self.hearing.feed(cleaned):
            t = self._later(t)  # live, the decode took time: the coach learns of it when it is done
            self.on_heard(heard, t)
        t = self._later(t)  # and answering may have taken more
        self._step(Tick(t), t)

    def _later(self, t: float) -> float:
        """Session seconds now: ``t``, or later when the live clock has moved on since ``t`` was read."""
        if self.clock is None:
            return t
        return max(t, self.clock.now() - self._clock_offset)

    def on_heard(self, heard: Recognition, t: float) -> None:
        """An utterance ended; ``t`` is when the coach learns of it (seconds). The dialog judges it by its sound."""
        talking = heard.start <= self._talking_until
        acoustics = Acoustics(
            heard.start, heard.end, heard.confidence, while_talking=talking,
            echo_db=self._energy.removed_db(heard.start, heard.end),
            clipped=self._energy.muted_between(heard.start - self.settings.muting_margin_s, heard.end),
            unconverged=talking and self.canceller is not None and not self.canceller.converged,
            continues=heard.continues)
        self._step(Heard(t, heard.intent, dict(heard.slots), heard.text, acoustics), t)

    def idle(self) -> bool:
        """True when nothing is running, asked or playing."""
        from voice_coach.dialog import State

        return self.state.state in (State.IDLE, State.ALERT) and not self.track.busy

    def _step(self, event, t: float) -> None:
        """Step the dialog on ``event`` and carry out its actions."""
        state, actions = step(self.ctx, self.state, event)
        later = self._later(t)
        if later - t > REDO_AFTER_S:
            # The step is pure, so it can be taken again as if the event came when the slow one ended;
            # its lines are rendered and cached now, and this time it is quick.
            log.debug("%.2f s: the dialog step took %.2f s; taken again at %.2f s", t, later - t, later)
            t = later
            state, actions = step(self.ctx, self.state, dataclasses.replace(event, t=t))
        self.state = state
        sound_start = t
        toned: set[str] = set()  # lines the voice could not render and played as a tone
        skipped: set[str] = set()  # counts left unsaid because an answer was still being spoken
        for action in actions:
            if isinstance(action, Say):
                if action.kind == CueKind.COUNT.value and t < self._line_until:
                    # The hold keeps its time, but a count word would cut off the answer the person
                    # asked for ("how much longer?"); the counts resume once it has been said.
                    skipped.add(action.text)
                    continue
                interrupt = action.interrupt  # the dialog says which lines cut off what is playing
                sound_start = t if interrupt else t + self.track.remaining_seconds()
                failures = self.voice.failures
                samples = self.voice.sound(action)
                self.track.play(samples, action.text, interrupt=interrupt)
                if self.voice.failures > failures:
                    toned.add(action.text)
                if action.kind not in CUE_KINDS:
                    self._line_until = sound_start + len(samples) / self.voice.sample_rate
                elif interrupt:
                    self._line_until = -1.0
            elif isinstance(action, StopSpeaking):
                self.track.stop()
                self._line_until = -1.0
            elif isinstance(action, Log):
                entry = action.to_json()
                if action.type in ("say", "count"):
                    # When the sound really starts: the planned deadline is kept beside it.
                    entry["planned"] = entry["t"]
                    entry["t"] = round(sound_start, 3)
                    if entry.get("text") in toned:
                        entry["tone"] = True
                    if action.type == "count" and entry.get("text") in skipped:
                        entry["t"], entry["skipped"] = entry["planned"], True
                _log_decision(entry)
                self.events(entry)


_DECISIONS = frozenset({"routine", "state", "alert"})
"""Event types that say what the coach decided (logged at INFO; what it heard is logged as it is heard);
the rest, every line spoken among them, at DEBUG."""


def _log_decision(entry: dict) -> None:
    """One log line per dialog event, so ``--verbose`` shows why the coach did what it did (no audio)."""
    details = " ".join(f"{k}={v}" for k, v in entry.items() if k not in ("t", "type"))
    level = logging.INFO if entry["type"] in _DECISIONS else logging.DEBUG
    log.log(level, "%.2f s %s: %s", entry["t"], entry["type"], details)


class _EnergyLog:
    """Per-chunk energy of the raw microphone and of the echo-cancelled signal, and whether the residual
    echo suppressor muted the chunk, for the last minute.

    Lets the core ask, for any utterance, how much of what the microphone
    heard was the coach's own voice (removed by the canceller), and whether
    the muting may have clipped it.
    """

    def __init__(self, seconds: float = 60.0, chunk_s: float = 0.02) -> None:
        # (end of chunk in seconds, microphone energy, cleaned energy, muted)
        self._entries: collections.deque[tuple[float, float, float, bool]] = collections.deque(
            maxlen=int(seconds / chunk_s))

    def add(self, t: float, mic: np.ndarray, cleaned: np.ndarray) -> tuple[float, float]:
        """Log one chunk; returns its (microphone, cleaned) energies, which the echo suppressor also uses."""
        raw = float(np.dot(mic.astype(np.float64), mic.astype(np.float64)))
        clean = raw if cleaned is mic else float(np.dot(cleaned.astype(np.float64), cleaned.astype(np.float64)))
        self._entries.append((t, raw, clean, False))
        return raw, clean

    def mark_muted(self) -> None:
        """The chunk logged last was muted by the residual echo suppressor."""
        t, raw, clean, _ = self._entries[-1]
        self._entries[-1] = (t, raw, clean, True)

    def removed_db(self, start: float, end: float) -> float:
        """Decibels of microphone energy the canceller removed between ``start`` and ``end`` (seconds)."""
        raw = clean = 0.0
        for t, e_raw, e_clean, _ in self._entries:
            if start < t <= end + 0.02:
                raw += e_raw
                clean += e_clean
        return removed_db(raw, clean)

    def muted_between(self, start: float, end: float) -> bool:
        """Whether a chunk ending from ``start`` up to the chunk after ``end`` (seconds) was muted."""
        return any(muted and start <= t <= end + 0.02 for t, _, _, muted in self._entries)
