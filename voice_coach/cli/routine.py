"""``voice-coach routine ID [--side S] [--speak-to OUT.wav] [--timeline OUT.jsonl]``.

Plans the routine with the voice's own measured line lengths (the settings'
[voice], [counting] and [devices] apply, as in a session), writes the
timeline if asked, then either renders it to a WAV on the audio clock (as fast
as the machine allows) or speaks it live on the default output device,
printing each line as it is said. Output paths are opened before any work, so
an unwritable path fails at once.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from contextlib import ExitStack

from voice_coach.outputs import TextOutput
from voice_coach.routines.loader import get_routine
from voice_coach.session.build import plan_settings, voice_of
from voice_coach.settings import load_settings
from voice_coach.speech.conductor import speak_timeline
from voice_coach.speech.sinks import WavSink
from voice_coach.speech.tts import Tts
from voice_coach.timing.clock import MonotonicClock
from voice_coach.timing.planner import plan
from voice_coach.timing.timeline import Cue

log = logging.getLogger(__name__)


def print_line(cue: Cue) -> None:
    """Show a spoken line as it is said (the live coach's transcript)."""
    print(cue.text, flush=True)


def run(args: argparse.Namespace) -> int:
    routine = get_routine(args.id)
    settings = load_settings()
    with ExitStack() as stack:
        # Every output is opened before any work, so a bad path or a missing device fails at once.
        timeline_file = stack.enter_context(TextOutput(args.timeline, "timeline")) if args.timeline else None
        if args.speak_to:
            speaker = stack.enter_context(WavSink(args.speak_to))
        else:
            from voice_coach.speech.player import SoundDeviceSpeaker

            speaker = stack.enter_context(SoundDeviceSpeaker(device=settings.devices.output))
        tts = stack.enter_context(Tts(voice_of(settings)))
        timeline = plan(routine, tts.seconds, plan_settings(settings, args.side))
        if timeline_file is not None:
            timeline_file.write(timeline.to_jsonl())
            timeline_file.close()
        if isinstance(speaker, WavSink):
            speak_timeline(timeline, tts, speaker, speaker.clock)
            speaker.close()
            print(f"{routine.id}: {speaker.seconds_written:.3f} s of speech written to {args.speak_to}", file=sys.stderr)
            return 0
        interrupt = threading.Event()
        try:
            speak_timeline(timeline, tts, speaker, MonotonicClock(), interrupt=interrupt, on_cue=print_line)
            speaker.wait()
        except KeyboardInterrupt:
            interrupt.set()
            speaker.stop()
            raise
    return 0
