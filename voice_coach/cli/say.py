"""``voice-coach say TEXT [--speak-to OUT.wav]``: speak one line, live or into a WAV, in the settings' voice."""

from __future__ import annotations

import argparse
import logging
import sys

from voice_coach.session.build import voice_of
from voice_coach.settings import load_settings
from voice_coach.speech.sinks import WavSink
from voice_coach.speech.tts import Tts

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    text = " ".join(args.words).strip()
    if not text:
        print("voice-coach: nothing to say", file=sys.stderr)
        return 2
    settings = load_settings()
    sink = WavSink(args.speak_to) if args.speak_to else None
    with Tts(voice_of(settings)) as tts:
        samples = tts.render(text)
        if sink is not None:
            sink.play(samples, tts.sample_rate)
            sink.wait()
            sink.close()
            return 0
        from voice_coach.speech.player import SoundDeviceSpeaker

        with SoundDeviceSpeaker(device=settings.devices.output) as speaker:
            try:
                speaker.play(samples, tts.sample_rate)
                speaker.wait()
            except KeyboardInterrupt:
                speaker.stop()
                raise
    return 0
