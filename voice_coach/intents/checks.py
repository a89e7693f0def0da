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
from typing import Any, Callable

from hassil.expression import Alternative, Expression, Group, ListReference, RuleReference, TextChunk
from hassil.parse_expression import parse_sentence
from hassil.parser import ParseError

from voice_coach.errors import DataError
from voice_coach.intents.normalize import is_word

log = logging.getLogger(__name__)

Locate = Callable[..., str]
"""Key path inside the document -> "file:line"."""

_GLUED = re.compile(r"[^\s(\[{<|;\\][(\[{<]|[)\]}>][^\s)\]}>|;]")
_DATA_KEYS = frozenset({"sentences", "slots"})


def check_document(data: Any, locate: Locate) -> None:
    """Raise DataError (``file:line: what``) at the first problem in a template document."""
    if not isinstance(data, dict):
        raise DataError(f"{locate()}: expected a mapping with 'language', 'intents', 'lists', 'expansion_rules'")
    if not isinstance(data.get("language"), str):
        raise DataError(f"{locate()}: 'language' is missing or not a string")
    lists = _mapping(data, "lists", locate)
    rules = _mapping(data, "expansion_rules", locate)
    intents = _mapping(data, "intents", locate)
    if not intents:
        raise DataError(f"{locate()}: no intents")
    names = _Names(lists=frozenset(lists), rules=frozenset(rules))

    bodies: dict[str, Expression] = {}
    for name, body in rules.items():
        where = locate("expansion_rules", name)
        if not isinstance(body, str):
            raise DataError(f"{where}: expansion rule <{name}> must be a string")
        bodies[str(name)] = _check_template(body, where, names)
    _check_no_cycles(bodies, lambda name: locate("expansion_rules", name))

    values = {str(name): _check_list(str(name), spec, locate, names) for name, spec in lists.items()}
    nullable = _Nullable(bodies, values)
    for name, intent in intents.items():
        for where, expression in _check_intent(name, intent, locate, names):
            if nullable(expression):
                raise DataError(f"{where}: template can match nothing at all; every sentence needs a word")


class _Names:
    """Names a template may refer to."""

    def __init__(self, lists: frozenset[str], rules: frozenset[str]) -> None:
        self.lists = lists
        self.rules = rules


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
    where = locate("lists", name)
    if not isinstance(spec, dict) or "values" not in spec:
        raise DataError(f"{where}: list {{{name}}} must have 'values' (ranges and wildcards have no speech grammar)")
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
    try:
        expression = parse_sentence(text, keep_text=True).expression
    except AssertionError:
        raise DataError(f"{where}: cannot parse template {text!r}: empty brackets") from None
    except (ParseError, ValueError, IndexError) as exc:
        reason = str(exc) or "unbalanced brackets"
        raise DataError(f"{where}: cannot parse template {text!r}: {reason}") from None
    _check_expression(expression, text, where, names)
    return expression


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
