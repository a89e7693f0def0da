"""Loading the intent templates: YAML files in hassil's format, checked on load.

The built-in file, a user's file added to it (``--templates``) or used
instead (``--templates-only``): each is read once with line numbers kept,
all are checked together (see :mod:`voice_coach.intents.checks`), merged
(:mod:`voice_coach.intents.merge`), then handed to hassil; number ranges
become spoken words (:mod:`voice_coach.intents.numbers`). Every problem becomes
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
from voice_coach.intents.numbers import spell_ranges

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
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read intent templates: {exc}") from None
    data, root = _read_yaml(text, path)
    return _Document(path=path, data=data, locate=_Locator(root, path), digest=hashlib.sha256(raw).hexdigest())


def _build(documents: list[_Document]) -> Templates:
    parsed: dict[str, Sentence] = {}
    check_documents([(document.data, document.locate) for document in documents], parsed)
    data = documents[0].data if len(documents) == 1 else merge_documents([d.data for d in documents])
    path = documents[-1].path
    try:
        intents = Intents.from_dict(data)
        spell_ranges(intents, intents.language, lambda name: _list_line(documents, name))
        for intent in intents.intents.values():
            for block in intent.data:
                _parse_sentences(block, parsed)
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
    handed over. (hassil would also sort them, but only wildcard lists change
    the order and the checks forbid them.)
    """
    if isinstance(inspect.getattr_static(type(block), "sentences", None), functools.cached_property):
        block.__dict__["sentences"] = [parsed.get(text) or parse_sentence(text, keep_text=True)
                                       for text in block.sentence_texts]
    block.sentences  # noqa: B018


def _list_line(documents: list[_Document], name: str) -> str:
    """file:line of the first definition of list ``name``."""
    for document in documents:
        if name in (document.data.get("lists") or {}):
            return document.locate("lists", name)
    return str(documents[-1].path)


def _read_yaml(text: str, path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse YAML keeping the node tree, whose marks give line numbers."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DataError(f"{where}: broken YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: broken YAML: {exc}") from None
    finally:
        loader.dispose()
    _check_unique_keys(root, path)
    return data, root


def _check_unique_keys(node: yaml.Node | None, path: Path) -> None:
    """PyYAML keeps the last of two equal keys; a second intent of the same name would vanish silently."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise DataError(f"{path}:{key.start_mark.line + 1}: duplicate key {key.value!r}")
                seen.add(key.value)
            _check_unique_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_unique_keys(item, path)


class _Locator:
    """Turns a key path inside the document into ``file:line`` for error messages."""

    def __init__(self, root: yaml.Node | None, path: Path) -> None:
        self._root = root
        self._path = path

    def __call__(self, *keys: object) -> str:
        node = self._root
        if node is None:
            return f"{self._path}"
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
