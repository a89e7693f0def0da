"""The free text respelt by the held decode: "My cat has swollen right up." -> "My calf has swollen right up."

Unheld, tiny.en writes the coach's rarer words as commoner ones it knows
better: "calf" as "cat", "cast" or "car", "taurine" as "touring",
"supplements" as "implements". The held decode, bound to the grammar's words,
often heard them right, and lost only because the rest of what was said is no
command ("what is taurine" for "What is touring and how much do I take?").
:func:`respelt` lines the free words up with the held sentence's (words kept,
left out or put in, as few as can be) and where a free word stands for a held
word spelt nearly alike (at most ``most_changed`` of its letters changed),
writes the held word. The readers of the free text then read that once more
(:meth:`~voice_coach.hearing.whisper.engine.WhisperRecognizer.judge`): what
they need besides the word (an owner, a word of cramping, a question's
opening) still has to be said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.hearing.whisper.nearest import changed
from voice_coach.intents.normalize import words as normalized


@dataclass(frozen=True)
class RespellSettings:
    """When a free word is taken to be the held word it stands for."""

    most_changed: float = 0.5
    """Letters changed (inserted, deleted or replaced) over the longer word's length, at most: "cat" for "calf"
    is 0.5, "touring" for "taurine" 0.29."""
    least_letters: int = 3
    """Both words have at least this many letters: "it" for "is" says nothing."""
    never: frozenset[str] = frozenset((
        "the", "this", "that", "these", "those", "there", "their", "they", "them", "then", "than", "what", "when",
        "where", "which", "who", "whose", "why", "how", "his", "her", "hers", "him", "she", "you", "your", "yours",
        "our", "ours", "its", "it's", "i'm", "i've", "i'll", "i'd", "and", "but", "from", "with", "not",
        "are", "was", "were", "has", "have", "had", "can", "could", "would", "should", "will", "does", "did",
        "done", "any", "some", "all", "now", "here", "one", "two", "yes", "now", "off", "out", "into", "onto"))
    """Words that say who, when or how much, written over by nothing and writing over nothing: a reading turns
    on them ("their little girl" is not "this little girl")."""
    misheard: tuple[tuple[str, str], ...] = (
        ("crap", "cramp"), ("craps", "cramps"), ("crats", "cramps"), ("cram", "cramp"), ("crams", "cramps"),
        ("crump", "cramp"), ("crumps", "cramps"), ("cramping's", "cramping"))
    """How the model, unheld, writes the coach's own word when it mishears it, held decode or not ("when was my
    most recent crap", "how do I keep these craps away"): read as that word."""


def respelt(free_text: str, held: str, settings: RespellSettings = RespellSettings()) -> str:
    """``free_text`` with each word that lines up with a held word spelt nearly alike written as that word, and
    each word of :attr:`RespellSettings.misheard` as the word it stands for (punctuation kept); ``free_text``
    itself when there is none."""
    misheard = dict(settings.misheard)
    tokens = [_swapped(token, misheard[word[0]]) if len(word := normalized(token)) == 1 and word[0] in misheard
              else token for token in free_text.split()]
    said = [normalized(token) for token in tokens]
    flat = [(k, word) for k, words in enumerate(said) for word in words]
    target = held.split()
    n, m = len(flat), len(target)

    def cost(a: str, b: str) -> float | None:
        if a == b:
            return 0.0
        if min(len(a), len(b)) < settings.least_letters or a in settings.never or b in settings.never:
            return None
        share = changed(a, b)
        return share if share <= settings.most_changed else None

    # the cheapest lining up: a word kept or respelt costs its change, one left out or put in costs 1
    best = [[float(i + j) for j in range(m + 1)] for i in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [best[i - 1][j] + 1, best[i][j - 1] + 1]
            c = cost(flat[i - 1][1], target[j - 1])
            if c is not None:
                options.append(best[i - 1][j - 1] + c)
            best[i][j] = min(options)
    swaps: dict[int, str] = {}
    i, j = n, m
    while i > 0 and j > 0:
        c = cost(flat[i - 1][1], target[j - 1])
        if c is not None and best[i][j] == best[i - 1][j - 1] + c:
            if c > 0 and len(said[flat[i - 1][0]]) == 1:
                swaps[flat[i - 1][0]] = target[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    if not swaps:
        return " ".join(tokens) if tokens != free_text.split() else free_text
    return " ".join(_swapped(token, swaps[k]) if k in swaps else token for k, token in enumerate(tokens))


_CORE = re.compile(r"^(\W*)(.*?)(\W*)$")


def _swapped(token: str, word: str) -> str:
    """``token`` with its word replaced by ``word``, its punctuation around kept."""
    lead, _, trail = _CORE.match(token).groups()
    return f"{lead}{word}{trail}"
