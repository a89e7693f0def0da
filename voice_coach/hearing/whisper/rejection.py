"""Is the held decode a command someone said, or speech (or noise) the grammar was forced onto?

A held decode always finds the nearest command; what tells a command from
everything else is how the held decode compares with the free decode of the
same audio. :func:`measure` reads those comparisons off a
:class:`~voice_coach.hearing.whisper.search.Decoded`; :class:`Calibration`
combines them into a probability that the command is right (a logistic
model fitted by ``scripts/fit_whisper_rejection.py`` on one half of the
benchmark corpus and checked on the other).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, fields

import numpy as np

from voice_coach.hearing.whisper.search import Path
from voice_coach.intents.normalize import words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Features:
    """What separates a command from the rest, for one utterance (all 0 when nothing was held)."""

    held_mean: float
    """Mean log-probability per token of the best held decode (natural log; 0 is certain)."""
    free_mean: float
    """Mean log-probability per token of the free decode."""
    held_vs_free: float
    """``held_mean - free_mean``: how much worse the command explains the audio than the model's own words."""
    gap: float
    """Mean, over the held decode's steps, of its token's log-probability minus the model's first choice's."""
    worst: float
    """The held decode's least likely token (log-probability)."""
    missing: float
    """Share of the command's words with no counterpart in the free text ("let's go" held, "Go." free: 0.5)."""
    extra: float
    """Share of the free text's words with no counterpart in the command (more was said than the command)."""
    changed: float
    """Letters changed between the free text's words and the command's they align with, over the command's
    words ("car" for "calf": 0.5 of a word)."""
    char_distance: float
    """Letter edit distance between the free text and the command, over the command's letters."""
    free_agrees: float
    """1 when the free text, read by the parser, is the same command (intent and slots), else 0."""
    missing_support: float
    """Mean log-probability of the tokens of the command's words that the free text lacks (0 when none):
    high when the free decode merely dropped a word, low when the grammar put in one nobody said
    ("Let's" in "let's go" for a lone "go")."""
    changed_support: float
    """Mean log-probability of the tokens of the command's words that the free text has otherwise (0 when
    none): high for a word the free decode misspelt ("Charlie"), low for one that was not said."""
    words: float
    """Words in the command (a one-word command has the least to go on)."""

    def vector(self) -> np.ndarray:
        """The features in declaration order (what :class:`Calibration` weighs)."""
        return np.array([getattr(self, f.name) for f in fields(self)], dtype=np.float64)


FEATURE_NAMES = tuple(f.name for f in fields(Features))
"""Names of :class:`Features`' fields, in the order of :meth:`Features.vector`."""


@dataclass(frozen=True)
class Calibration:
    """A logistic model: confidence = 1 / (1 + exp(-(bias + weights . features)))."""

    weights: tuple[float, ...]
    """One weight per feature, in :data:`FEATURE_NAMES` order."""
    bias: float
    """The intercept."""

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURE_NAMES):
            raise ValueError(f"a calibration needs {len(FEATURE_NAMES)} weights ({', '.join(FEATURE_NAMES)}), "
                             f"not {len(self.weights)}")

    def confidence(self, features: Features) -> float:
        """0..1: the probability that the held command is what was said."""
        z = self.bias + float(np.dot(self.weights, features.vector()))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def measure(held: tuple[Path, ...], free_text: str, free_mean: float, free_agrees: bool,
            word_of: tuple[int, ...] = ()) -> Features | None:
    """The features of one utterance: its chosen held path (first of ``held``) against the free decode.

    ``free_agrees``: the free text parses to the chosen command's intent and
    slots; ``word_of``: for each token of the chosen path, the index of the
    command's word it belongs to (-1 for punctuation). None when the grammar
    held nothing (no command at all).
    """
    if not held:
        return None
    best = held[0]
    held_words = best.sentence.split()
    free_words = words(free_text)
    gap = float(np.mean(np.subtract(best.logprobs, best.best)))
    status, extra = _align(free_words, held_words)
    missing = sum(1 for st in status if st is None)
    changed = sum(st for st in status if st is not None)
    return Features(
        held_mean=best.mean,
        free_mean=free_mean,
        held_vs_free=best.mean - free_mean,
        gap=gap,
        worst=float(min(best.logprobs)),
        missing=missing / max(1, len(held_words)),
        extra=extra / max(1, len(free_words)),
        changed=changed / max(1, len(held_words)),
        char_distance=_distance(list(" ".join(free_words)), list(best.sentence)) / max(1, len(best.sentence)),
        free_agrees=1.0 if free_agrees else 0.0,
        missing_support=_support(best, word_of, [i for i, st in enumerate(status) if st is None]),
        changed_support=_support(best, word_of, [i for i, st in enumerate(status) if st]),
        words=float(len(held_words)),
    )


def _align(free: list[str], held: list[str]) -> tuple[list[float | None], int]:
    """For each held word, the letters changed in the free word it aligns with (None: no counterpart), and
    the number of free words with no counterpart, by the cheapest alignment.

    A pair of words costs the share of letters that differ (0 for the same
    word, 1 for nothing alike); a word on one side only costs 1.
    """
    n, m = len(free), len(held)
    pair = [[_distance(list(a), list(b)) / max(len(a), len(b)) for b in held] for a in free]
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = float(i)
    for j in range(1, m + 1):
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + pair[i - 1][j - 1])
    status: list[float | None] = [None] * m
    extra = 0
    i, j = n, m
    while i or j:
        if i and j and abs(cost[i][j] - (cost[i - 1][j - 1] + pair[i - 1][j - 1])) < 1e-9:
            status[j - 1] = pair[i - 1][j - 1]
            i, j = i - 1, j - 1
        elif i and abs(cost[i][j] - (cost[i - 1][j] + 1)) < 1e-9:
            extra += 1
            i -= 1
        else:
            j -= 1
    return status, extra


def _support(path: Path, word_of: tuple[int, ...], words: list[int]) -> float:
    """Mean log-probability of ``path``'s tokens that belong to the command's ``words`` (0 when none)."""
    chosen = set(words)
    values = [lp for lp, w in zip(path.logprobs, word_of) if w in chosen]
    return float(np.mean(values)) if values else 0.0


def _distance(a: list[str], b: list[str]) -> int:
    """Levenshtein distance between two sequences."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
