"""The phrasebook: how people really say each intent, and near-domain speech that is no command.

``phrasebook.yaml`` beside this module is written by hand, not generated from
the templates: it is what the templates are measured against
(tests/intents/test_phrasebook.py) and what benchmarks may speak.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

from voice_coach.errors import DataError

log = logging.getLogger(__name__)

PHRASEBOOK_PATH = Path(__file__).with_name("phrasebook.yaml")
"""The packaged phrasebook."""
NONE = "none"
"""The section of speech that holds no command."""


@dataclass(frozen=True)
class Saying:
    """One sentence of the phrasebook and what it must be heard as."""

    text: str
    """The sentence as a person says it (case and punctuation free)."""
    intent: str | None
    """The intent it must give; None for speech that is no command."""
    slots: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Slot name -> canonical value it must give."""


def load_phrasebook(path: Path = PHRASEBOOK_PATH) -> tuple[Saying, ...]:
    """Every saying of the phrasebook, in file order; raises ``DataError`` naming the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}:{where} not valid YAML") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of intent -> sentences at the top")
    sayings = []
    for intent, items in data.items():
        if not isinstance(items, list) or not items:
            raise DataError(f"{path}: '{intent}' must be a non-empty list of sentences")
        for n, item in enumerate(items):
            sayings.append(_saying(str(intent), item, f"{path}: '{intent}[{n}]'"))
    log.debug("loaded %d sayings from %s", len(sayings), path)
    return tuple(sayings)


def _saying(intent: str, item: object, where: str) -> Saying:
    if intent == NONE:
        if not isinstance(item, str) or not item.strip():
            raise DataError(f"{where}: expected a sentence")
        return Saying(text=item, intent=None)
    if isinstance(item, str) and item.strip():
        return Saying(text=item, intent=intent)
    if not (isinstance(item, dict) and set(item) <= {"text", "slots"} and isinstance(item.get("text"), str)):
        raise DataError(f"{where}: expected a sentence or {{text: ..., slots: {{...}}}}")
    slots = item.get("slots") or {}
    if not isinstance(slots, dict) or not all(isinstance(v, str) for v in slots.values()):
        raise DataError(f"{where}: slots must map names to values")
    return Saying(text=item["text"], intent=intent, slots=MappingProxyType({str(k): v for k, v in slots.items()}))
