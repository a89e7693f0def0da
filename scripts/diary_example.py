#!/usr/bin/env python3
"""Draws the README's example chart (docs/diary-example.png) from a made-up six weeks of diary entries.

    python scripts/diary_example.py [OUT.png]

The entries are invented for the picture (a person whose cramps thin out once the
bedtime routine becomes a habit); nothing is read from or written to your diary.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from voice_coach.diary.chart import draw
from voice_coach.diary.entries import Entry, night_of
from voice_coach.diary.store import Diary


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "docs" / "diary-example.png"
    rng = random.Random(7)
    last = dt.datetime(2026, 12, 5, 23, 0)
    entries, key = [], 0
    for n in range(42):
        evening = last - dt.timedelta(days=41 - n)
        routine_habit = n >= 18
        if routine_habit:
            key += 1
            entries.append(Entry(evening.timestamp(), "routine", "example", key, routine="bedtime", outcome="finished"))
        if rng.random() < (0.25 if routine_habit else 0.7):
            at = evening + dt.timedelta(hours=rng.uniform(3.0, 7.0))
            key += 1
            entries.append(Entry(at.timestamp(), "cramp", "example", key, muscle="calf", side=rng.choice(("left", "right")),
                                 routine="night_cramp", eased=True, ease_s=rng.uniform(50, 240)))
        if n in (9, 12):
            key += 1
            entries.append(Entry((evening + dt.timedelta(hours=5)).timestamp(), "warning", "example", key,
                                 symptom="numbness"))
    with tempfile.TemporaryDirectory() as folder:
        with Diary(Path(folder) / "diary.sqlite3") as diary:
            for entry in entries:
                diary.write(entry)
            kept = diary.entries()
    draw(kept, out, night_of(kept[0].at), night_of(last.timestamp()))
    print(f"{out}: {len(kept)} made-up entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
