"""``voice-coach parse TEXT [--json]``: the intent in one sentence."""

from __future__ import annotations

import argparse
import json
import logging

from voice_coach.intents.parse import IntentParser

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Print the intent of ``args.words`` joined: one JSON object with --json, else one line."""
    text = " ".join(args.words)
    match = IntentParser().parse(text)
    intent = match.intent if match else None
    slots = dict(sorted(match.slots.items())) if match else {}
    if args.json:
        print(json.dumps({"text": text, "intent": intent, "slots": slots}))
    elif intent is None:
        print(f"{text!r}: no intent")
    else:
        shown = " ".join(f"{name}={value}" for name, value in slots.items())
        print(f"{text!r}: {intent}" + (f" ({shown})" if shown else ""))
    return 0
