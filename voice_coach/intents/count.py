"""Counting the sentences templates accept without listing them.

The number is read off hassil's expression tree, each data block in its own
scope (:mod:`voice_coach.intents.blocks`): a word is one way, an alternative
adds its branches' counts, a sequence multiplies its parts', a permutation of
n parts is n! orders of one product, and a list or expansion rule counts as
the sum of its values (each worked out once). For a block with
``requires_context`` the ways are counted per set of required keys their list
values supply, and only those supplying all are kept. It counts what
:func:`voice_coach.intents.expand.expand` yields, one per path through the
tree, duplicates included, so a template set of millions of sentences is
counted in milliseconds. (Not counted apart: a block's ``required_keywords``,
and the odd glued word the parser would spell otherwise; for such templates
the count is an upper bound.)
"""

from __future__ import annotations

import logging
import math
from collections import Counter

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk

from voice_coach.errors import DataError
from voice_coach.intents.blocks import Block, blocks
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

Keyed = dict[frozenset[str], int]
"""Number of ways through an expression, per set of required context keys they supply."""


def count_sentences(templates: Templates) -> int:
    """How many sentences :func:`~voice_coach.intents.expand.expand` would yield, without expanding."""
    return sum(sentence_counts(templates).values())


def sentence_counts(templates: Templates) -> dict[str, int]:
    """Intent name -> how many sentences its templates expand to, in file order."""
    counts = dict.fromkeys(templates.intents.intents, 0)
    for block in blocks(templates):
        counter = PathCounter(block)
        counts[block.intent] += sum(counter.complete(sentence.expression) for sentence in block.sentences())
    return counts


class PathCounter:
    """Counts the paths through a block's expressions; lists and rules are counted once and remembered."""

    def __init__(self, block: Block) -> None:
        self._block = block
        self._required = frozenset(block.required)
        self._lists: dict[str, Keyed] = {}
        self._rules: dict[str, Keyed] = {}

    def __call__(self, exp: Expression) -> int:
        """Number of ways through ``exp`` (1 for plain words), whatever context they supply."""
        return sum(self.keyed(exp).values())

    def complete(self, exp: Expression) -> int:
        """Number of ways through ``exp`` that supply every context key the block requires."""
        return self.keyed(exp).get(self._required, 0)

    def keyed(self, exp: Expression) -> Keyed:
        """Number of ways through ``exp``, per set of required context keys supplied."""
        if isinstance(exp, TextChunk):
            return {frozenset(): 1}
        if isinstance(exp, Alternative):
            total: Counter[frozenset[str]] = Counter()
            for item in exp.items:
                total.update(self.keyed(item))
            return dict(total)
        if isinstance(exp, Permutation):
            return {keys: n * math.factorial(len(exp.items)) for keys, n in self._product(exp.items).items()}
        if isinstance(exp, Sequence):
            return self._product(exp.items) if exp.items else {}  # hassil never matches an empty sequence
        if isinstance(exp, ListReference):
            name = exp.list_name
            if name not in self._lists:
                total = Counter()
                for value in self._block.values(name):
                    supplied = self._block.supplies(value)
                    for keys, n in self.keyed(value.text_in).items():
                        total[keys | supplied] += n
                self._lists[name] = dict(total)
            return self._lists[name]
        if isinstance(exp, RuleReference):
            name = exp.rule_name
            if name not in self._rules:
                self._rules[name] = self.keyed(self._block.rules[name].expression)
            return self._rules[name]
        raise DataError(f"unexpected template expression {exp!r}")

    def _product(self, items: list[Expression]) -> Keyed:
        result: Keyed = {frozenset(): 1}
        for item in items:
            step: Counter[frozenset[str]] = Counter()
            for keys, n in self.keyed(item).items():
                for before, m in result.items():
                    step[before | keys] += n * m
            result = dict(step)
        return result
