"""Whose body the free transcript speaks of: the user's, or someone else's.

The grammar has no words for anyone but the user, so the held decode of "his
calf is cramping", "your calf is cramping" (a partner's words, or the coach's
own read back to it) or "my wife's leg is swollen" is the nearest thing it
holds: "the calf is cramping", a cramp to stretch; "she started a new
medicine last week" is held as "I started ...". The model writes the person
well unheld. Two patterns count: an owner's word right before a part of the
body ("his calf"), and "he" or "she" opening the free text where the held
sentence opens with "I" or "my". A lone "he" or "your" elsewhere is too
often a misheard word ("Crike your cramp in my right leg", "He is okay now"
for "feels okay now"); on five blind sets' commands the two patterns refused
none of the 2,800 heard right.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from voice_coach.intents.normalize import words

log = logging.getLogger(__name__)

BODY: tuple[str, ...] = ("leg", "legs", "calf", "calves", "foot", "feet", "ankle", "ankles", "thigh", "thighs",
                         "skin", "knee", "knees", "toe", "toes", "muscle", "muscles", "shin", "shins",
                         "hamstring", "hamstrings", "quad", "quads", "arch", "sole", "heel")
"""Parts of the body, as the free text writes them."""

RELATIVES: tuple[str, ...] = ("friend", "sister", "brother", "husband", "wife", "dad", "mum", "mom", "mother",
                              "father", "son", "daughter", "partner", "neighbour", "neighbor", "grandad", "grandpa",
                              "grandma", "granny", "gran", "nan", "uncle", "aunt", "auntie", "cousin", "niece",
                              "nephew", "boyfriend", "girlfriend", "boss", "kid", "kids", "baby", "child", "children",
                              "roommate", "flatmate", "housemate", "colleague", "patient", "client", "teammate")
"""People the user may speak of."""


@dataclass(frozen=True)
class OwnerSettings:
    """What says a part of the body is someone else's (English words)."""

    owners: tuple[str, ...] = ("his", "her", "your", "their")
    """Words that make what follows someone else's."""
    relatives: tuple[str, ...] = RELATIVES
    """People whose part of the body ends in "'s" ("my wife's leg")."""
    between: tuple[str, ...] = ("left", "right", "poor", "whole", "own", "other", "both")
    """Words that may stand between the owner and the part ("her left calf")."""
    body: tuple[str, ...] = BODY
    """Parts of the body."""
    subjects: tuple[str, ...] = ("he", "she", "he's", "she's", "you've", "you're", "they've")
    """Someone else, opening what was said ("She started a new medicine", "you've got cramp": a partner's
    words, or the coach's own read back to it). Not "they're", which the model writes for "there's"."""
    first_person: tuple[str, ...] = ("i", "i'm", "i've", "i'd", "my", "me", "the")
    """How a held sentence about the user opens: the user, or the part they speak of ("the pain is unbearable"
    for "He says the pain's unbearable"). Not "it", held for what the model wrote as "He feels worse"."""
    lead: tuple[str, ...] = ("um", "uh", "er", "ah", "oh", "so", "and", "but", "well", "okay", "ok")
    """Words before the subject that do not change it."""
    intents: frozenset[str] = frozenset({"cramp", "red_flag", "better", "worse", "stretch"})
    """What is heard of the user's own body: refused when the free text says it is someone else's."""


def someone_elses(free_text: str, held: str, settings: OwnerSettings = OwnerSettings()) -> str | None:
    """The word for someone else when ``free_text`` names a part of their body ("his calf": "his") or opens
    with them where the held sentence ``held`` opens with the user ("She started ...", held "i started ..."),
    and ``held`` does not hold that word itself; else None."""
    said, heard = words(free_text), words(held)
    opening = next((word for word in said if word not in settings.lead), None)
    if opening in settings.subjects and heard and heard[0] in settings.first_person:
        log.debug("someone else (%s): %r", opening, free_text)
        return opening
    for n, word in enumerate(said):
        if not (word in settings.owners or word.endswith("'s") and word[:-2] in settings.relatives):
            continue
        rest = said[n + 1:n + 4]
        while rest and rest[0] in settings.between:
            rest.pop(0)
        if rest and rest[0] in settings.body and word not in heard:
            log.debug("someone else's %s: %r", rest[0], free_text)
            return word
    return None
