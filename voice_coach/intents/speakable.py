"""Templates rewritten into the words people say: the one language of the parser and the speech grammars.

The parser hands hassil normalized text (lower case, no punctuation, digits
spelled: :mod:`voice_coach.intents.normalize`), and the recognizers can only
produce normalized words. So, once on load, every text chunk of hassil's
template trees (sentences, expansion rules, list values; top level and in data
blocks) is normalized the same way ("Can I get" -> "can i get", "A.C." ->
"a c", "5" -> "five"), and range lists become lists of spoken numbers
(:mod:`voice_coach.intents.numbers`), including hassil's inline ranges
(``{1..10:slot}``). From then on hassil, the expander, the counter and the
automaton compiler all read the same words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from hassil.expression import Expression, Group, ListReference, TextChunk
from hassil.intents import Intents, RangeSlotList, TextSlotList

from voice_coach.intents.normalize import normalize_chunk
from voice_coach.intents.numbers import spell_digits, spell_ranges, spoken_list

log = logging.getLogger(__name__)


def make_speakable(intents: Intents, locate_list: Callable[[str], str]) -> None:
    """Spell ranges and normalize every text chunk of ``intents``, in place (``locate_list``: name -> file:line)."""
    language = intents.language
    spell_ranges(intents, language, locate_list)
    for root in _roots(intents):
        for chunk in _chunks(root):
            chunk.text = normalize_chunk(spell_digits(chunk.text, language))
    for root in list(_roots(intents)):
        for ref in _inline_ranges(root):
            if ref.list_name not in intents.slot_lists:
                start, stop, step = ref.get_inline_range() or (0, 0, 1)
                spoken = RangeSlotList(name=ref.list_name, start=start, stop=stop, step=step)
                intents.slot_lists[ref.list_name] = spoken_list(spoken, language)


def _roots(intents: Intents) -> Iterator[Expression]:
    """Every template tree: sentences, expansion rules and list values, top level and in data blocks."""
    scopes = [(intents.expansion_rules, intents.slot_lists)]
    for intent in intents.intents.values():
        for block in intent.data:
            yield from (sentence.expression for sentence in block.sentences)
            scopes.append((block.expansion_rules, block.slot_lists))
    for rules, lists in scopes:
        yield from (rule.expression for rule in rules.values())
        for slot_list in lists.values():
            if isinstance(slot_list, TextSlotList):
                yield from (value.text_in for value in slot_list.values)


def _chunks(exp: Expression) -> Iterator[TextChunk]:
    if isinstance(exp, TextChunk):
        yield exp
    elif isinstance(exp, Group):
        for item in exp.items:
            yield from _chunks(item)


def _inline_ranges(exp: Expression) -> Iterator[ListReference]:
    if isinstance(exp, ListReference) and exp.is_inline_range:
        yield exp
    elif isinstance(exp, Group):
        for item in exp.items:
            yield from _inline_ranges(item)
