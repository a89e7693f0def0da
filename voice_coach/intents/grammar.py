"""Speech grammars generated from the intent templates, the one source of truth.

- :func:`to_jsgf` compiles the template *structure* into a JSGF grammar for
  PocketSphinx: each hassil list and expansion rule becomes a JSGF rule, the
  public rule holds every intent's sentences, alternatives stay alternatives
  and optionals stay optionals; nothing is expanded except hassil
  permutations. Alternatives are left-factored (branches with the same first
  item share it), which keeps the decoder's search narrow: the size of the
  grammar, and the decoding time, follow the templates' shape, not the
  number of sentences they expand to. The parser, not the grammar, tells
  which intent a sentence is. What JSGF's rules cannot say (a block's own
  lists and rules, context it requires, brackets glued to words) is written
  from the word automaton instead, one rule per state
  (:mod:`voice_coach.intents.automaton`).
- :func:`to_vosk_phrases` is the phrase list for Vosk: every expanded sentence;
  :func:`to_vosk_grammar` falls back to the vocabulary for sets too big to list.
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
from voice_coach.intents.blocks import blocks
from voice_coach.intents.count import count_sentences
from voice_coach.intents.expand import expand, vocabulary
from voice_coach.intents.graph import WordGraph
from voice_coach.intents.normalize import is_word
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

__all__ = ["automaton_jsgf", "expand", "jsgf_words", "missing_words", "pocketsphinx_words", "to_jsgf", "to_vosk_grammar", "to_vosk_phrases"]

GRAMMAR_NAME = "coach"
"""Name of the JSGF grammar."""
TOP_RULE = "command"
"""The public JSGF rule: any intent's sentence."""
UNKNOWN = "[unk]"
"""Vosk's token for speech outside the phrase list."""
MAX_VOSK_PHRASES = 20_000
"""Beyond this many expanded sentences, Vosk gets the vocabulary rather than the sentences."""

_TOKEN = re.compile(r"[^\s|()\[\]<>;=]+")


def to_jsgf(templates: Templates) -> str:
    """A JSGF grammar accepting exactly the sentences the templates accept."""
    if _plain(templates):
        try:
            jsgf = _structural_jsgf(templates)
        except DataError:  # a glued piece that is no word ("'s")
            jsgf = ""
        if jsgf and jsgf_words(jsgf) == templates.automaton.words:  # else glued brackets made other words
            return jsgf
    log.debug("JSGF written from the word automaton (the templates use what JSGF rules cannot say)")
    return automaton_jsgf(templates.automaton)


def automaton_jsgf(graph: WordGraph) -> str:
    """A JSGF grammar of a word automaton: one rule per state that has outgoing words."""
    lines = ["#JSGF V1.0;", "", f"grammar {GRAMMAR_NAME};", "", f"public <{TOP_RULE}> = <s{graph.start}>;", ""]
    for state in range(graph.n_states):
        edges = graph.outgoing(state)
        if not edges:
            continue
        branches = []
        for word, dst in edges:
            if not graph.outgoing(dst):
                branches.append(word)
            elif dst in graph.finals:
                branches.append(f"{word} [ <s{dst}> ]")
            else:
                branches.append(f"{word} <s{dst}>")
        lines.append(f"<s{state}> = ( {' | '.join(branches)} );")
    if not graph.outgoing(graph.start):
        lines[4] = f"public <{TOP_RULE}> = <NULL>;"
    return "\n".join(lines) + "\n"


def _plain(templates: Templates) -> bool:
    """Whether every name has one meaning for the whole file and every sentence can be heard, as JSGF rules need."""
    for block in blocks(templates):
        data = block.data
        if (data.slot_lists or data.expansion_rules or data.requires_context or data.excludes_context
                or data.required_keywords is not None or len(block.sentences()) != len(data.sentences)):
            return False
    return True


def _structural_jsgf(templates: Templates) -> str:
    intents = templates.intents
    names = _RuleNames()
    lines = ["#JSGF V1.0;", "", f"grammar {GRAMMAR_NAME};", ""]
    sentences = []
    for name, intent in intents.intents.items():
        names.rule("intent", name)  # intents, rules and lists must not share a JSGF name
        for block in intent.data:
            for sentence in block.sentences:
                items = _items(sentence.expression, names)
                if not items:
                    raise DataError(f"{templates.path}: intent {name!r} has a sentence that matches nothing")
                sentences.append(items)
    lines.append(f"public <{TOP_RULE}> = {' '.join(_group(sentences, optional=False))};")
    lines.append("")
    for name, body in intents.expansion_rules.items():
        lines.append(f"<{names.rule('rule', name)}> = {_compile(body.expression, names) or '<NULL>'};")
    lines.append("")
    for name, slot_list in intents.slot_lists.items():
        if not isinstance(slot_list, TextSlotList):
            raise DataError(f"{templates.path}: list {{{name}}} is not a text list; it has no speech grammar")
        values = _group([_items(value.text_in, names) for value in slot_list.values], optional=False)
        lines.append(f"<{names.rule('list', name)}> = {' '.join(values) or '<NULL>'};")
    return "\n".join(lines) + "\n"


def to_vosk_phrases(templates: Templates) -> list[str]:
    """Every sentence the templates accept, lower case, deduplicated and sorted, then "[unk]"."""
    return [*sorted({sentence for sentence, _, _ in expand(templates)}), UNKNOWN]


def to_vosk_grammar(templates: Templates, max_phrases: int = MAX_VOSK_PHRASES) -> list[str]:
    """Vosk's grammar: :func:`to_vosk_phrases` when the templates expand to at most ``max_phrases``.

    Beyond that (a big user set) listing sentences would explode, so the
    grammar is the vocabulary, one word a phrase, then "[unk]": Vosk hears any
    sequence of those words and the parser rejects what no template accepts.
    """
    total = count_sentences(templates)
    if total <= max_phrases:
        return to_vosk_phrases(templates)
    log.info("templates expand to %d sentences (> %d): Vosk gets the %d words instead",
             total, max_phrases, len(vocabulary(templates)))
    return [*sorted(vocabulary(templates)), UNKNOWN]


def jsgf_words(jsgf: str) -> set[str]:
    """The words (terminals) of a JSGF grammar made by :func:`to_jsgf`."""
    body = "\n".join(line for line in jsgf.splitlines() if not line.startswith(("#", "grammar ")))
    body = re.sub(r"^public\s", " ", body, flags=re.MULTILINE)
    return set(_TOKEN.findall(re.sub(r"<[^>]*>", " ", body)))


def missing_words(templates: Templates) -> set[str]:
    """Words of the templates' sentences that are not in PocketSphinx's English dictionary."""
    return set(vocabulary(templates) - pocketsphinx_words())


@functools.lru_cache(maxsize=1)
def pocketsphinx_words() -> frozenset[str]:
    """Every word PocketSphinx's English recognizer can hear: its default dictionary (cmudict), alternates
    folded, each plain word's possessive "'s" (the recognizer derives those: see
    :func:`voice_coach.hearing.lexicon.possessive`) and the lexicon's few extra words."""
    import pocketsphinx  # lazily: a heavy import only grammar building needs

    path = Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"
    with path.open(encoding="utf-8") as lines:
        words = {line.split(" ", 1)[0].split("(", 1)[0] for line in lines if line.strip()}
    from voice_coach.hearing.lexicon import EXTRA_WORDS

    return frozenset(words | {f"{w}'s" for w in words if "'" not in w} | set(EXTRA_WORDS))


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


_Items = tuple[str, ...]
"""A JSGF sequence as its items: words, rule references and bracketed groups."""


def _compile(exp: Expression, names: _RuleNames) -> str | None:
    """JSGF for one expression; None when it matches only the empty text."""
    return " ".join(_items(exp, names)) or None


def _items(exp: Expression, names: _RuleNames) -> _Items:
    """The JSGF items of one expression, in order; () when it matches only the empty text."""
    if isinstance(exp, TextChunk):
        tokens = tuple(exp.text.split())
        for token in tokens:
            if not is_word(token):
                raise DataError(f"word {token!r} cannot go into a speech grammar")
        return tokens
    if isinstance(exp, Alternative):
        return _group([_items(item, names) for item in exp.items], optional=exp.is_optional)
    if isinstance(exp, Sequence):
        return tuple(item for part in exp.items for item in _items(part, names))
    if isinstance(exp, Permutation):
        orders = [tuple(item for part in order for item in _items(part, names))
                  for order in itertools.permutations(exp.items)]
        return _group(orders, optional=False)
    if isinstance(exp, ListReference):
        return (f"<{names.rule('list', exp.list_name)}>",)
    if isinstance(exp, RuleReference):
        return (f"<{names.rule('rule', exp.rule_name)}>",)
    raise DataError(f"unexpected template expression {exp!r}")


def _group(branches: list[_Items], optional: bool) -> _Items:
    """Items of the alternative ``( b1 | b2 | ... )``, or ``[ ... ]`` when a branch (or ``optional``) is empty.

    Branches that begin with the same item share it, written once (left
    factoring): ``( my calf hurts | my foot hurts )`` becomes ``my ( calf | foot ) hurts``
    as far as first items go. The language is the same; but PocketSphinx
    follows each written path on its own, so one path per distinct first word
    instead of one per sentence decodes several times faster.
    """
    unique = list(dict.fromkeys([*branches, ()] if optional else branches))
    if len(unique) == 1:
        return unique[0]
    heads: dict[str, list[_Items]] = {}
    for branch in unique:
        if branch:
            heads.setdefault(branch[0], []).append(branch[1:])
    may_be_empty = () in unique
    if len(heads) == 1 and not may_be_empty:
        [(head, tails)] = heads.items()
        return (head, *_group(tails, optional=False))
    bodies = [" ".join((head, *_group(tails, optional=False))) for head, tails in heads.items()]
    inner = " | ".join(bodies)
    return (f"[ {inner} ]" if may_be_empty else f"( {inner} )",)
