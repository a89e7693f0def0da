"""Text -> intent: normalize, then match with hassil against the templates."""

from __future__ import annotations

import logging

from hassil.recognize import recognize

from voice_coach.intents.candidates import CandidateIndex
from voice_coach.intents.expand import max_words, vocabulary
from voice_coach.intents.normalize import words
from voice_coach.intents.numbers import spell_digits
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import Templates, load_templates

log = logging.getLogger(__name__)


class IntentParser:
    """Finds the one intent a sentence holds, or none.

    Templates match whole sentences (no wildcards), so a sentence longer than
    the longest template, or with a word no template uses, is rejected before
    hassil runs: that keeps the common case (speech that is no command) cheap.
    Typed digits are spelled out first ("5" -> "five"), as number lists hold words.
    Intents the dialog does not know (a user's own) are matched all the same.
    hassil sees only the templates that could match the sentence's words and
    length (:mod:`voice_coach.intents.candidates`), which keeps a parse fast
    however many fillers the templates allow.
    """

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates if templates is not None else load_templates()
        self._vocabulary = vocabulary(self._templates)
        self._max_words = max_words(self._templates)
        self._candidates = CandidateIndex(self._templates.intents)

    @property
    def templates(self) -> Templates:
        """The templates this parser matches against."""
        return self._templates

    def parse(self, text: str) -> IntentMatch | None:
        """The intent in ``text`` with canonical slot values, or None; any unicode text is safe."""
        tokens = words(spell_digits(text, self._templates.language))
        if not tokens or len(tokens) > self._max_words or not self._vocabulary.issuperset(tokens):
            return None
        candidates = self._candidates.narrow(tokens)
        if candidates is None:
            return None
        result = recognize(" ".join(tokens), candidates)
        if result is None:
            return None
        slots = {name: str(entity.value) for name, entity in result.entities.items()}
        match = IntentMatch(intent=result.intent.name, slots=slots)
        log.debug("parsed %r -> %s %s", text, match.intent, match.slots)
        return match
