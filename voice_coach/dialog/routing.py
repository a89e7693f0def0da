"""Which routine answers which muscle (fixed by PRODUCT.md and issue 4)."""

from __future__ import annotations

from types import MappingProxyType

MUSCLE_WORDS = MappingProxyType({
    "calf": "calf", "calves": "calf", "leg": "leg", "legs": "leg",
    "hamstring": "hamstring", "hamstrings": "hamstring", "quad": "quad", "quads": "quad",
    "thigh": "quad", "thighs": "quad", "foot": "foot", "feet": "foot", "toes": "foot",
})
"""Slot value (or a plural or synonym of it) -> canonical muscle."""

CRAMP_ROUTINES = MappingProxyType({
    "calf": "night_cramp", "leg": "night_cramp", "hamstring": "hamstring_release",
    "quad": "quad_release", "foot": "foot_release",
})
"""Cramped muscle -> the routine that releases it."""

STRETCH_ROUTINES = MappingProxyType({
    "calf": "yoga_calves", "hamstring": "yoga_hamstrings", "quad": "yoga_quads", "foot": "foot_release",
})
"""Muscle to stretch -> the stretching routine ("leg" alone asks which)."""

CLOT_SYMPTOMS = frozenset({"swelling", "redness", "warmth"})
"""Warning signs of a possible blood clot: no stretch may start after one."""
FLAG_KEYS = MappingProxyType({
    "swelling": "clot", "redness": "clot", "warmth": "clot",
    "weakness": "weakness", "numbness": "numbness", "frequent": "frequent",
    "severe": "severe", "medication": "medication", "vascular_risk": "vascular",
})
"""``red_flag`` symptom -> key of its advice in ``answers.yaml``."""


def muscle_of(value: str | None) -> str | None:
    """The canonical muscle for a slot value, or None."""
    if not value:
        return None
    return MUSCLE_WORDS.get(value.strip().lower())


def side_of(value: str | None) -> str | None:
    """"left" or "right", or None."""
    side = (value or "").strip().lower()
    return side if side in ("left", "right") else None
