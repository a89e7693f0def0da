"""The dialog's own lines, loaded from ``answers.yaml`` and checked when loaded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

from voice_coach.errors import DataError

log = logging.getLogger(__name__)

ANSWERS_PATH = Path(__file__).with_name("answers.yaml")
"""The packaged answers file."""

TOPICS = ("causes", "prevention", "hydration", "electrolytes", "magnesium", "potassium",
          "sleep", "shoes", "medication", "doctor", "calcium", "sodium", "remedies", "recovery",
          "supplements", "taurine", "conditions", "movement")
"""The ``ask`` topics of PRODUCT.md; each needs an answer."""
RED_FLAGS = ("clot", "weakness", "numbness", "frequent", "severe", "medication", "vascular", "general", "blocked",
             "recheck")
"""Red-flag advice keys: one per kind of warning sign, plus the fallback, the refusal, and the
question asked before a stretch long after a clot sign."""
LINE_KEYS = (
    "greeting", "greeting_night", "help", "stopping", "paused", "resumed", "nothing_running",
    "nothing_paused", "nothing_to_repeat", "slower", "faster", "slowest", "fastest", "louder",
    "quieter", "loudest", "quietest", "cramp_general", "where", "which_stretch", "which_routine",
    "unknown_routine", "cannot_start", "easing_question", "hold_on", "better_idle", "better_running",
    "worse_running", "still_cramping", "time_left_hold", "time_left_total", "time_left_none", "topics_list",
    "diary_off", "diary_count", "diary_count_none", "diary_last", "diary_last_plain", "diary_last_none",
    "diary_trend_fewer", "diary_trend_more", "diary_trend_same", "diary_trend_none", "diary_frequent",
    "unknown_intent",
)
"""Named lines the dialog uses."""
FOLLOWUPS = ("walk", "massage")
"""The night cramp's follow-up segments."""


@dataclass(frozen=True)
class Beat:
    """One beat of a follow-up segment: a line, or a silent rest."""

    text: str = ""
    """Words to say; empty for a rest."""
    rest: float = 0.0
    """Seconds of silence (only when ``text`` is empty)."""


@dataclass(frozen=True)
class Lines:
    """Every line the dialog says on its own."""

    topics: Mapping[str, str]
    """``ask`` topic -> spoken answer."""
    red_flags: Mapping[str, str]
    """Red-flag key (see ``RED_FLAGS``) -> spoken advice."""
    lines: Mapping[str, str]
    """Line name (see ``LINE_KEYS``) -> words."""
    followups: Mapping[str, tuple[Beat, ...]]
    """Follow-up segment name -> its beats."""

    def line(self, name: str, **fields: str) -> str:
        """A named line with ``{field}`` placeholders filled."""
        return self.lines[name].format(**fields) if fields else self.lines[name]


def _text_map(data: dict, section: str, keys: tuple[str, ...], path: Path) -> Mapping[str, str]:
    block = data.get(section)
    if not isinstance(block, dict):
        raise DataError(f"{path}: section '{section}' is missing or not a mapping")
    for key in keys:
        value = block.get(key)
        if not isinstance(value, str) or not value.strip():
            raise DataError(f"{path}: '{section}.{key}' is missing or empty")
    return MappingProxyType({str(k): " ".join(str(v).split()) for k, v in block.items()})


def _beats(items: object, name: str, path: Path) -> tuple[Beat, ...]:
    if not isinstance(items, list) or not items:
        raise DataError(f"{path}: 'followups.{name}' must be a non-empty list")
    beats = []
    for n, item in enumerate(items):
        where = f"{path}: 'followups.{name}[{n}]'"
        if isinstance(item, dict) and set(item) == {"say"} and isinstance(item["say"], str):
            beats.append(Beat(text=" ".join(item["say"].split())))
        elif isinstance(item, dict) and set(item) == {"rest"} and isinstance(item["rest"], (int, float)):
            if item["rest"] <= 0:
                raise DataError(f"{where}: rest must be positive seconds")
            beats.append(Beat(rest=float(item["rest"])))
        else:
            raise DataError(f"{where}: expected {{say: text}} or {{rest: seconds}}")
    return tuple(beats)


def load_lines(path: Path = ANSWERS_PATH) -> Lines:
    """Read and check an answers file; raises ``DataError`` naming the file and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}:{where} not valid YAML") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping at the top")
    followups = data.get("followups")
    if not isinstance(followups, dict):
        raise DataError(f"{path}: section 'followups' is missing or not a mapping")
    missing = [name for name in FOLLOWUPS if name not in followups]
    if missing:
        raise DataError(f"{path}: 'followups.{missing[0]}' is missing")
    lines = Lines(
        topics=_text_map(data, "topics", TOPICS, path),
        red_flags=_text_map(data, "red_flags", RED_FLAGS, path),
        lines=_text_map(data, "lines", LINE_KEYS, path),
        followups=MappingProxyType({name: _beats(items, name, path) for name, items in followups.items()}),
    )
    log.debug("loaded %d topics and %d lines from %s", len(lines.topics), len(lines.lines), path)
    return lines
