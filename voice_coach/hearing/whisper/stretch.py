"""A stretch asked for in the user's own words, read from the free transcript.

"I need to loosen up my hammies", "a bit of yoga for my legs, please",
"need a quick stretch for tight hamstrings from sitting all day": a request
to stretch names what to stretch and, around it, whatever the person wants
to add. The grammar holds the request with a few words around it; a longer
one is found among the words without its muscle ("walk me through a stretch
for my hamstrings" held "walk me through a stretch"), or not at all.
:func:`asked_stretch` reads the free text as a request from the speaker to
stretch a muscle of theirs and reports the grammar sentence of that muscle,
which the parser reads as any stretch.

What keeps other talk out: the speaker asks (a request's words, or "I",
"my", "me"), for a muscle of their own, and nobody else is spoken of ("you
should stretch your calves before a run" is advice, not a request); no
question about stretching ("is stretching good for cramps" is the question
reader's); no cramp said (a cramp is the cramp reader's, and the coach
starts its relief); the model fairly sure of its words; a short statement.
The words are English and this reader's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from voice_coach.hearing.whisper.among import Among
from voice_coach.hearing.whisper.cramp import CrampSettings, cramping, owned_muscle
from voice_coach.hearing.whisper.phrases import Phrase, holds, phrases, spoken_of, without_possessives
from voice_coach.hearing.whisper.question import QuestionSettings, opens_a_question, words_to_read
from voice_coach.hearing.whisper.whose import RELATIVES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StretchSettings:
    """What makes free text a request to stretch a muscle (English words)."""

    stretch: tuple[Phrase, ...] = phrases("stretch", "stretches", "stretching", "stretched", "loosen", "loosen up",
                                          "limber up", "open up", "yoga", "work on")
    """Words that ask for a stretch."""
    asked: tuple[str, ...] = ("i", "i'm", "i'd", "i've", "my", "me", "let's", "can", "could", "would", "please",
                              "need", "want", "help", "give", "walk", "take", "show", "time")
    """A request holds one of these: the speaker, or a request's words."""
    others: tuple[str, ...] = ("you", "your", "you're", "everybody", "everyone", "class", "he", "she", "his", "her",
                               "they", "their", "people", "runners", "athletes", *RELATIVES)
    """Advice to others, or talk about them, is not the user's request."""
    never: tuple[Phrase, ...] = phrases("not", "don't", "didn't", "never", "yesterday", "last night", "every",
                                        "always", "usually", "stop", "why", "how")
    """Words that make it something else: a stretch not wanted or done before, or a question."""
    before: tuple[str, ...] = ("for", "tight", "sore", "stiff", "achy", "aching", "poor", "whole")
    """Beside the owner's words, what may stand right before the muscle ("a stretch for tight hamstrings")."""
    muscles: CrampSettings = field(default_factory=CrampSettings)
    """Muscle names, owners, and the words of a cramp (which make it the cramp reader's)."""
    words: tuple[int, int] = (3, 16)
    """Words in the request, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


def asked_stretch(free_text: str, free_mean: float, sentences: dict[str, str],
                  settings: StretchSettings = StretchSettings(), question: QuestionSettings = QuestionSettings()
                  ) -> Among | None:
    """The grammar sentence of a stretch of the muscle ``free_text`` asks to stretch, from ``sentences`` (muscle
    -> the sentence reported for it); else None."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, question)
    if said is None:
        return None
    said = without_possessives(said)
    bare = set(said)
    cramp = settings.muscles
    if (not any(holds(said, phrase) for phrase in settings.stretch) or bare.isdisjoint(settings.asked)
            or not spoken_of(said).isdisjoint(settings.others) or any(holds(said, phrase) for phrase in settings.never)
            or cramping(said, cramp)
            or (said[0] not in ("can", "could", "would", "will") and opens_a_question(said, question))):
        return None
    muscle = owned_muscle(said, cramp, settings.before)
    if muscle is None or muscle not in sentences:
        return None
    log.debug("a stretch of the %s asked for: %r", muscle, free_text)
    return Among(sentences[muscle], 0.0, settings.confidence)
