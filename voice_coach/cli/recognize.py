"""``voice-coach recognize FILE... [--json] [--engine NAME] [--model PATH]``: the commands spoken in audio files (WAV, FLAC, OGG, ...).

One line per utterance found (with --json: {"file", "start", "end", "text",
"intent", "slots", "confidence"}; speech that is no command has intent null).
A file that cannot be read gets one line on stderr; the other files are still
processed and the exit code is non-zero. The settings file's ``[hearing]`` and
``[templates]`` apply, under the command line's own options, as in a session.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from voice_coach.errors import AudioError, CoachError
from voice_coach.session.setup import hearing_parts

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Recognize every file in ``args.files``; returns 0, or AudioError's exit code if any file failed."""
    parts = hearing_parts(args)  # the settings file's [hearing] and [templates], under the command line's options
    status = 0
    for path in args.files:
        try:
            for heard in parts.hearing().recognize_file(path):
                if args.json:
                    print(json.dumps(heard.to_json(path)), flush=True)
                else:
                    shown = " ".join(f"{k}={v}" for k, v in sorted(heard.slots.items()))
                    what = f"{heard.intent} {shown}".strip() if heard.intent else "(no command)"
                    print(f"{path}\t{heard.start:.2f}-{heard.end:.2f}\t{what}\t{heard.text!r}\t{heard.confidence:.2f}",
                          flush=True)
        except AudioError as exc:
            print(f"voice-coach: {_named(str(exc), path)}", file=sys.stderr)
            status = status or exc.exit_code
        except (OSError, ValueError) as exc:
            print(f"voice-coach: {path}: cannot read: {exc}", file=sys.stderr)
            status = status or CoachError.exit_code
    return status


def _named(message: str, path: str) -> str:
    """The message, starting with the file's name unless it already mentions it."""
    from pathlib import Path

    return message if Path(path).name in message else f"{path}: {message}"
