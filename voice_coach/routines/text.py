"""The words a routine's lines are made of: placeholders and spoken numbers.

Routine text is written once with ``{side}``/``{other}``/``{rep}``/``{reps}``
and filled per plan, so one file covers both legs. Numbers are spelled out
("twenty-six") because that is what the voice says and what the speech timer
must measure; digits would be read differently by different voices.
"""

from __future__ import annotations

from string import Formatter
from typing import Mapping

PLACEHOLDERS = ("side", "other", "rep", "reps")
"""Every placeholder routine text may use."""

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """``n`` (0-999) in words, e.g. 26 -> "twenty-six", 105 -> "one hundred and five"."""
    if not 0 <= n < 1000:
        raise ValueError(f"no words for {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def placeholders(text: str) -> set[str]:
    """The placeholder names in ``text``; ValueError for stray braces or unknown names."""
    names: set[str] = set()
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(f"stray brace ({exc}); placeholders look like {{side}}") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise ValueError(f"unknown placeholder {{{name}}}; known: {known}")
        names.add(name)
    return names


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced and its first letter capitalised, ready to speak."""
    try:
        out = text.format_map(values)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(f"cannot fill {text!r}: {exc}") from None
    return out[:1].upper() + out[1:]
