"""Typed text heard as speech is: what ``voice-coach --text`` hears.

A typed line is what a perfect recognizer would have written, so it is heard
the way the running coach hears a free transcript: the templates first, and
when they hold nothing, the recognizer's own reading of free text (whisper's:
a command among other words, a question that names a topic, a diary
question, a warning sign stated in the user's words; never someone else's
cramp). A recognizer without such a reading (PocketSphinx, Vosk) leaves the
templates alone to decide, as it does for speech.
"""

from __future__ import annotations

import logging

from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch

log = logging.getLogger(__name__)


class TypedHearing:
    """Typed lines -> the command they are, with the templates and the recognizer of a session."""

    def __init__(self, parser: IntentParser, recognizer: object | None = None, min_confidence: float = 0.5) -> None:
        """``min_confidence``: a reading of free text is taken at this confidence (0..1) or more, as speech's."""
        self.parser = parser
        self._read = getattr(recognizer, "read_typed", None)
        self.min_confidence = min_confidence

    def hear(self, text: str) -> IntentMatch | None:
        """The command ``text`` is, or None."""
        match = self.parser.parse(text)
        if match is not None or self._read is None:
            return match
        read = self._read(text)
        if not read.text or read.confidence < self.min_confidence:
            return None
        log.debug("typed %r read as %r", text, read.text)
        return self.parser.parse(read.text)
