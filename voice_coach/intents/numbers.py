"""Number slots: hassil range lists (``range: {from, to}``) spelled out as words.

A recognizer hears "twenty one", never "21". So on load each range list
becomes a text list of its numbers' spoken forms (hassil's own number words,
from ``unicode_rbnf``, normalized like every template word), each giving the
number as its value. From then on the parser, the expander, the counter and
the grammar compiler see an ordinary list and stay one language. Typed digits
("set a timer for 5 minutes") are spelled out before parsing.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, Callable

from hassil.expression import TextChunk
from hassil.intents import Intents, RangeSlotList, TextSlotList, TextSlotValue
from hassil.numbers import get_rbnf_engine

from voice_coach.errors import DataError
from voice_coach.intents.normalize import words

log = logging.getLogger(__name__)

MAX_RANGE_VALUES = 10_000
"""Most numbers one range list may hold (each one becomes words in the speech grammar)."""

_RANGE_KEYS = frozenset({"from", "to", "step"})
_DIGITS = re.compile(r"[0-9]+")
_MAX_SPELLED = 10**9
"""Digits from this number up are left as they are (no template has such a range; spelling may fail)."""


def check_range(name: str, spec: Any, where: str) -> None:
    """Raise DataError unless ``spec`` is a range list the coach can speak: integers from, to, step."""
    if set(spec) != {"range"}:
        raise DataError(f"{where}: list {{{name}}} must have either 'values' or 'range', nothing else")
    bounds = spec["range"]
    if not isinstance(bounds, dict) or not {"from", "to"} <= set(bounds):
        raise DataError(f"{where}: list {{{name}}}: 'range' needs 'from' and 'to'")
    unknown = set(bounds) - _RANGE_KEYS
    if unknown:
        raise DataError(f"{where}: list {{{name}}}: range options {sorted(unknown)} are not supported "
                        "(only from, to, step)")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in bounds.values()):
        raise DataError(f"{where}: list {{{name}}}: range from, to and step must be whole numbers")
    start, stop, step = bounds["from"], bounds["to"], bounds.get("step", 1)
    if start < 0 or stop < start or step < 1:
        raise DataError(f"{where}: list {{{name}}}: range needs 0 <= from <= to and step >= 1")
    if len(range(start, stop + 1, step)) > MAX_RANGE_VALUES:
        raise DataError(f"{where}: list {{{name}}}: range holds more than {MAX_RANGE_VALUES} numbers")


def spell_ranges(intents: Intents, language: str, locate: Callable[[str], str]) -> None:
    """Replace every range list of ``intents`` (in place) by a text list of its numbers' spoken forms."""
    for name, slot_list in list(intents.slot_lists.items()):
        if isinstance(slot_list, RangeSlotList):
            numbers = range(slot_list.start, slot_list.stop + 1, slot_list.step)
            try:
                spoken = number_words(language, numbers.start, numbers.stop, numbers.step)
            except ValueError as exc:
                raise DataError(f"{locate(name)}: list {{{name}}}: no number words for language "
                                f"{language!r}: {exc}") from None
            values = [TextSlotValue(text_in=TextChunk(text), value_out=number) for text, number in spoken]
            intents.slot_lists[name] = TextSlotList(name=name, values=values)
            log.debug("range list {%s}: %d numbers, %d spoken forms", name, len(numbers), len(values))


@functools.lru_cache(maxsize=64)
def number_words(language: str, start: int, stop: int, step: int) -> tuple[tuple[str, int], ...]:
    """(normalized words, number) for each number of ``range(start, stop, step)``; one entry per distinct form."""
    engine = get_rbnf_engine(language)
    result = []
    for number in range(start, stop, step):
        forms = engine.format_number(number).text_by_ruleset.values()
        for text in dict.fromkeys(" ".join(words(form)) for form in forms):
            if text:
                result.append((text, number))
    return tuple(result)


def spell_digits(text: str, language: str) -> str:
    """``text`` with each run of digits replaced by its spoken form ("5 minutes" -> "five minutes")."""
    if not _DIGITS.search(text):
        return text
    try:
        engine = get_rbnf_engine(language)
    except ValueError:
        return text

    def spoken(match: re.Match[str]) -> str:
        number = int(match.group())
        if number >= _MAX_SPELLED:
            return match.group()
        try:
            forms = engine.format_number(number).text_by_ruleset
        except Exception:  # unicode_rbnf raises its own errors for numbers a language has no rule for
            log.debug("no words for %d in %s", number, language)
            return match.group()
        return f" {forms.get('spellout-cardinal') or next(iter(forms.values()), '')} "

    return _DIGITS.sub(spoken, text)
