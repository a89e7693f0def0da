"""The templates a sentence could match, picked before hassil tries them.

hassil tries every template whose required literal text the sentence holds.
Templates that begin with optional fillers ("[um] hold on", "[ow] my calf is
cramping") require little, so once the templates learned how people really
speak, most of them were tried on every sentence: some 3 ms a parse, and
minutes for the round-trip test over every expanded sentence. A template can
only match a sentence whose every word it can produce and whose length lies
between its shortest and its longest sentence; both are read off its tree
once. hassil then matches the sentence against those templates alone, in
their original order, so the result is the one it would have found anyway.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import Intent, IntentData, Intents, TextSlotList

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Candidate:
    """One template, as a block of its own, with what a sentence needs to match it."""

    intent: str
    """Name of the intent the template belongs to."""
    block: IntentData
    """A copy of the template's block holding this one sentence (slots and context kept)."""
    words: frozenset[str] | None
    """Every word the template can produce; None when it cannot be listed (then any word may do)."""
    shortest: int
    """Words in the template's shortest sentence."""
    longest: float
    """Words in its longest sentence (math.inf when it cannot be bounded)."""

    def may_match(self, tokens: list[str]) -> bool:
        """False only if the template cannot match these words."""
        if not self.shortest <= len(tokens) <= self.longest:
            return False
        return self.words is None or self.words.issuperset(tokens)


class CandidateIndex:
    """Every template of a set of intents, ready to be narrowed to the few a sentence could match."""

    def __init__(self, intents: Intents) -> None:
        self._intents = intents
        self._measure = _Measure(intents)
        self._candidates = [self._candidate(name, block, index)
                            for name, intent in intents.intents.items()
                            for block in intent.data
                            for index in range(len(block.sentences))]
        self._by_word: dict[str, int] = {}
        """Word -> bit mask of the templates that can produce it (bit i: template i)."""
        self._any_word = 0
        """Bit mask of the templates whose words cannot be listed."""
        for i, candidate in enumerate(self._candidates):
            if candidate.words is None:
                self._any_word |= 1 << i
                continue
            for word in candidate.words:
                self._by_word[word] = self._by_word.get(word, 0) | 1 << i
        log.debug("candidate index over %d templates", len(self._candidates))

    def narrow(self, readings: list[list[str]]) -> Intents | None:
        """The intents, holding only the templates that could match one of ``readings`` (a sentence's words as
        said and, when it has skip words, without them); None if there are none."""
        mask = 0
        for tokens in readings:
            one = (1 << len(self._candidates)) - 1
            for word in set(tokens):
                one &= self._by_word.get(word, 0) | self._any_word
            mask |= one
        chosen: dict[str, list[IntentData]] = {}
        while mask:
            low = mask & -mask
            mask ^= low
            candidate = self._candidates[low.bit_length() - 1]  # lowest bit first: the templates' order
            if any(candidate.may_match(tokens) for tokens in readings):
                chosen.setdefault(candidate.intent, []).append(candidate.block)
        if not chosen:
            return None
        return dataclasses.replace(
            self._intents, intents={name: Intent(name=name, data=blocks) for name, blocks in chosen.items()})

    def _candidate(self, name: str, block: IntentData, index: int) -> Candidate:
        sentence = block.sentences[index]
        single = dataclasses.replace(block, sentence_texts=[block.sentence_texts[index]])
        single.__dict__["sentences"] = [sentence]  # hassil's cached property, already parsed
        return Candidate(intent=name, block=single, words=self._measure.words(sentence.expression),
                         shortest=self._measure.shortest(sentence.expression),
                         longest=self._measure.longest(sentence.expression))


class _Measure:
    """Words and lengths of expressions; lists and rules are measured once and remembered."""

    def __init__(self, intents: Intents) -> None:
        self._intents = intents
        self._memo: dict[tuple[str, str, str], object] = {}

    def words(self, exp: Expression) -> frozenset[str] | None:
        """Every word ``exp`` can produce; None when they cannot be listed."""
        if isinstance(exp, TextChunk):
            return frozenset(exp.text.split())
        if isinstance(exp, (Alternative, Sequence, Permutation)):
            return _union([self.words(item) for item in exp.items])
        return self._named(exp, "words", None, _union)

    def shortest(self, exp: Expression) -> int:
        """Words in the shortest sentence of ``exp`` (0 when unknown)."""
        if isinstance(exp, TextChunk):
            return len(exp.text.split())
        if isinstance(exp, Alternative):
            return min((self.shortest(item) for item in exp.items), default=0)
        if isinstance(exp, (Sequence, Permutation)):
            return sum(self.shortest(item) for item in exp.items)
        return self._named(exp, "shortest", 0, lambda parts: min(parts, default=0))

    def longest(self, exp: Expression) -> float:
        """Words in the longest sentence of ``exp`` (math.inf when unknown)."""
        if isinstance(exp, TextChunk):
            return len(exp.text.split())
        if isinstance(exp, Alternative):
            return max((self.longest(item) for item in exp.items), default=0)
        if isinstance(exp, (Sequence, Permutation)):
            return sum(self.longest(item) for item in exp.items)
        return self._named(exp, "longest", math.inf, lambda parts: max(parts, default=0))

    def _named(self, exp: Expression, what: str, unknown, combine):
        """``what`` of a list or rule reference; ``unknown`` for anything else (or a list that is not text)."""
        measure = getattr(self, what)
        if isinstance(exp, RuleReference):
            key = ("rule", exp.rule_name, what)
            if key not in self._memo:
                rule = self._intents.expansion_rules.get(exp.rule_name)
                self._memo[key] = unknown if rule is None else measure(rule.expression)
            return self._memo[key]
        if isinstance(exp, ListReference):
            key = ("list", exp.list_name, what)
            if key not in self._memo:
                slot_list = self._intents.slot_lists.get(exp.list_name)
                if not isinstance(slot_list, TextSlotList):
                    self._memo[key] = unknown
                else:
                    self._memo[key] = combine([measure(value.text_in) for value in slot_list.values])
            return self._memo[key]
        return unknown


def _union(parts: list[frozenset[str] | None]) -> frozenset[str] | None:
    """All the words of ``parts``; None if any part's words are unknown."""
    if any(part is None for part in parts):
        return None
    return frozenset().union(*parts)
