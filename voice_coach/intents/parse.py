"""Text -> intent: normalize, then match with hassil against the templates."""

from __future__ import annotations

import logging
import re

from hassil.intents import WildcardSlotList
from hassil.recognize import recognize

from voice_coach.intents.candidates import CandidateIndex
from voice_coach.intents.normalize import words
from voice_coach.intents.numbers import spell_digits
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.skip_words import SkipWords
from voice_coach.intents.templates import Templates, load_templates

log = logging.getLogger(__name__)

_GLUED = re.compile(r"[^\s(\[{<|;][(\[{<]|[)\]}>][^\s)\]}>|;]")
"""A bracket touching a word ("{side}s", "the{side}"): a word the candidate index cannot list."""


class IntentParser:
    """Finds the one intent a sentence holds, or none.

    The templates' word automaton (:attr:`Templates.automaton`) holds exactly
    the sentences hassil matches in normalized text, so a sentence it does not
    accept is rejected before hassil runs: that keeps the common case (speech
    that is no command) cheap. Only when the templates have ``skip_words`` or
    wildcard lists, which match typed text the speech grammars cannot hold, is
    every sentence handed to hassil. Skip words (:mod:`voice_coach.intents.skip_words`)
    give a sentence a second reading, without them, that the automaton checks
    too; hassil then decides between the two as it always does. Typed digits are spelled out first
    ("5" -> "five"), as number lists hold words. Intents the dialog does not
    know (a user's own) are matched all the same. hassil gets no context: a
    block with ``requires_context`` matches only through list values that
    supply it (see :mod:`voice_coach.intents.blocks`). hassil sees only the
    templates that could match the sentence's words and length
    (:mod:`voice_coach.intents.candidates`), which keeps a parse fast however
    many fillers the templates allow.
    """

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates if templates is not None else load_templates()
        intents = self._templates.intents
        scopes = [intents.slot_lists] + [block.slot_lists for intent in intents.intents.values() for block in intent.data]
        wildcards = any(isinstance(slot_list, WildcardSlotList) for lists in scopes for slot_list in lists.values())
        self._automaton = None if wildcards else self._templates.automaton
        self._skip = SkipWords.of(intents.skip_words)
        local = any(block.slot_lists or block.expansion_rules for intent in intents.intents.values()
                    for block in intent.data)
        glued = any(_GLUED.search(text) for intent in intents.intents.values() for block in intent.data
                    for text in block.sentence_texts)
        # The candidate index reads lists and rules at the top level only, and whole words: a file with a block's
        # own lists or rules, or a word glued to a bracket ("{side}s"), is matched by hassil over every template
        # (slower, the same answer).
        self._candidates = CandidateIndex(intents) if self._automaton is not None and not (local or glued) else None

    @property
    def templates(self) -> Templates:
        """The templates this parser matches against."""
        return self._templates

    def parse(self, text: str) -> IntentMatch | None:
        """The intent in ``text`` with canonical slot values, or None; any unicode text is safe."""
        tokens = words(spell_digits(text, self._templates.language))
        readings = [tokens]
        if self._skip:
            bare = self._skip.remove(tokens)
            if bare != tokens:
                readings.append(bare)
        if not tokens or (self._automaton is not None and not any(self._automaton.accepts(r) for r in readings)):
            return None
        intents = self._templates.intents
        if self._candidates is not None:
            intents = self._candidates.narrow(readings)
            if intents is None:
                return None
        result = recognize(" ".join(tokens), intents)
        if result is None:
            return None
        slots = {name: str(entity.value) for name, entity in result.entities.items()}
        match = IntentMatch(intent=result.intent.name, slots=slots)
        log.debug("parsed %r -> %s %s", text, match.intent, match.slots)
        return match
