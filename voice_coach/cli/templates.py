"""``voice-coach templates check FILE`` and ``voice-coach templates sample FILE -n N``.

FILE is checked the way ``--templates FILE`` would use it: added to the
built-in templates (or to ``--templates-only BASE`` when given); with
``--only`` it is checked alone, the way ``--templates-only FILE`` would use it.
A broken file is one line on stderr naming file and line, and exit code 2
(raised as DataError, reported by :mod:`voice_coach.cli.main`).
"""

from __future__ import annotations

import argparse
import json
import logging
import random

from voice_coach.intents.sample import sample_sentences
from voice_coach.intents.summary import off_contract, summarize, unheard_words
from voice_coach.intents.templates import Templates, load_template_set

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the ``templates`` action."""
    return {"check": _check, "sample": _sample}[args.templates_command](args)


def _load(args: argparse.Namespace) -> Templates:
    if args.only:
        return load_template_set(only=args.file)
    return load_template_set(extra=args.file, only=getattr(args, "templates_only", None))


def _check(args: argparse.Namespace) -> int:
    templates = _load(args)
    summary = summarize(templates)
    how = "alone" if len(templates.sources) == 1 else "added to " + ", ".join(map(str, templates.sources[:-1]))
    print(f"{args.file}: ok ({how})")
    new = f" ({len(summary.new_intents)} new to the coach: {', '.join(summary.new_intents)})" if summary.new_intents else ""
    print(f"intents: {summary.intents}{new}")
    print(f"expansion rules: {summary.rules}")
    print(f"slot lists: {summary.lists} with {summary.list_values} values")
    print(f"words: {summary.words}")
    print(f"sentences: {summary.sentences:,} (counted, not listed)")
    for name, count in summary.per_intent:
        print(f"  {name}: {count:,}")
    from voice_coach.intents.grammar import pocketsphinx_words  # lazily: loads the dictionary

    for line in unheard_words(templates, pocketsphinx_words()) + off_contract(templates):
        print(f"warning: {line}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    templates = _load(args)
    rng = random.Random(args.seed)
    for text, intent, slots in sample_sentences(templates, max(args.n, 0), rng):
        if args.json:
            print(json.dumps({"text": text, "intent": intent, "slots": dict(sorted(slots.items()))}))
        else:
            print(text)
    return 0
