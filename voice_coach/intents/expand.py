"""Expanding templates into every sentence they accept, with the slots each one sets.

hassil's own sampler (``hassil.sample``) yields the sentences but not their
slots, and the round-trip test needs both: "generate, then check" means
expanding each template to (sentence, intent, slots) and running the sentence
back through the parser. This walker follows hassil's expression tree as
hassil's matcher reads it: each block in its own scope
(:mod:`voice_coach.intents.blocks`), the text of a path joined and then split
into words (so "light[s]" is "light" or "lights"), list values' context
checked against the block's ``requires_context`` and ``excludes_context``.
It is the reference the word automaton (:mod:`voice_coach.intents.automaton`)
is tested against; it lists every sentence, so it is for small template sets.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk

from voice_coach.errors import DataError
from voice_coach.intents.blocks import Block, blocks
from voice_coach.intents.normalize import CONTRACTIONS, is_word
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

_Path = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, object], ...]]
"""One way through an expression: its text, the slots it sets and the context its list values add, in order."""


def expand(templates: Templates, per_sentence: int | None = None) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Every sentence the templates accept, as (sentence, intent, slots); slots hold canonical strings.

    ``per_sentence`` keeps only the first that many of each template sentence (template line): a sample
    that still holds every line of the file, for checks too slow to run on a million sentences.
    """
    for block in blocks(templates):
        fixed = {slot: str(value) for slot, value in block.data.slots.items()}
        for sentence in block.sentences():
            kept = 0
            for text, slots, context in _paths(sentence.expression, block):
                words = accepted_words(block, text, dict(context))
                if words is not None:
                    matched = dict(slots)  # a slot set twice keeps its last value, as in hassil's result
                    yield " ".join(words), block.intent, {**fixed, **block.context_slots(dict(context)), **matched}
                    kept += 1
                    if kept == per_sentence:
                        break


def accepted_words(block: Block, text: str, context: dict[str, object]) -> list[str] | None:
    """The words of one path's text, or None when hassil would not match it through the parser.

    That is: no word at all; a word the parser spells otherwise (see
    :func:`voice_coach.intents.automaton.compile_automaton`); a required
    context key no list value supplied; no required keyword.
    """
    words = text.split()
    if not words or not all(is_word(word) and word not in CONTRACTIONS for word in words):
        return None
    if any(key not in context for key in block.required):
        return None
    if block.keywords is not None and block.keywords.isdisjoint(words):
        return None
    return words


def max_words(templates: Templates) -> int:
    """The number of words in the longest sentence the templates accept."""
    return templates.automaton.max_length()


def vocabulary(templates: Templates) -> frozenset[str]:
    """Every word of a sentence the templates accept (read off their automaton, without expanding them)."""
    return templates.automaton.words


def _paths(exp: Expression, block: Block) -> Iterator[_Path]:
    if isinstance(exp, TextChunk):
        yield exp.text, (), ()
    elif isinstance(exp, Alternative):
        for item in exp.items:
            yield from _paths(item, block)
    elif isinstance(exp, Permutation):
        for order in itertools.permutations(exp.items):
            yield from _sequence(list(order), block)
    elif isinstance(exp, Sequence):
        if exp.items:  # hassil's matcher never matches an empty sequence: "(a|)" is "(a)"
            yield from _sequence(exp.items, block)
    elif isinstance(exp, ListReference):
        for value in block.values(exp.list_name):
            context = tuple((value.context or {}).items())
            for text, slots, inner in _paths(value.text_in, block):
                if exp.is_capture:
                    yield text, slots, (*inner, *context)
                    continue
                said = str(value.value_out) if value.value_out is not None else " ".join(text.split())
                yield text, (*slots, (exp.slot_name, said)), (*inner, *context)
    elif isinstance(exp, RuleReference):
        yield from _paths(block.rules[exp.rule_name].expression, block)
    else:
        raise DataError(f"unexpected template expression {exp!r}")


def _sequence(items: list[Expression], block: Block) -> Iterator[_Path]:
    if not items:
        yield "", (), ()
        return
    tails = list(_sequence(items[1:], block))
    for text, slots, context in _paths(items[0], block):
        for tail_text, tail_slots, tail_context in tails:
            yield text + tail_text, slots + tail_slots, context + tail_context


def slot_sayings(templates: Templates, intent: str, slot: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each value of ``intent``'s slot ``slot`` said through a list: (the word sequences of the list that say
    it, the shortest sentence of ``intent`` that sets it, as words); {} when the intent has no such slot.

    The whisper engine reads a question about a topic, or a warning sign stated, off the free text with these
    (:mod:`voice_coach.hearing.whisper.question`, :mod:`voice_coach.hearing.whisper.sign`): the list names the
    topics in the user's words, and the sentence is what it reports, so the parser gives the intent and slot
    as for any command. The shortest sentence is found without expanding the sentences (``red_flag`` holds
    210,000).
    """
    phrases: dict[str, set[tuple[str, ...]]] = {}
    shortest: dict[str, list[str]] = {}
    for block in blocks(templates):
        if block.intent != intent:
            continue
        fixed = {name: str(value) for name, value in block.data.slots.items()}
        for sentence in block.sentences():
            for ref in _references(sentence.expression, block):
                if ref.slot_name != slot:
                    continue
                for value in block.values(ref.list_name):
                    said = value.value_out
                    for text, _, _ in _paths(value.text_in, block):
                        words = text.split()
                        if said is not None and words and all(is_word(w) and w not in CONTRACTIONS for w in words):
                            phrases.setdefault(str(said), set()).add(tuple(words))
            texts = _shortest(sentence.expression, block, slot)
            if slot in fixed and None in texts:
                texts = {fixed[slot]: texts[None]}
            for value, text in texts.items():
                words = accepted_words(block, text, {}) if value is not None else None
                if words is not None and len(words) < len(shortest.get(value, words + ["."])):
                    shortest[value] = words
    return {value: (tuple(sorted(phrases.get(value, ()))), tuple(shortest[value])) for value in shortest}


def _shortest(exp: Expression, block: Block, slot: str) -> dict[str | None, str]:
    """The shortest text (in words) of ``exp`` that sets ``slot`` to each value it can (key: the value), and
    the shortest of all (key None), by the same reading as :func:`_paths` without listing every path."""
    if isinstance(exp, TextChunk):
        return {None: exp.text}
    if isinstance(exp, Alternative):
        return _best(_shortest(item, block, slot) for item in exp.items)
    if isinstance(exp, (Permutation, Sequence)):
        if not exp.items:
            return {}
        out: dict[str | None, str] = {None: ""}
        for item in exp.items:
            part = _shortest(item, block, slot)
            if None not in part:
                return {}
            joined = {key: text + part[None] for key, text in out.items()}
            for key, text in part.items():
                if key is not None:
                    joined = _best([joined, {key: out[None] + text}])
            out = joined
        return out
    if isinstance(exp, ListReference):
        found = []
        for value in block.values(exp.list_name):
            inner = _shortest(value.text_in, block, slot)
            if exp.slot_name == slot and not exp.is_capture and None in inner:
                said = str(value.value_out) if value.value_out is not None else " ".join(inner[None].split())
                inner = {**inner, said: inner[None]}
            found.append(inner)
        return _best(found)
    if isinstance(exp, RuleReference):
        return _shortest(block.rules[exp.rule_name].expression, block, slot)
    raise DataError(f"unexpected template expression {exp!r}")


def _best(options: Iterable[dict[str | None, str]]) -> dict[str | None, str]:
    """For each key, the text of the fewest words among ``options``."""
    out: dict[str | None, str] = {}
    for option in options:
        for key, text in option.items():
            if key not in out or len(text.split()) < len(out[key].split()):
                out[key] = text
    return out


def _references(exp: Expression, block: Block) -> Iterator[ListReference]:
    """The list references in ``exp``, through its rules."""
    if isinstance(exp, ListReference):
        yield exp
    elif isinstance(exp, (Alternative, Permutation, Sequence)):
        for item in exp.items:
            yield from _references(item, block)
    elif isinstance(exp, RuleReference):
        yield from _references(block.rules[exp.rule_name].expression, block)
