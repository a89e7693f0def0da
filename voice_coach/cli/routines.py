"""``voice-coach routines [--json]``: every routine with its title and planned length.

The JSON rows also list each hold step of the routine's data (``holds``): its ``step`` (the
pre-order index the timeline's cues carry), its planned ``seconds`` and, for a hold that may go on
when the person says the cramp is not easing, its ``max_seconds`` (the night cramp's: 30 and 60).
The planned length (``seconds``) counts every hold at its planned seconds, and the lines at the
settings' [voice] rate and [counting] pace.
"""

from __future__ import annotations

import argparse
import json
import logging

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import Hold, Routine
from voice_coach.session.build import plan_settings, voice_of
from voice_coach.settings import load_settings
from voice_coach.speech.tts import Tts
from voice_coach.timing.planner import plan

log = logging.getLogger(__name__)


def holds(routine: Routine) -> list[dict]:
    """Each hold step of the routine's data: step index, planned seconds, and max_seconds when it may go on."""
    rows = []
    for index, step in routine.walk():
        if isinstance(step, Hold):
            row = {"step": index, "seconds": step.seconds}
            if step.max_seconds is not None:
                row["max_seconds"] = step.max_seconds
            rows.append(row)
    return rows


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    tts = Tts(voice_of(settings))
    try:
        rows = []
        for routine in load_routines().values():
            timeline = plan(routine, tts.seconds, plan_settings(settings))
            rows.append({
                "id": routine.id,
                "title": routine.title,
                "seconds": round(timeline.length, 3),
                "sided": routine.one_sided,
                "source": routine.source,
                "holds": holds(routine),
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
