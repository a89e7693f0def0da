import threading

import numpy as np
import pytest

from voice_coach.speech.conductor import AudioPacer, speak_timeline, spoken_cues
from voice_coach.speech.sinks import WavSink
from voice_coach.timing.clock import AudioClock, MonotonicClock
from voice_coach.timing.timeline import Cue, CueKind, Timeline

from .conftest import render, rms


def hand_made(tts) -> Timeline:
    """A hold of 5 s counted every second, as a planner would make it."""
    cues = [Cue(0.0, CueKind.SAY, "Straighten your leg.", tts.seconds("Straighten your leg."))]
    start = 2.0
    cues.append(Cue(start, CueKind.HOLD_START, "Hold.", 5.0, hold=0))
    for n, word in enumerate(["one", "two", "three", "four"], 1):
        cues.append(Cue(start + n, CueKind.COUNT, word, tts.seconds(word), hold=0))
    cues.append(Cue(start + 5, CueKind.HOLD_END, "And release.", tts.seconds("And release."), hold=0))
    cues.append(Cue(start + 5 + 0.2, CueKind.REST, "", 0.7))
    end = start + 5 + 0.2 + 0.7 + 1.0 / 3
    cues.append(Cue(end, CueKind.END))
    return Timeline("hand_made", tuple(cues), end)


def test_offline_rendering_is_sample_exact(tts):
    timeline = hand_made(tts)
    out = render(timeline, tts)
    assert len(out.audio) == round(timeline.length * out.rate)
    for cue in spoken_cues(timeline):
        at = round(cue.offset * out.rate)
        line = tts.render(cue.text)
        assert np.array_equal(out.audio[at: at + len(line)], line), cue
    # between lines: silence
    assert rms(out.cut(0.0 + tts.seconds("Straighten your leg.") + 0.01, 2.0)) == 0.0


def test_offsets_are_absolute_on_a_clock_that_did_not_start_at_zero(tts):
    timeline = hand_made(tts)
    sink = WavSink(None, tts.sample_rate, AudioClock(tts.sample_rate, start_samples=12345))
    speak_timeline(timeline, tts, sink, sink.clock)
    sink.close()
    assert sink.clock.samples == 12345 + round(timeline.length * sink.rate)
    audio = sink.audio()
    line = tts.render("And release.")
    release = next(c for c in timeline.cues if c.kind is CueKind.HOLD_END)
    at = round(release.offset * sink.rate)  # within a sample of rounding
    assert any(np.array_equal(audio[a: a + len(line)], line) for a in (at - 1, at, at + 1))


def test_on_cue_sees_every_spoken_line_in_order(tts):
    timeline = hand_made(tts)
    sink = WavSink(None, tts.sample_rate)
    said = []
    speak_timeline(timeline, tts, sink, sink.clock, on_cue=lambda c: said.append((sink.clock.now(), c.text)))
    assert [t for _, t in said] == [c.text for c in spoken_cues(timeline)]
    assert [round(t * sink.rate) for t, _ in said] == [round(c.offset * sink.rate) for c in spoken_cues(timeline)]


def test_an_interrupt_stops_the_timeline_and_the_sound(tts):
    timeline = hand_made(tts)
    stop = threading.Event()
    sink = WavSink(None, tts.sample_rate)

    def on_cue(cue):
        if cue.kind is CueKind.COUNT:
            stop.set()

    assert speak_timeline(timeline, tts, sink, AudioPacer(sink.clock), interrupt=stop, on_cue=on_cue) is False
    assert not sink.busy
    assert sink.clock.now() == pytest.approx(3.0, abs=1e-4)  # stopped at the first count, not later


def test_live_wait_is_interrupted_at_once(tts):
    # A live timeline whose first line is due in an hour: setting the Event ends it.
    timeline = Timeline("later", (Cue(3600.0, CueKind.SAY, "Hold."), Cue(3601.0, CueKind.END)), 3601.0)
    sink = WavSink(None, tts.sample_rate)
    stop = threading.Event()
    threading.Timer(0.05, stop.set).start()
    assert speak_timeline(timeline, tts, sink, MonotonicClock(), interrupt=stop) is False
    assert len(sink.audio()) == 0
