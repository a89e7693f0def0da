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

from voice_coach.errors import DataError
from voice_coach.intents.blocks import Block, blocks
from voice_coach.intents.count import PathCounter
from voice_coach.intents.expand import accepted_words
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

T = TypeVar("T")


MAX_TRIES = 10_000
"""Draws of one template before giving up on finding a sentence hassil would match (see below)."""


def sample_sentences(templates: Templates, n: int, rng: random.Random) -> list[tuple[str, str, dict[str, str]]]:
    """``n`` sentences drawn uniformly (with replacement) from the expansion, as (sentence, intent, slots).

    A template is picked with a weight equal to its number of sentences; a
    walk that hassil would not match (a required context key not supplied,
    see :func:`~voice_coach.intents.expand.accepted_words`) is drawn again,
    which keeps the draw uniform over the sentences of that template.
    """
    roots = []
    weights = []
    walkers = []
    for block in blocks(templates):
        counter = PathCounter(block)
        walker = _Walker(block, counter, rng)
        for sentence in block.sentences():
            weight = counter.complete(sentence.expression)
            if weight:
                roots.append((block, sentence, walker))
                weights.append(weight)
    if n > 0 and not roots:
        raise DataError(f"{templates.path}: the templates accept no sentence to sample")
    result = []
    for _ in range(n):
        block, sentence, walker = _pick(roots, weights, rng)
        result.append(_draw(block, sentence.expression, walker))
    return result


def _draw(block: Block, root: Expression, walker: _Walker) -> tuple[str, str, dict[str, str]]:
    """One sentence of ``root`` hassil would match, with its slots."""
    for _ in range(MAX_TRIES):
        pieces: list[str] = []
        slots: dict[str, str] = {}
        context: dict[str, object] = {}
        walker.walk(root, pieces, slots, context)
        words = accepted_words(block, "".join(pieces), context)
        if words is not None:
            fixed = {slot: str(value) for slot, value in block.data.slots.items()}
            return " ".join(words), block.intent, {**fixed, **block.context_slots(context), **slots}
    raise DataError(f"template of intent {block.intent!r}: no sentence hassil would match in {MAX_TRIES} draws")


class _Walker:
    """One random path through an expression, appending its text pieces, slots and context."""

    def __init__(self, block: Block, counter: PathCounter, rng: random.Random) -> None:
        self._block = block
        self._count = counter
        self._rng = rng

    def walk(self, exp: Expression, pieces: list[str], slots: dict[str, str], context: dict[str, object]) -> None:
        if isinstance(exp, TextChunk):
            pieces.append(exp.text)
        elif isinstance(exp, Alternative):
            self.walk(_pick(exp.items, [self._count(item) for item in exp.items], self._rng), pieces, slots, context)
        elif isinstance(exp, Permutation):
            for item in self._rng.sample(exp.items, len(exp.items)):
                self.walk(item, pieces, slots, context)
        elif isinstance(exp, Sequence):
            for item in exp.items:
                self.walk(item, pieces, slots, context)
        elif isinstance(exp, ListReference):
            values = self._block.values(exp.list_name)
            value = _pick(values, [self._count(v.text_in) for v in values], self._rng)
            start = len(pieces)
            self.walk(value.text_in, pieces, slots, context)
            if not exp.is_capture:
                said = " ".join("".join(pieces[start:]).split())
                slots[exp.slot_name] = str(value.value_out) if value.value_out is not None else said
            context.update(value.context or {})
        elif isinstance(exp, RuleReference):
            self.walk(self._block.rules[exp.rule_name].expression, pieces, slots, context)
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
