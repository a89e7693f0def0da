"""``voice-coach --text [--events OUT.jsonl]``: the coach with typed commands and printed lines.

``--events`` writes every events-log entry (heard, say, count, hold_start, routine, ...) as one JSON
line, as ``session --events`` does; its ``t`` is seconds since the coach started (the monotonic clock).
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import ExitStack

from voice_coach.hearing.typed import TypedHearing
from voice_coach.outputs import TextOutput
from voice_coach.session.build import build_context, build_voice, local_hour_now, open_diary
from voice_coach.session.setup import HearingParts, apply_log_level, options
from voice_coach.session.text_mode import run_text
from voice_coach.settings import load_settings


def run(args) -> int:
    with ExitStack() as stack:
        # The events file is opened before any work, so a bad path fails at once.
        events = stack.enter_context(TextOutput(args.events, "events")) if getattr(args, "events", None) else None
        settings = load_settings()
        apply_log_level(settings, args)
        # The session's templates and recognizer, so that a line is heard as the same words spoken would be.
        parts = HearingParts(settings, *options(args), warm=False)
        hearing = TypedHearing(parts.parser, parts.recognizer, parts.settings.min_confidence)
        voice = build_voice(settings)
        view, recorder = open_diary(settings.diary, time.time())  # the wall clock, read once: dates the diary's rows
        if recorder is not None:
            stack.callback(recorder.close)
        ctx = build_context(settings, voice, view)

        def notes(entry: dict) -> None:
            if events is not None:
                events.write(json.dumps(entry) + "\n")
            if recorder is not None:
                recorder.note(entry)

        if sys.stdin.isatty():
            print("Type what you would say (\"my calf is cramping\", \"what can I say\"); Ctrl-D to end.", flush=True)
        return run_text(ctx, hearing.hear, sys.stdin, sys.stdout, local_hour=local_hour_now(),
                        notes=notes if events is not None or recorder is not None else None)
