"""The command grammar over Whisper's tokens: which token may come next, after any prefix.

The word automaton (states, and edges labelled with words; see
:mod:`voice_coach.hearing.word_graph`) says which sentences are commands.
Whisper writes text, not normalized words: " My calf is cramping." is
``[" My", " calf", " is", " cr", "amping", "."]``. So each word may be written
in the surface forms Whisper uses for it: after a space or (first word only)
without one, lower case or with a capital first letter ("I'm", "My"), and each
word may be followed by a punctuation mark ("Ow, my calf." "Stop. Stop.").
Each form is split into tokens by the model's own tokenizer; a word's tokens
do not depend on its neighbours, because GPT-2's pre-tokenizer cuts text at
spaces first.

:class:`TokenGrammar` is that grammar, read on the fly: a position is a set of
:class:`Place` (the automaton may be nondeterministic, and " my" / " My" share
nothing, while a word's forms may share tokens), and :meth:`TokenGrammar.next`
gives, for one position, each token allowed next with the position it leads
to. Positions are remembered, so a search pays for each once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import MappingProxyType

log = logging.getLogger(__name__)

PUNCTUATION = (",", ".", "?", "!")
"""Marks Whisper may write after a word; the held decode lets it, and ignores them."""

EXTRA_FORMS = MappingProxyType({
    "ok": ("OK", "Okay"),
    "okay": ("OK",),
})
"""Other spellings Whisper uses for a grammar word (beyond lower case and a capital first letter)."""


@dataclass(frozen=True)
class Place:
    """Where a decode may be in the grammar after some tokens."""

    state: int
    """The word automaton's state reached (for a word not yet finished: the state it leads to)."""
    rest: tuple[int, ...] = ()
    """Tokens still to come of the word being written (empty at a word boundary)."""
    after_word: bool = False
    """At a boundary just after a word (a punctuation mark may follow), not after a mark or at the start."""
    words: tuple[str, ...] = ()
    """The normalized words so far (the sentence the grammar reads, without surface forms)."""


Position = frozenset
"""A set of :class:`Place`: where a token prefix may be in the grammar."""


class TokenGrammar:
    """Which tokens may follow a prefix, for a word automaton and a tokenizer."""

    def __init__(self, start: int, finals: Iterable[int], edges: Iterable[tuple[int, int, str]],
                 encode: Callable[[str], list[int]]) -> None:
        """``edges``: (from state, to state, word); ``encode``: text -> token ids, without special tokens."""
        self._finals = frozenset(finals)
        self._out: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for src, dst, word in edges:
            self._out[src].append((word, dst))
        self._encode = encode
        self._forms: dict[tuple[str, bool], tuple[tuple[int, ...], ...]] = {}
        self._punctuation = tuple(_one_token(encode, mark) for mark in PUNCTUATION)
        self._next: dict[Position, dict[int, Position]] = {}
        self.start: Position = frozenset({Place(start)})
        """The position before any token."""

    def tokens(self) -> set[int]:
        """Every token the grammar can use (so a decoder can always score them)."""
        out = set(self._punctuation)
        for edges in self._out.values():
            for word, _ in edges:
                for first in (False, True):
                    out.update(t for form in self._word_forms(word, first) for t in form)
        return out

    def is_final(self, position: Position) -> bool:
        """True when the prefix is a whole command (the end of text may come)."""
        return any(not p.rest and p.state in self._finals for p in position)

    def sentence(self, position: Position) -> str:
        """The normalized words of a final position (the first, should several readings end here)."""
        done = sorted(" ".join(p.words) for p in position if not p.rest and p.state in self._finals)
        return done[0] if done else ""

    def next(self, position: Position) -> dict[int, Position]:
        """Token -> the position it leads to, for every token allowed after ``position``."""
        known = self._next.get(position)
        if known is not None:
            return known
        moves: dict[int, set[Place]] = defaultdict(set)
        for place in position:
            if place.rest:
                moves[place.rest[0]].add(_advance(place))
                continue
            first = not place.words
            for word, target in self._out.get(place.state, ()):
                for form in self._word_forms(word, first):
                    moves[form[0]].add(_advance(Place(target, form, False, (*place.words, word))))
            if place.after_word:
                for mark in self._punctuation:
                    moves[mark].add(Place(place.state, (), False, place.words))
        known = {token: frozenset(places) for token, places in moves.items()}
        self._next[position] = known
        return known

    def _word_forms(self, word: str, first: bool) -> tuple[tuple[int, ...], ...]:
        """The token sequences ``word`` may be written as (``first``: the sentence's first word)."""
        key = (word, first)
        forms = self._forms.get(key)
        if forms is None:
            spellings = {word, word[:1].upper() + word[1:], *EXTRA_FORMS.get(word, ())}
            texts = [" " + s for s in sorted(spellings)] + (sorted(spellings) if first else [])
            forms = tuple(dict.fromkeys(tuple(self._encode(text)) for text in texts))
            self._forms[key] = forms
        return forms


def _one_token(encode: Callable[[str], list[int]], text: str) -> int:
    """The one token ``text`` is (punctuation marks are single tokens in Whisper's vocabulary)."""
    tokens = encode(text)
    if len(tokens) != 1:
        raise ValueError(f"{text!r} is {len(tokens)} tokens in this vocabulary, not one")
    return tokens[0]


def _advance(place: Place) -> Place:
    """``place`` after its next token (a word being written moves on; one finished reaches a boundary)."""
    rest = place.rest[1:]
    return Place(place.state, rest, not rest, place.words)
