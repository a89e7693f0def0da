"""Load routine files strictly: every broken field is a :class:`DataError` naming file, field and line.

A routine is read by a person in pain, so a typo must fail loudly when the
file is loaded (and in the tests), never halfway through a stretch. The YAML is
composed to nodes first so that every value keeps its line number, and
duplicate keys (which plain YAML loading silently drops) are refused.

The step language, one single-key mapping per step::

    - say: Straighten your {side} leg.            # or {text, seconds}
    - hold: 30                                    # or {seconds, max_seconds, counting, start, end}
    - breaths: {count, inhale_seconds, exhale_seconds, first, inhale, exhale, inhale_short, exhale_short}
    - repeat: {times, steps, announce}
    - sides: {steps, first, first_text, switch_text}
    - rest: 10                                    # or {seconds, text}
    - ask: Is it easing?                          # or {question, wait_seconds}
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NoReturn

import yaml

from voice_coach.errors import CoachError, DataError
from voice_coach.routines import text as words
from voice_coach.routines.model import (
    COUNT_STYLES, MAX_SECONDS, MAX_TIMES, MUSCLES, PHASES, ROUTINE_IDS, SIDES, SOURCES,
    Ask, Breaths, Hold, Repeat, Rest, Routine, SayStep, Sides, Step,
)
from voice_coach.yaml_depth import too_deep

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
"""The routine files shipped with the package."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings a routine file may have (the shipped ones use 8)."""


class UnknownRoutineError(CoachError):
    """A routine id that is not one of PRODUCT.md's."""


@dataclass(frozen=True)
class _Val:
    """A YAML value with the line it came from."""

    value: Any
    """dict[str, _Val] for a mapping, list[_Val] for a sequence, else the scalar."""
    line: int
    """1-based line in the file."""


@dataclass(frozen=True)
class _Where:
    """Where in which file a value sits, for error messages."""

    file: str
    """The file's name, e.g. "calf_release.yaml"."""
    path: str
    """Field path, e.g. "steps[2].hold.seconds"."""
    line: int
    """1-based line."""

    def fail(self, message: str) -> NoReturn:
        raise DataError(_one_line(f"{self.file}: {self.path or 'top level'}: {message} (line {self.line})"))

    def at(self, key: str | int, val: _Val) -> "_Where":
        part = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return _Where(self.file, self.path + part, val.line)


@dataclass(frozen=True)
class _Scope:
    """Which placeholders text may use at a point of the routine."""

    sided: bool
    """{side}/{other} are defined (one-sided routine, or inside ``sides``)."""
    in_repeat: bool
    """{rep}/{reps} are defined."""
    in_sides: bool
    """Inside a ``sides`` block (they do not nest)."""


def _one_line(message: str) -> str:
    """``message`` with line breaks and other control characters escaped: an error is one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _shown(value: Any) -> str:
    """``repr(value)``, cut short: a message quotes what the file says, not a whole page of it."""
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "..." + text[-5:]


def _error(name: str, line: int, message: str) -> DataError:
    """A DataError about ``line`` of file ``name``, on one line."""
    return DataError(_one_line(f"{name}: line {line}: {message}"))


# ---------------------------------------------------------------- public API

def load_routine_file(path: Path | str) -> Routine:
    """Read and validate one routine file; its name must be ``<id>.yaml``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(_one_line(f"{path.name}: cannot read routine file: {exc.strerror or exc}")) from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(path.name, raw.count(b"\n", 0, exc.start) + 1,
                     f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    root = _compose(source, path.name)
    routine = _routine(root, _Where(path.name, "", root.line), path.stem)
    log.debug("loaded routine %s from %s", routine.id, path)
    return routine


def load_routines(folder: Path | str | None = None) -> dict[str, Routine]:
    """Every ``*.yaml`` routine in ``folder`` (default: the package's), by id, in PRODUCT.md order."""
    folder = DATA_DIR if folder is None else Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder of routine files")
    loaded = {r.id: r for r in (load_routine_file(p) for p in sorted(folder.glob("*.yaml")))}
    return {rid: loaded[rid] for rid in ROUTINE_IDS if rid in loaded}


def get_routine(routine_id: str, folder: Path | str | None = None) -> Routine:
    """The routine with this id; :class:`UnknownRoutineError` when there is none."""
    folder = DATA_DIR if folder is None else Path(folder)
    path = folder / f"{routine_id}.yaml"
    if routine_id not in ROUTINE_IDS or not path.is_file():
        raise UnknownRoutineError(f"unknown routine {_shown(routine_id)}; known: {', '.join(ROUTINE_IDS)}")
    return load_routine_file(path)


# ---------------------------------------------------------------- YAML to located values

def _compose(source: str, name: str) -> _Val:
    loader = None
    deep = too_deep(source, MAX_DEPTH)
    if deep is not None:
        raise _error(name, deep, f"nested more than {MAX_DEPTH} levels deep")
    try:
        loader = yaml.SafeLoader(source)  # reads the whole text at once: may raise ReaderError
        node = loader.get_single_node()
        if node is None:
            raise _error(name, 1, "the file is empty")
        return _located(loader, node, name, set(), 0)
    except yaml.reader.ReaderError as exc:
        line = source.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise _error(name, line, f"broken YAML: character U+{code:04X} is not allowed ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc).splitlines()[0]
        raise _error(name, line, f"broken YAML: {problem}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _located(loader: yaml.SafeLoader, node: yaml.Node, name: str, seen: set[int], depth: int) -> _Val:
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if depth >= MAX_DEPTH:
            raise _error(name, line, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in seen:  # an alias (*name) of a list or mapping: could refer to itself, or blow up
            raise _error(name, line, "a list or mapping used again through an alias (*name); "
                                     "anchors and aliases are not supported in routine files")
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, _Val] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error(name, key_line, "a key must be a name, not a list or mapping")
            key = _scalar(loader, key_node, name)
            if not isinstance(key, str):
                raise _error(name, key_line, f"key {_shown(key)} must be a name")
            if key in out:
                raise _error(name, key_line, f"key {_shown(key)} given twice")
            out[key] = _located(loader, value_node, name, seen, depth + 1)
        return _Val(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Val([_located(loader, n, name, seen, depth + 1) for n in node.value], line)
    return _Val(_scalar(loader, node, name), line)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node, name: str) -> Any:
    """The value of a scalar node; a bad explicit tag (``!!int abc``) is a DataError at its line."""
    try:
        return loader.construct_object(node)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise _error(name, node.start_mark.line + 1, f"cannot read the value {_shown(node.value)} "
                                                     f"as {node.tag.rsplit(':', 1)[-1]}: {exc}") from None


# ---------------------------------------------------------------- field checks

Check = Callable[[_Val, _Where], Any]


def _fields(val: _Val, where: _Where, spec: dict[str, tuple[Check, bool]]) -> dict[str, Any]:
    """Check a mapping against ``spec`` (name -> (check, required)); returns the checked values."""
    if not isinstance(val.value, dict):
        where.fail(f"must be a mapping with {', '.join(spec)}")
    unknown = [k for k in val.value if k not in spec]
    if unknown:
        where.at(unknown[0], val.value[unknown[0]]).fail(f"unknown key; allowed: {', '.join(spec)}")
    out = {}
    for key, (check, required) in spec.items():
        if key in val.value:
            out[key] = check(val.value[key], where.at(key, val.value[key]))
        elif required:
            where.fail(f"missing field {key!r}")
    return out


def _string(val: _Val, where: _Where) -> str:
    if not isinstance(val.value, str):
        where.fail(f"must be text, not {type(val.value).__name__}" + (" (quote it)" if isinstance(val.value, int) else ""))
    return val.value


def _name(val: _Val, where: _Where) -> str:
    text = _string(val, where)
    if not text.strip():
        where.fail("must not be empty")
    return text


def _choice(options: tuple[str, ...]) -> Check:
    def check(val: _Val, where: _Where) -> str:
        if _string(val, where) not in options:
            where.fail(f"must be one of {', '.join(options)}; got {_shown(val.value)}")
        return val.value
    return check


def _boolean(val: _Val, where: _Where) -> bool:
    if not isinstance(val.value, bool):
        where.fail("must be true or false")
    return val.value


def _seconds(minimum_exclusive: bool) -> Check:
    def check(val: _Val, where: _Where) -> float:
        v = val.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            where.fail(f"must be a number of seconds, not {_shown(v)}" + (" (YAML reads it as text; write e.g. 30 or 2.5)"
                                                                   if isinstance(v, str) and _looks_numeric(v) else ""))
        if minimum_exclusive and v <= 0:
            where.fail("must be > 0")
        if v < 0:
            where.fail("must be >= 0")
        if v > MAX_SECONDS:
            where.fail(f"must be <= {MAX_SECONDS:g} (seconds)")
        return float(v)
    return check


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _times(val: _Val, where: _Where) -> int:
    v = val.value
    if isinstance(v, bool) or not isinstance(v, int):
        where.fail(f"must be a whole number, not {_shown(v)}")
    if not 1 <= v <= MAX_TIMES:
        where.fail(f"must be between 1 and {MAX_TIMES}")
    return v


_POSITIVE = _seconds(True)
_NON_NEGATIVE = _seconds(False)


# ---------------------------------------------------------------- the routine and its steps

def _later(val: _Val, where: _Where) -> tuple[_Val, _Where]:
    """Checked after the other fields: which placeholders steps may use depends on ``one_sided``."""
    return val, where


_ROUTINE_SPEC = {
    "id": (_name, True), "title": (_name, True), "source": (_choice(SOURCES), True),
    "muscle": (_choice(MUSCLES), True), "one_sided": (_boolean, True), "steps": (_later, True),
}


def _routine(root: _Val, where: _Where, stem: str) -> Routine:
    f = _fields(root, where, _ROUTINE_SPEC)
    id_where = where.at("id", root.value["id"])
    if f["id"] not in ROUTINE_IDS:
        id_where.fail(f"unknown routine id {_shown(f['id'])}; known: {', '.join(ROUTINE_IDS)}")
    if f["id"] != stem:
        id_where.fail(f"{_shown(f['id'])} does not match the file name {stem!r}")
    one_sided = f["one_sided"]
    steps = _steps(*f["steps"], _Scope(sided=one_sided, in_repeat=False, in_sides=False))
    if not one_sided and not any(isinstance(s, Sides) for s in _all(steps)):
        where.fail("a routine with one_sided: false must have a 'sides' step")
    return Routine(f["id"], f["title"], f["source"], f["muscle"], one_sided, steps)


def _all(steps: tuple[Step, ...]):
    for s in steps:
        yield s
        if isinstance(s, (Repeat, Sides)):
            yield from _all(s.steps)


def _steps(val: _Val, where: _Where, scope: _Scope) -> tuple[Step, ...]:
    if not isinstance(val.value, list) or not val.value:
        where.fail("must be a non-empty list of steps")
    return tuple(_step(item, where.at(i, item), scope) for i, item in enumerate(val.value))


def _step(val: _Val, where: _Where, scope: _Scope) -> Step:
    if not isinstance(val.value, dict) or len(val.value) != 1:
        where.fail(f"a step is one of {', '.join(_STEPS)} with its fields, e.g. '- say: ...'")
    (kind, body), = val.value.items()
    if kind not in _STEPS:
        where.at(kind, body).fail(f"unknown step; known: {', '.join(_STEPS)}")
    return _STEPS[kind](body, where.at(kind, body), scope)


def _text(scope: _Scope, allow_empty: bool = False) -> Check:
    """A line to speak, whose placeholders must be defined where it stands."""
    def check(val: _Val, where: _Where) -> str:
        text = _string(val, where) if allow_empty else _name(val, where)
        try:
            names = words.placeholders(text)
        except ValueError as exc:
            where.fail(str(exc))
        if not scope.sided and names & {"side", "other"}:
            where.fail("{side}/{other} are only defined inside 'sides' (or in a one_sided routine)")
        if not scope.in_repeat and names & {"rep", "reps"}:
            where.fail("{rep}/{reps} are only defined inside 'repeat'")
        return text
    return check


def _shorthand(val: _Val, field: str) -> _Val:
    """``- say: text`` means ``- say: {text: text}`` (likewise hold/rest seconds, ask question)."""
    return val if isinstance(val.value, dict) else _Val({field: val}, val.line)


def _say(val: _Val, where: _Where, scope: _Scope) -> SayStep:
    f = _fields(_shorthand(val, "text"), where, {"text": (_text(scope), True), "seconds": (_NON_NEGATIVE, False)})
    return SayStep(**f)


def _hold(val: _Val, where: _Where, scope: _Scope) -> Hold:
    f = _fields(_shorthand(val, "seconds"), where, {
        "seconds": (_POSITIVE, True), "max_seconds": (_POSITIVE, False), "counting": (_choice(COUNT_STYLES), False),
        "start": (_text(scope), False), "end": (_text(scope), False),
    })
    if f.get("max_seconds", f["seconds"]) < f["seconds"]:
        where.at("max_seconds", val.value["max_seconds"]).fail("must be >= seconds")
    return Hold(**f)


def _breaths(val: _Val, where: _Where, scope: _Scope) -> Breaths:
    f = _fields(val, where, {
        "count": (_times, True), "inhale_seconds": (_POSITIVE, False), "exhale_seconds": (_POSITIVE, False),
        "first": (_choice(PHASES), False), "inhale": (_text(scope), False), "exhale": (_text(scope), False),
        "inhale_short": (_text(scope, True), False), "exhale_short": (_text(scope, True), False),
    })
    return Breaths(**f)


def _repeat(val: _Val, where: _Where, scope: _Scope) -> Repeat:
    inner = _Scope(scope.sided, True, scope.in_sides)
    f = _fields(val, where, {
        "times": (_times, True), "steps": (lambda v, w: _steps(v, w, inner), True), "announce": (_text(inner, True), False),
    })
    return Repeat(**f)


def _sides(val: _Val, where: _Where, scope: _Scope) -> Sides:
    if scope.in_sides:
        where.fail("'sides' cannot be nested inside 'sides'")
    if scope.sided:
        where.fail("a one_sided routine works one leg only; it cannot have 'sides'")
    inner = _Scope(True, scope.in_repeat, True)
    f = _fields(val, where, {
        "steps": (lambda v, w: _steps(v, w, inner), True), "first": (_choice(SIDES), False),
        "first_text": (_text(inner, True), False), "switch_text": (_text(inner, True), False),
    })
    return Sides(**f)


def _rest(val: _Val, where: _Where, scope: _Scope) -> Rest:
    f = _fields(_shorthand(val, "seconds"), where, {"seconds": (_POSITIVE, True), "text": (_text(scope, True), False)})
    return Rest(**f)


def _ask(val: _Val, where: _Where, scope: _Scope) -> Ask:
    f = _fields(_shorthand(val, "question"), where, {"question": (_text(scope), True), "wait_seconds": (_NON_NEGATIVE, False)})
    return Ask(**f)


_STEPS: dict[str, Callable[[_Val, _Where, _Scope], Step]] = {
    "say": _say, "hold": _hold, "breaths": _breaths, "repeat": _repeat, "sides": _sides, "rest": _rest, "ask": _ask,
}
