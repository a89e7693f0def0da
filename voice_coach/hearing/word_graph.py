"""The command sentences as a minimal word graph, the shape PocketSphinx decodes fastest.

PocketSphinx can read the JSGF grammar the templates compile to, but its
JSGF-to-FSG conversion inlines every rule reference and chains them with null
transitions: with the coach's templates (some 5,000 sentences) decoding then
costs 0.55 CPU seconds per second of speech. The same language as a minimal
deterministic word graph (shared prefixes *and* shared suffixes, no null
transitions) costs 0.04: :func:`word_graph` builds it from the expanded
sentences, :func:`fsg_transitions` writes it in the form
``pocketsphinx.Decoder.create_fsg`` takes. The templates' own automaton
(:func:`voice_coach.intents.automaton.compile_automaton`) is built from their
structure instead, without listing sentences; :func:`word_graph` stays for a
plain list of sentences.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from voice_coach.intents.graph import WordGraph

log = logging.getLogger(__name__)

__all__ = ["WordGraph", "fsg_transitions", "word_graph"]


def word_graph(sentences: Iterable[str]) -> WordGraph:
    """The minimal word graph accepting exactly ``sentences`` (split on whitespace; empty ones are ignored)."""
    children: list[dict[str, int]] = [{}]
    final = [False]
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        node = 0
        for word in words:
            nxt = children[node].get(word)
            if nxt is None:
                children.append({})
                final.append(False)
                nxt = children[node][word] = len(children) - 1
            node = nxt
        final[node] = True
    # Merge equivalent trie nodes bottom-up: two nodes are the same state when they
    # agree on finality and on every outgoing word's (already merged) target.
    order: list[int] = []
    stack = [(0, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children[node].values())
    register: dict[tuple, int] = {}
    state_of: dict[int, int] = {}
    for node in order:
        signature = (final[node], tuple(sorted((w, state_of[c]) for w, c in children[node].items())))
        state_of[node] = register.setdefault(signature, len(register))
    edges = {(state, target, word) for (_, outgoing), state in register.items() for word, target in outgoing}
    finals = frozenset(state for (is_final, _), state in register.items() if is_final)
    return WordGraph(len(register), state_of[0], finals, tuple(sorted(edges)))


def fsg_transitions(graph: WordGraph) -> tuple[int, int, list[tuple[int, int, float, str]]]:
    """(start, final, transitions) for ``Decoder.create_fsg``.

    PocketSphinx wants one final state: a new state ``graph.n_states`` receives a
    copy of every edge into an accepting state, so no null transition is needed.
    Each state spreads probability evenly over its outgoing words.
    """
    final = graph.n_states
    fan_out = Counter(src for src, _, _ in graph.edges)
    transitions: list[tuple[int, int, float, str]] = []
    for src, dst, word in graph.edges:
        p = 1.0 / fan_out[src]
        if dst in graph.finals:
            transitions.append((src, final, p, word))
            if fan_out[dst]:
                transitions.append((src, dst, p, word))
        else:
            transitions.append((src, dst, p, word))
    return graph.start, final, transitions
