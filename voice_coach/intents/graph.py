"""A finite automaton over words: the shape every speech grammar of the coach takes.

:class:`WordGraph` is what :func:`voice_coach.intents.automaton.compile_automaton`
returns and what the decoders consume: PocketSphinx writes it as a
finite-state grammar (:func:`voice_coach.hearing.word_graph.fsg_transitions`),
the Whisper engine expands each outgoing word into tokens. It is epsilon-free
(every edge carries one normalized word) and may be nondeterministic (a state
may have two edges with the same word), so it is kept small for grammars of
10^8 sentences. What a decoder needs is precomputed once per graph: the
outgoing edges of each state, and a set-of-states walk for :meth:`accepts`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordGraph:
    """An epsilon-free, possibly nondeterministic automaton over words (acyclic for template grammars)."""

    n_states: int
    """Number of states, numbered 0..n_states-1."""
    start: int
    """The start state."""
    finals: frozenset[int]
    """States where a sentence may end."""
    edges: tuple[tuple[int, int, str], ...]
    """(from state, to state, word), sorted; no two alike."""

    @functools.cached_property
    def _out(self) -> tuple[tuple[tuple[str, int], ...], ...]:
        out: list[list[tuple[str, int]]] = [[] for _ in range(self.n_states)]
        for src, dst, word in self.edges:
            out[src].append((word, dst))
        return tuple(tuple(edges) for edges in out)

    @functools.cached_property
    def _index(self) -> tuple[dict[str, tuple[int, ...]], ...]:
        index: list[dict[str, list[int]]] = [{} for _ in range(self.n_states)]
        for src, dst, word in self.edges:
            index[src].setdefault(word, []).append(dst)
        return tuple({word: tuple(targets) for word, targets in by_word.items()} for by_word in index)

    def outgoing(self, state: int) -> tuple[tuple[str, int], ...]:
        """The (word, next state) edges leaving ``state``, sorted by next state then word."""
        return self._out[state]

    def step(self, states: frozenset[int] | set[int], word: str) -> frozenset[int]:
        """The states reached from any of ``states`` by ``word`` (empty when the word leads nowhere)."""
        index = self._index
        return frozenset(dst for state in states for dst in index[state].get(word, ()))

    def accepts(self, words: Sequence[str] | str) -> bool:
        """Whether the sentence (a string split on whitespace, or a word sequence) is one the graph accepts."""
        if isinstance(words, str):
            words = words.split()
        index = self._index
        states: tuple[int, ...] = (self.start,)
        for word in words:
            if len(states) == 1:  # the common, deterministic case: no set built
                states = index[states[0]].get(word, ())
            else:
                states = tuple({dst for state in states for dst in index[state].get(word, ())})
            if not states:
                return False
        return any(state in self.finals for state in states)

    @functools.cached_property
    def deterministic(self) -> bool:
        """True if no state has two edges with the same word."""
        return all(len(targets) == 1 for by_word in self._index for targets in by_word.values())

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word on an edge."""
        return frozenset(word for _, _, word in self.edges)

    def topological_order(self) -> list[int]:
        """States so that every edge goes forward; ValueError if the graph has a cycle."""
        indegree = [0] * self.n_states
        for _, dst, _ in self.edges:
            indegree[dst] += 1
        order = [state for state in range(self.n_states) if indegree[state] == 0]
        for state in order:  # grows while it is walked
            for _, dst in self._out[state]:
                indegree[dst] -= 1
                if indegree[dst] == 0:
                    order.append(dst)
        if len(order) != self.n_states:
            raise ValueError("the word graph has a cycle")
        return order

    def count_paths(self) -> int:
        """Number of paths from the start to a final state: the number of sentences when deterministic."""
        paths = [0] * self.n_states
        for state in reversed(self.topological_order()):
            paths[state] = (state in self.finals) + sum(paths[dst] for _, dst in self._out[state])
        return paths[self.start]

    def max_length(self) -> int:
        """Words in the longest accepted sentence (0 when only the empty sentence, or nothing, is accepted)."""
        longest = [-1] * self.n_states
        for state in reversed(self.topological_order()):
            best = 0 if state in self.finals else -1
            for _, dst in self._out[state]:
                if longest[dst] >= 0:
                    best = max(best, longest[dst] + 1)
            longest[state] = best
        return max(longest[self.start], 0)

    def sentences(self) -> Iterator[str]:
        """Every accepted sentence, depth first (repeated when the graph has two paths for it): for small graphs."""
        stack: list[tuple[int, tuple[str, ...]]] = [(self.start, ())]
        while stack:
            state, prefix = stack.pop()
            if state in self.finals:
                yield " ".join(prefix)
            for word, dst in reversed(self._out[state]):
                stack.append((dst, (*prefix, word)))


__all__ = ["WordGraph"]
