"""Loading the intent templates: one YAML file in hassil's format, checked on load.

The file is read once with line numbers kept, checked (see
:mod:`voice_coach.intents.checks`), then handed to hassil. Every problem becomes
a :class:`~voice_coach.errors.DataError` whose message starts with
``file:line:``, so a broken template is found by the person editing it, not by
the person in pain at 3 a.m.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hassil.intents import Intents

from voice_coach.errors import DataError
from voice_coach.intents.checks import check_document

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("templates.yaml")
"""The templates shipped with the package."""


@dataclass(frozen=True)
class Templates:
    """Intent templates loaded from one YAML file and checked."""

    path: Path
    """The YAML file they came from."""
    intents: Intents
    """hassil's model of the file: intents with their sentences, lists, expansion rules."""

    @property
    def intent_names(self) -> tuple[str, ...]:
        """Intent names in file order."""
        return tuple(self.intents.intents)


def load_templates(path: Path | str | None = None) -> Templates:
    """Load and check a template file (default: the package's own, loaded once and cached)."""
    if path is None:
        return _default_templates()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _default_templates() -> Templates:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Templates:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read intent templates: {exc}") from None
    data, root = _read_yaml(text, path)
    check_document(data, _Locator(root, path))
    try:
        intents = Intents.from_dict(data)
        for intent in intents.intents.values():
            for block in intent.data:
                block.sentences  # hassil parses lazily; parse now, once  # noqa: B018
    except Exception as exc:  # checks passed, so this is a hassil surprise: still name the file
        raise DataError(f"{path}: hassil cannot load the templates: {exc!r}") from exc
    log.debug("loaded %d intents from %s", len(intents.intents), path)
    return Templates(path=path, intents=intents)


def _read_yaml(text: str, path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse YAML keeping the node tree, whose marks give line numbers."""
    loader = yaml.SafeLoader(text)
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
