"""Decoding one utterance held to the grammar: a beam search over the grammar's tokens.

The search keeps the ``beam`` best unfinished prefixes by their summed
log-probability (at one step they all have the same length, so the sum ranks
them as the mean would) and collects every prefix the grammar lets end,
scored by its mean log-probability per token, end of text included: the raw
sum would let short commands win over long ones ("stop" over "stop the
routine"), the mean does not.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voice_coach.hearing.whisper.decoder import CrossCache, WhisperDecoder
from voice_coach.hearing.whisper.tokens import Position, TokenGrammar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchSettings:
    """How wide and how long the held decode runs."""

    beam: int = 4
    """Unfinished held prefixes kept after each step (one per place in the grammar: "My" and " my" are one)."""
    prune: float = 1.5
    """An unfinished prefix whose mean log-probability per token is this much (nats) below the best whole
    command found so far is dropped: the tokens still to come would all have to be near certain to catch up."""
    max_tokens: int = 48
    """Longest held decode, in tokens (a cap for grammars with very long sentences)."""
    follow: float | None = None
    """For a grammar searched beside the first: its prefixes whose mean log-probability falls this many nats
    below the first grammar's best prefix of the same length are dropped (None: never)."""
    length_exponent: float = 1.0
    """Whole sentences are ranked by summed log-probability over (tokens, end included) ** this: 1 is the mean,
    0 the raw sum."""


@dataclass(frozen=True)
class Path:
    """One held decode: its tokens and how the model scored each."""

    tokens: tuple[int, ...]
    """Text tokens, without the start sequence and end of text."""
    logprobs: tuple[float, ...]
    """Natural-log probability of each token, then of the end of text (one more than ``tokens``)."""
    best: tuple[float, ...]
    """At each of those steps, the log-probability of the model's own first choice (any token)."""
    sentence: str
    """The grammar sentence, normalized words."""

    @property
    def mean(self) -> float:
        """Mean log-probability per token, end of text included."""
        return float(np.mean(self.logprobs))

    def score(self, length_exponent: float) -> float:
        """Summed log-probability over (tokens, end included) ** ``length_exponent`` (ranks whole sentences)."""
        return float(np.sum(self.logprobs)) / len(self.logprobs) ** length_exponent


@dataclass
class _Hyp:
    position: Position
    tokens: tuple[int, ...]
    logprobs: tuple[float, ...]
    best: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.logprobs)


def search(decoder: WhisperDecoder, grammars: Sequence[TokenGrammar], cross: CrossCache, prompt: tuple[int, ...],
           end_token: int, beams: Sequence[SearchSettings]) -> tuple[tuple[Path, ...], ...]:
    """For each grammar, the whole sentences a held decode finds for one utterance (encoder output ``cross``).

    Each grammar has its own beam (``beams``, one each), but their
    hypotheses share every decoder step: a step for seven hypotheses costs
    hardly more than for four, so a second, narrower grammar (the warning
    signs) is searched almost for free beside the whole one. Per grammar: one
    path a sentence (its best surface form), best first; empty when the
    grammar let nothing through.
    """
    column = decoder.column_of
    end_col = column[end_token]
    cache = decoder.empty()
    logp = None
    for token in prompt:
        logp, cache = decoder.step(cache, [token], cross)
    assert logp is not None, "the prompt holds at least the start-of-transcript token"
    held = [[_Hyp(grammar.start, (), (), ())] for grammar in grammars]
    rows = [[0] for _ in grammars]  # the row of ``logp`` and ``cache`` that each hypothesis is in
    found: list[list[Path]] = [[] for _ in grammars]
    while any(held):
        parents: list[int] = []
        tokens: list[int] = []
        leader = None  # the first grammar's best running mean log-probability at this step
        for g, (grammar, settings) in enumerate(zip(grammars, beams)):
            length = len(held[g][0].tokens) + 1 if held[g] else 0
            kept = _prune(_candidates(grammar, held[g], rows[g], logp, column, end_col, settings, found[g]),
                          found[g], length, settings)
            if g == 0:
                leader = kept[0][0] / length if kept else None
            elif leader is not None and settings.follow is not None:
                kept = [k for k in kept if k[0] / length >= leader - settings.follow]
            by_row = dict(zip(rows[g], held[g]))
            held[g] = [_Hyp(position, (*by_row[row].tokens, token),
                            (*by_row[row].logprobs, float(logp[row, column[token]])),
                            (*by_row[row].best, float(logp[row].max())))
                       for _, row, token, position in kept]
            rows[g] = list(range(len(parents), len(parents) + len(kept)))
            parents += [row for _, row, _, _ in kept]
            tokens += [token for _, _, token, _ in kept]
        if not tokens:
            break
        logp, cache = decoder.step(cache.take(parents), tokens, cross)
    return tuple(_one_a_sentence(paths, settings.length_exponent) for paths, settings in zip(found, beams))


def _candidates(grammar: TokenGrammar, held: list[_Hyp], rows: list[int], logp: np.ndarray, column: dict[int, int],
                end_col: int, settings: SearchSettings, found: list[Path]) -> list[tuple[float, int, int, Position]]:
    """Every extension worth a look of the ``held`` hypotheses, best first; whole sentences go to ``found``."""
    candidates: list[tuple[float, int, int, Position]] = []
    for row, hyp in zip(rows, held):
        scores = logp[row]
        if grammar.is_final(hyp.position):
            found.append(Path(hyp.tokens, (*hyp.logprobs, float(scores[end_col])), (*hyp.best, float(scores.max())),
                              grammar.sentence(hyp.position)))
        if len(hyp.tokens) >= settings.max_tokens:
            continue
        moves = grammar.next(hyp.position)
        if moves:
            tokens = np.fromiter(moves, dtype=np.intp, count=len(moves))
            totals = hyp.total + scores[[column[t] for t in moves]]
            for i in np.argsort(-totals)[:2 * settings.beam]:  # enough for the beam after recombination
                token = int(tokens[i])
                candidates.append((float(totals[i]), row, token, moves[token]))
    candidates.sort(key=lambda c: -c[0])
    return candidates


def _one_a_sentence(found: list[Path], length_exponent: float) -> tuple[Path, ...]:
    """Best first, each sentence once (its best surface form)."""
    best_of: dict[str, Path] = {}
    for path in sorted(found, key=lambda p: -p.score(length_exponent)):
        best_of.setdefault(path.sentence, path)
    return tuple(best_of.values())


def _prune(candidates: list[tuple[float, int, int, Position]], found: list[Path], length: int,
           settings: SearchSettings) -> list[tuple[float, int, int, Position]]:
    """The best ``settings.beam`` candidates (sorted best first), one per grammar position, none hopeless.

    Prefixes that reach the same position ("My left" and " my left") have the
    same future in the grammar, so only the better is kept (recombination):
    otherwise a command's spellings fill the beam and crowd out other commands.
    """
    best_found = max((p.mean for p in found), default=None)
    kept, seen = [], set()
    for candidate in candidates:
        total, _, _, position = candidate
        if position in seen:
            continue
        if best_found is not None and length >= 2 and total / length < best_found - settings.prune:
            break  # sorted: every later candidate is worse still
        seen.add(position)
        kept.append(candidate)
        if len(kept) == settings.beam:
            break
    return kept
