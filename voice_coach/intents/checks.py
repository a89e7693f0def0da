"""Checks on a template document before hassil sees it.

hassil is lenient: it parses templates lazily and only notices an unknown list
when a sentence is matched. The coach needs more: one language shared by the
parser and both speech grammars. So every template must parse, name only lists
and rules that exist, have no empty alternative and no bracket glued to a word
("cramp[s]" has no word-level grammar), and use only normalized words.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from hassil.expression import Alternative, Expression, Group, ListReference, RuleReference, Sentence, TextChunk
from hassil.parse_expression import parse_sentence
from hassil.parser import ParseError

from voice_coach.errors import DataError
from voice_coach.intents.normalize import is_word
from voice_coach.intents.numbers import MAX_RANGE_VALUES, check_range

log = logging.getLogger(__name__)

Locate = Callable[..., str]
"""Key path inside the document -> "file:line"."""

_GLUED = re.compile(r"[^\s(\[{<|;\\][(\[{<]|[)\]}>][^\s)\]}>|;]")
_DATA_KEYS = frozenset({"sentences", "slots"})
_TOP_KEYS = frozenset({"language", "lists", "expansion_rules", "intents"})
MAX_NESTING = 20
"""Deepest nesting of brackets one template may have (hassil parses them recursively; the built-in set uses 3)."""
MAX_RULE_DEPTH = 16
"""Longest chain of expansion rules using each other (<a> uses <b> uses <c>...; the built-in set uses 1)."""
_RANGE: list[Expression] = [TextChunk("number")]
"""Stands for a range list's values: numbers, never empty."""


def check_document(data: Any, locate: Locate) -> None:
    """Raise DataError (``file:line: what``) at the first problem in a template document."""
    check_documents([(data, locate)])


def check_documents(documents: Sequence[tuple[Any, Locate]], parsed: dict[str, Sentence] | None = None) -> None:
    """Check documents meant to be merged in order (see :mod:`voice_coach.intents.merge`).

    The first is the base set; each later one may add intents, sentences to an
    intent, values to a text list, and new lists and rules (a rule of the same
    name replaces the earlier one, as in hassil). Templates may use names from
    any document; errors name the file and line of the document at fault.
    Each template parsed is put in ``parsed`` (text -> hassil Sentence), so the
    loader need not parse it again.
    """
    shapes = [_shape(data, locate, first=i == 0) for i, (data, locate) in enumerate(documents)]
    for shape in shapes[1:]:
        if shape.language != shapes[0].language:
            raise DataError(f"{shape.locate('language')}: language {shape.language!r} differs from "
                            f"{shapes[0].language!r} of {shapes[0].locate('language')}")
    names = _Names(lists=frozenset(n for s in shapes for n in s.lists), rules=frozenset(n for s in shapes for n in s.rules),
                   parsed=parsed if parsed is not None else {})

    bodies: dict[str, Expression] = {}
    rule_lines: dict[str, str] = {}
    for shape in shapes:
        for name, body in shape.rules.items():
            where = shape.locate("expansion_rules", name)
            if not isinstance(body, str):
                raise DataError(f"{where}: expansion rule <{name}> must be a string")
            if name in rule_lines:
                log.info("%s: expansion rule <%s> replaces the one at %s", where, name, rule_lines[name])
            bodies[name] = _check_template(body, where, names)
            rule_lines[name] = where
    _check_no_cycles(bodies, rule_lines.__getitem__)

    values: dict[str, list[Expression]] = {}
    list_lines: dict[str, str] = {}
    for shape in shapes:
        for name, spec in shape.lists.items():
            where = shape.locate("lists", name)
            expressions = _check_list(name, spec, shape.locate, names)
            if name in list_lines and (expressions is _RANGE or values[name] is _RANGE):
                raise DataError(f"{where}: list {{{name}}} is already defined at {list_lines[name]}; "
                                "a range list cannot be merged with another list")
            values[name] = expressions if expressions is _RANGE else values.get(name, []) + expressions
            list_lines.setdefault(name, where)

    nullable = _Nullable(bodies, values)
    for shape in shapes:
        for name, intent in shape.intents.items():
            for where, expression in _check_intent(name, intent, shape.locate, names):
                if nullable(expression):
                    raise DataError(f"{where}: template can match nothing at all; every sentence needs a word")


@dataclass(frozen=True)
class _Shape:
    """The top level of one document, checked."""

    locate: Locate
    """Key path inside this document -> "file:line"."""
    language: str
    """The document's language code ("en")."""
    lists: dict
    """List name -> its spec, as in the YAML."""
    rules: dict
    """Expansion rule name -> its template."""
    intents: dict
    """Intent name -> its spec, as in the YAML."""


def _shape(data: Any, locate: Locate, first: bool) -> _Shape:
    if data is None:
        raise DataError(f"{locate()}: the file is empty; templates need 'language' and 'intents'")
    if not isinstance(data, dict):
        raise DataError(f"{locate()}: expected a mapping with 'language', 'intents', 'lists', 'expansion_rules'")
    if not isinstance(data.get("language"), str):
        raise DataError(f"{locate()}: 'language' is missing or not a string")
    extra = set(data) - _TOP_KEYS
    if extra:
        extra_names = sorted(map(str, extra))
        raise DataError(f"{locate(extra_names[0])}: unsupported top-level keys {extra_names} "
                        f"(expected {sorted(_TOP_KEYS)})")
    shape = _Shape(locate, data["language"], _mapping(data, "lists", locate),
                   _mapping(data, "expansion_rules", locate), _mapping(data, "intents", locate))
    if first and not shape.intents:
        raise DataError(f"{locate()}: no intents")
    if not (shape.intents or shape.lists or shape.rules):
        raise DataError(f"{locate()}: adds no intents, lists or expansion rules")
    return shape


class _Names:
    """Names a template may refer to, and the templates parsed so far."""

    def __init__(self, lists: frozenset[str], rules: frozenset[str], parsed: dict[str, Sentence]) -> None:
        self.lists = lists
        self.rules = rules
        self.parsed = parsed


def _mapping(data: dict, key: str, locate: Locate) -> dict:
    value = data.get(key, {})
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise DataError(f"{locate(key)}: '{key}' must be a mapping")
    for name in value:
        if not isinstance(name, str):
            raise DataError(f"{locate(key)}: name {name!r} under '{key}' must be a string (quote yes/no/on/off)")
    return value


def _check_list(name: str, spec: Any, locate: Locate, names: _Names) -> list[Expression]:
    """The value templates of a text list, or ``_RANGE`` for a range list of numbers."""
    where = locate("lists", name)
    if isinstance(spec, dict) and "range" in spec:
        try:
            check_range(name, spec, where)
        except OverflowError:  # len(range(...)) of a number too large for the machine
            raise DataError(f"{where}: list {{{name}}}: range holds more than {MAX_RANGE_VALUES} numbers") from None
        return _RANGE
    if not isinstance(spec, dict) or "values" not in spec:
        raise DataError(f"{where}: list {{{name}}} must have 'values' or a number 'range' (wildcards have no speech grammar)")
    if set(spec) != {"values"}:
        raise DataError(f"{where}: list {{{name}}} must have either 'values' or 'range', nothing else")
    values = spec["values"]
    if not isinstance(values, list) or not values:
        raise DataError(f"{where}: list {{{name}}} has no values")
    expressions = []
    for i, value in enumerate(values):
        at = locate("lists", name, "values", i)
        if isinstance(value, dict):
            text, out = value.get("in"), value.get("out")
            if not isinstance(text, str) or not isinstance(out, (str, int, float)) or isinstance(out, bool):
                raise DataError(f"{at}: list {{{name}}} value needs 'in' (a template) and 'out' (a string)")
            at = locate("lists", name, "values", i, "in")
        elif isinstance(value, str):
            text = value
        else:
            raise DataError(f"{at}: list {{{name}}} value must be a string or {{in, out}}")
        expressions.append(_check_template(text, at, names))
    return expressions


def _check_intent(name: str, intent: Any, locate: Locate, names: _Names) -> list[tuple[str, Expression]]:
    """Check one intent's blocks; return (file:line, expression) per sentence."""
    where = locate("intents", name)
    blocks = intent.get("data") if isinstance(intent, dict) else None
    if not isinstance(blocks, list) or not blocks:
        raise DataError(f"{where}: intent {name!r} needs 'data', a list of blocks with 'sentences'")
    sentences = []
    for i, block in enumerate(blocks):
        at = locate("intents", name, "data", i)
        if not isinstance(block, dict) or not isinstance(block.get("sentences"), list) or not block["sentences"]:
            raise DataError(f"{at}: intent {name!r} block {i} needs a non-empty 'sentences' list")
        extra = set(block) - _DATA_KEYS
        if extra:
            raise DataError(f"{at}: intent {name!r} block {i}: unsupported keys {sorted(extra)} "
                            "(lists and expansion rules belong at the top level)")
        slots = block.get("slots", {})
        if not isinstance(slots, dict) or not all(isinstance(v, str) for v in slots.values()):
            raise DataError(f"{at}: intent {name!r} block {i}: 'slots' must map slot names to strings")
        for j, sentence in enumerate(block["sentences"]):
            line = locate("intents", name, "data", i, "sentences", j)
            if not isinstance(sentence, str):
                raise DataError(f"{line}: sentence must be a string, got {sentence!r}")
            sentences.append((line, _check_template(sentence, line, names)))
    return sentences


def _check_template(text: str, where: str, names: _Names) -> Expression:
    """Parse one template and check its tree; return the expression."""
    if not text.strip():
        raise DataError(f"{where}: empty template")
    glued = _GLUED.search(text)
    if glued:
        raise DataError(f"{where}: bracket glued to a word at {glued.group()!r} in {text!r}; "
                        "put spaces around groups, e.g. (cramp|cramps)")
    if _nesting(text) > MAX_NESTING:
        raise DataError(f"{where}: brackets nested more than {MAX_NESTING} deep in {text[:40]!r}...")
    try:
        sentence = parse_sentence(text, keep_text=True)
        expression = sentence.expression
    except RecursionError:
        raise DataError(f"{where}: cannot parse template {text[:40]!r}...: nested too deeply") from None
    except AssertionError:
        raise DataError(f"{where}: cannot parse template {text!r}: empty brackets") from None
    except (ParseError, ValueError, IndexError) as exc:
        reason = str(exc) or "unbalanced brackets"
        raise DataError(f"{where}: cannot parse template {text!r}: {reason}") from None
    _check_expression(expression, text, where, names)
    names.parsed[text] = sentence
    return expression


def _nesting(text: str) -> int:
    """Deepest nesting of ( and [ in a template."""
    deepest = depth = 0
    for c in text:
        if c in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in ")]":
            depth -= 1
    return deepest


def _check_expression(exp: Expression, text: str, where: str, names: _Names) -> None:
    if isinstance(exp, TextChunk):
        for word in exp.text.split():
            if not is_word(word):
                raise DataError(f"{where}: word {word!r} in {text!r} must be lower-case letters "
                                "(apostrophes inside words only)")
    elif isinstance(exp, ListReference):
        if exp.is_capture or exp.is_inline_range:
            raise DataError(f"{where}: {{{exp.list_name}}} captures and inline ranges are not supported in {text!r}")
        if exp.list_name not in names.lists:
            raise DataError(f"{where}: unknown list {{{exp.list_name}}} in {text!r}")
    elif isinstance(exp, RuleReference):
        if exp.rule_name not in names.rules:
            raise DataError(f"{where}: unknown expansion rule <{exp.rule_name}> in {text!r}")
    elif isinstance(exp, Group):
        if _is_empty(exp):
            raise DataError(f"{where}: empty group in {text!r}")
        for k, item in enumerate(exp.items):
            is_placeholder = isinstance(exp, Alternative) and exp.is_optional and k == len(exp.items) - 1
            if isinstance(exp, Alternative) and not is_placeholder and _is_empty(item):
                raise DataError(f"{where}: empty alternative in {text!r}; write [a] instead of (a|)")
            _check_expression(item, text, where, names)


class _Nullable:
    """Whether an expression can match the empty text (through rules and lists too)."""

    def __init__(self, rules: dict[str, Expression], lists: dict[str, list[Expression]]) -> None:
        self._rules = rules
        self._lists = lists

    def __call__(self, exp: Expression) -> bool:
        if isinstance(exp, TextChunk):
            return not exp.text.strip()
        if isinstance(exp, Alternative):
            return any(self(item) for item in exp.items)
        if isinstance(exp, Group):
            return all(self(item) for item in exp.items)
        if isinstance(exp, ListReference):
            return any(self(value) for value in self._lists[exp.list_name])
        if isinstance(exp, RuleReference):
            return self(self._rules[exp.rule_name])
        return False


def _is_empty(exp: Expression) -> bool:
    """True if the expression holds no word, list or rule at all."""
    if isinstance(exp, TextChunk):
        return not exp.text.strip()
    if isinstance(exp, Group):
        return all(_is_empty(item) for item in exp.items)
    return False


def _check_no_cycles(bodies: dict[str, Expression], locate: Callable[[str], str]) -> None:
    """Expansion rules must not refer to themselves, directly or not."""
    done: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in stack:
            chain = " -> ".join(f"<{n}>" for n in (*stack[stack.index(name):], name))
            raise DataError(f"{locate(stack[0])}: expansion rules refer to themselves: {chain}")
        if len(stack) >= MAX_RULE_DEPTH:
            chain = " -> ".join(f"<{n}>" for n in (*stack[:3], "...", name))
            raise DataError(f"{locate(stack[0])}: expansion rules use each other more than {MAX_RULE_DEPTH} deep: {chain}")
        if name in done or name not in bodies:
            return
        for ref in _rule_refs(bodies[name]):
            visit(ref, (*stack, name))
        done.add(name)

    for rule in bodies:
        visit(rule, ())


def _rule_refs(exp: Expression) -> list[str]:
    if isinstance(exp, RuleReference):
        return [exp.rule_name]
    if isinstance(exp, Group):
        return [ref for item in exp.items for ref in _rule_refs(item)]
    return []
