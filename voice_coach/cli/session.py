"""``voice-coach session --input IN.wav``: the hands-free loop with a file as the microphone."""

from __future__ import annotations

from pathlib import Path

from voice_coach.session.build import local_hour_at
from voice_coach.session.file_session import FileSessionOptions, run_file_session
from voice_coach.session.setup import core_builder


def run(args) -> int:
    start = args.start_time.timestamp() if args.start_time is not None else None
    options = FileSessionOptions(
        input=Path(args.input), echo_gain=args.echo,
        speak_to=Path(args.speak_to) if args.speak_to else None,
        events=Path(args.events) if args.events else None,
        local_hour=local_hour_at(start) if start is not None else None,
    )
    builder = core_builder(args, start_time=start)
    try:
        result = run_file_session(options, builder)
    finally:
        builder.close()
    print(f"session: {result.audio_seconds:.1f} s of audio, {result.events} events")
    return 0
