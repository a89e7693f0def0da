"""What the hearing layer reports for one utterance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from voice_coach.intents.contract import INTENT_SLOTS, STRETCHING


@dataclass(frozen=True)
class Hypothesis:
    """A recognizer's best guess for one utterance, before intent parsing."""

    text: str
    """Words recognized, lower case; empty when nothing in the grammar was heard."""
    confidence: float
    """0..1: how sure the recognizer is that the words are in the grammar (not out-of-grammar speech or noise)."""


@dataclass(frozen=True)
class Recognition:
    """One utterance found in the audio: where it was, what was said, what it means."""

    start: float
    """Seconds from the audio's start to the utterance's start."""
    end: float
    """Seconds from the audio's start to the utterance's end (end of speech)."""
    text: str
    """Recognized words; empty when rejected."""
    intent: str | None
    """Intent name from PRODUCT.md, or None when the speech is not a command."""
    slots: dict[str, str] = field(default_factory=dict)
    """Slot name -> value, e.g. {"muscle": "calf", "side": "left"}."""
    confidence: float = 0.0
    """0..1, from the recognizer."""
    looks: int = 1
    """Recognizer passes spent: 2 when the recording was decoded after the noise-suppressed audio was rejected."""
    continues: bool = False
    """The rest of the command heard just before it, said after a pause: nothing new (intent None)."""
    amends: bool = False
    """The utterance before it heard again with this one, its rest ("okay | quit it"): from ``start``, which is
    that one's start, the whole means something else than the first part did, and replaces it."""
    follows: bool = False
    """It started within the join gap of the utterance before it: said after a pause in the same turn."""

    def to_json(self, file: str | None = None) -> dict:
        out = {"start": round(self.start, 3), "end": round(self.end, 3), "text": self.text,
               "intent": self.intent, "slots": dict(self.slots), "confidence": round(self.confidence, 3)}
        return {"file": file, **out} if file is not None else out


OPENERS = frozenset({"right", "right then", "okay", "ok", "alright", "all right", "well", "so yeah",
                     "yes", "yeah", "no", "nope", "oh no", "ah no", "uh no", "left", "the left", "the right"})
"""Words that open a sentence as often as they answer the coach ("Right, who wants pizza?", "No, the blue one",
"Yes, I'll be down in a minute", "Left the keys in the car"): heard alone, with speech that is no command right
after, they opened it (:func:`settled`). An answer with more said after it stays an answer when the rest is a
command or its continuation ("Yeah, definitely", "No, not yet", "Yes, it's my calf"). The answers' figures:
README, "Hearing since then: sets 19 and 20"."""


SIDED = frozenset(intent for intent, slots in INTENT_SLOTS.items() if "side" in slots and intent != "side")
"""Commands with a ``side`` slot (PRODUCT.md: cramp): a side said right after one in the same turn is its side."""


def settled(heard: Iterable[Recognition], openers: frozenset[str] = OPENERS) -> Iterator[Recognition]:
    """``heard`` with each utterance once, as the rest of the turn shows it to be.

    For what is heard from a file, where what comes next is known before anything is reported:
    - one that a later whole amends (heard with its rest) is left out: "Okay, quit it." is one command,
      stop, not "okay" then "okay quit it"; so is each piece of a whole cut at several pauses;
    - one that is only one of ``openers``, followed within the join gap by speech that is no command (alone
      or with it), opened a sentence and is reported as no command: "Right, class, bring your left knee down";
    - a side said within the join gap after a cramp with no side (or the same one), alone or as what the two
      together were heard as, is that cramp's side: "Leg cramp, | right side." is one command, a cramp of the
      right leg, not a cramp and then a side (nor a side alone).
    - a warning sign wins its breath group (the pieces each said within the join gap of the one before): a
      cramp, stretch or routine heard beside it is no command, as the engine's own search prefers a sign
      close behind a stretch (a clot heard as a cramp starts a stretch on it).

    Live, the coach answers the first part at once and the whole when it comes, so it does not wait for a rest
    that seldom follows.
    """
    pending: list[Recognition] = []  # what a later whole may still amend: the pieces of one breath group
    for item in heard:
        if pending and _its_side(pending[-1], item):
            last = pending[-1]
            pending[-1] = replace(last, end=item.end, text=f"{last.text} {item.text}".strip(),
                                  slots={**last.slots, "side": item.slots["side"]})
            continue
        if item.amends:
            while pending and pending[-1].start >= item.start:
                pending.pop()  # every piece of the whole, not only the last: a sentence is heard as it grows
        elif pending:
            last = pending[-1]
            if item.follows and item.intent is None and not item.continues and last.text in openers:
                pending[-1] = replace(last, text="", intent=None, slots={})
        if not (item.follows or item.amends):
            yield from _signs_win(pending)
            pending.clear()
        pending.append(item)
    yield from _signs_win(pending)


def _signs_win(group: list[Recognition]) -> list[Recognition]:
    """The pieces of one breath group, with no stretch beside a warning sign: "the doctor put me on statins |
    and my legs have cramped ever since" is the warning sign, not that and a cramp to stretch."""
    if not any(item.intent == "red_flag" for item in group):
        return group
    return [replace(item, text="", intent=None, slots={}) if item.intent in STRETCHING else item for item in group]


def _its_side(command: Recognition, then: Recognition) -> bool:
    """``then`` is a side said right after ``command``, a cramp that has no side or that one."""
    return (command.intent in SIDED and then.intent == "side" and (then.follows or then.amends)
            and command.slots.get("side", then.slots.get("side")) == then.slots.get("side"))
