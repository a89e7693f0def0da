#!/usr/bin/env python3
"""How much faster than real time each routine renders to a WAV (issue 2 asks for >= 20x).

For every routine, ``--runs`` times: a fresh :class:`Tts` (empty cache, so every
line is synthesized by espeak-ng), plan the routine with it, speak the timeline
into a WAV file on the audio clock. "cold" times all of that; "warm" times the
same plan + render again with the cache filled. Prints a table with the median
of the runs; wall-clock numbers belong here, never in the unit tests.

    python scripts/bench_render.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from voice_coach.routines.loader import load_routines
from voice_coach.speech.conductor import speak_timeline
from voice_coach.speech.sinks import WavSink
from voice_coach.speech.tts import Tts
from voice_coach.timing.planner import PlanSettings, plan


def render_once(routine, tts: Tts, path: Path) -> tuple[float, float]:
    """(audio seconds, wall seconds) of planning and rendering ``routine`` to ``path``."""
    start = time.perf_counter()
    timeline = plan(routine, tts.seconds, PlanSettings())
    with WavSink(path, tts.sample_rate) as sink:
        speak_timeline(timeline, tts, sink, sink.clock)
    return timeline.length, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per routine (the median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.wav"
        Tts().close()  # load espeak-ng once, outside the timings
        print(f"{'routine':<18} {'audio s':>8} {'cold s':>8} {'cold x':>8} {'warm s':>8} {'warm x':>8}")
        ratios = []
        for routine in load_routines().values():
            cold, warm = [], []
            for _ in range(args.runs):
                with Tts() as tts:
                    audio, seconds = render_once(routine, tts, path)
                    cold.append(seconds)
                    warm.append(render_once(routine, tts, path)[1])
            c, w = statistics.median(cold), statistics.median(warm)
            ratios.append(audio / c)
            print(f"{routine.id:<18} {audio:8.1f} {c:8.3f} {audio / c:7.0f}x {w:8.3f} {audio / w:7.0f}x")
        print(f"{'median':<18} {'':>8} {'':>8} {statistics.median(ratios):7.0f}x   (lowest {min(ratios):.0f}x; the bar is 20x)")


if __name__ == "__main__":
    main()
