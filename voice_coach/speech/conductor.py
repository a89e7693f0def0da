"""Speaking a timeline: every cue's words at ``start + cue.offset`` on one clock.

Deadlines are absolute, read against the clock the caller gives: live, a
:class:`~voice_coach.timing.clock.MonotonicClock` (waits can be interrupted by
an Event within milliseconds); offline, an
:class:`~voice_coach.timing.clock.AudioClock` that is simply advanced to each
deadline, sample-exact, while a :class:`~voice_coach.speech.sinks.WavSink`
writes the sound. Nothing adds up waits, so nothing drifts.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Protocol

from voice_coach.speech.player import Speaker
from voice_coach.speech.tts import Tts
from voice_coach.timing.clock import AudioClock
from voice_coach.timing.timeline import Cue, Timeline

log = logging.getLogger(__name__)


class Pacer(Protocol):
    """A clock one can wait on: :class:`MonotonicClock` is one; an AudioClock is adapted by :func:`pacer_for`."""

    def now(self) -> float:
        ...

    def wait_until(self, deadline: float, interrupt: threading.Event | None = None) -> bool:
        ...


class AudioPacer:
    """Waiting on an audio clock: time jumps to the deadline (the audio in between is silence or what is playing)."""

    def __init__(self, clock: AudioClock) -> None:
        self.clock = clock
        """The audio clock advanced by each wait."""

    def now(self) -> float:
        return self.clock.now()

    def wait_until(self, deadline: float, interrupt: threading.Event | None = None) -> bool:
        if interrupt is not None and interrupt.is_set():
            return False
        self.clock.advance(self.clock.samples_until(deadline))
        return True


def pacer_for(clock) -> Pacer:
    """``clock`` itself when it can wait, else an :class:`AudioPacer` around it."""
    if isinstance(clock, AudioClock):
        return AudioPacer(clock)
    return clock


def spoken_cues(timeline: Timeline) -> list[Cue]:
    """The cues that carry words, in order."""
    return [c for c in timeline.cues if c.text.strip()]


def speak_timeline(
    timeline: Timeline,
    tts: Tts,
    speaker: Speaker,
    clock,
    *,
    start: float | None = None,
    interrupt: threading.Event | None = None,
    on_cue: Callable[[Cue], None] | None = None,
) -> bool:
    """Speak every cue of ``timeline`` at ``start + cue.offset`` on ``clock``; wait until its end.

    ``clock`` is a MonotonicClock (live) or an AudioClock (offline, advanced to
    each deadline). ``start`` defaults to the clock's current time. ``on_cue`` is
    called as each line starts. Returns True when the timeline ran to its end,
    False when ``interrupt`` was set (the speaker is then stopped at once).
    """
    pacer = pacer_for(clock)
    cues = spoken_cues(timeline)
    tts.prerender(c.text for c in cues)
    t0 = pacer.now() if start is None else start
    for cue in cues:
        if not pacer.wait_until(t0 + cue.offset, interrupt):
            speaker.stop()
            return False
        late = pacer.now() - (t0 + cue.offset)
        if late > 0.02:
            log.debug("cue at %.3f s started %.0f ms late", cue.offset, late * 1000)
        if speaker.busy:
            log.debug("cue at %.3f s cuts off the previous line (%.3f s left)", cue.offset, speaker.remaining_seconds)
        speaker.play(tts.render(cue.text), tts.sample_rate)
        if on_cue is not None:
            on_cue(cue)
    if not pacer.wait_until(t0 + timeline.length, interrupt):
        speaker.stop()
        return False
    return True
