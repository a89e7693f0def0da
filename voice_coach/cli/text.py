"""``voice-coach --text``: the coach with typed commands and printed lines."""

from __future__ import annotations

import sys
import time

from voice_coach.intents.parse import IntentParser
from voice_coach.session.build import build_context, build_voice, local_hour_now, open_diary
from voice_coach.session.text_mode import run_text
from voice_coach.settings import load_settings


def run(args) -> int:
    settings = load_settings()
    voice = build_voice(settings)
    view, recorder = open_diary(settings.diary, time.time())  # the wall clock, read once: dates the diary's rows
    ctx = build_context(settings, voice, view)
    if sys.stdin.isatty():
        print("Type what you would say (\"my calf is cramping\", \"what can I say\"); Ctrl-D to end.", flush=True)
    try:
        return run_text(ctx, IntentParser(), sys.stdin, sys.stdout, local_hour=local_hour_now(),
                        notes=recorder.note if recorder is not None else None)
    finally:
        if recorder is not None:
            recorder.close()
