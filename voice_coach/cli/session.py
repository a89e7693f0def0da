"""``voice-coach session --input IN.wav``: the hands-free loop with a file as the microphone."""

from __future__ import annotations

from pathlib import Path

from voice_coach.session.file_session import FileSessionOptions, run_file_session
from voice_coach.session.setup import core_builder


def run(args) -> int:
    options = FileSessionOptions(
        input=Path(args.input), echo_gain=args.echo,
        speak_to=Path(args.speak_to) if args.speak_to else None,
        events=Path(args.events) if args.events else None,
    )
    result = run_file_session(options, core_builder(args))
    print(f"session: {result.audio_seconds:.1f} s of audio, {result.events} events")
    return 0
