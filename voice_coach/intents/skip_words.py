"""hassil's ``skip_words``: words a sentence may hold anywhere without changing what it asks.

People wrap a command in words that mean nothing to it: "um, could you
*please just* count *a bit* slower, *mate*". A template cannot list every
such word in every place, so hassil's template format has a top-level
``skip_words`` list (Home Assistant's own intents use it for "please" and
the like): hassil first matches the sentence as it was said and, only if
that fails, matches it again with every skip word removed. :class:`SkipWords`
removes them the way hassil does (whole words or phrases, the longest
first, anywhere in the sentence), so the parser can check both readings
against the templates' word automaton before hassil runs.

The speech grammars (the word automaton the recognizers are held to) do not
hold skip words: whisper's free transcript reaches the parser whole, and
its skip words are removed there (:mod:`voice_coach.hearing.whisper.engine`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SkipWords:
    """A set of skip words or phrases, each as its words, longest (in letters) first, as hassil tries them."""

    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, skip_words: Iterable[str]) -> SkipWords:
        """From hassil's list (lower-cased and split on whitespace; empty entries ignored)."""
        texts = sorted({" ".join(w.lower().split()) for w in skip_words if w.strip()}, key=len, reverse=True)
        return cls(tuple(tuple(text.split()) for text in texts))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def remove(self, tokens: Sequence[str]) -> list[str]:
        """``tokens`` with every skip word or phrase taken out, scanning left to right, longest phrase first."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for phrase in self.phrases:
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    i += len(phrase)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out
