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


MODALS = ("can", "could", "would", "will", "shall")
"""Words before "you" or "we" that make a request to the coach of them ("could you ...", "can we ...")."""


def spoken_of(said: list[str]) -> set[str]:
    """The words of ``said``, without a "you" or "we" that the coach is asked with ("could you", "can we"): who
    else is spoken of is then read from what is left ("you should stretch your calves" keeps its "you")."""
    return {word for i, word in enumerate(said)
            if not (word in ("you", "we") and i > 0 and said[i - 1] in MODALS)}


def without_possessives(said: list[str]) -> list[str]:
    """``said`` with "'s" taken off each word but "it's", "let's" and "that's": "my quad's cramped", "the calf's
    gone" name the quad and the calf."""
    return [word if word in ("it's", "let's", "that's") else word.removesuffix("'s") for word in said]
