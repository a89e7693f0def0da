"""Scores from the outcomes: accuracy, false activations, warnings, real people, speed; no printing.

A command is heard right when the one intent heard in its stream, with its
slots, is the one said and nothing else was heard. In a stream with no
command every intent heard is a false activation. A warning sign is *missed
dangerously* when any intent heard is a cramp, a stretch or a routine to start,
resume or go on with.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voice_coach.bench.recognition.run import DecodeTimes, Outcome

DANGEROUS: frozenset[str] = frozenset({"cramp", "stretch", "start_routine", "resume", "next"})
"""Intents a warning sign must never be heard as."""

BAR_CONDITIONS: tuple[str, ...] = ("clean", "20 dB", "10 dB", "6 dB")
"""The conditions whose mean the accuracy bar is on."""


@dataclass(frozen=True)
class Tally:
    """Right out of all."""

    right: int
    """Streams that came out right."""
    total: int
    """Streams counted."""

    @property
    def percent(self) -> float | None:
        """``right`` as a percentage of ``total``; None when nothing was counted."""
        return 100.0 * self.right / self.total if self.total else None


@dataclass(frozen=True)
class Speed:
    """How long one engine's decodes took."""

    decodes: int
    """Single decodes (an utterance's second look is a decode of its own)."""
    median_ms: float
    """Median wall time of a decode, in milliseconds."""
    p95_ms: float
    """95th percentile of the wall time of a decode, in milliseconds."""
    real_time_factor: float
    """Wall time of all decodes over the seconds of audio they decoded."""


def heard_right(outcome: Outcome, engine: str) -> bool:
    """Whether ``engine`` heard exactly the one intent expected in ``outcome`` (or none when none is)."""
    got = outcome.intents(engine)
    return got == [outcome.info.expect] if outcome.info.expect is not None else not got


def tally(outcomes: Sequence[Outcome], engine: str, keep: Callable[[Outcome], bool] = lambda o: True) -> Tally:
    """How many of the ``outcomes`` that ``keep`` selects ``engine`` got right."""
    chosen = [o for o in outcomes if keep(o)]
    return Tally(sum(heard_right(o, engine) for o in chosen), len(chosen))


def snr_of(condition: str) -> str:
    """ "clean" or the SNR part of a condition ("10 dB babble" -> "10 dB")."""
    return condition if condition == "clean" else " ".join(condition.split()[:2])


def mean_accuracy(outcomes: Sequence[Outcome], engine: str, keep: Callable[[Outcome], bool]) -> float | None:
    """Mean of the accuracies at clean, 20, 10 and 6 dB (each over its noise kinds), in percent."""
    values = [tally(outcomes, engine, lambda o, c=c: keep(o) and snr_of(o.info.condition) == c).percent
              for c in BAR_CONDITIONS]
    return statistics.mean(values) if all(v is not None for v in values) else None


def false_activations(outcomes: Sequence[Outcome], engine: str) -> int:
    """Intents heard in ``outcomes`` (meant for streams with no command)."""
    return sum(len(o.intents(engine)) for o in outcomes)


def dangerous(outcome: Outcome, engine: str) -> bool:
    """Whether ``engine`` heard a warning sign (a red_flag stream) as something it must never be heard as."""
    if outcome.info.expect is None or outcome.info.expect[0] != "red_flag":
        return False
    return any(intent in DANGEROUS for intent, _ in outcome.intents(engine))


def speed(times: DecodeTimes) -> Speed:
    """Median, 95th percentile and real-time factor of one engine's decodes."""
    if not times.wall_s:
        return Speed(0, 0.0, 0.0, 0.0)
    wall = np.asarray(times.wall_s) * 1000
    return Speed(len(wall), float(np.median(wall)), float(np.percentile(wall, 95)),
                 float(sum(times.wall_s) / max(sum(times.audio_s), 1e-9)))
