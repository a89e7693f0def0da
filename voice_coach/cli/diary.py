"""``voice-coach diary``: the cramp diary as a table, JSON, CSV or a chart; ``diary clear`` empties it."""

from __future__ import annotations

import datetime as _dt
import sys
import time
from pathlib import Path

from voice_coach.diary import report
from voice_coach.diary.entries import night_of
from voice_coach.diary.store import Diary, default_path
from voice_coach.errors import DataError
from voice_coach.settings import load_settings


def run(args) -> int:
    settings = load_settings()
    path = settings.diary.path or default_path()
    if args.action == "clear":
        return _clear(path, args.yes)
    now = time.time()
    since = now - args.since if args.since is not None else None
    entries = []
    if path.exists():
        with Diary(path, create=False) as diary:
            entries = diary.entries(since=since)
    if args.chart:
        from voice_coach.diary.chart import DEFAULT_WEEKS, draw

        last = night_of(now)
        first = night_of(since) if since is not None else last - _dt.timedelta(weeks=DEFAULT_WEEKS)
        if entries and since is None:
            first = min(first, night_of(entries[0].at))
        draw(entries, Path(args.chart), first, last)
        print(f"chart: {args.chart} ({(last - first).days + 1} nights, {len(entries)} entries)")
        return 0
    if args.json:
        print(report.as_json(entries))
    elif args.csv:
        sys.stdout.write(report.as_csv(entries))
    else:
        print(report.as_table(entries))
    return 0


def _clear(path: Path, yes: bool) -> int:
    if not path.exists():
        print("The diary is empty.")
        return 0
    with Diary(path, create=False) as diary:
        count = len(diary.entries())
        if not yes:
            if not sys.stdin.isatty():
                raise DataError("diary clear: give --yes to clear without being asked")
            answer = input(f"Delete all {count} entries of the diary at {path}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing deleted.")
                return 1
        deleted = diary.clear()
    print(f"Deleted {deleted} entries.")
    return 0
