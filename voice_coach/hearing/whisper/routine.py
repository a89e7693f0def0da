"""A routine asked for by what it does, read from the free transcript.

People who have done a routine name it by its moves or its moment, not by its
name: "the heel to the bum one", "that one with my leg up on the chair", "the
downward dog one for the calves", "do my before sleep stretches", "go through
the middle of the night cramp steps". The templates hold each routine's
names; :func:`asked_routine` reads the free text as a request (it asks for a
routine, a "one", steps or stretches, or opens as a request does) that
names one routine's moves or moment, and reports the shortest grammar
sentence of that routine, which the parser reads as any command.

A radio's fitness class also names moves ("now into downward dog
everybody"), so the request must be the speaker's (no "you", "everybody" or
someone else), short, not a question about the routine ("is the low lunge
safe"), and the model must have been fairly sure of its words. The words are
English and this reader's own; the moves are those of PRODUCT.md's routines.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from voice_coach.hearing.whisper.among import Among
from voice_coach.hearing.whisper.phrases import Phrase, holds, phrases, without_possessives
from voice_coach.hearing.whisper.question import QuestionSettings, words_to_read
from voice_coach.hearing.whisper.whose import BODY, RELATIVES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoutineSettings:
    """What makes free text a request for a routine named by its moves (English words)."""

    names: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("yoga_quads", phrases("low lunge", "hold my back foot", "holding my back foot", "holding the back foot",
                               "hold the back foot", "quad yoga", "thigh yoga", "yoga for my quads",
                               "yoga for my thighs", "yoga for the quads", "yoga for quads")),
        ("yoga_calves", phrases("downward dog", "down dog", "downward facing dog", "calf yoga", "yoga for my calves",
                                "yoga for the calves", "yoga for calves")),
        ("yoga_hamstrings", phrases("forward fold", "forward bend", "hamstring yoga", "yoga for my hamstrings",
                                    "yoga for the hamstrings", "yoga for hamstrings")),
        ("quad_release", phrases("heel to the bum", "heel to my bum", "heel to the butt", "heel to my butt",
                                 "heel to the glutes", "heel to my glutes", "heel to my bottom", "foot to my bum",
                                 "foot to my butt", "heel up to", "quad release", "thigh release", "quad one")),
        ("hamstring_release", phrases("on a chair", "on the chair", "up on a chair", "up on the chair",
                                      "on a stool", "hamstring release", "hamstring one")),
        ("calf_release", phrases("heel pushed down", "heel down", "heel to the floor", "heel on the floor",
                                 "back knee straight", "lunge", "calf release", "calf one")),
        ("foot_release", phrases("toes back", "pull the toes", "pulling the toes", "pull my toes", "pulling my toes",
                                 "toe pulling", "toe pull", "foot release", "foot one")),
        ("bedtime", phrases("ankle circles", "point and flex", "wall calf")),
    )
    """Each routine and the words that name it by its moves, the most specific first ("the low lunge one" is
    the quads' yoga, not the calf release's lunge)."""
    moments: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("night_cramp", phrases("middle of the night", "night cramp", "night cramps", "night time cramp",
                                "nighttime cramp", "cramp relief", "cramp", "cramps")),
        ("bedtime", phrases("bedtime", "before bed", "before sleep", "before i sleep", "before i go to sleep",
                            "for bed", "wind down", "winding down", "evening", "night time", "nighttime")),
    )
    """Each routine and the words that name it by its moment or purpose: only with a word of :attr:`kind`
    ("the wind down routine"; not "time for bed", nor an article's "do this twice daily, before bed")."""
    kind: tuple[Phrase, ...] = phrases("routine", "one", "steps", "sequence", "session", "stretches", "exercises",
                                       "flow", "release", "yoga", "stretch", "stretching", "moves")
    """Words for the kind of thing a routine is ("the ... one")."""
    asked: tuple[Phrase, ...] = phrases(
        "do", "start", "run", "begin", "go through", "kick off", "put on", "let's", "can we", "could we",
        "shall we", "i want", "i'd like", "give me", "take me through", "walk me through", "time for", "how about")
    """A request's words: with a move named, they ask for its routine ("let's do downward dog")."""
    speaker: tuple[str, ...] = ("i", "i'm", "i'd", "my", "me", "let's", "we", "the", "that", "do", "start", "run",
                                "begin", "kick")
    """The request holds one of these: the speaker, a request's verb, or the routine pointed at."""
    others: tuple[str, ...] = ("you're", "your", "everybody", "everyone", "class", "guys", "folks", "he", "she",
                               "his", "her", "they", "their", "people", "listeners", *RELATIVES)
    """A request to others, or talk about them, is not the user's ("now into downward dog everybody")."""
    never: tuple[Phrase, ...] = phrases("is", "are", "was", "does", "did", "why", "what", "how long", "how many",
                                        "safe", "hurt", "hurts", "not", "don't", "didn't", "never", "yesterday",
                                        "last night", "stop", "skip", "again", "instead", "welcome", "today",
                                        "we'll", "we're", "join")
    """Words that make the statement something else: a question about a routine, one done before, a step
    of the one going on ("skip the lunge", "do the lunge again"), or a class on the radio ("welcome back to
    sunrise yoga, let's start in downward dog")."""
    bare: int = 4
    """A request this short (words, after its leading words) that names a routine by its moves or name needs
    none of :attr:`speaker`'s words: a name and a word or two is a request ("quad release, go", "foot release
    routine"). Not by its moment: "Bedtime routine:" is an article's heading read aloud as often."""
    words: tuple[int, int] = (2, 14)
    """Words in the request, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


def asked_routine(free_text: str, free_mean: float, sentences: dict[str, str],
                  settings: RoutineSettings = RoutineSettings(), question: QuestionSettings = QuestionSettings()
                  ) -> Among | None:
    """The grammar sentence starting the routine ``free_text`` asks for by its moves, from ``sentences``
    (routine id -> the sentence reported for it; a routine without one is not read); else None."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, question)
    if said is None:
        return None
    said = without_possessives(said)
    bare = set(said)
    unowned = bare.isdisjoint(settings.speaker)
    if ((unowned and len(said) > settings.bare) or not bare.isdisjoint(settings.others)
            or any(holds(said, phrase) for phrase in settings.never)):
        return None
    kind = any(holds(_numbers_apart(said), phrase) for phrase in settings.kind)
    names = settings.names + settings.moments if kind and not unowned else settings.names
    if not kind and not any(holds(said, phrase) for phrase in settings.asked):
        return None
    for routine, named in names:
        if routine in sentences and any(holds(said, phrase) for phrase in named):
            log.debug("the routine %s asked for by its moves or moment: %r", routine, free_text)
            return Among(sentences[routine], 0.0, settings.confidence)
    return None


def _numbers_apart(said: list[str]) -> list[str]:
    """``said`` with "one" before a part of the body written as a number: "step one foot back" (an article's
    instruction read aloud) counts a foot, where "the heel down one" names a routine."""
    return ["1" if word == "one" and following in BODY else word
            for word, following in zip(said, [*said[1:], ""])]
