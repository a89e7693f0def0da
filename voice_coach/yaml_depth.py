"""How deep a YAML document nests, found from its parse events before any node is built.

Both data loaders (intent templates, routines) refuse documents nested deeper
than they need, with their own message naming the line. The depth has to be
known before PyYAML composes nodes: its composer recurses once per level
(a Python ``RecursionError`` a few thousand levels down), and libyaml's
scanner has a limit of its own whose wording changes between PyYAML releases
(6.0.4 says "exceeded maximum nesting depth"). Walking the event stream is
iterative and stops at the first level too many, so the loader's message is
the one a person sees, whatever PyYAML version is installed.
"""

from __future__ import annotations

import logging

import yaml

log = logging.getLogger(__name__)


def too_deep(text: str, max_depth: int) -> int | None:
    """The 1-based line where ``text`` first nests lists or mappings more than ``max_depth`` deep; None if never.

    Broken YAML is not judged here (None): the loader's own parse reports it.
    The pure-Python parser is used on purpose: libyaml's scanner looks ahead
    through a run of ``[`` or ``{`` before it gives the first event, so it
    meets its own limit before any level could be counted here. Aliases are
    not followed (the loaders count levels reached through them on the
    composed nodes).
    """
    loader = None
    depth = 0
    try:
        loader = yaml.SafeLoader(text)  # the reader checks the whole text here
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return event.start_mark.line + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        if loader is not None:
            loader.dispose()
