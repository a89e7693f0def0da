"""Checks on a template document before hassil sees it.

Every file hassil 3's ``Intents.from_dict`` reads loads, as in Home
Assistant: data blocks with their own ``lists`` and ``expansion_rules``,
``requires_context``, ``excludes_context``, ``metadata``, ``response``,
``required_keywords``, ``skip_words``, wildcard lists, capital letters,
punctuation and brackets glued to words ("light[s]"). What hassil would only
trip over when matching (a template that does not parse, a list or rule that
is not defined where it is used, rules that use themselves) is found here,
with the file and line, because the coach needs every sentence at once for its
speech grammars. Keys hassil does not read are refused (a typo would
otherwise vanish silently), except Home Assistant's ``responses``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hassil.expression import Expression, ListReference, RuleReference, Sentence

from voice_coach.errors import DataError
from voice_coach.intents.check_templates import RANGE, WILDCARD, Defined, Scope, references, inline_range_size, parse_template
from voice_coach.intents.numbers import MAX_RANGE_VALUES, check_range

log = logging.getLogger(__name__)

Locate = Callable[..., str]
"""Key path inside the document -> "file:line"."""

_TOP_KEYS = frozenset({"language", "lists", "expansion_rules", "intents", "skip_words", "settings", "responses"})
"""What hassil reads at the top of a file, and Home Assistant's responses (which hassil ignores)."""
_DATA_KEYS = frozenset({"sentences", "slots", "requires_context", "excludes_context", "expansion_rules", "lists",
                        "response", "metadata", "required_keywords", "inferred_domain", "name_domains", "settings"})
"""What hassil reads in a data block."""
_VALUE_KEYS = frozenset({"in", "out", "context", "metadata"})
"""What hassil reads in a {in, out} list value."""


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
    parsed = parsed if parsed is not None else {}
    shapes = [_shape(data, locate, first=i == 0) for i, (data, locate) in enumerate(documents)]
    for shape in shapes[1:]:
        if shape.language != shapes[0].language:
            raise DataError(f"{shape.locate('language')}: language {shape.language!r} differs from "
                            f"{shapes[0].language!r} of {shapes[0].locate('language')}")

    rules: dict[str, Defined] = {}
    lists: dict[str, Defined] = {}
    for shape in shapes:
        for name, body in shape.rules.items():
            where = shape.locate("expansion_rules", name)
            if name in rules:
                log.info("%s: expansion rule <%s> replaces the one at %s", where, name, rules[name].where)
            rules[name] = _rule(name, body, where, parsed)
        for name, spec in shape.lists.items():
            defined = _list(name, spec, lambda *keys: shape.locate("lists", name, *keys), parsed)
            old = lists.get(name)
            if old is not None and (not isinstance(old.body, list) or not isinstance(defined.body, list)):
                raise DataError(f"{defined.where}: list {{{name}}} is already defined at {old.where}; "
                                "a range or wildcard list cannot be merged with another list")
            lists[name] = defined if old is None else Defined(old.where, [*old.body, *defined.body])

    blocks = [(shape, name, i, block) for shape in shapes for name, intent in shape.intents.items()
              for i, block in enumerate(_blocks(name, intent, shape.locate))]
    local = [_local(shape, name, i, block, parsed) for shape, name, i, block in blocks]
    known = frozenset({f"{{{n}}}" for n in lists} | {f"<{n}>" for n in rules}
                      | {f"{{{n}}}" for lists_, _ in local for n in lists_}
                      | {f"<{n}>" for _, rules_ in local for n in rules_})
    _check_definitions(lists, rules, known)
    Scope(lists, rules, known).check_cycles(lambda name: rules[name].where)
    for (shape, name, i, block), (local_lists, local_rules) in zip(blocks, local):
        scope = Scope({**lists, **local_lists}, {**rules, **local_rules}, known)
        if local_rules or local_lists:
            scope.check_cycles(lambda rule: scope.rules[rule].where)
        for j, text in enumerate(block["sentences"]):
            where = shape.locate("intents", name, "data", i, "sentences", j)
            if not isinstance(text, str):
                raise DataError(f"{where}: sentence must be a string, got {text!r}")
            expression = parse_template(text, where, parsed)
            scope.check(expression, text, where)
            if scope.nullable(expression):
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
    extra = set(map(str, data)) - _TOP_KEYS
    if extra:
        extra_names = sorted(extra)
        raise DataError(f"{locate(extra_names[0])}: unsupported top-level keys {extra_names} "
                        f"(hassil reads {sorted(_TOP_KEYS - {'responses'})})")
    skip_words = data.get("skip_words", [])
    if not isinstance(skip_words, list) or not all(isinstance(w, str) and w.strip() for w in skip_words):
        raise DataError(f"{locate('skip_words')}: 'skip_words' must be a list of words")
    _mapping(data, "settings", locate)
    shape = _Shape(locate, data["language"], _mapping(data, "lists", locate),
                   _mapping(data, "expansion_rules", locate), _mapping(data, "intents", locate))
    if first and not shape.intents:
        raise DataError(f"{locate()}: no intents")
    if not (shape.intents or shape.lists or shape.rules):
        raise DataError(f"{locate()}: adds no intents, lists or expansion rules")
    return shape


def _mapping(data: dict, key: str, locate: Locate, *at: object) -> dict:
    value = data.get(key, {})
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise DataError(f"{locate(*at, key)}: '{key}' must be a mapping")
    for name in value:
        if not isinstance(name, str):
            raise DataError(f"{locate(*at, key)}: name {name!r} under '{key}' must be a string (quote yes/no/on/off)")
    return value


def _rule(name: str, body: Any, where: str, parsed: dict[str, Sentence]) -> Defined:
    if not isinstance(body, str):
        raise DataError(f"{where}: expansion rule <{name}> must be a string")
    return Defined(where, parse_template(body, where, parsed))


def _list(name: str, spec: Any, locate: Locate, parsed: dict[str, Sentence]) -> Defined:
    """A list's definition: its value templates, RANGE or WILDCARD (``locate`` takes keys inside the list)."""
    where = locate()
    if not isinstance(spec, dict):
        raise DataError(f"{where}: list {{{name}}} must have 'values', a number 'range' or 'wildcard'")
    unknown = set(map(str, spec)) - {"values", "range", "wildcard"}
    if unknown:
        raise DataError(f"{where}: list {{{name}}}: unsupported keys {sorted(unknown)} "
                        "(a list has 'values', a number 'range' or 'wildcard')")
    if "values" not in spec:
        if "range" in spec:
            try:
                check_range(name, spec, where)
            except OverflowError:  # len(range(...)) of a number too large for the machine
                raise DataError(f"{where}: list {{{name}}}: range holds more than {MAX_RANGE_VALUES} numbers") from None
            return Defined(where, RANGE)
        if spec.get("wildcard", False):
            log.info("%s: wildcard list {%s}: sentences using it are matched in typed text but never heard",
                     where, name)
            return Defined(where, WILDCARD)
        raise DataError(f"{where}: list {{{name}}} must have 'values', a number 'range' or 'wildcard'")
    values = spec["values"]
    if not isinstance(values, list) or not values:
        raise DataError(f"{where}: list {{{name}}} has no values")
    expressions = []
    for i, value in enumerate(values):
        at = locate("values", i)
        if isinstance(value, dict):
            unknown = set(map(str, value)) - _VALUE_KEYS
            if not isinstance(value.get("in"), str) or unknown:
                raise DataError(f"{at}: list {{{name}}} value needs 'in' (a template), and may have 'out', "
                                f"'context' and 'metadata'" + (f", not {sorted(unknown)}" if unknown else ""))
            if not isinstance(value.get("context") or {}, dict):
                raise DataError(f"{at}: list {{{name}}} value's 'context' must be a mapping")
            text = value["in"]
            at = locate("values", i, "in")
        elif isinstance(value, str):
            text = value
        else:
            raise DataError(f"{at}: list {{{name}}} value must be a string or {{in, out}}")
        expressions.append(parse_template(text, at, parsed) if text.strip() else _EMPTY)
    return Defined(where, expressions)


class _Empty(Expression):
    """A list value with no text: hassil never matches it."""


_EMPTY = _Empty()


def _blocks(name: str, intent: Any, locate: Locate) -> list[dict]:
    where = locate("intents", name)
    blocks = intent.get("data") if isinstance(intent, dict) else None
    if not isinstance(blocks, list) or not blocks:
        raise DataError(f"{where}: intent {name!r} needs 'data', a list of blocks with 'sentences'")
    for i, block in enumerate(blocks):
        at = locate("intents", name, "data", i)
        if not isinstance(block, dict) or not isinstance(block.get("sentences"), list) or not block["sentences"]:
            raise DataError(f"{at}: intent {name!r} block {i} needs a non-empty 'sentences' list")
        extra = set(map(str, block)) - _DATA_KEYS
        if extra:
            raise DataError(f"{at}: intent {name!r} block {i}: unsupported keys {sorted(extra)} "
                            f"(hassil reads {', '.join(sorted(_DATA_KEYS))})")
        for key in ("slots", "requires_context", "excludes_context", "settings"):
            _mapping(block, key, locate, "intents", name, "data", i)
        keywords = block.get("required_keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise DataError(f"{locate('intents', name, 'data', i, 'required_keywords')}: 'required_keywords' "
                            "must be a list of words")
        domains = block.get("name_domains", [])
        if not isinstance(domains, list):
            raise DataError(f"{locate('intents', name, 'data', i, 'name_domains')}: 'name_domains' must be a list")
    return blocks


def _local(shape: _Shape, intent: str, i: int, block: dict,
           parsed: dict[str, Sentence]) -> tuple[dict[str, Defined], dict[str, Defined]]:
    """A data block's own lists and expansion rules."""
    at = ("intents", intent, "data", i)
    lists = {name: _list(name, spec, lambda *keys, name=name: shape.locate(*at, "lists", name, *keys), parsed)
             for name, spec in _mapping(block, "lists", shape.locate, *at).items()}
    rules = {name: _rule(name, body, shape.locate(*at, "expansion_rules", name), parsed)
             for name, body in _mapping(block, "expansion_rules", shape.locate, *at).items()}
    return lists, rules


def _check_definitions(lists: dict[str, Defined], rules: dict[str, Defined], known: frozenset[str]) -> None:
    """Top-level rules and list values may only name lists and rules defined somewhere (or inline ranges)."""
    bodies: list[tuple[str, Expression]] = [(d.where, d.body) for d in rules.values() if isinstance(d.body, Expression)]
    bodies += [(d.where, value) for d in lists.values() if isinstance(d.body, list) for value in d.body]
    for where, body in bodies:
        for ref in references(body):
            if isinstance(ref, ListReference) and f"{{{ref.list_name}}}" not in known \
                    and inline_range_size(ref) is None:
                raise DataError(f"{where}: unknown list {{{ref.list_name}}}")
            if isinstance(ref, RuleReference) and f"<{ref.rule_name}>" not in known:
                raise DataError(f"{where}: unknown expansion rule <{ref.rule_name}>")


__all__ = ["RANGE", "WILDCARD", "check_document", "check_documents"]
