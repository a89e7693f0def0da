"""The word automaton of the templates, compiled from their structure, never from a list of sentences.

:func:`compile_automaton` gives a :class:`~voice_coach.intents.graph.WordGraph`
accepting exactly the sentences :func:`voice_coach.intents.expand.expand`
yields, in time and memory that follow the templates' size, not the number
of sentences (10^8 sentences compile in a fraction of a second). Two steps:

1. **Pieces.** Each block's sentence templates (:mod:`voice_coach.intents.blocks`)
   become an automaton over text pieces, spaces and context marks, with
   null transitions: alternatives and optionals branch, sequences chain, list
   values and expansion rules are compiled where they are used, and a hassil
   permutation ``(a;b;c)`` gets one state per set of items already placed,
   so k items cost k * 2^(k-1) item copies, not k!.
2. **Words.** From every state that begins a word, the pieces up to the next
   space are joined into that word (so "light[s]" gives "light" and
   "lights"), null transitions vanish, and a block's conditions are tracked
   with a few flag bits: the context keys it requires, and whether a required
   keyword has been said. A word that the parser would spell otherwise
   (a glued "don" + "t" the parser reads as "don't") is left out, with its
   sentences, as hassil would not match them either.

The result is trimmed, determinized when that stays within a budget, and
minimized (:mod:`voice_coach.intents.minimize`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Collection

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk

from voice_coach.errors import DataError
from voice_coach.intents.blocks import Block, blocks
from voice_coach.intents.graph import WordGraph
from voice_coach.intents.minimize import DETERMINIZE_BUDGET, reduce_graph
from voice_coach.intents.normalize import CONTRACTIONS, is_word
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

_SPACE = " "
"""Piece label: a word boundary."""
_PARTS = re.compile(r"\s+|[^\s]+")


class _Mark(int):
    """Piece label: a list value supplied this context bit."""


def compile_automaton(templates: Templates, budget: int | None = DETERMINIZE_BUDGET,
                      intents: Collection[str] | None = None) -> WordGraph:
    """The automaton of every sentence ``templates`` accept (see the module docstring).

    ``budget``: most states determinizing may create before the automaton is
    left nondeterministic (None: never determinize, only merge equal suffixes).
    ``intents``: only these intents' sentences (None: all); e.g. the warning
    signs alone, which a decoder may search beside the whole grammar.
    """
    started = time.process_time()
    words = _WordBuilder()
    pieces = _Pieces()
    for block in blocks(templates):
        if intents is not None and block.intent not in intents:
            continue
        sentences = block.sentences()
        if not sentences:
            continue
        begin, end = pieces.state(), pieces.state()
        compiler = _Compiler(pieces, block)
        for sentence in sentences:
            compiler.compile(sentence.expression, begin, end)
        words.add_block(pieces, begin, end, block)
    graph = reduce_graph(words.n_states, 0, words.finals - {0}, words.edges, budget)
    log.debug("word automaton: %d piece states -> %d word states, %d edges -> %d states, %d edges%s (%.0f ms)",
              len(pieces.out), words.n_states, len(words.edges), graph.n_states, len(graph.edges),
              "" if graph.deterministic else ", nondeterministic", 1000 * (time.process_time() - started))
    return graph


class _Pieces:
    """An automaton over text pieces, spaces, context marks and null transitions (None)."""

    def __init__(self) -> None:
        self.out: list[list[tuple[str | _Mark | None, int]]] = []

    def state(self) -> int:
        self.out.append([])
        return len(self.out) - 1

    def edge(self, src: int, label: str | _Mark | None, dst: int) -> None:
        self.out[src].append((label, dst))


class _Compiler:
    """Compiles one block's templates into pieces, in the block's scope."""

    def __init__(self, pieces: _Pieces, block: Block) -> None:
        self._pieces = pieces
        self._block = block
        self._bits = {key: _Mark(1 << i) for i, key in enumerate(block.required)}

    def compile(self, exp: Expression, src: int, dst: int | None = None) -> int:
        """Add ``exp`` from state ``src`` (to ``dst`` when given); return the state it ends in."""
        p = self._pieces
        if isinstance(exp, TextChunk):
            return self._text(exp.text, src, dst)
        if isinstance(exp, Alternative):
            end = p.state() if dst is None else dst
            for item in exp.items:
                self.compile(item, src, end)
            return end
        if isinstance(exp, Permutation):
            return self._permutation(exp.items, src, dst)
        if isinstance(exp, Sequence):
            if not exp.items:  # hassil's matcher never matches an empty sequence: "(a|)" is "(a)"
                return p.state() if dst is None else dst
            state = src
            for item in exp.items[:-1]:
                state = self.compile(item, state)
            return self.compile(exp.items[-1], state, dst)
        if isinstance(exp, ListReference):
            end = p.state() if dst is None else dst
            for value in self._block.values(exp.list_name):
                marks = [self._bits[key] for key in self._block.supplies(value)]
                state = self.compile(value.text_in, src, None if marks else end)
                for i, mark in enumerate(marks):
                    nxt = end if i == len(marks) - 1 else p.state()
                    p.edge(state, mark, nxt)
                    state = nxt
            return end
        if isinstance(exp, RuleReference):
            return self.compile(self._block.rules[exp.rule_name].expression, src, dst)
        raise DataError(f"unexpected template expression {exp!r}")

    def _text(self, text: str, src: int, dst: int | None) -> int:
        parts = _PARTS.findall(text)
        if not parts:
            if dst is None:
                return src
            self._pieces.edge(src, None, dst)
            return dst
        state = src
        for i, part in enumerate(parts):
            nxt = dst if dst is not None and i == len(parts) - 1 else self._pieces.state()
            self._pieces.edge(state, _SPACE if part[0].isspace() else part, nxt)
            state = nxt
        return state

    def _permutation(self, items: list[Expression], src: int, dst: int | None) -> int:
        """Every order of ``items``: one state per set of items placed, each item compiled once per such set."""
        p = self._pieces
        full = (1 << len(items)) - 1
        end = p.state() if dst is None else dst
        node = {0: src, full: end}
        for placed in sorted(range(full), key=lambda s: bin(s).count("1")):
            if placed not in node:
                continue  # unreachable: never happens, every smaller set is placed first
            for i, item in enumerate(items):
                bit = 1 << i
                if not placed & bit:
                    target = node.setdefault(placed | bit, p.state())
                    self.compile(item, node[placed], target)
        return end


class _WordBuilder:
    """The word automaton: pieces joined into words, null transitions removed, a block's flags tracked."""

    def __init__(self) -> None:
        self.n_states = 1
        """State 0 starts every sentence; state 1 ends every sentence that ends with a word."""
        self.edges: set[tuple[int, int, str]] = set()
        self.finals: set[int] = set()
        self._end = self._new()
        self.finals.add(self._end)

    def _new(self) -> int:
        self.n_states += 1
        return self.n_states - 1

    def add_block(self, pieces: _Pieces, begin: int, end: int, block: Block) -> None:
        """Add the words of one block's pieces, from ``begin`` to ``end``, to the automaton."""
        keywords = block.keywords
        said = 1 << len(block.required)
        need = (said << 1) - 1 if keywords is not None else said - 1
        ids: dict[tuple[int, int], int] = {}
        todo = [(begin, 0, 0)]  # (piece state, flags, word state)
        out = pieces.out
        while todo:
            first, first_flags, state = todo.pop()
            seen: set[tuple[int, str, int]] = set()
            stack = [(first, "", first_flags)]
            while stack:
                here = stack.pop()
                if here in seen:
                    continue
                seen.add(here)
                piece, word, flags = here
                if piece == end:
                    if not word:
                        if flags == need:
                            self.finals.add(state)
                    elif _speakable(word):
                        if keywords is not None and word in keywords:
                            flags |= said
                        if flags == need:
                            self.edges.add((state, self._end, word))
                    continue
                for label, nxt in out[piece]:
                    if label is None:
                        stack.append((nxt, word, flags))
                    elif isinstance(label, _Mark):
                        stack.append((nxt, word, flags | label))
                    elif label is _SPACE:
                        if not word:
                            stack.append((nxt, "", flags))
                        elif _speakable(word):
                            after = flags | said if keywords is not None and word in keywords else flags
                            target = ids.get((nxt, after))
                            if target is None:
                                target = ids[nxt, after] = self._new()
                                todo.append((nxt, after, target))
                            self.edges.add((state, target, word))
                    else:
                        stack.append((nxt, word + label, flags))


def _speakable(word: str) -> bool:
    """Whether the parser reads ``word`` as itself (a normalized word, not a contraction it would respell)."""
    return is_word(word) and word not in CONTRACTIONS


__all__ = ["compile_automaton"]
