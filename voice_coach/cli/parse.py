"""``voice-coach parse TEXT [--json] [--templates FILE | --templates-only FILE]``: the intent in one sentence.

Intents of a user's own templates are reported like the coach's: the intent
name and slots as the file writes them.
"""

from __future__ import annotations

import argparse
import json
import logging

from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_template_set

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Print the intent of ``args.words`` joined: one JSON object with --json, else one line."""
    text = " ".join(args.words)
    templates = load_template_set(getattr(args, "templates", None), getattr(args, "templates_only", None))
    match = IntentParser(templates).parse(text)
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
