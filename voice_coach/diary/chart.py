"""The diary as a picture to take to the doctor: cramps per night, warning signs marked, routines done.

Drawn with matplotlib's Agg backend (no screen needed); imported only by
``voice-coach diary --chart``, so the coach itself never loads matplotlib.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections import Counter
from pathlib import Path

from voice_coach.diary.entries import Entry, night_of
from voice_coach.errors import DataError

log = logging.getLogger(__name__)

DEFAULT_WEEKS = 8
"""Weeks shown when the diary's own span is shorter or no ``--since`` was given."""


def draw(entries: list[Entry], out: Path, first: _dt.date, last: _dt.date) -> None:
    """Cramps per night from night ``first`` to ``last`` (bars), warning signs (red marks above their
    night) and routines done (dots below the axis), to a PNG at ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nights = [first + _dt.timedelta(days=n) for n in range((last - first).days + 1)]
    cramps = Counter(night_of(e.at) for e in entries if e.kind == "cramp")
    warnings = Counter(night_of(e.at) for e in entries if e.kind == "warning")
    routines = Counter(night_of(e.at) for e in entries if e.kind == "routine" and e.outcome == "finished")
    eased = [e.ease_s / 60.0 for e in entries if e.kind == "cramp" and e.eased and e.ease_s is not None]

    fig, ax = plt.subplots(figsize=(10, 4.2), dpi=110)
    counts = [cramps.get(n, 0) for n in nights]
    ax.bar(nights, counts, width=0.8, color="#3b6ea5", label="cramps that night")
    top = max([*counts, 1])
    flagged = [n for n in nights if warnings.get(n)]
    if flagged:
        ax.scatter(flagged, [cramps.get(n, 0) + 0.35 for n in flagged], marker="v", s=70, color="#c0392b",
                   zorder=3, label="warning sign mentioned")
    done = [n for n in nights if routines.get(n)]
    if done:
        ax.scatter(done, [-0.35] * len(done), marker="o", s=24, color="#27ae60", zorder=3,
                   label="routine finished")
    ax.set_ylim(-0.7, top + 1.0)
    ax.set_yticks(range(0, top + 1))
    ax.set_ylabel("cramps")
    ax.axhline(0, color="#888888", linewidth=0.6)
    total = sum(counts)
    with_cramps = sum(1 for c in counts if c)
    summary = f"{total} cramps on {with_cramps} of {len(nights)} nights"
    if eased:
        eased.sort()
        summary += f"; eased after {eased[len(eased) // 2]:.1f} min (median)"
    ax.set_title(f"Night cramps, {first:%d %b %Y} to {last:%d %b %Y}\n{summary}", fontsize=11)
    fig.autofmt_xdate()
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.tight_layout()
    try:
        fig.savefig(out, format="png")
    except OSError as exc:
        raise DataError(f"{out}: cannot write the chart: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
    log.info("chart of %d nights written to %s", len(nights), out)
