"""Speech grammars generated from the intent templates, the one source of truth.

- :func:`to_jsgf` compiles the template *structure* into a JSGF grammar for
  PocketSphinx: each hassil list and expansion rule becomes a JSGF rule, each
  intent a rule of its sentences, alternatives stay alternatives and optionals
  stay optionals; nothing is expanded except hassil permutations.
- :func:`to_vosk_phrases` is the phrase list for Vosk: every expanded sentence.
- :func:`missing_words` names the grammar's words PocketSphinx cannot say.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from pathlib import Path

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import TextSlotList

from voice_coach.errors import DataError
from voice_coach.intents.expand import expand
from voice_coach.intents.normalize import is_word
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

__all__ = ["expand", "jsgf_words", "missing_words", "pocketsphinx_words", "to_jsgf", "to_vosk_phrases"]

GRAMMAR_NAME = "coach"
"""Name of the JSGF grammar."""
TOP_RULE = "command"
"""The public JSGF rule: any intent's sentence."""
UNKNOWN = "[unk]"
"""Vosk's token for speech outside the phrase list."""

_TOKEN = re.compile(r"[^\s|()\[\]<>;=]+")


def to_jsgf(templates: Templates) -> str:
    """A JSGF grammar accepting exactly the sentences the templates accept."""
    intents = templates.intents
    names = _RuleNames()
    lines = ["#JSGF V1.0;", "", f"grammar {GRAMMAR_NAME};", ""]
    intent_rules = [names.rule("intent", name) for name in intents.intents]
    lines.append(f"public <{TOP_RULE}> = {' | '.join(f'<{r}>' for r in intent_rules)};")
    lines.append("")
    for name, rule in zip(intents.intents, intent_rules):
        bodies = [_compile(s.expression, names) for block in intents.intents[name].data for s in block.sentences]
        if None in bodies:
            raise DataError(f"{templates.path}: intent {name!r} has a sentence that matches nothing")
        lines.append(f"<{rule}> =\n      " + "\n    | ".join(dict.fromkeys(bodies)) + ";")  # type: ignore[arg-type]
    lines.append("")
    for name, body in intents.expansion_rules.items():
        lines.append(f"<{names.rule('rule', name)}> = {_compile(body.expression, names) or '<NULL>'};")
    lines.append("")
    for name, slot_list in intents.slot_lists.items():
        if not isinstance(slot_list, TextSlotList):
            raise DataError(f"{templates.path}: list {{{name}}} is not a text list; it has no speech grammar")
        values = [_compile(value.text_in, names) for value in slot_list.values]
        lines.append(f"<{names.rule('list', name)}> = {_alternatives(values, optional=False)};")
    return "\n".join(lines) + "\n"


def to_vosk_phrases(templates: Templates) -> list[str]:
    """Every sentence the templates accept, lower case, deduplicated and sorted, then "[unk]"."""
    return [*sorted({sentence for sentence, _, _ in expand(templates)}), UNKNOWN]


def jsgf_words(jsgf: str) -> set[str]:
    """The words (terminals) of a JSGF grammar made by :func:`to_jsgf`."""
    body = "\n".join(line for line in jsgf.splitlines() if not line.startswith(("#", "grammar ")))
    body = re.sub(r"^public\s", " ", body, flags=re.MULTILINE)
    return set(_TOKEN.findall(re.sub(r"<[^>]*>", " ", body)))


def missing_words(templates: Templates) -> set[str]:
    """Words of the JSGF grammar that are not in PocketSphinx's English dictionary."""
    return jsgf_words(to_jsgf(templates)) - pocketsphinx_words()


@functools.lru_cache(maxsize=1)
def pocketsphinx_words() -> frozenset[str]:
    """Every word of PocketSphinx's default English dictionary (cmudict), alternates folded."""
    import pocketsphinx  # lazily: a heavy import only grammar building needs

    path = Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"
    with path.open(encoding="utf-8") as lines:
        return frozenset(line.split(" ", 1)[0].split("(", 1)[0] for line in lines if line.strip())


class _RuleNames:
    """JSGF rule names for intents, expansion rules and lists; distinct by construction."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def rule(self, kind: str, name: str) -> str:
        jsgf = f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}"
        previous = self._seen.setdefault(jsgf, (kind, name))
        if previous != (kind, name):
            raise DataError(f"{kind} {name!r} and {previous[0]} {previous[1]!r} get the same JSGF rule name {jsgf!r}")
        return jsgf


def _compile(exp: Expression, names: _RuleNames) -> str | None:
    """JSGF for one expression; None when it matches only the empty text."""
    if isinstance(exp, TextChunk):
        tokens = exp.text.split()
        for token in tokens:
            if not is_word(token):
                raise DataError(f"word {token!r} cannot go into a speech grammar")
        return " ".join(tokens) or None
    if isinstance(exp, Alternative):
        bodies = [_compile(item, names) for item in exp.items]
        return _alternatives(bodies, optional=exp.is_optional)
    if isinstance(exp, Sequence):
        parts = [part for part in (_compile(item, names) for item in exp.items) if part]
        return " ".join(parts) or None
    if isinstance(exp, Permutation):
        orders = [" ".join(p for p in (_compile(item, names) for item in order) if p) or None
                  for order in itertools.permutations(exp.items)]
        return _alternatives(orders, optional=False)
    if isinstance(exp, ListReference):
        return f"<{names.rule('list', exp.list_name)}>"
    if isinstance(exp, RuleReference):
        return f"<{names.rule('rule', exp.rule_name)}>"
    raise DataError(f"unexpected template expression {exp!r}")


def _alternatives(bodies: list[str | None], optional: bool) -> str | None:
    """``( a | b )``, or ``[ a | b ]`` when a branch can be empty; duplicates dropped."""
    kept = list(dict.fromkeys(body for body in bodies if body))
    if not kept:
        return None
    if len(kept) == 1 and not (optional or None in bodies):
        return kept[0] if " " not in kept[0] else f"( {kept[0]} )"
    inner = " | ".join(kept)
    return f"[ {inner} ]" if optional or None in bodies else f"( {inner} )"
