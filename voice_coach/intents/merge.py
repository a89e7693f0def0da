"""Merging template documents: a user's file on top of the built-in one.

The rules are hassil's own for several files of one language: an intent named
again gets the new blocks of sentences after its old ones, a text list named
again gets the new values after its old ones, an expansion rule named again is
replaced; skip words add up and settings are overridden. Home Assistant's
``responses`` are not the coach's and are dropped. Documents must have been checked together first
(:func:`voice_coach.intents.checks.check_documents`); merging never fails.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

log = logging.getLogger(__name__)


def merge_documents(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """One template document holding everything ``documents`` hold, in order; the inputs are not changed."""
    merged: dict[str, Any] = {"language": documents[0]["language"], "lists": {}, "expansion_rules": {}, "intents": {},
                              "skip_words": [], "settings": {}}
    for document in documents:
        merged["skip_words"].extend(document.get("skip_words") or [])
        merged["settings"].update(document.get("settings") or {})
        for name, spec in (document.get("lists") or {}).items():
            old = merged["lists"].get(name)
            if old is not None and "values" in old:
                old["values"].extend(copy.deepcopy(spec["values"]))
            else:
                merged["lists"][name] = copy.deepcopy(spec)
        for name, body in (document.get("expansion_rules") or {}).items():
            merged["expansion_rules"][name] = body
        for name, spec in (document.get("intents") or {}).items():
            old = merged["intents"].get(name)
            if old is not None:
                old["data"].extend(copy.deepcopy(spec["data"]))
                log.debug("intent %r: %d more blocks of sentences", name, len(spec["data"]))
            else:
                merged["intents"][name] = copy.deepcopy(spec)
    return merged
