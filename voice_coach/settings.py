"""The person's settings: one TOML file, loaded whole or refused with one clear line.

The file lives in the user's config directory
(``platformdirs.user_config_path("voice-coach") / "settings.toml"``); the
environment variable ``VOICE_COACH_CONFIG`` or an explicit path names another.
A missing file means the defaults. Anything wrong in the file (broken TOML, an
unknown section or key, a value of the wrong type or out of range) is a
:class:`~voice_coach.errors.DataError` naming the file, the line and the key,
so the coach never starts half-configured. Every key is optional.

The rules for each key live in :mod:`voice_coach.settings_schema`; this module
holds the frozen result and the loading.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, fields, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Mapping

import platformdirs

from voice_coach import settings_schema as schema
from voice_coach.errors import DataError

log = logging.getLogger(__name__)

APP_NAME = "voice-coach"
"""The name of the user config directory."""
FILE_NAME = "settings.toml"
"""The settings file's name in that directory."""
CONFIG_ENV = "VOICE_COACH_CONFIG"
"""Environment variable holding a path to use instead of the default file."""

Device = int | str | None
"""An audio device: its index, a part of its name, or None for the system default."""


@dataclass(frozen=True)
class VoiceSection:
    """``[voice]``: how the coach speaks."""

    name: str = "en-us"
    """espeak-ng voice name (default "en-us")."""
    rate: int = 150
    """Speaking rate in words per minute, 80..450 (default 150)."""
    volume: float = 0.9
    """Daytime volume, 0 (silent) .. 1 (full) (default 0.9)."""
    pitch: int | None = None
    """espeak-ng pitch, 0..99; None keeps the voice's own (default None)."""


@dataclass(frozen=True)
class NightSection:
    """``[night]``: slower and softer speech between two local hours."""

    start_hour: int = 22
    """Local hour night manner begins, 0..23 (default 22)."""
    end_hour: int = 7
    """Local hour night manner ends, 0..23; equal to start_hour means never (default 7)."""
    rate_factor: float = 0.85
    """Night speech rate as a factor of the day rate, 0.5..1.5 (default 0.85)."""
    volume: float = 0.6
    """Night volume, 0..1 (default 0.6)."""


@dataclass(frozen=True)
class CountingSection:
    """``[counting]``: how holds are counted aloud."""

    style: str = "every"
    """"every" counts every second, "sparse" only now and then (default "every")."""
    pace: float = 1.0
    """Pace factor, 0.5..2.0, above 1 is slower (default 1.0)."""


@dataclass(frozen=True)
class HearingSection:
    """``[hearing]``: how the coach listens."""

    engine: str = "auto"
    """"auto", "whisper", "pocketsphinx" or "vosk"; auto is whisper, or vosk when ``model`` is a Vosk model
    folder (default "auto")."""
    model: Path | None = None
    """A Whisper model folder (with model.bin) or a Vosk model folder; None uses the engine's default (default None)."""
    confidence: float = 0.5
    """Lowest recognizer confidence acted upon, 0..1 (default 0.5)."""
    vad_aggressiveness: int = 3
    """Voice detector aggressiveness, 0 (lenient) .. 3 (strict) (default 3: a fan or a radio rarely opens it)."""
    end_silence_ms: int = 150
    """Silence that ends a command, in milliseconds, 30..5000 (default 150: each millisecond here is
    a millisecond of response time; speech through noise gets at least 240)."""


@dataclass(frozen=True)
class DevicesSection:
    """``[devices]``: which audio devices to use."""

    input: Device = None
    """Microphone: device index or part of its name; None is the system default (default None)."""
    output: Device = None
    """Speaker: device index or part of its name; None is the system default (default None)."""


@dataclass(frozen=True)
class TemplatesSection:
    """``[templates]``: the person's own voice-command templates."""

    extra: Path | None = None
    """Template file added to the built-in ones; None for none (default None)."""
    only: Path | None = None
    """Template file used instead of the built-in ones; None uses the built-in (default None)."""


@dataclass(frozen=True)
class DiarySection:
    """``[diary]``: the cramp diary."""

    keep: bool = True
    """Whether the diary is kept; False writes nothing at all (default true)."""
    path: Path | None = None
    """The diary file; None is ``diary.sqlite3`` in the user data directory (default None)."""
    frequent_nights: int = 3
    """Nights with a cramp within ``window_days`` at which the coach says cramps have become frequent (default 3)."""
    window_days: int = 7
    """Days looked back for "this week" and for frequent cramps (default 7)."""


@dataclass(frozen=True)
class LoggingSection:
    """``[logging]``: what the coach logs."""

    level: str = "warning"
    """"debug", "info", "warning" or "error", lower case (default "warning")."""


@dataclass(frozen=True)
class Settings:
    """Everything the person can set; complete and valid once built by this module."""

    voice: VoiceSection = VoiceSection()
    """How the coach speaks."""
    night: NightSection = NightSection()
    """Night manner."""
    counting: CountingSection = CountingSection()
    """How holds are counted."""
    hearing: HearingSection = HearingSection()
    """How the coach listens."""
    devices: DevicesSection = DevicesSection()
    """Audio devices."""
    templates: TemplatesSection = TemplatesSection()
    """The person's own command templates."""
    diary: DiarySection = DiarySection()
    """The cramp diary."""
    logging: LoggingSection = LoggingSection()
    """Log level."""

    def with_overrides(self, overrides: Mapping[str, object] | None = None, /, **dotted: object) -> Settings:
        """A copy with dotted keys replaced, e.g. ``{"hearing.engine": "vosk"}``; see :func:`apply_overrides`."""
        return apply_overrides(self, {**(overrides or {}), **dotted})


def settings_path(path: Path | str | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """The settings file to read: ``path``, else ``$VOICE_COACH_CONFIG``, else the user config directory's."""
    if path is not None:
        return Path(path).expanduser()
    if env.get(CONFIG_ENV, "").strip():
        return Path(env[CONFIG_ENV].strip()).expanduser()
    return platformdirs.user_config_path(APP_NAME) / FILE_NAME


def load_settings(path: Path | str | None = None, env: Mapping[str, str] = os.environ) -> Settings:
    """The settings from the file :func:`settings_path` names; defaults when it does not exist.

    Raises :class:`DataError` (one line: file, line, key, what is allowed) for
    anything wrong in the file; never returns partly applied settings.
    """
    explicit = path is not None or bool(env.get(CONFIG_ENV, "").strip())
    file = settings_path(path, env)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        # A named file that is missing is probably a typo, so say so where the person will see it.
        (log.warning if explicit else log.debug)("no settings file at %s; using the defaults", file)
        return Settings()
    except OSError as e:
        raise DataError(f"{file}: cannot read the settings file: {e.strerror or e}") from None
    settings = parse_settings(raw, file)
    log.debug("settings loaded from %s", file)
    return settings


def parse_settings(raw: bytes | str, file: Path | str = FILE_NAME) -> Settings:
    """Settings from the file's content; ``file`` names it in errors and anchors relative paths."""
    file = Path(file)
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            raise DataError(f"{file}:{line}: not UTF-8 text (byte {e.start})") from None
    else:
        text = raw
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataError(_toml_message(file, text, e)) from None
    return _build(data, text, file)


def _toml_message(file: Path, text: str, error: tomllib.TOMLDecodeError) -> str:
    """``file:line: invalid TOML: ...`` from tomllib's message (3.11 keeps the position only in the text)."""
    message = str(error)
    match = schema.AT_LINE.search(message)
    if match:
        line, column = match.group(1), match.group(2)
        return f"{file}:{line}: invalid TOML: {message[: match.start()].strip()} (column {column})"
    if message.endswith("(at end of document)"):
        line = max(1, len(text.splitlines()))
        return f"{file}:{line}: invalid TOML: {message.removesuffix('(at end of document)').strip()} (at the end of the file)"
    return f"{file}: invalid TOML: {message}"


def _where(file: Path, line: int | None) -> str:
    return f"{file}:{line}" if line is not None else str(file)


def _build(data: Mapping[str, object], text: str, file: Path) -> Settings:
    """Check every section and key of the parsed file, in file order, and build the settings."""
    names = schema.section_names()
    sections: dict[str, object] = {}
    for name, table in data.items():
        sec = schema.section(name)
        if sec is None:
            where = _where(file, schema.find_line(text, name))
            raise DataError(f"{where}: unknown section {name!r}{_suggest(name, names)}; "
                            f"valid sections: {', '.join(names)}")
        if not isinstance(table, dict):
            where = _where(file, schema.find_line(text, name))
            raise DataError(f"{where}: [{name}] must be a table of keys (a [{name}] header), got {schema.shown(table)}")
        values: dict[str, object] = {}
        for key, value in table.items():
            line = schema.find_line(text, name, key)
            rule = sec.rule(key)
            if rule is None:
                raise DataError(f"{_where(file, line)}: [{name}] unknown key {key!r}{_suggest(key, sec.key_names())}; "
                                f"valid keys: {', '.join(sec.key_names())}")
            try:
                values[key] = rule.check(value, file.parent)
            except schema.RuleError as e:
                raise DataError(f"{_where(file, line)}: [{name}] {key}: {e}") from None
        sections[name] = replace(getattr(Settings(), name), **values)
    return Settings(**sections)


def _suggest(word: str, valid: tuple[str, ...]) -> str:
    close = get_close_matches(word, valid, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def apply_overrides(settings: Settings, overrides: Mapping[str, object]) -> Settings:
    """A copy of ``settings`` with dotted keys replaced, checked by the same rules as the file.

    Values may be typed (``0.8``) or command-line text (``"0.8"``); text is
    converted by the key's rule. Relative paths stay relative (to the working
    directory). An unknown key or a bad value is a :class:`DataError`.
    """
    changed: dict[str, dict[str, object]] = {}
    for dotted, value in overrides.items():
        name, _, key = dotted.partition(".")
        sec = schema.section(name)
        rule = sec.rule(key) if sec is not None else None
        if rule is None:
            valid = [f"{s.name}.{k}" for s in schema.SECTIONS for k in s.key_names()]
            raise DataError(f"setting {dotted!r}: unknown{_suggest(dotted, tuple(valid))}; valid settings: {', '.join(valid)}")
        if isinstance(value, str):
            value = rule.parse(value)
        try:
            changed.setdefault(name, {})[key] = rule.check(value, None)
        except schema.RuleError as e:
            raise DataError(f"setting {dotted}: {e}") from None
    return replace(settings, **{name: replace(getattr(settings, name), **values) for name, values in changed.items()})


def as_mapping(settings: Settings) -> dict[str, dict[str, object]]:
    """``{section: {key: value}}`` of the stored values."""
    return {f.name: {g.name: getattr(getattr(settings, f.name), g.name) for g in fields(getattr(settings, f.name))}
            for f in fields(settings)}


INTRO = f"""\
voice-coach settings.

Every key is optional: a key left out keeps its default.
This file is read from the user config directory, or from ${CONFIG_ENV}.
Relative paths are relative to this file's folder."""


def settings_text(settings: Settings) -> str:
    """``settings`` as a commented TOML file that loads back to the same settings."""
    return schema.render(as_mapping(settings), INTRO)


def default_settings_text() -> str:
    """A commented TOML file with every key at its default (for ``voice-coach settings`` and the README)."""
    return settings_text(Settings())
