"""The diary as text: a table for the terminal, JSON and CSV for export. Local time throughout."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import logging

from voice_coach.diary.entries import Entry, night_of

log = logging.getLogger(__name__)

FIELDS = ("date", "time", "kind", "muscle", "side", "eased", "minutes_to_ease", "routine", "outcome", "symptom")
"""The exported columns, in order (JSON keys and the CSV header)."""


def row(entry: Entry) -> dict:
    """One entry as exported: local date and time, minutes to ease rounded to a tenth."""
    moment = _dt.datetime.fromtimestamp(entry.at)
    minutes = round(entry.ease_s / 60.0, 1) if entry.ease_s is not None else None
    values = (moment.date().isoformat(), moment.strftime("%H:%M:%S"), entry.kind, entry.muscle, entry.side,
              entry.eased, minutes, entry.routine, entry.outcome, entry.symptom)
    return dict(zip(FIELDS, values))


def as_json(entries: list[Entry]) -> str:
    return json.dumps([row(e) for e in entries], indent=2)


def as_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: ("" if v is None else v) for k, v in row(entry).items()})
    return out.getvalue()


def _detail(entry: Entry) -> str:
    if entry.kind == "warning":
        return f"warning sign: {entry.symptom or 'unnamed'}"
    if entry.kind == "routine":
        return f"{entry.routine} ({entry.outcome})"
    return entry.routine or ""


def _eased(entry: Entry) -> str:
    if entry.kind != "cramp":
        return ""
    if entry.eased is None:
        return "?"
    if not entry.eased:
        return "did not ease"
    return f"{entry.ease_s / 60.0:.1f} min" if entry.ease_s is not None else "eased"


def as_table(entries: list[Entry]) -> str:
    """Aligned columns and a summary line; "The diary is empty." when it is."""
    if not entries:
        return "The diary is empty."
    head = ("date", "time", "entry", "muscle", "side", "eased after", "detail")
    rows = [head]
    for e in entries:
        moment = _dt.datetime.fromtimestamp(e.at)
        rows.append((moment.date().isoformat(), moment.strftime("%H:%M"), e.kind, e.muscle or "", e.side or "",
                     _eased(e), _detail(e)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    cramps = [e for e in entries if e.kind == "cramp"]
    nights = len({night_of(e.at) for e in cramps})
    warnings = sum(1 for e in entries if e.kind == "warning")
    routines = sum(1 for e in entries if e.kind == "routine")
    lines.append("")
    lines.append(f"{_n(len(cramps), 'cramp')} on {_n(nights, 'night')}; {_n(warnings, 'warning sign')}; "
                 f"{_n(routines, 'routine')} done.")
    return "\n".join(lines)


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
