"""What each key of ``settings.toml`` accepts, where a key sits in the text, and the commented file.

The rules are data (one :class:`Section` per TOML table, one :class:`Rule` per
key), so the loader, the command-line overrides and the commented default file
all read the same table and cannot drift apart.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

log = logging.getLogger(__name__)


class RuleError(ValueError):
    """A value broke its key's rule; the message says what is allowed and what was given."""


def shown(value: object) -> str:
    """A short, one-line picture of a TOML value for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are all valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


@dataclass(frozen=True)
class Rule:
    """How one key is checked, parsed from the command line, and written back."""

    help: str
    """One line for the commented file: meaning, units and allowed values."""

    def allowed(self) -> str:
        """What the key accepts, for error messages."""
        raise NotImplementedError

    def check(self, value: object, base: Path | None) -> object:
        """The value to store, or :class:`RuleError`; ``base`` resolves relative paths (None: leave them)."""
        raise NotImplementedError

    def parse(self, text: str) -> object:
        """A command-line string as a TOML-like value (left as text when it does not convert)."""
        return text

    def render(self, value: object) -> str:
        """The ``key = ...`` right-hand side for ``value``."""
        if value is None:
            return '""'
        if isinstance(value, Path):
            return toml_string(str(value))
        if isinstance(value, str):
            return toml_string(value)
        return repr(value)

    def fail(self, value: object) -> RuleError:
        return RuleError(f"must be {self.allowed()}, got {shown(value)}")


@dataclass(frozen=True)
class IntRule(Rule):
    """A whole number in ``low..high``; ``optional`` also takes "" (unset)."""

    low: int = 0
    """Smallest allowed value."""
    high: int = 0
    """Largest allowed value."""
    unit: str = ""
    """Unit shown in messages, e.g. "milliseconds"."""
    optional: bool = False
    """Whether the key may be unset (absent, or "" in the file)."""
    example: int = 0
    """Value shown, commented out, when an optional key is unset."""

    def allowed(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        unset = ' or "" (unset)' if self.optional else ""
        return f"a whole number from {self.low} to {self.high}{unit}{unset}"

    def check(self, value: object, base: Path | None) -> object:
        if self.optional and value in ("", None):
            return None
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise self.fail(value)
        return value

    def parse(self, text: str) -> object:
        if self.optional and text.strip().lower() in ("", "none"):
            return None
        try:
            return int(text.strip())
        except ValueError:
            return text

    def render(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class FloatRule(Rule):
    """A number in ``low..high``."""

    low: float = 0.0
    """Smallest allowed value."""
    high: float = 1.0
    """Largest allowed value."""
    unit: str = ""
    """Unit shown in messages."""

    def allowed(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"a number from {self.low} to {self.high}{unit}"

    def check(self, value: object, base: Path | None) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not self.low <= value <= self.high:
            raise self.fail(value)
        return float(value)

    def parse(self, text: str) -> object:
        try:
            return float(text.strip())
        except ValueError:
            return text


@dataclass(frozen=True)
class BoolRule(Rule):
    """true or false."""

    def allowed(self) -> str:
        return "true or false"

    def check(self, value: object, base: Path | None) -> object:
        if not isinstance(value, bool):
            raise self.fail(value)
        return value

    def parse(self, text: str) -> object:
        word = text.strip().lower()
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(word, text)

    def render(self, value: object) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class ChoiceRule(Rule):
    """One of a few words."""

    choices: tuple[str, ...] = ()
    """The allowed words."""
    fold_case: bool = False
    """Whether "WARNING" counts as "warning"."""

    def allowed(self) -> str:
        return "one of " + ", ".join(f'"{c}"' for c in self.choices)

    def check(self, value: object, base: Path | None) -> object:
        if isinstance(value, str):
            word = value.strip().lower() if self.fold_case else value.strip()
            if word in self.choices:
                return word
        raise self.fail(value)


@dataclass(frozen=True)
class TextRule(Rule):
    """A non-empty line of text."""

    max_length: int = 100
    """Longest allowed text, in characters."""

    def allowed(self) -> str:
        return f"a non-empty text of at most {self.max_length} characters"

    def check(self, value: object, base: Path | None) -> object:
        if not isinstance(value, str) or not value.strip() or len(value) > self.max_length or "\x00" in value:
            raise self.fail(value)
        return value.strip()


@dataclass(frozen=True)
class PathRule(Rule):
    """A file or folder path; "" means none. ``~`` is expanded; relative paths start at ``base``."""

    def allowed(self) -> str:
        return 'a path (text) or "" for none'

    def check(self, value: object, base: Path | None) -> object:
        if value is None:
            return None
        if isinstance(value, Path):
            value = str(value)
        if not isinstance(value, str) or "\x00" in value:
            raise self.fail(value)
        if not value.strip():
            return None
        try:
            path = Path(value).expanduser()
        except RuntimeError as e:  # "~nosuchuser/..."
            raise RuleError(f"cannot expand {shown(value)}: {e}") from None
        return base / path if base is not None and not path.is_absolute() else path


@dataclass(frozen=True)
class ModelRule(PathRule):
    """A recognizer model: a Whisper catalog name ("base.en", kept as given) or a folder path, as PathRule."""

    def allowed(self) -> str:
        return 'a Whisper model name (see `voice-coach models list`), a model folder path, or "" for the default'

    def check(self, value: object, base: Path | None) -> object:
        from voice_coach.hearing import whisper_catalog

        if isinstance(value, str) and value.strip() and whisper_catalog.lookup(value.strip()) is not None:
            return Path(value.strip())  # a name: never joined to the settings file's folder
        return super().check(value, base)


@dataclass(frozen=True)
class DeviceRule(Rule):
    """An audio device: its index (a whole number), a part of its name, or "" for the system default."""

    def allowed(self) -> str:
        return 'a device index (0 or more), a device name, or "" for the default'

    def check(self, value: object, base: Path | None) -> object:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if not isinstance(value, str) or "\x00" in value:
            raise self.fail(value)
        text = value.strip()
        if not text:
            return None
        return int(text) if text.isascii() and text.isdigit() else text


@dataclass(frozen=True)
class Key:
    """One key of a section."""

    name: str
    """The key as written in the file."""
    rule: Rule
    """What it accepts."""


@dataclass(frozen=True)
class Section:
    """One TOML table of the file."""

    name: str
    """The table's name, e.g. "voice"."""
    help: str
    """One line for the commented file."""
    keys: tuple[Key, ...]
    """Its keys, in the order they are written."""

    def rule(self, key: str) -> Rule | None:
        """The rule for ``key``, or None when the section has no such key."""
        return next((k.rule for k in self.keys if k.name == key), None)

    def key_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)


SECTIONS: tuple[Section, ...] = (
    Section("voice", "How the coach speaks.", (
        Key("name", TextRule("espeak-ng voice name, e.g. \"en-us\", \"en-gb\".")),
        Key("rate", IntRule("Speaking rate in words per minute (80..450).", 80, 450, "words per minute")),
        Key("volume", FloatRule("Volume by day, 0 (silent) .. 1 (full).", 0.0, 1.0)),
        Key("pitch", IntRule("espeak-ng pitch 0..99; unset keeps the voice's own.", 0, 99, optional=True, example=50)),
    )),
    Section("night", "Night manner: slower and softer between these hours (local time).", (
        Key("start_hour", IntRule("Hour night manner begins, 0..23.", 0, 23, "(hour of the day)")),
        Key("end_hour", IntRule("Hour night manner ends, 0..23 (equal to start_hour: never).", 0, 23, "(hour of the day)")),
        Key("rate_factor", FloatRule("Speech rate at night as a factor of the day rate (0.5..1.5).", 0.5, 1.5)),
        Key("volume", FloatRule("Volume at night, 0..1.", 0.0, 1.0)),
    )),
    Section("counting", "How holds are counted.", (
        Key("style", ChoiceRule("\"every\": count every second; \"sparse\": only now and then.", ("every", "sparse"))),
        Key("pace", FloatRule("Pace factor, 0.5..2.0 (above 1 is slower).", 0.5, 2.0)),
    )),
    Section("hearing", "How the coach listens.", (
        Key("engine", ChoiceRule("\"auto\", \"whisper\", \"pocketsphinx\" or \"vosk\" (auto: whisper, or vosk for a Vosk "
                                 "model folder).", ("auto", "whisper", "pocketsphinx", "vosk"))),
        Key("model", ModelRule("A Whisper model name (\"base.en\"), a Whisper model folder (with model.bin) or a Vosk "
                               "model folder; \"\" uses the engine's default.")),
        Key("confidence", FloatRule("Lowest recognizer confidence acted upon, 0..1.", 0.0, 1.0)),
        Key("vad_aggressiveness", IntRule("Voice detector aggressiveness, 0 (lenient) .. 3 (strict).", 0, 3)),
        Key("end_silence_ms", IntRule("Silence that ends a command, in milliseconds (30..5000).", 30, 5000, "milliseconds")),
    )),
    Section("devices", "Audio devices: an index or part of a name (see `voice-coach devices`); \"\" is the default.", (
        Key("input", DeviceRule("Microphone.")),
        Key("output", DeviceRule("Speaker.")),
    )),
    Section("templates", "Extra voice commands (intent templates).", (
        Key("extra", PathRule("A template file added to the built-in ones; \"\" for none.")),
        Key("only", PathRule("A template file used instead of the built-in ones; \"\" for none.")),
    )),
    Section("diary", "The cramp diary: each night's cramps, warning signs and routines, kept on this machine.", (
        Key("keep", BoolRule("Keep the diary (false: nothing at all is written).")),
        Key("path", PathRule("The diary file; \"\" is diary.sqlite3 in the user data directory.")),
        Key("frequent_nights", IntRule("Nights with a cramp, within window_days, at which the coach says "
                                       "cramps have become frequent (1..90).", 1, 90, "nights")),
        Key("window_days", IntRule("Days looked back for \"this week\" and for frequent cramps (1..90).", 1, 90,
                                   "days")),
    )),
    Section("logging", "What the coach logs.", (
        Key("level", ChoiceRule("\"debug\", \"info\", \"warning\" or \"error\".",
                                ("debug", "info", "warning", "error"), fold_case=True)),
    )),
)
"""Every section and key of the file, in the order they are written."""


def section(name: str) -> Section | None:
    """The section called ``name``, or None."""
    return next((s for s in SECTIONS if s.name == name), None)


def section_names() -> tuple[str, ...]:
    return tuple(s.name for s in SECTIONS)


AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)$")
"""Where tomllib (3.11) puts the position of a syntax error: at the end of its message."""

_ARRAY_HEADER = re.compile(r"^\s*\[\[([^\[\]#]+)\]\]")
_HEADER = re.compile(r"^\s*\[([^\[\]#]+)\]")
_KEY = re.compile(r"""^((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-. \t])+)=""")


def _dotted(name: str) -> str:
    """``a . "b"`` -> ``a.b`` (good enough for finding lines; not a TOML key parser)."""
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


def find_line(text: str, table: str, key: str | None = None) -> int | None:
    """1-based line where ``table.key`` (or the table itself) is defined, by a simple scan; None if not found."""
    want = f"{table}.{key}" if key is not None else table
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _ARRAY_HEADER.match(line) or _HEADER.match(line)
        if header:
            current = _dotted(header.group(1))
            if key is None and (current == table or current.startswith(table + ".")):
                return number
            continue
        match = _KEY.match(line)
        if match:
            full = _dotted(match.group(1))
            full = f"{current}.{full}" if current else full
            if full == want or full.startswith(want + "."):
                return number
    return None if key is None else find_line(text, table)


def render(values: Mapping[str, Mapping[str, object]], intro: str) -> str:
    """The commented TOML file holding ``values`` (section -> key -> stored value)."""
    lines = [f"# {line}" if line else "#" for line in intro.splitlines()]
    for sec in SECTIONS:
        lines += ["", f"# {sec.help}", f"[{sec.name}]"]
        for key in sec.keys:
            value = values[sec.name][key.name]
            lines.append(f"# {key.rule.help}")
            if value is None and isinstance(key.rule, IntRule):
                lines.append(f"# {key.name} = {key.rule.example}")
            else:
                lines.append(f"{key.name} = {key.rule.render(value)}")
    return "\n".join(lines) + "\n"
