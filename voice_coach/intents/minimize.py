"""Making a word automaton small: trim, determinize (within a budget), merge equal suffixes.

A decoder searches every path of its grammar at once, so fewer states and
edges mean faster decoding (PocketSphinx decodes the minimal deterministic
graph of the coach's sentences ten times faster than the same language with
null transitions). Template grammars are finite, so the automaton is acyclic:
states are merged bottom-up when they agree on finality and on every outgoing
(word, merged target), which for a deterministic automaton gives the minimal
one (Revuz's algorithm), and for a nondeterministic one still a smaller
equivalent. Determinizing can in theory blow up, so it stops at a budget of
states and the nondeterministic automaton is kept then.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from voice_coach.intents.graph import WordGraph

log = logging.getLogger(__name__)

DETERMINIZE_BUDGET = 200_000
"""Most states determinizing may create (beyond four times the input's states) before it gives up."""


def reduce_graph(n_states: int, start: int, finals: Iterable[int], edges: Iterable[tuple[int, int, str]],
                 budget: int | None = DETERMINIZE_BUDGET) -> WordGraph:
    """The smallest equivalent graph found cheaply: trimmed, determinized if within ``budget``, suffixes merged."""
    out = _adjacency(n_states, edges)
    finals = set(finals)
    live = _trim(out, start, finals)
    if budget is not None:
        dfa = _determinize(out, start, finals, live, max(budget, 4 * len(live)))
        if dfa is not None:
            out, start, finals = dfa
            live = list(range(len(out)))
        else:
            log.info("the word automaton stays nondeterministic: determinizing it would take over %d states",
                     max(budget, 4 * len(live)))
    return _merge_suffixes(out, start, finals, live)


def _adjacency(n_states: int, edges: Iterable[tuple[int, int, str]]) -> list[dict[str, set[int]]]:
    out: list[dict[str, set[int]]] = [{} for _ in range(n_states)]
    for src, dst, word in edges:
        out[src].setdefault(word, set()).add(dst)
    return out


def _trim(out: list[dict[str, set[int]]], start: int, finals: set[int]) -> list[int]:
    """States on some path from ``start`` to a final state, in depth-first order from the start."""
    reachable = [start]
    seen = {start}
    for state in reachable:  # grows while it is walked
        for targets in out[state].values():
            for dst in targets:
                if dst not in seen:
                    seen.add(dst)
                    reachable.append(dst)
    into: dict[int, list[int]] = {}
    for src in reachable:
        for targets in out[src].values():
            for dst in targets:
                into.setdefault(dst, []).append(src)
    useful = {state for state in reachable if state in finals}
    stack = list(useful)
    while stack:
        for src in into.get(stack.pop(), ()):
            if src not in useful:
                useful.add(src)
                stack.append(src)
    if start not in useful:
        useful.add(start)  # an empty language: the start state alone
    for state in reachable:
        out[state] = {w: {d for d in ts if d in useful} for w, ts in out[state].items()}
        out[state] = {w: ts for w, ts in out[state].items() if ts}
    return [state for state in reachable if state in useful]


def _determinize(out: list[dict[str, set[int]]], start: int, finals: set[int], live: list[int],
                 budget: int) -> tuple[list[dict[str, set[int]]], int, set[int]] | None:
    """Subset construction; None when it would create more than ``budget`` states."""
    if all(len(targets) == 1 for state in live for targets in out[state].values()):
        return _renumbered(out, start, finals, live)
    ids: dict[frozenset[int], int] = {frozenset((start,)): 0}
    subsets = [frozenset((start,))]
    dfa: list[dict[str, set[int]]] = []
    for subset in subsets:  # grows while it is walked
        moves: dict[str, set[int]] = {}
        for state in subset:
            for word, targets in out[state].items():
                moves.setdefault(word, set()).update(targets)
        row: dict[str, set[int]] = {}
        for word, targets in moves.items():
            key = frozenset(targets)
            target = ids.get(key)
            if target is None:
                if len(subsets) >= budget:
                    return None
                target = ids[key] = len(subsets)
                subsets.append(key)
            row[word] = {target}
        dfa.append(row)
    dfa_finals = {i for i, subset in enumerate(subsets) if not finals.isdisjoint(subset)}
    return dfa, 0, dfa_finals


def _renumbered(out: list[dict[str, set[int]]], start: int, finals: set[int],
                live: list[int]) -> tuple[list[dict[str, set[int]]], int, set[int]]:
    """A deterministic automaton as it is, numbered 0..n-1 in ``live`` order (the start first)."""
    number = {state: i for i, state in enumerate(live)}
    table = [{w: {number[d] for d in ts} for w, ts in out[state].items()} for state in live]
    return table, number[start], {number[s] for s in live if s in finals}


def _merge_suffixes(out: list[dict[str, set[int]]], start: int, finals: set[int], live: list[int]) -> WordGraph:
    """Merge states with equal finality and equal outgoing (word, merged target) edges, bottom-up."""
    order = _postorder(out, start)
    merged: dict[int, int] = {}
    register: dict[tuple, int] = {}
    for state in order:
        signature = (state in finals,
                     tuple(sorted({(w, merged[d]) for w, ts in out[state].items() for d in ts})))
        merged[state] = register.setdefault(signature, len(register))
    # Number the merged states breadth-first from the start, for a stable, readable graph.
    rows = {cls: edges for (_, edges), cls in register.items()}
    final_classes = {cls for (is_final, _), cls in register.items() if is_final}
    number = {merged[start]: 0}
    queue = [merged[start]]
    for cls in queue:
        for _, dst in rows[cls]:
            if dst not in number:
                number[dst] = len(number)
                queue.append(dst)
    edges = sorted({(number[cls], number[dst], w) for cls in queue for w, dst in rows[cls]})
    return WordGraph(len(number), 0, frozenset(number[c] for c in queue if c in final_classes), tuple(edges))


def _postorder(out: list[dict[str, set[int]]], start: int) -> list[int]:
    """States reachable from ``start``, each after every state it leads to (the graph is acyclic)."""
    order: list[int] = []
    done: set[int] = set()
    stack: list[tuple[int, bool]] = [(start, False)]
    while stack:
        state, expanded = stack.pop()
        if expanded:
            order.append(state)
            continue
        if state in done:
            continue
        done.add(state)
        stack.append((state, True))
        stack.extend((dst, False) for targets in out[state].values() for dst in targets if dst not in done)
    return order


__all__ = ["DETERMINIZE_BUDGET", "reduce_graph"]
