"""Expanding templates into every sentence they accept, with the slots each one sets.

hassil's own sampler (``hassil.sample``) yields the sentences but not their
slots, and the round-trip test needs both: "generate, then check" means
expanding each template to (sentence, intent, slots) and running the sentence
back through the parser. This walker follows hassil's expression tree the same
way the sampler does; a test checks that both give the same sentences.
"""

from __future__ import annotations

import itertools
import logging
from typing import Iterator

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import Intents, TextSlotList

from voice_coach.errors import DataError
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

_Path = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""One way through an expression: its words and the slots it sets, in order."""


def expand(templates: Templates) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Every sentence the templates accept, as (sentence, intent, slots); slots hold canonical strings."""
    intents = templates.intents
    for name, intent in intents.intents.items():
        for block in intent.data:
            fixed = {slot: str(value) for slot, value in block.slots.items()}
            for sentence in block.sentences:
                for words, slots in _paths(sentence.expression, intents):
                    yield " ".join(words), name, {**fixed, **_slot_dict(slots, sentence.text)}


def max_words(templates: Templates) -> int:
    """The number of words in the longest sentence the templates accept."""
    intents = templates.intents
    return max(
        _longest(sentence.expression, intents)
        for intent in intents.intents.values()
        for block in intent.data
        for sentence in block.sentences
    )


def vocabulary(templates: Templates) -> frozenset[str]:
    """Every word any template can produce (read off the tree, without expanding it)."""
    intents = templates.intents
    roots = [sentence.expression for intent in intents.intents.values()
             for block in intent.data for sentence in block.sentences]
    roots += [rule.expression for rule in intents.expansion_rules.values()]
    roots += [value.text_in for slot_list in intents.slot_lists.values()
              if isinstance(slot_list, TextSlotList) for value in slot_list.values]
    return frozenset(word for root in roots for word in _words(root))


def _words(exp: Expression) -> Iterator[str]:
    if isinstance(exp, TextChunk):
        yield from exp.text.split()
    elif isinstance(exp, (Alternative, Sequence, Permutation)):
        for item in exp.items:
            yield from _words(item)


def _slot_dict(slots: tuple[tuple[str, str], ...], text: str | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for slot, value in slots:
        if slot in result:
            raise DataError(f"template {text!r} sets slot {slot!r} twice")
        result[slot] = value
    return result


def _paths(exp: Expression, intents: Intents) -> Iterator[_Path]:
    if isinstance(exp, TextChunk):
        yield tuple(exp.text.split()), ()
    elif isinstance(exp, Alternative):
        for item in exp.items:
            yield from _paths(item, intents)
    elif isinstance(exp, Sequence):
        yield from _sequence(exp.items, intents)
    elif isinstance(exp, Permutation):
        for order in itertools.permutations(exp.items):
            yield from _sequence(list(order), intents)
    elif isinstance(exp, ListReference):
        slot_list = intents.slot_lists[exp.list_name]
        assert isinstance(slot_list, TextSlotList), "checked on load"
        for value in slot_list.values:
            for words, slots in _paths(value.text_in, intents):
                yield words, (*slots, (exp.slot_name, str(value.value_out)))
    elif isinstance(exp, RuleReference):
        yield from _paths(intents.expansion_rules[exp.rule_name].expression, intents)
    else:
        raise DataError(f"unexpected template expression {exp!r}")


def _sequence(items: list[Expression], intents: Intents) -> Iterator[_Path]:
    if not items:
        yield (), ()
        return
    tails = list(_sequence(items[1:], intents))
    for words, slots in _paths(items[0], intents):
        for tail_words, tail_slots in tails:
            yield words + tail_words, slots + tail_slots


def _longest(exp: Expression, intents: Intents) -> int:
    if isinstance(exp, TextChunk):
        return len(exp.text.split())
    if isinstance(exp, Alternative):
        return max((_longest(item, intents) for item in exp.items), default=0)
    if isinstance(exp, (Sequence, Permutation)):
        return sum(_longest(item, intents) for item in exp.items)
    if isinstance(exp, ListReference):
        slot_list = intents.slot_lists[exp.list_name]
        assert isinstance(slot_list, TextSlotList), "checked on load"
        return max(_longest(value.text_in, intents) for value in slot_list.values)
    if isinstance(exp, RuleReference):
        return _longest(intents.expansion_rules[exp.rule_name].expression, intents)
    return 0
