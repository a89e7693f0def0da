"""The grammar's sentences nearest to what the model wrote unheld: a second way into the held decode.

The held beam search can lose the right command in its first steps: a piper
voice's "ow my calf" is "Oh my calf." to the model, so " Ow" starts far down
the first step's list and is pruned, and the beam ends on a sentence that
starts with a likelier word. The free decode got the rest right. So the
sentences closest to the free text (fewest words changed, a word changed by
the share of its letters that differ) are searched too, beside the whole
grammar in the same decoder steps (:func:`~voice_coach.hearing.whisper.search.search`),
and win only if the model scores them higher.

A cheapest-first search over (automaton state, free words used), each pair
taken at most ``k`` times: it looks only at paths cheaper than the answers,
whatever the number of sentences the grammar holds.
"""

from __future__ import annotations

import heapq
import logging
from functools import lru_cache

from voice_coach.intents.graph import WordGraph

log = logging.getLogger(__name__)

def nearest_sentences(graph: WordGraph, free: list[str], k: int = 2, max_words: int = 16,
                      max_share: float = 0.5, budget: int = 2000) -> list[str]:
    """Up to ``k`` grammar sentences nearest to the ``free`` words, nearest first.

    None for free text longer than ``max_words``, and none that differs from
    it in more than ``max_share`` of its words (plus one): such a sentence is
    no rescue, and leaving it out keeps the search small. At most ``budget``
    steps are taken (prose far from every command would take many).
    """
    if not free or len(free) > max_words:
        return []
    n = len(free)
    cap = max_share * n + 1.0
    heap: list[tuple[float, int, int, tuple[str, ...]]] = [(0.0, graph.start, 0, ())]
    popped: dict[tuple[int, int], int] = {}
    found: list[str] = []
    seen: set[tuple[int, int, tuple[str, ...]]] = set()
    while heap and len(found) < k and budget > 0:
        budget -= 1
        cost, state, i, words = heapq.heappop(heap)
        if (state, i, words) in seen:
            continue
        seen.add((state, i, words))
        times = popped.get((state, i), 0)
        if times >= k:  # k cheaper ways through this cell are known: this one cannot be among the k best
            continue
        popped[(state, i)] = times + 1
        if i == n and state in graph.finals:
            sentence = " ".join(words)
            if sentence not in found:
                found.append(sentence)
        if i < n and cost + 1.0 <= cap:
            heapq.heappush(heap, (cost + 1.0, state, i + 1, words))  # a free word dropped
        for word, target in graph.outgoing(state):
            if cost + 1.0 <= cap:
                heapq.heappush(heap, (cost + 1.0, target, i, (*words, word)))  # a word added
            if i < n:
                change = cost + _changed(word, free[i])
                if change <= cap:
                    heapq.heappush(heap, (change, target, i + 1, (*words, word)))
    return found


@lru_cache(maxsize=65536)
def _changed(word: str, heard: str) -> float:
    """Share of letters to change to turn one word into the other (0: the same word, 1: nothing alike)."""
    previous = list(range(len(heard) + 1))
    for i, a in enumerate(word, start=1):
        current = [i]
        for j, b in enumerate(heard, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(len(word), len(heard), 1)
