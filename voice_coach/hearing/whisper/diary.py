"""A question about the user's own cramp diary, read from the free transcript.

"How many have I logged so far", "what night did I last cramp", "are my
cramps going down": people ask their diary in more ways than the templates
list (they held 15 of a blind set's 40 such questions), and the model writes
them well unheld. :func:`diary_question` reads the free text as a question
(or a request: "tell me", "show me", "count ...") about the user's own
cramps that names what it asks: how many, the last one, or which way they
go; and reports the shortest grammar sentence of that question, which the
parser reads as any command.

A question about the user's own cramps holds a word for them ("cramps",
"had", "logged", "they", "my diary"), and none about someone else ("how
many players went down with cramp"): without that, "how many litres a day
should I drink" is a count, too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from voice_coach.hearing.whisper.among import Among
from voice_coach.hearing.whisper.phrases import Phrase, holds, phrases
from voice_coach.hearing.whisper.question import QuestionSettings, opens_a_question, words_to_read

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiarySettings:
    """What makes free text a question to the user's diary (English words)."""

    names: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("last", phrases("last cramp", "last time", "last had", "last have", "last get", "last got", "last cramped",
                          "last one", "most recent", "how long ago", "how long since", "previous cramp",
                          "when was")),
        ("count", phrases("how many", "how often", "number of", "count", "many cramps", "cramp count", "tally")),
        ("trend", phrases("improving", "improvement", "getting better", "getting worse", "trend", "trending",
                           "more or less", "less often", "more often", "less frequent", "more frequent",
                           "going down", "going up", "gone down", "gone up", "eased off", "easing off",
                           "right direction", "cramping less", "cramping more", "fewer", "any better", "any worse",
                           "better or worse")),
    )
    """Each question and the words that ask it, in the order they are looked for ("how many since my last
    cramp" asks when)."""
    own: tuple[str, ...] = ("cramp", "cramps", "cramping", "cramped", "diary", "had", "logged", "they", "them",
                            "one", "ones")
    """A question about the user's own cramps holds one of these."""
    others: tuple[str, ...] = tuple(w for w in QuestionSettings().others if w not in ("they", "their")) + (
        "you", "your", "player", "players", "team")
    """...and none of these: it is about someone else ("they" are the user's cramps: "have they eased off")."""
    requests: tuple[Phrase, ...] = phrases("tell", "show", "remind", "count", "give", "last cramp",
                                                     "number of")
    """Openings of a request to the diary that is no question ("show me my trend", "count my cramps")."""
    words: tuple[int, int] = (2, 14)
    """Words in the question, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


def diary_question(free_text: str, free_mean: float, sentences: dict[str, str],
                   settings: DiarySettings = DiarySettings(), question: QuestionSettings = QuestionSettings()
                   ) -> Among | None:
    """The grammar sentence of the diary question ``free_text`` asks, from ``sentences`` (question -> the
    sentence reported for it; one without a sentence is not read); else None."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, question)
    if said is None:
        return None
    if not any(word in settings.own for word in said) or any(word in settings.others for word in said):
        return None
    if not opens_a_question(said, question) and not any(tuple(said[:len(r)]) == r for r in settings.requests):
        return None
    for asked, names in settings.names:
        if asked in sentences and any(holds(said, phrase) for phrase in names):
            log.debug("a diary question (%s): %r", asked, free_text)
            return Among(sentences[asked], 0.0, settings.confidence)
    return None
