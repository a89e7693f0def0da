"""A warning sign stated in the user's own words, read from the free transcript.

A person who fears something is wrong says it as they see it: "there's a red
streak down my calf", "my ankle's blown up like a balloon", "I've just
started blood pressure tablets", "it's absolutely excruciating". The
templates held 26 of a blind set's 60 such statements; the model writes them
well unheld, and each names its sign in a word or two. :func:`stated_sign`
reads the free text as a statement about the speaker (not a question, not
about someone else) that names a sign, and reports the shortest grammar
sentence of that sign, which the parser reads as any command.

A warning sign heard where there was none sends a person to ask a doctor; one
missed may leave a clot stretched. So the bar is the same as for the other
readings of the free text (the model fairly sure of its words, a quiet
room's confidence), with what keeps other talk out: a sign of the body (red,
warm, swollen, numb, weak) needs a part of the body named ("the warm weather
is lovely", "it's a red card" are not), every sign needs the speaker or "it"
("Heat encourages the muscle to relax" is an article's), and talk about
others is theirs ("my sister's just gone on statins"). The words are English
and this reader's own: they name signs in more ways than a grammar sentence
can hold.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from voice_coach.hearing.whisper.among import Among
from voice_coach.hearing.whisper.phrases import Phrase, holds, phrases
from voice_coach.hearing.whisper.question import QuestionSettings, opens_a_question, words_to_read
from voice_coach.hearing.whisper.whose import BODY, RELATIVES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignSettings:
    """What makes free text a warning sign stated by the speaker (English words)."""

    names: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("medication", phrases("statin", "statins", "water pills", "water tablets", "diuretic", "diuretics",
                                "blood pressure tablet", "blood pressure tablets", "blood pressure pills",
                                "blood pressure medicine", "blood pressure medication", "new medicine",
                                "new medication", "new pills", "new pill", "new tablets", "new tablet", "inhaler",
                                "my medication", "my medicine", "my pills", "my tablets", "medication",
                                "medications", "medicine", "medicines", "tablets", "pills")),
        ("vascular_risk", phrases("smoke", "smoker", "smoked", "smoking", "diabetes", "diabetic",
                                  "high blood pressure", "blood pressure is high", "blood pressure's high",
                                  "circulation", "cholesterol")),
        ("frequent", phrases("every night", "every single night", "most nights", "all the time",
                              "several times a night", "night after night", "times a night", "nights a week",
                              "every day", "in a row", "can't sleep", "haven't slept", "keep waking", "keeps waking",
                              "wake me up", "waking me up", "woken me")),
        ("severe", phrases("excruciating", "unbearable", "agony", "agonising", "agonizing", "worst pain", "severe",
                            "so severe", "can't bear", "can't stand it", "can't take it", "hardly breathe",
                            "can't breathe", "passed out", "crying", "screaming", "shaking")),
        ("numbness", phrases("pins and needles", "tingling", "tingly", "numb", "numbness", "can't feel",
                              "no feeling")),
        ("weakness", phrases("weak", "weakness", "no strength", "giving way", "gives way", "can't put weight",
                              "hardly put weight", "hardly stand", "buckling", "floppy")),
        ("swelling", phrases("swollen", "swelling", "swelled", "puffy", "puffed", "bigger than the", "way bigger",
                              "much bigger", "fatter than", "bloated", "blown up", "blow up",
                              "blowing up", "ballooned")),
        ("redness", phrases("red", "redness", "reddish", "blotchy", "streak", "purple", "discoloured",
                             "discolored")),
        ("warmth", phrases("hot", "warm", "warmer", "warmth", "heat")),
    )
    """Each sign and the words that name it, in the order they are looked for: the first sign named wins
    ("doctor put me on statins and now I'm cramping all the time" is the medicine, not how often)."""
    of_the_body: tuple[str, ...] = ("numbness", "weakness", "swelling", "redness", "warmth")
    """Signs that are a state of the body: named with a part of it, or they are about something else."""
    body: tuple[str, ...] = BODY
    """Parts of the body (also with "'s": "my leg's gone numb")."""
    speaker: tuple[str, ...] = ("i", "i'm", "i've", "i'd", "my", "me", "ma", "it", "it's", "this", "there's")
    """A statement of a sign holds one of these: the speaker, or what they point at."""
    of_the_cramps: tuple[str, ...] = ("frequent",)
    """Signs that are about the cramps (how often they come): said of them, or they are about something else
    ("Wake me up at six" is no cramp that wakes the speaker every night)."""
    cramps: tuple[str, ...] = ("cramp", "cramps", "cramping", "cramped", "spasm", "spasms", "it", "they", "them",
                               "these", "this", "night", "nights")
    """What names the cramps, points at them, or counts them ("the fourth night in a row they've woken me", which
    the model wrote "the crants")."""
    of_the_person: tuple[str, ...] = ("medication", "vascular_risk")
    """Signs that are a fact about the person: said with "I" or "me", or of "my" doctor, medicine or blood
    pressure ("My dad has high blood pressure", which the model wrote "My not has ...", is someone else's)."""
    first_person: tuple[Phrase, ...] = phrases("i", "i'm", "i've", "i'd", "me", "my blood pressure", "my doctor",
                                               "my medication", "my medicine", "my pills", "my tablets", "my new")
    """What says a fact is the speaker's own."""
    others: tuple[str, ...] = ("you", "your", "we", "us", "our", "their", "he", "she", "his", "her", "people",
                               "everyone", "someone", "anyone", *RELATIVES)
    """Talk about someone else is not the user's sign ("my husband gets leg cramps most nights")."""
    words: tuple[int, int] = (2, 16)
    """Words in the statement, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


def stated_sign(free_text: str, free_mean: float, sentences: dict[str, str], settings: SignSettings = SignSettings(),
                question: QuestionSettings = QuestionSettings()) -> Among | None:
    """The grammar sentence of the warning sign ``free_text`` states, from ``sentences`` (sign -> the sentence
    reported for it; a sign without one is not read); else None. A question is not a statement ("does a warm
    compress help" is :mod:`.question`'s), but a "why" is a worry ("why is my leg so red")."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, question)
    if said is None:
        return None
    bare = {word.removesuffix("'s") for word in said} | set(said)
    if bare.isdisjoint(settings.speaker) or not bare.isdisjoint(settings.others):
        return None
    if said[0] != "why" and opens_a_question(said, question):
        return None
    for sign, names in settings.names:
        if sign not in sentences or not any(holds(said, phrase) for phrase in names):
            continue
        if sign in settings.of_the_body and bare.isdisjoint(settings.body):
            continue
        if sign in settings.of_the_person and not any(holds(said, phrase) for phrase in settings.first_person):
            continue
        if sign in settings.of_the_cramps and bare.isdisjoint(settings.cramps):
            continue
        log.debug("a warning sign (%s) stated: %r", sign, free_text)
        return Among(sentences[sign], 0.0, settings.confidence)
    return None
