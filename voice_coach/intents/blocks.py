"""Data blocks as hassil matches them: the names each one sees and the context it needs.

hassil matches a block's sentences with the top-level lists and expansion
rules overridden by the block's own (``lists``, ``expansion_rules`` in the
block). A block with ``requires_context`` or ``excludes_context`` only takes
list values whose own ``context`` agrees, and with ``requires_context`` it
matches only when the values matched supply every key it requires: the coach
gives hassil no context of its own (no area, no device), so a block that
requires one is heard only through list values that carry it, exactly as
hassil's ``recognize`` without ``intent_context`` would match it. A block with
``required_keywords`` matches only sentences holding one of them. Sentences
using a wildcard list are matched in typed text but never heard.

:func:`blocks` gives each block with this view; the expander, the counter,
the sampler and the automaton compiler all read the templates through it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from hassil.expression import Expression, Group, ListReference, RuleReference, Sentence, TextChunk
from hassil.intents import IntentData, SlotList, TextSlotList, TextSlotValue, WildcardSlotList
from hassil.util import check_excluded_context, check_required_context

from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Block:
    """One data block of one intent, in its own scope."""

    intent: str
    """The intent's name."""
    data: IntentData
    """hassil's block: sentences, fixed slots, context, keywords."""
    lists: Mapping[str, SlotList]
    """Every list its templates see: the top-level ones, overridden by the block's own."""
    rules: Mapping[str, Sentence]
    """Every expansion rule its templates see: the top-level ones, overridden by the block's own."""

    @property
    def required(self) -> tuple[str, ...]:
        """Context keys a matched list value must supply (``requires_context``), in file order."""
        return tuple(self.data.requires_context)

    @property
    def keywords(self) -> frozenset[str] | None:
        """Words one of which every sentence must hold (hassil's ``required_keywords``, case-folded), or None."""
        return frozenset(self.data.required_keywords) if self.data.required_keywords is not None else None

    def values(self, name: str) -> list[TextSlotValue]:
        """The values of text list ``name`` this block can match (hassil skips empty ones, and those whose
        context the block's ``requires_context`` or ``excludes_context`` rules out)."""
        slot_list = self.lists[name]
        assert isinstance(slot_list, TextSlotList), "wildcards are never heard; ranges are spelled on load"
        required, excluded = self.data.requires_context, self.data.excludes_context
        return [value for value in slot_list.values
                if _has_text(value.text_in)
                and (not required or check_required_context(required, value.context, allow_missing_keys=True))
                and (not excluded or check_excluded_context(excluded, value.context))]

    def supplies(self, value: TextSlotValue) -> frozenset[str]:
        """The required context keys ``value`` supplies when matched."""
        return frozenset(key for key in self.required if value.context and key in value.context)

    def context_slots(self, context: Mapping[str, object]) -> dict[str, str]:
        """Slots hassil copies from the context (``requires_context: {key: {slot: true}}``), as strings."""
        slots = {}
        for key, spec in self.data.requires_context.items():
            if isinstance(spec, Mapping) and spec.get("slot") and key in context:
                value = context[key]
                if isinstance(value, Mapping):
                    value = value.get("value")
                slots[spec["slot"] if isinstance(spec["slot"], str) else key] = str(value)
        return slots

    def heard(self, sentence: Sentence) -> bool:
        """Whether the sentence can be spoken: it uses no wildcard list, through rules and list values too."""
        return not any(isinstance(self.lists.get(ref.list_name), WildcardSlotList)
                       for ref in self._lists_used(sentence.expression, set()))

    def _lists_used(self, exp: Expression, seen: set[str]) -> Iterator[ListReference]:
        if isinstance(exp, ListReference):
            yield exp
            slot_list = self.lists.get(exp.list_name)
            if isinstance(slot_list, TextSlotList) and exp.list_name not in seen:
                seen.add(exp.list_name)
                for value in slot_list.values:
                    yield from self._lists_used(value.text_in, seen)
        elif isinstance(exp, RuleReference):
            if f"<{exp.rule_name}>" not in seen:
                seen.add(f"<{exp.rule_name}>")
                yield from self._lists_used(self.rules[exp.rule_name].expression, seen)
        elif isinstance(exp, Group):
            for item in exp.items:
                yield from self._lists_used(item, seen)

    def sentences(self) -> list[Sentence]:
        """The block's sentence templates that can be heard, in hassil's order."""
        return [sentence for sentence in self.data.sentences if self.heard(sentence)]


def blocks(templates: Templates) -> list[Block]:
    """Every data block of every intent, in file order, each in its own scope."""
    intents = templates.intents
    return [Block(name, data, {**intents.slot_lists, **data.slot_lists}, {**intents.expansion_rules, **data.expansion_rules})
            for name, intent in intents.intents.items() for data in intent.data]


def _has_text(exp: Expression) -> bool:
    """False for a value hassil never matches: a bare text chunk with no text."""
    return not (isinstance(exp, TextChunk) and not exp.text.strip())


__all__ = ["Block", "blocks"]
