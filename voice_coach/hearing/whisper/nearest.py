"""The grammar's sentences nearest to what the model wrote unheld.

Two uses, one search. The held beam search can lose the right command in its
first steps: a piper voice's "ow my calf" is "Oh my calf." to the model, so
" Ow" starts far down the first step's list and is pruned, and the beam ends on
a sentence that starts with a likelier word. The free decode got the rest
right. So the sentences closest to the free text (fewest words changed, a word
changed by the share of its letters that differ) are searched too
(:func:`nearest_sentences`), beside the whole grammar in the same decoder steps
(:func:`~voice_coach.hearing.whisper.search.search`), and win only if the model
scores them higher. And a person says a command among words of their own
("okay so my right leg is like cramping up right now"): with extra words priced
low (:data:`AMONG_WORDS`), the same search finds the command they hold
(:mod:`.among`).

A cheapest-first search over (automaton state, free words used), each pair
taken at most ``k`` times: it looks only at paths cheaper than the answers,
whatever the number of sentences the grammar holds.
"""

from __future__ import annotations

import heapq
import logging
from dataclasses import dataclass
from functools import lru_cache

from voice_coach.intents.graph import WordGraph

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prices:
    """What each difference between the free words and a grammar sentence costs, in words."""

    extra: float = 1.0
    """A free word the sentence does not hold."""
    missing: float = 1.0
    """A sentence word the free words lack."""
    changed_at_most: float = 1.0
    """A free word taken for a sentence word costs the share of its letters that differ; only up to this share."""


NEAR_SPELLING = Prices()
"""Every difference priced alike: the sentences the model may have meant, for the held decode to score."""
AMONG_WORDS = Prices(extra=0.35, missing=1.0, changed_at_most=0.2)
"""Extra words cheap, missing words dear, a word changed only by a letter in five ("cramps" for "cramp"; "the"
for "them" is too far): the command a person
said among words of their own (:mod:`.among`)."""


@dataclass(frozen=True)
class Nearest:
    """A grammar sentence near the free words."""

    sentence: str
    cost: float
    """Words changed, as priced (:class:`Prices`)."""
    kept: int
    """Sentence words that stand for a free word (the same word, or one a few letters away)."""
    extra: int
    """Free words the sentence does not hold."""


def nearest(graph: WordGraph, free: list[str], k: int = 2, prices: Prices = NEAR_SPELLING, max_words: int = 16,
            max_share: float = 0.5, budget: int = 2000, slack: float = 1.0) -> list[Nearest]:
    """Up to ``k`` grammar sentences nearest to the ``free`` words, nearest first.

    None for free text longer than ``max_words``, and none that costs more than
    ``max_share`` of its words plus ``slack``: such a sentence is no rescue, and
    leaving it out keeps the search small. At most ``budget`` steps are taken
    (prose far from every command would take many).
    """
    if not free or len(free) > max_words:
        return []
    n = len(free)
    cap = max_share * n + slack
    heap: list[tuple[float, int, int, tuple[str, ...], int]] = [(0.0, graph.start, 0, (), 0)]  # ..., words kept
    popped: dict[tuple[int, int], int] = {}
    found: dict[str, Nearest] = {}
    seen: set[tuple[int, int, tuple[str, ...]]] = set()
    while heap and len(found) < k and budget > 0:
        budget -= 1
        cost, state, i, words, kept = heapq.heappop(heap)
        if (state, i, words) in seen:
            continue
        seen.add((state, i, words))
        times = popped.get((state, i), 0)
        if times >= k:  # k cheaper ways through this cell are known: this one cannot be among the k best
            continue
        popped[(state, i)] = times + 1
        if i == n and state in graph.finals:
            found.setdefault(" ".join(words), Nearest(" ".join(words), cost, kept, n - kept))
        if i < n and cost + prices.extra <= cap:
            heapq.heappush(heap, (cost + prices.extra, state, i + 1, words, kept))
        for word, target in graph.outgoing(state):
            if cost + prices.missing <= cap:
                heapq.heappush(heap, (cost + prices.missing, target, i, (*words, word), kept))
            if i < n:
                share = changed(word, free[i])
                if share <= prices.changed_at_most and cost + share <= cap:
                    heapq.heappush(heap, (cost + share, target, i + 1, (*words, word), kept + 1))
    return list(found.values())


def nearest_sentences(graph: WordGraph, free: list[str], k: int = 2, max_words: int = 16,
                      max_share: float = 0.5, budget: int = 2000) -> list[str]:
    """Up to ``k`` grammar sentences nearest to the ``free`` words in spelling, nearest first (see :func:`nearest`)."""
    return [n.sentence for n in nearest(graph, free, k, NEAR_SPELLING, max_words, max_share, budget)]


@lru_cache(maxsize=65536)
def changed(word: str, heard: str) -> float:
    """Share of letters to change to turn one word into the other (0: the same word, 1: nothing alike)."""
    previous = list(range(len(heard) + 1))
    for i, a in enumerate(word, start=1):
        current = [i]
        for j, b in enumerate(heard, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(len(word), len(heard), 1)
