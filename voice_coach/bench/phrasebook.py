"""The phrasebook: commands said the ways people say them, and things people say that are no command.

``voice_coach/bench/phrasebook.yaml`` maps each intent to a list of
``{text, slots}`` (slots may be left out: none), and ``none`` to a list of
sentences that hold no command (plain strings or ``{text}``). The file is
optional: without it the benchmarks use the template grammar alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from voice_coach.errors import DataError

log = logging.getLogger(__name__)

__all__ = ["PHRASEBOOK", "Phrase", "Phrasebook", "load_phrasebook"]

PHRASEBOOK = Path(__file__).with_name("phrasebook.yaml")
"""Where the phrasebook is, when there is one."""

NONE_KEY = "none"
"""The phrasebook's key for sentences that are no command."""


@dataclass(frozen=True)
class Phrase:
    """One way of saying a command."""

    text: str
    """The words, as a person says them."""
    intent: str
    """The intent they mean (a name from PRODUCT.md)."""
    slots: tuple[tuple[str, str], ...] = ()
    """(slot, value) pairs they carry, sorted by slot name."""


@dataclass(frozen=True)
class Phrasebook:
    """Everything in the phrasebook file (empty when there is none)."""

    commands: tuple[Phrase, ...] = ()
    """Commands in file order."""
    none: tuple[str, ...] = ()
    """Sentences that must give no intent."""
    source: str = ""
    """The file read ("" when there was none)."""


def load_phrasebook(path: str | Path = PHRASEBOOK) -> Phrasebook:
    """The phrasebook at ``path``; an empty one (logged) when the file does not exist."""
    import yaml

    path = Path(path)
    if not path.exists():
        log.info("no phrasebook at %s: commands come from the templates alone", path)
        return Phrasebook()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected intent -> list of {{text, slots}}, got {type(data).__name__}")
    commands, none = [], []
    for intent, entries in data.items():
        if not isinstance(entries, list):
            raise DataError(f"{path}: {intent}: expected a list, got {type(entries).__name__}")
        for n, entry in enumerate(entries):
            where = f"{path}: {intent}[{n}]"
            if intent == NONE_KEY:
                none.append(_text(entry, where))
            else:
                commands.append(Phrase(_text(entry, where), str(intent), _slots(entry, where)))
    return Phrasebook(tuple(commands), tuple(none), str(path))


def _text(entry, where: str) -> str:
    """The words of one entry (a string, or a mapping with ``text``)."""
    text = entry.get("text") if isinstance(entry, dict) else entry
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{where}: needs a non-empty text")
    return text.strip()


def _slots(entry, where: str) -> tuple[tuple[str, str], ...]:
    """The slots of one entry, sorted; none for a plain string."""
    slots = entry.get("slots") if isinstance(entry, dict) else None
    if slots is None:
        return ()
    if not isinstance(slots, dict):
        raise DataError(f"{where}: slots must be a mapping, got {type(slots).__name__}")
    return tuple(sorted((str(k), str(v)) for k, v in slots.items()))
