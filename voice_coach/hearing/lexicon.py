"""Accent variants of the grammar's pronunciations, and the possessive "'s" words CMUdict lacks.

PocketSphinx's dictionary (CMUdict) spells General American. Speakers of
British, Scottish or Caribbean English drop the r after a vowel ("water" ->
"wah-tuh") and say the "bath" words with a long a ("calf" -> "kahf"); with
only the American spelling, "my calf is cramping" said the British way is
heard as "my quad is cramping". :func:`accent_variants` gives the extra
pronunciations to add for each grammar word (measured on espeak-ng's British,
Scottish and Caribbean voices, see the README).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
"""ARPAbet vowels (without stress marks, as PocketSphinx's dictionary writes them)."""

BATH_WORDS = frozenset("""
after afternoon answer ask asked bath banana bananas can't calf calves class dance fast faster glass grass half
last pass passed past path plant staff""".split())
"""Words whose "a" is long (AA, not AE) in southern British English."""


def non_rhotic(phones: list[str]) -> list[str]:
    """``phones`` without an r that no vowel follows; ER becomes AH ("water" W AO T ER -> W AO T AH)."""
    out: list[str] = []
    for i, phone in enumerate(phones):
        following = phones[i + 1] if i + 1 < len(phones) else None
        if phone == "R" and following not in VOWELS and out and out[-1] in VOWELS:
            continue
        out.append("AH" if phone == "ER" and following not in VOWELS else phone)
    return out


def broad_a(word: str, phones: list[str]) -> list[str]:
    """The long-a pronunciation of a "bath" word (its first AE becomes AA); others unchanged."""
    if word not in BATH_WORDS or "AE" not in phones:
        return phones
    i = phones.index("AE")
    return phones[:i] + ["AA"] + phones[i + 1:]


def accent_variants(word: str, pronunciations: list[list[str]]) -> list[list[str]]:
    """Pronunciations to add for ``word`` beyond the ``pronunciations`` it has (none repeated)."""
    known = {tuple(p) for p in pronunciations}
    extra: list[list[str]] = []
    for phones in pronunciations:
        for variant in (non_rhotic(phones), broad_a(word, phones), non_rhotic(broad_a(word, phones))):
            if variant and tuple(variant) not in known:
                known.add(tuple(variant))
                extra.append(variant)
    return extra


EXTRA_WORDS: dict[str, str] = {
    "taurine": "T AO R IY N",
}
"""Words people ask about that CMUdict lacks, with their ARPAbet pronunciation (a topic of the sources: 000
names taurine as a training supplement)."""

_VOICELESS = frozenset("P T K F TH".split())
"""Final phones after which "'s" is an S ("foot's")."""

_SIBILANTS = frozenset("S Z SH ZH CH JH".split())
"""Final phones after which "'s" is a syllable of its own, IH Z ("nurse's")."""


def possessive(word: str, base_phones: list[str]) -> list[str] | None:
    """The pronunciation of ``word`` = base + "'s" ("foot's", "quad's": "my foot's cramping", as people say it),
    from the base word's; None when ``word`` is no such word.

    CMUdict spells few of these; the rule is English's own: S after a voiceless consonant, IH Z after a
    sibilant, Z after anything else.
    """
    if not word.endswith("'s") or len(word) < 3 or not base_phones:
        return None
    last = base_phones[-1].rstrip("012")
    ending = ["S"] if last in _VOICELESS else ["IH", "Z"] if last in _SIBILANTS else ["Z"]
    return [*base_phones, *ending]
