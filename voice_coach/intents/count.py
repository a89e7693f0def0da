"""Counting the sentences templates accept without listing them.

The number is read off hassil's expression tree: a word is one way, an
alternative adds its branches' counts, a sequence multiplies its parts', a
permutation of n parts is n! orders of one product, and a list or expansion
rule counts as the sum of its values (each worked out once). It counts what
:func:`voice_coach.intents.expand.expand` yields, one per path through the
tree, duplicates included, so a template set of millions of sentences is
counted in milliseconds.
"""

from __future__ import annotations

import logging
import math

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import Intents, TextSlotList

from voice_coach.errors import DataError
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)


def count_sentences(templates: Templates) -> int:
    """How many sentences :func:`~voice_coach.intents.expand.expand` would yield, without expanding."""
    return sum(sentence_counts(templates).values())


def sentence_counts(templates: Templates) -> dict[str, int]:
    """Intent name -> how many sentences its templates expand to, in file order."""
    counter = PathCounter(templates.intents)
    return {
        name: sum(counter(sentence.expression) for block in intent.data for sentence in block.sentences)
        for name, intent in templates.intents.intents.items()
    }


class PathCounter:
    """Counts the paths through an expression; lists and rules are counted once and remembered."""

    def __init__(self, intents: Intents) -> None:
        self._intents = intents
        self._lists: dict[str, int] = {}
        self._rules: dict[str, int] = {}

    def __call__(self, exp: Expression) -> int:
        """Number of ways through ``exp`` (1 for plain words)."""
        if isinstance(exp, TextChunk):
            return 1
        if isinstance(exp, Alternative):
            return sum(self(item) for item in exp.items)
        if isinstance(exp, Sequence):
            return math.prod(self(item) for item in exp.items)
        if isinstance(exp, Permutation):
            return math.factorial(len(exp.items)) * math.prod(self(item) for item in exp.items)
        if isinstance(exp, ListReference):
            return self.list_count(exp.list_name)
        if isinstance(exp, RuleReference):
            name = exp.rule_name
            if name not in self._rules:
                self._rules[name] = self(self._intents.expansion_rules[name].expression)
            return self._rules[name]
        raise DataError(f"unexpected template expression {exp!r}")

    def list_count(self, name: str) -> int:
        """Number of ways through all values of list ``name``."""
        if name not in self._lists:
            slot_list = self._intents.slot_lists[name]
            assert isinstance(slot_list, TextSlotList), "checked on load"
            self._lists[name] = sum(self(value.text_in) for value in slot_list.values)
        return self._lists[name]
