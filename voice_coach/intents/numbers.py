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
from hassil.intents import Intents, RangeFractionType, RangeSlotList, RangeType, TextSlotList, TextSlotValue
from hassil.numbers import get_rbnf_engine

from voice_coach.errors import DataError
from voice_coach.intents.normalize import words

log = logging.getLogger(__name__)

MAX_RANGE_VALUES = 10_000
"""Most numbers one range list may hold, fractions included (each one becomes words in the speech grammar)."""

_RANGE_KEYS = frozenset({"from", "to", "step", "type", "fractions", "multiplier", "digits", "words", "words_language"})
"""What hassil's ``range`` takes; only from, to, step and fractions change which numbers are said."""
_DIGITS = re.compile(r"[0-9]+")
_MAX_SPELLED = 10**9
"""Digits from this number up are left as they are (no template has such a range; spelling may fail)."""


def check_range(name: str, spec: Any, where: str) -> None:
    """Raise DataError unless ``spec`` is a range list hassil reads and the coach can speak."""
    if not isinstance(spec, dict) or "range" not in spec:
        raise DataError(f"{where}: list {{{name}}} must have 'values', a number 'range' or 'wildcard'")
    bounds = spec["range"]
    if not isinstance(bounds, dict) or not {"from", "to"} <= set(bounds):
        raise DataError(f"{where}: list {{{name}}}: 'range' needs 'from' and 'to'")
    unknown = set(map(str, bounds)) - _RANGE_KEYS
    if unknown:
        raise DataError(f"{where}: list {{{name}}}: range options {sorted(unknown)} are not supported "
                        f"(hassil reads {', '.join(sorted(_RANGE_KEYS))})")
    if not all(_whole(bounds.get(key, 1)) for key in ("from", "to", "step")):
        raise DataError(f"{where}: list {{{name}}}: range from, to and step must be whole numbers")
    start, stop, step = int(bounds["from"]), int(bounds["to"]), int(bounds.get("step", 1))
    if start < 0 or stop < start or step < 1:
        raise DataError(f"{where}: list {{{name}}}: range needs 0 <= from <= to and step >= 1")
    options = {"type": [t.value for t in RangeType], "fractions": [f.value for f in RangeFractionType]}
    for key, allowed in options.items():
        if key in bounds and bounds[key] not in allowed:
            raise DataError(f"{where}: list {{{name}}}: range {key} {bounds[key]!r} is not one of {allowed}")
    multiplier = bounds.get("multiplier")
    if multiplier is not None and (isinstance(multiplier, bool) or not isinstance(multiplier, (int, float))):
        raise DataError(f"{where}: list {{{name}}}: range multiplier must be a number")
    if not isinstance(bounds.get("words_language", ""), str):
        raise DataError(f"{where}: list {{{name}}}: range words_language must be a language code")
    per_number = 1 + len(RangeFractionType.get_fractions(RangeFractionType(bounds["fractions"]))) \
        if "fractions" in bounds else 1
    if len(range(start, stop + 1, step)) * per_number > MAX_RANGE_VALUES:
        raise DataError(f"{where}: list {{{name}}}: range holds more than {MAX_RANGE_VALUES} numbers")


def _whole(value: Any) -> bool:
    """True for what hassil's int() takes as a whole number: 5, 5.0 or "5" (not True, not 5.5)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer()
    try:
        return int(value) == float(value)
    except (TypeError, ValueError, OverflowError):
        return False


def spoken_list(slot_list: RangeSlotList, language: str) -> TextSlotList:
    """A range list as a text list of its numbers' spoken forms, each giving its number (times the multiplier)."""
    spoken = number_words(slot_list.words_language or language, slot_list.start, slot_list.stop + 1,
                          slot_list.step, slot_list.fraction_type.value if slot_list.fraction_type else None)
    multiplier = slot_list.multiplier
    values = [TextSlotValue(text_in=TextChunk(text), value_out=number if multiplier is None else number * multiplier)
              for text, number in spoken]
    log.debug("range list {%s}: %d spoken forms", slot_list.name, len(values))
    return TextSlotList(name=slot_list.name, values=values)


def spell_ranges(intents: Intents, language: str, locate: Callable[[str], str]) -> None:
    """Replace every range list of ``intents`` (top level and in data blocks, in place) by :func:`spoken_list`."""
    scopes = [intents.slot_lists] + [block.slot_lists for intent in intents.intents.values() for block in intent.data]
    for lists in scopes:
        for name, slot_list in list(lists.items()):
            if isinstance(slot_list, RangeSlotList):
                try:
                    lists[name] = spoken_list(slot_list, language)
                except ValueError as exc:
                    raise DataError(f"{locate(name)}: list {{{name}}}: no number words for language "
                                    f"{slot_list.words_language or language!r}: {exc}") from None


@functools.lru_cache(maxsize=64)
def number_words(language: str, start: int, stop: int, step: int,
                 fractions: str | None = None) -> tuple[tuple[str, int | float], ...]:
    """(normalized words, number) for each number of ``range(start, stop, step)`` (and its fractions, as hassil
    counts them); one entry per distinct spoken form."""
    engine = get_rbnf_engine(language)
    numbers = RangeSlotList(name=None, start=start, stop=stop - 1, step=step,
                            fraction_type=RangeFractionType(fractions) if fractions else None).get_numbers()
    result = []
    for number in numbers:
        if start <= number < stop:
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
