"""A cramp stated in the user's own words, read from the free transcript.

People in pain say a cramp as it comes to them: "bruh my left calf is
literally balling up", "oh jeez it's my quad again, it's all bunched up",
"the back of my thigh is twisting like a rope", "woke up with the right calf
cramping again". A blind set's twelve missed cramps were twelve different
sentences; no grammar holds them all, but each names a part of the leg and
what it is doing in a word or two, and the model writes them well unheld.
:func:`stated_cramp` reads the free text as a statement about the speaker's
own leg, now, that names a muscle and a cramp word, and reports a grammar
sentence of that muscle (and side), which the parser reads as any cramp.

What keeps other talk out: the muscle must be the speaker's ("my calf", "the
left calf"; never with "you", "he", "people" or a relative anywhere), it must
not be a question (:mod:`.question` reads those), nor say that the cramp has
changed or gone ("it's eased", "not cramping any more": better or worse, not
a new cramp), nor speak of another time ("last night", "whenever I run": the
diary's or a warning sign's), nor ask for a stretch or a routine (the grammar
holds those requests; "my hamstrings are tight, can we stretch them" is a
stretch, not a cramp). The model must have been fairly sure of its words,
and the statement short. The words are English and this reader's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from voice_coach.hearing.whisper.among import Among
from voice_coach.hearing.whisper.phrases import Phrase, holds, phrases, spoken_of, without_possessives
from voice_coach.hearing.whisper.question import QuestionSettings, opens_a_question, words_to_read
from voice_coach.hearing.whisper.whose import RELATIVES
from voice_coach.intents.normalize import words as normalized

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrampSettings:
    """What makes free text a cramp stated by the speaker (English words)."""

    muscles: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("hamstring", phrases("back of my thigh", "back of the thigh", "back of my leg", "back of my thighs",
                              "hamstring", "hamstrings", "hammy", "hammies", "hammie")),
        ("quad", phrases("front of my thigh", "front of the thigh", "quad", "quads", "quadricep", "quadriceps",
                         "thigh", "thighs")),
        ("calf", phrases("calf", "calves", "calf muscle", "calf muscles")),
        ("foot", phrases("foot", "feet", "toe", "toes", "big toe", "arch", "arches", "sole", "instep")),
        ("leg", phrases("leg", "legs", "shin", "shins", "charley horse", "charlie horse")),
    )
    """Each muscle value of the grammar and the words that name it, the most specific first ("the back of my
    thigh" is the hamstring, not the quad); "'s" after a word is read as the word ("my quad's cramped")."""
    heard_as: tuple[tuple[str, tuple[Phrase, ...]], ...] = (
        ("calf", phrases("cat", "cats", "cast", "casts", "car", "cars", "cap", "caps", "cough", "calfs", "cuff")),
        ("hamstring", phrases("hand string", "hand strings", "handstring", "handstrings", "ham string",
                              "ham strings", "hamstringing")),
        ("quad", phrases("squad", "squads", "quod", "cod")),
        ("foot", phrases("food", "thought", "fut")),
        ("leg", phrases("light", "lake", "leak", "lag", "lig")),
    )
    """How the model, unheld, writes each muscle's name when it mishears it ("my cat's cramping", "the hand strings
    are seizing"): read as that muscle only when the held decode heard a cramp of it too, and a word of
    :attr:`unmistakable` was said."""
    unmistakable: tuple[Phrase, ...] = phrases(
        "cramp", "cramps", "cramping", "cramped", "crampy", "spasm", "spasms", "spasming", "spasmed", "seized",
        "seizing", "seizes", "knot", "knots", "knotted", "knotting", "balling", "balled", "bunched", "bunching",
        "clenched", "clenching", "charley horse", "charlie horse")
    """Words of :attr:`cramp` that say nothing but a cramp ("stuck", "locked", "twisted" say as much of a car)."""
    cramp: tuple[Phrase, ...] = phrases(
        "cramp", "cramps", "cramping", "cramped", "crampy", "spasm", "spasms", "spasming", "spasmed", "seized",
        "seizing", "seizes", "locked", "locking", "knot", "knots", "knotted", "knotting", "charley horse",
        "charlie horse", "balling", "balled", "bunched", "bunching", "twisting", "twisted", "curled", "curling",
        "clenched", "clenching", "contracting", "contracted", "tight", "tightening", "tightened", "pulling tight",
        "rock hard", "gone hard", "hard as a rock", "rigid", "gripping", "grabbing", "grabbed", "stuck")
    """Words that say a muscle is cramping."""
    mild: tuple[Phrase, ...] = phrases("tight", "tightening", "tightened")
    """Words of :attr:`cramp` that a muscle wanting a stretch is also said with ("my calves feel tight"):
    with only these, a request to stretch is a stretch."""
    felt: tuple[Phrase, ...] = phrases("ow", "owww", "ouch", "argh", "aargh", "ahh", "ah", "oh", "ugh", "hurts",
                                       "hurt", "hurting", "killing", "pain", "painful", "agony", "help")
    """Words of pain: with :attr:`cramp`'s, what a cramp found among other words needs to have been said
    (:func:`says_a_cramp`)."""
    owner_before: tuple[str, ...] = ("my", "me", "ma", "mi", "the", "a", "left", "right", "both", "this", "these",
                                     "ow", "ouch", "oof", "argh", "ugh")
    """A muscle is the speaker's when one of these stands right before it ("my calf", "the left calf", "got a
    leg cramp", "oof, hamstring's grabbing")."""
    speaker: tuple[str, ...] = ("i", "i'm", "i've", "i'd", "my", "me", "ma", "mi", "it", "it's", "got", "left",
                                "right")
    """The statement holds one of these: the speaker, what they point at, or the side of their leg."""
    others: tuple[str, ...] = ("you", "your", "you're", "we", "our", "they", "their", "he", "she", "his", "her",
                               "him", "people", "everyone", "someone", "anyone", "athletes", "runners", "player",
                               *RELATIVES)
    """Talk about someone else is not the user's cramp ("my husband's calf cramps at night")."""
    requests: tuple[Phrase, ...] = phrases("stretch", "stretches", "stretching", "routine", "yoga", "exercise",
                                           "exercises")
    """A request for a stretch or a routine: with only :attr:`mild` words, the statement is that request ("my
    hamstrings are tight, can we stretch them"); with a cramp word it stays a cramp ("my calf is cramping,
    can we stretch it")."""
    never: tuple[Phrase, ...] = phrases(
        # a question, or a cramp that has changed or gone
        "not", "no", "isn't",
        "wasn't", "aren't", "don't", "doesn't", "didn't", "never", "hasn't", "haven't", "gone away", "stopped",
        "eased", "easing", "better", "worse", "less", "loosened", "loosening", "relaxed", "relaxing", "settled",
        "any more", "anymore", "harder", "tighter", "still", "how", "what", "why", "when", "should",
        # another time: the diary's, or a warning sign's (how often)
        "yesterday", "last night", "last week", "last time", "every", "always", "usually", "often", "sometimes",
        "used to", "whenever", "if", "during", "after", "since", "tomorrow", "lately", "recently", "weeks", "months",
        "years", "times a")
    """Words that make the statement something else."""
    words: tuple[int, int] = (2, 16)
    """Words in the statement, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


@dataclass(frozen=True)
class Stated:
    """The muscle and side a statement names."""

    muscle: str
    side: str | None


def cramp_named(free_text: str, free_mean: float, settings: CrampSettings = CrampSettings(),
                question: QuestionSettings = QuestionSettings(), held: str | None = None) -> Stated | None:
    """The muscle (and side) of the cramp ``free_text`` states about the speaker's own leg, now; else None.

    ``held``: the muscle of a cramp the held decode heard (None: none), which the free text may name as the
    model mishears it (:attr:`CrampSettings.heard_as`)."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, question)
    if said is None:
        return None
    said = without_possessives(said)
    strong = cramping(said, settings)
    if (not any(holds(said, phrase) for phrase in settings.cramp)
            or any(holds(said, phrase) for phrase in settings.never)
            or (not strong and any(holds(said, phrase) for phrase in settings.requests))
            or not spoken_of(said).isdisjoint(settings.others) or set(said).isdisjoint(settings.speaker)
            or opens_a_question(said, question)):
        return None
    muscle = owned_muscle(said, settings)
    if muscle is None and held is not None and any(holds(said, phrase) for phrase in settings.unmistakable):
        misheard = tuple((m, names) for m, names in settings.heard_as if m == held)
        muscle = owned_muscle(said, replace(settings, muscles=misheard))
        settings = replace(settings, muscles=settings.muscles + misheard)  # "my right cast": the side of it
    if muscle is None:
        return None
    side = _side(without_possessives(normalized(free_text)), settings)
    log.debug("a cramp of the %s (%s) stated: %r", muscle, side or "no side", free_text)
    return Stated(muscle, side)


def cramping(said: list[str], settings: CrampSettings = CrampSettings()) -> bool:
    """Whether ``said`` holds a word of cramping stronger than "tight" (:attr:`CrampSettings.mild`)."""
    return any(holds(said, phrase) for phrase in settings.cramp if phrase not in settings.mild)


def owned_muscle(said: list[str], settings: CrampSettings = CrampSettings(), more_before: tuple[str, ...] = ()
                 ) -> str | None:
    """The muscle value that ``said`` names first as the speaker's (an owner's word, or one of ``more_before``,
    right before it; or it opens what was said), else None: "stretch my legs, I've been on my feet all night"
    is the legs. Where two names start at the same word, the earlier of :attr:`CrampSettings.muscles` wins."""
    before = settings.owner_before + more_before
    found = [(at, k, muscle) for k, (muscle, names) in enumerate(settings.muscles) for name in names
             if (at := _owned_at(said, name, before)) is not None]
    return min(found)[2] if found else None


def stated_cramp(free_text: str, free_mean: float, sentences: dict[tuple[str, str | None], str],
                 settings: CrampSettings = CrampSettings(), question: QuestionSettings = QuestionSettings(),
                 held: str | None = None) -> Among | None:
    """The grammar sentence of the cramp ``free_text`` states, from ``sentences`` ((muscle, side) -> the sentence
    reported for it; without the side when there is none for it); else None. ``held``: as for
    :func:`cramp_named`."""
    stated = cramp_named(free_text, free_mean, settings, question, held)
    if stated is None:
        return None
    sentence = sentences.get((stated.muscle, stated.side)) or sentences.get((stated.muscle, None))
    return Among(sentence, 0.0, settings.confidence) if sentence else None


def _side(said: list[str], settings: CrampSettings) -> str | None:
    """The side the words give the leg: "left" or "right" right before a muscle's name ("right calf, right
    calf"), or before "one", "side" or "leg" ("in my hamstring, the right one"); None when there is none, or
    both ("right now my foot is cramping" says no side)."""
    names = {name[0] for _, named in settings.muscles for name in named} | {"one", "side", "leg", "foot"}
    sides = {word for i, word in enumerate(said)
             if word in ("left", "right") and any(w in names for w in said[i + 1:i + 3])}
    return sides.pop() if len(sides) == 1 else None


def says_a_cramp(free_text: str, settings: CrampSettings = CrampSettings()) -> bool:
    """Whether ``free_text`` holds a cramp word or a word of pain. A cramp read among other words needs one:
    "my left foot is bigger than my right" holds "my left foot is tight" at a low cost per word, and
    "tight" was never said."""
    said = without_possessives(normalized(free_text))
    return any(holds(said, phrase) for phrase in (*settings.cramp, *settings.felt))


def _owned_at(said: list[str], name: Phrase, owner_before: tuple[str, ...]) -> int | None:
    """Where ``name`` stands in ``said`` as the speaker's (an owner's word right before it, or it opens the
    statement: "calf cramping"), else None. A phrase that holds its owner ("back of my thigh") is owned, and so
    is a charley horse (a cramp, whoever's leg the statement is about)."""
    n = len(name)
    for i in range(len(said) - n + 1):
        if tuple(said[i:i + n]) != name:
            continue
        if i == 0 or "my" in name or "horse" in name or said[i - 1] in owner_before:
            return i
    return None
