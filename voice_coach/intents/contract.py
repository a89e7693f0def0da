"""The intents and slot values PRODUCT.md fixes; scripts and tests rely on these names."""

from __future__ import annotations

import logging
from types import MappingProxyType

log = logging.getLogger(__name__)

MUSCLES = frozenset({"calf", "hamstring", "quad", "foot", "leg"})
"""Canonical muscle slot values."""
SIDES = frozenset({"left", "right"})
"""Canonical side slot values."""
ROUTINES = frozenset({
    "night_cramp", "calf_release", "quad_release", "hamstring_release", "foot_release",
    "yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime",
})
"""Routine ids (PRODUCT.md, "Routines")."""
SYMPTOMS = frozenset({
    "swelling", "redness", "warmth", "weakness", "numbness", "frequent", "severe", "medication", "vascular_risk",
})
"""Warning signs a red_flag can name."""
TOPICS = frozenset({
    "causes", "prevention", "hydration", "electrolytes", "magnesium", "potassium",
    "sleep", "shoes", "medication", "doctor", "calcium", "sodium", "remedies", "recovery",
    "supplements", "taurine", "conditions", "movement",
})
"""Topics an ask can name."""

QUESTIONS = frozenset({"count", "last", "trend"})
"""What a diary question asks: how many cramps, when the last was, whether they are getting fewer."""

_NONE: MappingProxyType = MappingProxyType({})

INTENT_SLOTS = MappingProxyType({
    "cramp": MappingProxyType({"muscle": MUSCLES, "side": SIDES}),
    "stretch": MappingProxyType({"muscle": MUSCLES}),
    "start_routine": MappingProxyType({"routine": ROUTINES}),
    **{name: _NONE for name in (
        "pause", "resume", "stop", "repeat", "next",
        "slower", "faster", "louder", "quieter",
        "time_left", "better", "worse", "yes", "no", "help",
    )},
    "side": MappingProxyType({"side": SIDES}),
    "red_flag": MappingProxyType({"symptom": SYMPTOMS}),
    "ask": MappingProxyType({"topic": TOPICS}),
    "diary": MappingProxyType({"question": QUESTIONS}),
})
"""Intent name -> slot name -> the values it may take (every slot is optional)."""

STRETCHING = frozenset({"cramp", "stretch", "start_routine", "resume", "next"})
"""Intents that start or continue a stretch: never to be heard in place of a warning sign (PRODUCT.md's bar:
no warning sign heard as a cramp, a stretch or a routine to start or resume)."""
