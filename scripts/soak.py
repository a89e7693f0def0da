#!/usr/bin/env python3
"""A simulated night through ``voice-coach session``: memory, answers and count timing, printed as a table.

The night (default 8 hours) is mostly near silence and fan noise, with the
radio reading the source articles now and then, and a calf cramp at a random
hour: "ow my calf", then "that's better" when the coach asks if it is easing.
The session runs on the audio clock, so the night takes minutes.

    python scripts/soak.py                 # an 8-hour night
    python scripts/soak.py --hours 1 --seed 7 --keep /tmp/night
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from voice_coach.bench.corpus import SHARED
from voice_coach.bench.soak import run_soak

SEEDS = SHARED / "seeds"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=8.0, help="length of the night (default 8)")
    parser.add_argument("--seed", type=int, default=1, help="where the cramp and the radio fall")
    parser.add_argument("--keep", type=Path, help="keep the night's WAV and events in this folder")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        print(f"soak: the source articles are not at {SEEDS} (set VOICE_COACH_SHARED)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="voice-coach-soak-") as tmp:
        folder = args.keep or Path(tmp)
        r = run_soak(args.hours, folder, seed=args.seed, seeds_dir=SEEDS)
    rows = [
        ("night (audio)", f"{r.night_s / 3600:.2f} h"),
        ("wall time", f"{r.wall_s:.0f} s ({r.speed:.0f}x real time)"),
        ("exit code", str(r.exit_code)),
        ("RSS at start / 10% / end / max",
         f"{r.rss_start_mb:.0f} / {r.rss_warm_mb:.0f} / {r.rss_end_mb:.0f} / {r.rss_max_mb:.0f} MB"),
        ("cramp heard", "yes" if r.cramp_heard else "NO"),
        ("routine started / finished", f"{r.routine or '-'} / {'yes' if r.routine_finished else 'NO'}"),
        ("response to the cramp", f"{r.response_s * 1000:.0f} ms" if r.response_s is not None else "-"),
        ("counts spoken", str(r.counts)),
        ("largest count lag behind plan", f"{r.max_count_lag_ms:.0f} ms"),
        ("false activations", str(len(r.false_activations))),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"| {'soak':<{width}} | result |\n|{'-' * (width + 2)}|---|")
    for key, value in rows:
        print(f"| {key:<{width}} | {value} |")
    if r.rss_mb:
        step = max(1, len(r.rss_mb) // 10)
        print("RSS through the night (MB, every tenth of the run):", " ".join(f"{v:.0f}" for v in r.rss_mb[::step]))
    for fa in r.false_activations:
        print(f"false activation at {fa['t']:.1f} s: {fa['text']!r} -> {fa['intent']}")
    ok = r.exit_code == 0 and r.cramp_heard and r.routine_finished
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
