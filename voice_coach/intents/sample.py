"""Random sentences the templates accept: a random walk down the expression tree.

Each branch is taken with a weight equal to the number of sentences below it
(:class:`~voice_coach.intents.count.PathCounter`), so every expanded sentence
is equally likely, however the templates are shaped, and nothing is expanded:
one sample costs one walk from a sentence template to its words.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence as Seq
from typing import TypeVar

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import Intents, TextSlotList

from voice_coach.errors import DataError
from voice_coach.intents.count import PathCounter
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

T = TypeVar("T")


def sample_sentences(templates: Templates, n: int, rng: random.Random) -> list[tuple[str, str, dict[str, str]]]:
    """``n`` sentences drawn uniformly (with replacement) from the expansion, as (sentence, intent, slots)."""
    intents = templates.intents
    counter = PathCounter(intents)
    roots = [(name, block, sentence) for name, intent in intents.intents.items()
             for block in intent.data for sentence in block.sentences]
    weights = [counter(sentence.expression) for _, _, sentence in roots]
    walker = _Walker(intents, counter, rng)
    result = []
    for _ in range(n):
        name, block, sentence = _pick(roots, weights, rng)
        words: list[str] = []
        slots = {slot: str(value) for slot, value in block.slots.items()}
        walker.walk(sentence.expression, words, slots)
        result.append((" ".join(words), name, slots))
    return result


class _Walker:
    """One random path through an expression, appending its words and slots."""

    def __init__(self, intents: Intents, counter: PathCounter, rng: random.Random) -> None:
        self._intents = intents
        self._count = counter
        self._rng = rng

    def walk(self, exp: Expression, words: list[str], slots: dict[str, str]) -> None:
        if isinstance(exp, TextChunk):
            words.extend(exp.text.split())
        elif isinstance(exp, Alternative):
            self.walk(_pick(exp.items, [self._count(item) for item in exp.items], self._rng), words, slots)
        elif isinstance(exp, Sequence):
            for item in exp.items:
                self.walk(item, words, slots)
        elif isinstance(exp, Permutation):
            for item in self._rng.sample(exp.items, len(exp.items)):
                self.walk(item, words, slots)
        elif isinstance(exp, ListReference):
            slot_list = self._intents.slot_lists[exp.list_name]
            assert isinstance(slot_list, TextSlotList), "checked on load"
            value = _pick(slot_list.values, [self._count(v.text_in) for v in slot_list.values], self._rng)
            self.walk(value.text_in, words, slots)
            slots[exp.slot_name] = str(value.value_out)
        elif isinstance(exp, RuleReference):
            self.walk(self._intents.expansion_rules[exp.rule_name].expression, words, slots)
        else:
            raise DataError(f"unexpected template expression {exp!r}")


def _pick(items: Seq[T], weights: list[int], rng: random.Random) -> T:
    """One of ``items``, each with probability weight / sum(weights); exact for huge integer weights."""
    ticket = rng.randrange(sum(weights))
    for item, weight in zip(items, weights):
        if ticket < weight:
            return item
        ticket -= weight
    raise AssertionError("unreachable: ticket below the total weight")
