"""``voice-coach session``: the whole hands-free loop with a WAV file as the microphone.

The session clock is the audio clock (samples counted), so a ten-minute
session runs as fast as the machine allows and every time in the events file
is exact. The coach's output is pulled from its :class:`PlaybackTrack` in step
with each input chunk; with ``--echo GAIN`` that output is mixed back into the
input through :class:`SimulatedEchoPath`, as a loudspeaker heard by the
microphone would be. When the input file ends the room goes quiet, and the
session keeps running on silence until the coach has finished what it started
(a routine, a question), so a routine begun near the end still completes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_coach.audio.files import iter_audio_16k
from voice_coach.errors import AudioError
from voice_coach.outputs import TextOutput, WavOutput
from voice_coach.session.core import CoachCore
from voice_coach.session.echo import EchoCanceller, SimulatedEchoPath
from voice_coach.session.track import PlaybackTrack
from voice_coach.timing.clock import AudioClock

log = logging.getLogger(__name__)

RATE = 16000
"""Samples per second of the session's audio, in and out."""
CHUNK = 320
"""Samples per step: 20 ms."""


@dataclass(frozen=True)
class FileSessionOptions:
    """What ``voice-coach session`` was asked to do."""

    input: Path
    """The WAV that plays the part of the microphone."""
    echo_gain: float = 0.0
    """How loud the coach's own voice comes back into the input (0: not at all, 1: as played)."""
    speak_to: Path | None = None
    """Where to write what the coach said (16 kHz WAV), or None."""
    events: Path | None = None
    """Where to write the events (JSON lines), or None."""
    local_hour: float | None = None
    """Time of day the session starts at (hours), for night manner; None: daytime."""
    max_tail_s: float = 1200.0
    """Longest time (seconds) the session runs on after the input ends, waiting for the coach to finish."""


@dataclass(frozen=True)
class FileSessionResult:
    """What a finished session reports."""

    audio_seconds: float
    """Seconds of session time, input plus the quiet tail."""
    events: int
    """Events written."""


class _Outputs:
    """The session's files, opened before any work so a bad path fails at once.

    A write that fails later (a full disk) stops the session with one line
    naming the file: these files are the one thing a file session makes.
    """

    def __init__(self, options: FileSessionOptions) -> None:
        self.count = 0
        self._events = TextOutput(options.events, "events") if options.events is not None else None
        try:
            self._wav = WavOutput(options.speak_to, RATE) if options.speak_to is not None else None
        except AudioError:
            if self._events is not None:
                self._events.close()
            raise

    def event(self, entry: dict) -> None:
        self.count += 1
        log.debug("event %s", entry)
        if self._events is not None:
            self._events.write(json.dumps(entry) + "\n")

    def played(self, chunk: np.ndarray) -> None:
        if self._wav is not None:
            self._wav.write(chunk)

    def close(self) -> None:
        try:
            if self._events is not None:
                self._events.close()
        finally:
            if self._wav is not None:
                self._wav.close()


def run_file_session(options: FileSessionOptions, build_core) -> FileSessionResult:
    """Run the loop over ``options.input``; ``build_core(track, events, canceller) -> CoachCore``."""
    chunks = iter_audio_16k(options.input, CHUNK)  # a broken input fails here, before any output exists
    outputs = _Outputs(options)
    try:
        clock = AudioClock(RATE)
        track = PlaybackTrack(RATE)
        echo = SimulatedEchoPath(options.echo_gain, RATE)
        core: CoachCore = build_core(track, outputs.event, EchoCanceller(RATE))
        core.start(0.0, options.local_hour)

        def one(chunk: np.ndarray) -> None:
            played = track.pull(len(chunk))
            clock.advance(len(chunk))
            core.process(echo.mix(chunk, played), played, clock.now())
            outputs.played(played)

        for chunk in chunks:
            if len(chunk) < CHUNK:
                chunk = np.concatenate([chunk, np.zeros(CHUNK - len(chunk), np.int16)])
            one(chunk)
        input_end = clock.now()
        for heard in core.hearing.flush():
            core.on_heard(heard, clock.now())
        quiet = np.zeros(CHUNK, np.int16)
        while not core.idle() and clock.now() < input_end + options.max_tail_s:
            one(quiet)
        return FileSessionResult(clock.now(), outputs.count)
    finally:
        outputs.close()
