"""What a template set holds, and what in it the coach cannot hear or act on.

:func:`summarize` counts (never lists) what ``voice-coach templates check``
prints. :func:`unheard_words` names words a recognizer's dictionary lacks, with
the file and line where each is first used, and :func:`off_contract` names
slot values of the coach's own intents that the dialog does not know (a user
file may add ``{in: shin, out: shin}`` to ``muscle``; the coach would not
know what stretch to give). Both are warnings: the text parser still works.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hassil.expression import Expression, Group, ListReference, RuleReference
from hassil.intents import TextSlotList

from voice_coach.intents.blocks import Block, blocks
from voice_coach.intents.contract import INTENT_SLOTS
from voice_coach.intents.count import sentence_counts
from voice_coach.intents.expand import vocabulary
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """Counts of one template set."""

    intents: int
    """Number of intents."""
    new_intents: tuple[str, ...]
    """Intents the dialog does not know (not in the product contract), in file order."""
    rules: int
    """Number of expansion rules."""
    lists: int
    """Number of slot lists (number ranges included)."""
    list_values: int
    """Values over all slot lists (each number of a range counts once per spoken form)."""
    words: int
    """Distinct words the templates use."""
    sentences: int
    """Sentences the templates expand to, counted from their structure."""
    per_intent: tuple[tuple[str, int], ...]
    """(intent, sentences) in file order."""


def summarize(templates: Templates) -> Summary:
    """Count what ``templates`` hold, without expanding them."""
    intents = templates.intents
    counts = sentence_counts(templates)
    return Summary(
        intents=len(intents.intents),
        new_intents=tuple(name for name in intents.intents if name not in INTENT_SLOTS),
        rules=len(intents.expansion_rules),
        lists=len(intents.slot_lists),
        list_values=sum(len(s.values) for s in intents.slot_lists.values() if isinstance(s, TextSlotList)),
        words=len(vocabulary(templates)),
        sentences=sum(counts.values()),
        per_intent=tuple(counts.items()),
    )


def unheard_words(templates: Templates, known: Iterable[str]) -> list[str]:
    """One line per word the templates use that is not in ``known``: "file:line: word 'x' ..."."""
    missing = sorted(vocabulary(templates) - set(known))
    return [f"{_first_use(templates.sources, word)}: word {word!r} is not in the recognizer's dictionary; "
            "it cannot be heard (rephrase with dictionary words)" for word in missing]


def off_contract(templates: Templates) -> list[str]:
    """One line per slot (or slot value) of a coach intent that the dialog does not know."""
    problems = []
    for block in blocks(templates):
        contract = INTENT_SLOTS.get(block.intent)
        if contract is None:
            continue
        found = {(slot, str(value)) for slot, value in block.data.slots.items()}
        for sentence in block.sentences():
            found.update(_slot_values(sentence.expression, block, set()))
        for slot, value in sorted(found):
            if slot not in contract:
                problems.append(f"intent {block.intent!r}: slot {slot!r} is not one the coach knows")
            elif value not in contract[slot]:
                problems.append(f"intent {block.intent!r}: {slot}={value!r} is not a value the coach knows "
                                f"({', '.join(sorted(contract[slot]))})")
    return list(dict.fromkeys(problems))


def _slot_values(exp: Expression, block: Block, seen: set[str]) -> Iterator[tuple[str, str]]:
    if isinstance(exp, ListReference):
        inner = exp.list_name not in seen
        seen.add(exp.list_name)
        for value in block.values(exp.list_name):
            if not exp.is_capture and value.value_out is not None:
                yield exp.slot_name, str(value.value_out)
            if inner:
                yield from _slot_values(value.text_in, block, seen)
    elif isinstance(exp, RuleReference):
        yield from _slot_values(block.rules[exp.rule_name].expression, block, seen)
    elif isinstance(exp, Group):
        for item in exp.items:
            yield from _slot_values(item, block, seen)


def _first_use(sources: tuple[Path, ...], word: str) -> str:
    """file:line of the first line of the source files holding ``word`` as a word ("file" if none)."""
    pattern = re.compile(rf"(?<![\w']){re.escape(word)}(?![\w'])", re.IGNORECASE)
    for path in reversed(sources):  # the user's file first: the built-in one is checked by tests
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if pattern.search(line.split("#", 1)[0]):
                return f"{path}:{number}"
    return str(sources[-1])
