"""Phrases in the free text's words: how the readers of the free text (:mod:`.sign`, :mod:`.diary`) write the
words they look for, and find them."""

from __future__ import annotations

Phrase = tuple[str, ...]
"""Words that stand together ("water pills")."""


def phrases(*texts: str) -> tuple[Phrase, ...]:
    """Each text as its words."""
    return tuple(tuple(text.split()) for text in texts)


def holds(said: list[str], phrase: Phrase) -> bool:
    """Whether the words ``phrase`` stand together in ``said``."""
    n = len(phrase)
    return any(tuple(said[i:i + n]) == phrase for i in range(len(said) - n + 1))
