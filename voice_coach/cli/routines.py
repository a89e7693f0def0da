"""``voice-coach routines [--json]``: every routine with its title and planned length."""

from __future__ import annotations

import argparse
import json
import logging

from voice_coach.routines.loader import load_routines
from voice_coach.speech.tts import Tts
from voice_coach.timing.planner import PlanSettings, plan

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    tts = Tts()
    try:
        rows = []
        for routine in load_routines().values():
            timeline = plan(routine, tts.seconds, PlanSettings())
            rows.append({
                "id": routine.id,
                "title": routine.title,
                "seconds": round(timeline.length, 3),
                "sided": routine.one_sided,
                "source": routine.source,
            })
    finally:
        tts.close()
    if args.json:
        print(json.dumps(rows))
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        minutes, seconds = divmod(round(r["seconds"]), 60)
        sided = "  (one leg: --side)" if r["sided"] else ""
        print(f"{r['id']:<{width}}  {minutes:2d}:{seconds:02d}  {r['title']}{sided}")
    return 0
