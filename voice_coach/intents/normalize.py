"""Text normalization shared by the parser and the grammar compiler.

Both sides reduce text to the same alphabet: lower-case ASCII letters and
apostrophes inside words ("it's", as in cmudict), single spaces between words.
Any unicode input is safe: accents are folded ("Café" -> "cafe"), every other
character becomes a word break.

:func:`words` normalizes what people say or type; :func:`normalize_chunk`
normalizes one piece of a template (a hassil text chunk) the same way, so that
hassil, matching templates against normalized text, and the speech grammars
agree. A chunk may be glued to its neighbours ("light[s]": "light" then "s"),
so an apostrophe at an edge without a space is kept for the whole word to
decide.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from types import MappingProxyType

log = logging.getLogger(__name__)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NOT_WORD = re.compile(r"[^a-z']+")
_WORD = re.compile(r"^[a-z]+(?:'[a-z]+)*$")
_NOT_WORD_OR_SPACE = re.compile(r"[^a-z'\s]+")
_SPACES = re.compile(r"\s+")

CONTRACTIONS = MappingProxyType({
    "its": "it's",
    "thats": "that's",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "cant": "can't",
    "im": "i'm",
    "ive": "i've",
    "whats": "what's",
    "theres": "there's",
})
"""Typed contractions without their apostrophe -> the spelling the templates (and cmudict) use."""


def _folded(text: str) -> str:
    """Apostrophes unified, accents folded, lower case, every other character but whitespace a space."""
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _NOT_WORD_OR_SPACE.sub(" ", ascii_text)


def _token(token: str, left_edge: bool = False, right_edge: bool = False) -> str:
    """One token normalized like :func:`words` does; apostrophes on a glued edge (``*_edge``) stay."""
    token = re.sub("'{2,}", "'", token)
    if not left_edge:
        token = token.lstrip("'")
    if not right_edge:
        token = token.rstrip("'")
    return CONTRACTIONS.get(token, token)


def is_word(token: str) -> bool:
    """True if ``token`` is a normalized word: lower-case letters with inner apostrophes."""
    return _WORD.match(token) is not None


def words(text: str) -> list[str]:
    """Split any text into normalized words (see the module docstring)."""
    return [word for word in map(_token, _folded(text).split()) if word]


def normalize_chunk(text: str) -> str:
    """A template's text chunk in normalized words, keeping whether it starts and ends with a space.

    ``"Can I get "`` -> ``"can i get "``, ``"What's up?"`` -> ``"what's up "``,
    ``"air-con"`` -> ``"air con"``. Whether the chunk touches its neighbours
    (no space at an edge) is kept: it decides where words end.
    """
    folded = _folded(text)
    tokens = folded.split()
    if not tokens:
        return " " if folded else ""
    glued_left, glued_right = not folded[0].isspace(), not folded[-1].isspace()
    last = len(tokens) - 1
    kept = [t for t in (_token(token, i == 0 and glued_left, i == last and glued_right)
                        for i, token in enumerate(tokens)) if t]
    body = " ".join(kept)
    left = "" if glued_left and kept and kept[0] == _token(tokens[0], True, last == 0 and glued_right) else " "
    right = "" if glued_right and kept and kept[-1] == _token(tokens[-1], last == 0 and glued_left, True) else " "
    return f"{left}{body}{right}" if body else " "


def normalize(text: str) -> str:
    """Lower case, punctuation removed, apostrophes kept inside words, single spaces."""
    return " ".join(words(text))
