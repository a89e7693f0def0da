"""Loading the intent templates: YAML files in hassil's format, checked on load.

The built-in file, a user's file added to it (``--templates``) or used
instead (``--templates-only``): each is read once with line numbers kept,
all are checked together (see :mod:`voice_coach.intents.checks`), merged
(:mod:`voice_coach.intents.merge`), then handed to hassil; text chunks become
normalized words and number ranges spoken words
(:mod:`voice_coach.intents.speakable`). Every problem becomes
a :class:`~voice_coach.errors.DataError` whose message starts with
``file:line:``, so a broken template is found by the person editing it, not by
the person in pain at 3 a.m.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml
from hassil.expression import Sentence
from hassil.intents import IntentData, Intents
from hassil.parse_expression import parse_sentence

from voice_coach.errors import DataError
from voice_coach.intents.checks import check_documents
from voice_coach.intents.merge import merge_documents
from voice_coach.intents.speakable import make_speakable
from voice_coach.yaml_depth import too_deep

log = logging.getLogger(__name__)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: six times faster, with the same line marks."""

DEFAULT_PATH = Path(__file__).with_name("templates.yaml")
"""The templates shipped with the package."""


@dataclass(frozen=True)
class Templates:
    """Intent templates loaded from one YAML file, or several merged, and checked."""

    path: Path
    """The file they came from; for a merged set, the last file (the user's)."""
    intents: Intents
    """hassil's model of the templates: intents with their sentences, lists, expansion rules."""
    sources: tuple[Path, ...]
    """Every file merged into this set, in order (the built-in file first when it is used)."""
    digest: str
    """sha256 (hex) of the bytes of every source file, in order: names the content, e.g. for caches."""

    @property
    def intent_names(self) -> tuple[str, ...]:
        """Intent names in file order."""
        return tuple(self.intents.intents)

    @property
    def language(self) -> str:
        """The templates' language code ("en")."""
        return str(self.intents.language)

    @functools.cached_property
    def automaton(self):
        """Every sentence the templates accept, as a word automaton (compiled once per set): see
        :func:`voice_coach.intents.automaton.compile_automaton`."""
        from voice_coach.intents.automaton import compile_automaton  # lazily: it imports this module

        return compile_automaton(self)


def load_templates(path: Path | str | None = None) -> Templates:
    """Load and check a template file (default: the package's own, loaded once and cached)."""
    if path is None:
        return _default_templates()
    return _build([_read(Path(path))])


def load_template_set(extra: Path | str | None = None, only: Path | str | None = None) -> Templates:
    """The templates a run uses: ``--templates EXTRA`` and ``--templates-only ONLY``.

    ``only`` replaces the built-in templates (another domain or language);
    ``extra`` is merged on top of them (or of ``only``): its intents, sentences
    and list values are added, its expansion rules replace same-named ones. All
    files are checked together before anything is built, so a broken file
    raises DataError naming its file and line and nothing is half-loaded.
    """
    if extra is None and only is None:
        return _default_templates()
    documents = [_read(Path(only) if only is not None else DEFAULT_PATH)]
    if extra is not None:
        documents.append(_read(Path(extra)))
    return _build(documents)


@functools.lru_cache(maxsize=1)
def _default_templates() -> Templates:
    return _build([_read(DEFAULT_PATH)])


@dataclass(frozen=True)
class _Document:
    """One template file as read: its YAML data and where each key is."""

    path: Path
    """The file."""
    data: Any
    """The YAML document."""
    locate: Callable[..., str]
    """Key path inside the document -> "file:line"."""
    digest: str
    """sha256 (hex) of the file's bytes."""


def _read(path: Path) -> _Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(_one_line(f"{path}: cannot read intent templates: {exc.strerror or exc}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(_one_line(f"{path}:{line}: not UTF-8 text "
                                  f"(byte 0x{raw[exc.start]:02x}); save the file as UTF-8")) from None
    data, root = _read_yaml(text, path)
    return _Document(path=path, data=data, locate=_Locator(root, path), digest=hashlib.sha256(raw).hexdigest())


def _build(documents: list[_Document]) -> Templates:
    try:
        return _build_checked(documents)
    except DataError as exc:  # names and templates from the file may hold line breaks: keep it one line
        message = _one_line(str(exc))
        if message == str(exc):
            raise
        raise DataError(message) from None
    except RecursionError:  # e.g. a chain of a thousand expansion rules, each using the next
        raise DataError(_one_line(f"{documents[-1].path}:1: the templates nest too deeply (expansion rules, "
                                  "lists or brackets inside each other)")) from None


def _build_checked(documents: list[_Document]) -> Templates:
    parsed: dict[str, Sentence] = {}
    check_documents([(document.data, document.locate) for document in documents], parsed)
    data = documents[0].data if len(documents) == 1 else merge_documents([d.data for d in documents])
    path = documents[-1].path
    try:
        intents = Intents.from_dict(data)
        for intent in intents.intents.values():
            for block in intent.data:
                _parse_sentences(block, parsed)
        make_speakable(intents, lambda name: _list_line(documents, name))
    except DataError:
        raise
    except Exception as exc:  # checks passed, so this is a hassil surprise: still name the file
        raise DataError(f"{path}: hassil cannot load the templates: {exc!r}") from exc
    digest = hashlib.sha256("".join(d.digest for d in documents).encode()).hexdigest()
    log.debug("loaded %d intents from %s", len(intents.intents), ", ".join(str(d.path) for d in documents))
    return Templates(path=path, intents=intents, sources=tuple(d.path for d in documents), digest=digest)


def _parse_sentences(block: IntentData, parsed: dict[str, Sentence]) -> None:
    """Parse a block's sentences now, once: hassil would parse them lazily, and again.

    hassil keeps them in the cached property ``IntentData.sentences``; the
    checks have parsed the same texts with the same call, so those trees are
    handed over, in hassil's order (sentences with wildcards, most words first).
    Each tree goes to one block only (hassil caches, in a sentence, what it
    needs of the block's expansion rules); a text used again is parsed again.
    """
    if isinstance(inspect.getattr_static(type(block), "sentences", None), functools.cached_property):
        trees = [parsed.pop(text, None) or parse_sentence(text, keep_text=True) for text in block.sentence_texts]
        block.__dict__["sentences"] = sorted(trees, key=block._sentence_order)  # noqa: SLF001 (hassil's own order)
    block.sentences  # noqa: B018


def _list_line(documents: list[_Document], name: str) -> str:
    """file:line of the first definition of list ``name``."""
    for document in documents:
        if name in (document.data.get("lists") or {}):
            return document.locate("lists", name)
        for intent, spec in (document.data.get("intents") or {}).items():
            for i, block in enumerate(spec["data"]):
                if name in (block.get("lists") or {}):
                    return document.locate("intents", intent, "data", i, "lists", name)
    return str(documents[-1].path)


MAX_DEPTH = 64
"""Deepest nesting of lists and mappings a template file may have (the built-in one uses 7)."""


def _read_yaml(text: str, path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse YAML keeping the node tree, whose marks give line numbers."""
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise DataError(f"{path}:{deep}: nested more than {MAX_DEPTH} levels deep")
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        _check_nodes(root, path)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DataError(_one_line(f"{where}: broken YAML: {exc.problem or exc.context}")) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise DataError(_one_line(f"{path}:{line}: broken YAML: character U+{code:04X} is not allowed "
                                  f"({exc.reason})")) from None
    except yaml.YAMLError as exc:  # unmarked: where it is, is not known
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(_one_line(f"{path}:1: broken YAML: {problem}")) from None
    except (ValueError, TypeError, ArithmeticError) as exc:  # a scalar with a bad explicit tag, e.g. !!int abc
        where = _bad_scalar(root, path) or f"{path}:1"
        raise DataError(_one_line(f"{where}: broken YAML: cannot read a value: {exc}")) from None
    finally:
        loader.dispose()
    return data, root


def _one_line(message: str) -> str:
    """``message`` with line breaks and other control characters escaped: an error is one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _check_nodes(root: yaml.Node | None, path: Path) -> None:
    """Refuse duplicate keys, nesting deeper than MAX_DEPTH and aliases that contain themselves.

    PyYAML keeps the last of two equal keys, so a second intent of the same
    name would vanish silently. Aliases (``*name``) may share a node; each is
    visited once, so a "billion laughs" file is checked in linear time.
    """
    heights: dict[int, int] = {}
    active: set[int] = set()

    def height(node: yaml.Node, depth: int) -> int:
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            return 0
        if id(node) in active:
            raise DataError(f"{path}:{node.start_mark.line + 1}: an alias (*name) refers to the list or mapping "
                            "it is in")
        if id(node) in heights:
            known = heights[id(node)]
        else:
            if depth >= MAX_DEPTH:
                raise DataError(f"{path}:{node.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
            active.add(id(node))
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for key, _value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in seen:
                            raise DataError(_one_line(f"{path}:{key.start_mark.line + 1}: duplicate key {key.value!r}"))
                        seen.add(key.value)
                children = [n for pair in node.value for n in pair]
            else:
                children = list(node.value)
            known = 1 + max((height(child, depth + 1) for child in children), default=0)
            active.discard(id(node))
            heights[id(node)] = known
        if depth + known > MAX_DEPTH:
            raise DataError(f"{path}:{node.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep "
                            "(through aliases)")
        return known

    if root is not None:
        height(root, 0)


def _bad_scalar(root: yaml.Node | None, path: Path) -> str | None:
    """file:line of the first scalar that cannot be constructed, if any."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except Exception:
                return f"{path}:{node.start_mark.line + 1}"
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


class _Locator:
    """Turns a key path inside the document into ``file:line`` for error messages."""

    def __init__(self, root: yaml.Node | None, path: Path) -> None:
        self._root = root
        self._path = path

    def __call__(self, *keys: object) -> str:
        node = self._root
        if node is None:  # an empty file
            return f"{self._path}:1"
        for key in keys:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == str(key)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                child = node.value[key]
            if child is None:
                break
            node = child
        return f"{self._path}:{node.start_mark.line + 1}"
