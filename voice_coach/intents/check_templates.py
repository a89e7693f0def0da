"""Checks on the templates of a document: each parses, and every name it uses resolves where it is used.

hassil parses templates lazily and only notices an unknown list when a
sentence is matched; the coach needs every sentence now, for its speech
grammars. Names resolve as hassil resolves them when matching: a data block
sees the top-level lists and expansion rules, overridden by its own, and an
expansion rule's body (or a list value) is read in the scope of the block
that uses it. So a name is checked where it is used: a block's sentences
are followed through rules and list values in that block's scope.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hassil.expression import Alternative, Expression, Group, ListReference, RuleReference, Sentence, TextChunk
from hassil.parse_expression import parse_sentence
from hassil.parser import ParseError

from voice_coach.errors import DataError
from voice_coach.intents.numbers import MAX_RANGE_VALUES

log = logging.getLogger(__name__)

MAX_NESTING = 20
"""Deepest nesting of brackets one template may have (hassil parses them recursively; the built-in set uses 3)."""
MAX_RULE_DEPTH = 16
"""Longest chain of expansion rules using each other (<a> uses <b> uses <c>...; the built-in set uses 1)."""

RANGE = "range"
"""A list's kind: numbers, spelled on load; never empty."""
WILDCARD = "wildcard"
"""A list's kind: any text; no speech grammar can hold it, so sentences using it are for typed text only."""

_INLINE_RANGE = re.compile(r"^(\d+)..(\d+)(?:,(\d+))?$")
"""hassil's own pattern for ``{1..10:slot}`` (its '..' matches any two characters, as hassil's does)."""


@dataclass(frozen=True)
class Defined:
    """A list or an expansion rule as defined, with where."""

    where: str
    """file:line of its definition."""
    body: Expression | str | list[Expression]
    """A rule's expression; a text list's value expressions; or RANGE / WILDCARD."""


def parse_template(text: str, where: str, parsed: dict[str, Sentence]) -> Expression:
    """Parse one template (remembering it in ``parsed``, text -> Sentence); DataError at ``where`` if it cannot be."""
    if not text.strip():
        raise DataError(f"{where}: empty template")
    if _nesting(text) > MAX_NESTING:
        raise DataError(f"{where}: brackets nested more than {MAX_NESTING} deep in {text[:40]!r}...")
    try:
        sentence = parse_sentence(text, keep_text=True)
    except RecursionError:
        raise DataError(f"{where}: cannot parse template {text[:40]!r}...: nested too deeply") from None
    except AssertionError:
        raise DataError(f"{where}: cannot parse template {text!r}: empty brackets") from None
    except (ParseError, ValueError, IndexError) as exc:
        reason = str(exc) or "unbalanced brackets"
        raise DataError(f"{where}: cannot parse template {text!r}: {reason}") from None
    if _has_empty_branch(sentence.expression):
        log.warning("%s: %r: hassil never matches an empty alternative, so (a|) means (a); write [a] for "
                    "'a or nothing'", where, text)
    for ref in references(sentence.expression):
        if isinstance(ref, ListReference) and not ref.list_name:
            raise DataError(f"{where}: empty list name {{}} in {text!r}")
        if isinstance(ref, RuleReference) and not ref.rule_name:
            raise DataError(f"{where}: empty rule name <> in {text!r}")
    parsed[text] = sentence
    return sentence.expression


def inline_range_size(ref: ListReference) -> int | None:
    """How many numbers ``{1..10:slot}`` names (None if ``ref`` is no inline range)."""
    match = _INLINE_RANGE.match(ref.list_name)
    if match is None:
        return None
    start, stop, step = int(match[1]), int(match[2]), int(match[3] or 1)
    return len(range(start, stop + 1, step)) if step > 0 else 0


class Scope:
    """The lists and expansion rules one data block sees, and the checks of its templates."""

    def __init__(self, lists: Mapping[str, Defined], rules: Mapping[str, Defined], known: frozenset[str]) -> None:
        self.lists = lists
        """List name -> its definition (top level, overridden by the block's own)."""
        self.rules = rules
        """Rule name -> its definition (top level, overridden by the block's own)."""
        self._known = known
        """Every list and rule name defined anywhere (as "{name}" / "<name>"), to tell a typo from a scoping slip."""
        self._resolved: set[int] = set()
        self._nullable: dict[int, bool] = {}

    def check(self, exp: Expression, text: str, where: str) -> None:
        """Raise DataError unless every name ``exp`` uses (through rules and list values) resolves here."""
        for ref in references(exp):
            if isinstance(ref, ListReference):
                defined = self.lists.get(ref.list_name)
                if defined is None:
                    size = inline_range_size(ref)
                    if size is None:
                        raise DataError(f"{where}: {self._unknown('list', ref.list_name)} in {text!r}")
                    if not 0 < size <= MAX_RANGE_VALUES:
                        raise DataError(f"{where}: inline range {{{ref.list_name}}} must hold 1 to "
                                        f"{MAX_RANGE_VALUES} numbers")
                elif isinstance(defined.body, list) and id(defined) not in self._resolved:
                    self._resolved.add(id(defined))
                    for value in defined.body:
                        self.check(value, f"a value of {{{ref.list_name}}}", defined.where)
                        if self.nullable(value):
                            log.warning("%s: a value of {%s} can be empty: hassil never matches an empty value at "
                                        "the end of a sentence, the speech grammars hear it there too",
                                        defined.where, ref.list_name)
            elif isinstance(ref, RuleReference):
                defined = self.rules.get(ref.rule_name)
                if defined is None:
                    raise DataError(f"{where}: {self._unknown('expansion rule', ref.rule_name)} in {text!r}")
                if id(defined) not in self._resolved:
                    self._resolved.add(id(defined))
                    assert isinstance(defined.body, Expression)
                    self.check(defined.body, f"<{ref.rule_name}>", defined.where)

    def _unknown(self, kind: str, name: str) -> str:
        shown = f"{{{name}}}" if kind == "list" else f"<{name}>"
        if shown in self._known:
            return f"{kind} {shown} is not defined for this block (only inside another intent's block)"
        return f"unknown {kind} {shown}"

    def check_cycles(self, locate_rule: Callable[[str], str]) -> None:
        """Rules and lists must not use themselves, directly or through each other (the language would be
        endless), nor chain more than MAX_RULE_DEPTH deep."""
        done: set[str] = set()

        def visit(name: str, stack: tuple[str, ...]) -> None:
            if name in stack:
                chain = " -> ".join((*stack[stack.index(name):], name))
                what = "expansion rules refer" if name.startswith("<") else "lists and rules refer"
                raise DataError(f"{where(name)}: {what} to themselves: {chain}")
            if len(stack) >= MAX_RULE_DEPTH:
                chain = " -> ".join((*stack[:3], "...", name))
                raise DataError(f"{where(stack[0])}: expansion rules use each other more than "
                                f"{MAX_RULE_DEPTH} deep: {chain}")
            if name in done:
                return
            for ref in self._uses(name):
                visit(f"<{ref.rule_name}>" if isinstance(ref, RuleReference) else f"{{{ref.list_name}}}",
                      (*stack, name))
            done.add(name)

        def where(name: str) -> str:
            return locate_rule(name[1:-1]) if name.startswith("<") else self.lists[name[1:-1]].where

        for rule in self.rules:
            visit(f"<{rule}>", ())
        for name, defined in self.lists.items():
            if isinstance(defined.body, list):
                visit(f"{{{name}}}", ())

    def _uses(self, name: str) -> list[ListReference | RuleReference]:
        """The references in rule ``<name>``'s body or in list ``{name}``'s values (none if it is not here)."""
        defined = (self.rules if name.startswith("<") else self.lists).get(name[1:-1])
        if defined is None:
            return []
        bodies = defined.body if isinstance(defined.body, list) else [defined.body]
        return [ref for body in bodies if isinstance(body, Expression) for ref in references(body)]

    def nullable(self, exp: Expression) -> bool:
        """Whether ``exp`` can match text without a word (after normalization: "?" has none)."""
        if isinstance(exp, TextChunk):
            return not has_word(exp.text)
        if isinstance(exp, Alternative):
            return any(self.nullable(item) for item in exp.items)
        if isinstance(exp, Group):
            return bool(exp.items) and all(self.nullable(item) for item in exp.items)
        if isinstance(exp, ListReference):
            defined = self.lists.get(exp.list_name)
            if defined is None or not isinstance(defined.body, list):
                return False  # numbers and wildcards are never empty
            key = id(defined)
            if key not in self._nullable:
                self._nullable[key] = False  # values may not refer back to their own list: assume no
                self._nullable[key] = any(self.nullable(value) for value in defined.body)
            return self._nullable[key]
        if isinstance(exp, RuleReference):
            body = self.rules[exp.rule_name].body
            assert isinstance(body, Expression)
            return self.nullable(body)
        return False


def has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or digit, i.e. a word once normalized."""
    return any(c.isalnum() for c in unicodedata.normalize("NFKD", text))


def references(exp: Expression):
    """Every list and rule reference in ``exp`` (not followed into rules or lists)."""
    if isinstance(exp, (ListReference, RuleReference)):
        yield exp
    elif isinstance(exp, Group):
        for item in exp.items:
            yield from references(item)


def _has_empty_branch(exp: Expression) -> bool:
    """Whether an alternative in ``exp`` has an empty sequence as a branch ("(a|)"), which hassil never matches."""
    if isinstance(exp, Alternative) and any(isinstance(item, Group) and not item.items for item in exp.items):
        return True
    return isinstance(exp, Group) and any(_has_empty_branch(item) for item in exp.items)


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
