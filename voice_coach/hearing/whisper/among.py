"""A command said among words of the speaker's own, read from the free transcript.

The held decode is held to the grammar's sentences, and people say more than
a sentence: "okay so my right leg is like cramping up right now", "the big
muscle on the front of me thigh is cramping", "wait a sec my phone's ringing".
The model writes such speech well unheld, and the held decode then pulls it
to some short sentence whose words it half fits ("ok", "it's a lot better"),
which the rejection rightly refuses. Yet the free words hold a command with a
few words around it. :func:`command_among` finds the grammar sentence the free
words hold at the least cost (:data:`~voice_coach.hearing.whisper.nearest.AMONG_WORDS`:
an extra word is cheap, a missing one dear, a changed one allowed only a letter
in five) and keeps it only when it costs little per word said.

Prose far from the coach also holds commands among its words ("the left lane
is closed", "can you help me carry the shopping in"), so the bar is low and
the reading is reported with less confidence than a held decode can reach
(:attr:`AmongSettings.confidence`): never enough to act in a busy room
(:mod:`voice_coach.session.core`), and enough for a second look at the recording
(:mod:`voice_coach.hearing.pipeline`, 0.7) only at its cheapest.

A request with its reason after it ("bit slower, I can't keep up", "hang on,
the phone's ringing") holds too many words around the command for that bar.
The model's own punctuation marks where one clause ends, so
:func:`command_in_clause` reads each clause alone, and a clause that is a
command of two words or more, word for word, is heard.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from voice_coach.hearing.whisper.nearest import AMONG_WORDS, Nearest, nearest
from voice_coach.intents.graph import WordGraph
from voice_coach.intents.normalize import words as normalized
from voice_coach.intents.skip_words import SkipWords

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AmongSettings:
    """When a command found among the free words counts."""

    most_per_word: float = 0.17
    """Cost (words changed, as :data:`AMONG_WORDS` prices them) per free word, at most: "owww my calf is
    cramping" holds "my calf is cramping" at 0.07, "can you help me carry the shopping in" holds "can you
    help me" at 0.18. Chosen on blind paraphrases heard by whisper (see the README): above 0.17, prose
    began to act."""
    least_kept: int = 2
    """Sentence words that stand for free words, at least: one word among many ("cramp" in a sports report)
    says too little."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least: the words are read only when
    the model was fairly sure of them."""
    confidence: tuple[float, float] = (0.5, 0.85)
    """Confidence reported (0..1), from the bar (cost at ``most_per_word``) to no cost at all."""
    max_words: int = 24
    """Free texts longer than this are prose, not a command with words around it."""
    budget: int = 6000
    """Search steps at most (see :func:`~voice_coach.hearing.whisper.nearest.nearest`)."""
    clause_confidence: float = 0.6
    """Confidence (0..1) reported for a command that is one whole clause of the free text
    (:func:`command_in_clause`): enough to act in a quiet room, as a reading among words is."""
    clause_openers: tuple[str, ...] = ("i", "i'm", "i've", "i'd", "i'll", "it's", "there's", "someone", "someone's",
                                       "somebody's", "we're", "you're", "he's", "she's", "they're")
    """Words that open a clause of its own after a request, where the model wrote no comma ("go faster I'm late
    for my shift", "pause it I need the loo"): the words before one are read as a clause too. Not "the" or "my",
    which follow a verb as its object as often ("can you repeat the order")."""


@dataclass(frozen=True)
class Among:
    """A command found among the free words."""

    sentence: str
    per_word: float
    """Its cost per free word."""
    confidence: float


def command_among(graph: WordGraph, free: list[str], free_mean: float, settings: AmongSettings = AmongSettings(),
                  skip: SkipWords = SkipWords(())) -> Among | None:
    """The grammar sentence the ``free`` words hold, when it costs little enough per word; else None.

    As hassil reads a sentence, the words are read as said and, when they hold
    ``skip`` words, again without them (the cheaper reading a word counts): "right then
    speed up the counting" is "right speed up the counting" to the grammar, four words
    around a command of two ("then" is a skip word).
    """
    if not free or len(free) > settings.max_words or free_mean < settings.least_free_mean:
        return None
    best: Among | None = None
    for words in _readings(free, skip):
        found = nearest(graph, words, 1, AMONG_WORDS, settings.max_words, settings.most_per_word, settings.budget,
                        slack=0.0)
        among = judged(found[0], len(words), settings) if found else None
        if among is not None and (best is None or among.per_word < best.per_word):
            best = among
    return best


def _readings(free: list[str], skip: SkipWords) -> list[list[str]]:
    """The words as said and, when they hold skip words, without them: the two readings hassil tries."""
    bare = skip.remove(free) if skip else free
    return [free, bare] if bare and bare != free else [free]


def judged(found: Nearest, free_words: int, settings: AmongSettings) -> Among | None:
    """``found`` as a command among ``free_words`` words, or None when it keeps too few, costs too much, or
    has no word around it: free words that are the command, a word or two misspelt, are the held decode's
    to judge, and its rejection refused them."""
    per_word = found.cost / free_words
    if found.kept < settings.least_kept or found.extra < 1 or per_word > settings.most_per_word:
        return None
    low, high = settings.confidence
    return Among(found.sentence, per_word, low + (high - low) * (1.0 - per_word / settings.most_per_word))


_CLAUSE_END = re.compile(r"[,.;:!?]+")
"""Punctuation the model writes between clauses."""


def command_in_clause(graph: WordGraph, free_text: str, free_mean: float, settings: AmongSettings = AmongSettings(),
                      skip: SkipWords = SkipWords(())) -> Among | None:
    """The longest clause of ``free_text`` that is a grammar sentence word for word (as said, or without its
    skip words) and keeps at least ``settings.least_kept`` words; None when there is none, or the text is one
    clause (that is :func:`command_among`'s, and the held decode's, to judge).

    "Bit slower, I can't keep up." -> "bit slower"; "Stop talking, I'm going back to sleep." -> "stop talking".
    Its cost per word is what :data:`AMONG_WORDS` asks for the other clauses' words, so that it compares with
    :func:`command_among`'s readings; its confidence is ``settings.clause_confidence``.
    """
    if free_mean < settings.least_free_mean:
        return None
    clauses = [clause for clause in map(normalized, _CLAUSE_END.split(free_text)) if clause]
    total = sum(map(len, clauses))
    if total > settings.max_words:
        return None
    parts = [clause for clause in clauses if len(clauses) > 1]
    parts += [clause[:i] for clause in clauses for i in range(1, len(clause)) if clause[i] in settings.clause_openers]
    best: list[str] | None = None
    for clause in parts:
        sentence = next((r for r in _readings(clause, skip) if len(r) >= settings.least_kept and graph.accepts(r)),
                        None)
        if sentence is not None and (best is None or len(sentence) > len(best)):
            best = sentence
    if best is None:
        return None
    per_word = AMONG_WORDS.extra * (total - len(best)) / total
    log.debug("a command clause %r among %d words", best, total)
    return Among(" ".join(best), per_word, settings.clause_confidence)
