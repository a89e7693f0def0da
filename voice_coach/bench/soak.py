"""The soak: a whole simulated night through ``voice-coach session``, watched from outside.

The session runs as its own process on the night's WAV (audio clock, so
8 hours take minutes). While it runs, its resident memory is sampled from
``/proc``; afterwards its events are checked: was the cramp answered with the
right routine, did that routine finish, how far did any count fall from its
planned deadline, and did anything but the person's commands get an answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from voice_coach.bench.corpus import Span, article_sentences
from voice_coach.bench.night import plan_night, write_night

SAMPLE_EVERY_S = 0.5
"""Seconds between memory samples of the session process."""
STARTUP_S = 3.0
"""Seconds of samples left out of "start": imports, the recognizer and the first renders."""


@dataclass(frozen=True)
class SoakResult:
    """What one simulated night showed."""

    night_s: float
    """Audio seconds of the night."""
    wall_s: float
    """Seconds the session took to run."""
    exit_code: int
    """The session's exit code."""
    rss_start_mb: float
    """Resident memory once the coach was listening (first sample after start-up), in MB."""
    rss_warm_mb: float
    """Resident memory a tenth of the way through the run, once every part has done its first work, in MB."""
    rss_end_mb: float
    """Resident memory at the last sample before the process ended, in MB."""
    rss_max_mb: float
    """Highest resident memory seen, in MB."""
    rss_mb: tuple[float, ...]
    """Every memory sample after start-up, in MB, :data:`SAMPLE_EVERY_S` apart (wall time)."""
    cramp_heard: bool
    """The cramp command was taken as ``cramp``."""
    routine: str | None
    """The routine the cramp started."""
    routine_finished: bool
    """That routine ran to its end."""
    response_s: float | None
    """Seconds from the end of the cramp command to the coach's first line."""
    counts: int
    """Count words spoken."""
    max_count_lag_ms: float
    """Largest delay of a count behind its planned deadline, in milliseconds."""
    false_activations: tuple[dict, ...]
    """Commands taken from anything but the person's scripted words."""

    @property
    def speed(self) -> float:
        """Audio seconds per wall second."""
        return self.night_s / self.wall_s if self.wall_s else 0.0


def run_soak(hours: float, folder: Path, seed: int = 0, seeds_dir: Path | None = None) -> SoakResult:
    """Make a night of ``hours`` hours in ``folder``, run the session on it, and judge the events."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = article_sentences(seeds_dir, min_words=5) if seeds_dir is not None else ["the radio plays on quietly"]
    plan = plan_night(hours, sentences, seed)
    wav, events_path = folder / "night.wav", folder / "events.jsonl"
    spans = write_night(plan, wav, seed)
    started = time.monotonic()
    with open(folder / "session.log", "w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "voice_coach", "session", "--input", str(wav),
                                 "--events", str(events_path)], stdout=subprocess.DEVNULL, stderr=log_file)
        samples = _sample_rss(proc)
        code = proc.wait()
    wall = time.monotonic() - started
    if code != 0:
        sys.stderr.write((folder / "session.log").read_text())
    events = [json.loads(line) for line in events_path.read_text().splitlines()] if events_path.exists() else []
    return _judge(plan.seconds, wall, code, samples, events, spans)


def _sample_rss(proc: subprocess.Popen) -> list[float]:
    """Resident memory of ``proc`` in MB, every :data:`SAMPLE_EVERY_S`, until it ends."""
    samples = []
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    samples.append(int(line.split()[1]) / 1024)
        except OSError:  # the process ended between poll and read
            break
        time.sleep(SAMPLE_EVERY_S)
    return samples


def _judge(night_s: float, wall_s: float, code: int, rss: list[float], events: list[dict],
           spans: tuple[Span, ...]) -> SoakResult:
    cramp_span = spans[0]
    commands = [e for e in events if e["type"] == "utterance" and e["intent"]]
    scripted = [c for c in commands if any(s.start - 0.5 <= c["end"] <= s.end + 1.0 for s in spans)]
    cramp = next((c for c in scripted if c["intent"] == "cramp" and c["end"] <= cramp_span.end + 1.0), None)
    started = next((e for e in events if e["type"] == "routine" and e.get("event") == "started"
                    and cramp is not None and e["t"] >= cramp["t"]), None)
    routine = started["routine"] if started else None
    finished = any(e["type"] == "routine" and e.get("event") == "finished" and e.get("routine") == routine
                   for e in events)
    first_line = next((e for e in events if e["type"] == "say" and cramp is not None and e["t"] >= cramp["t"]), None)
    counts = [e for e in events if e["type"] == "count"]
    lags = [(e["t"] - e["planned"]) * 1000 for e in counts]
    steady = rss[min(len(rss) - 1, round(STARTUP_S / SAMPLE_EVERY_S)):] if rss else [0.0]
    return SoakResult(
        night_s=night_s, wall_s=wall_s, exit_code=code,
        rss_start_mb=steady[0], rss_warm_mb=steady[len(steady) // 10], rss_end_mb=steady[-1], rss_max_mb=max(steady), rss_mb=tuple(steady),
        cramp_heard=cramp is not None, routine=routine, routine_finished=finished,
        response_s=(first_line["t"] - cramp_span.end) if first_line else None,
        counts=len(counts), max_count_lag_ms=max(lags, default=0.0),
        false_activations=tuple(c for c in commands if c not in scripted))

