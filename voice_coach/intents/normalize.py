"""Text normalization shared by the parser and the grammar compiler.

Both sides reduce text to the same alphabet: lower-case ASCII letters and
apostrophes inside words ("it's", as in cmudict), single spaces between words.
Any unicode input is safe: accents are folded ("Café" -> "cafe"), every other
character becomes a word break.
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


def is_word(token: str) -> bool:
    """True if ``token`` is a normalized word: lower-case letters with inner apostrophes."""
    return _WORD.match(token) is not None


def words(text: str) -> list[str]:
    """Split any text into normalized words (see the module docstring)."""
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    result = []
    for token in _NOT_WORD.sub(" ", ascii_text).split():
        token = re.sub("'{2,}", "'", token).strip("'")
        if token:
            result.append(CONTRACTIONS.get(token, token))
    return result


def normalize(text: str) -> str:
    """Lower case, punctuation removed, apostrophes kept inside words, single spaces."""
    return " ".join(words(text))
