"""The result of parsing text into an intent."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IntentMatch:
    """An intent found in a sentence."""

    intent: str
    """Intent name, as in PRODUCT.md (e.g. "cramp")."""
    slots: dict[str, str] = field(default_factory=dict)
    """Slot name -> canonical value (e.g. {"muscle": "calf"})."""
