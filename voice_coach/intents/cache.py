"""Compiled speech grammars, cached on disk by the content of the template files.

The key is the sha256 of the template files' bytes (``Templates.digest``),
the compiler's own source and the hassil version, so a changed file, a new
release of the compiler or of hassil each give a new entry, and nothing is
ever invalidated by hand. Entries are written atomically (a temporary file,
then a rename), so a crash leaves no half grammar; a cache that cannot be
read or written only costs a recompile and a warning.

The folder is ``platformdirs.user_cache_path("voice-coach") / "grammars"``,
or ``$VOICE_COACH_CACHE/grammars`` when that variable is set.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Callable

from voice_coach.intents import (automaton, blocks, check_templates, checks, count, expand, grammar, graph, minimize,
                                  normalize, numbers, speakable)
from voice_coach.intents.templates import Templates

log = logging.getLogger(__name__)

CACHE_ENV = "VOICE_COACH_CACHE"
"""Environment variable naming the cache folder (tests, read-only homes)."""
GRAMMAR_VERSION = "1"
"""Bump to drop every cached grammar (the compiler's source is part of the key as well)."""


def cache_dir() -> Path:
    """Where compiled grammars are kept."""
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root) / "grammars"
    import platformdirs  # lazily: only needed when a grammar is compiled

    return platformdirs.user_cache_path("voice-coach") / "grammars"


def grammar_key(templates: Templates, kind: str) -> str:
    """The cache key of ``kind`` ("jsgf", "vosk") compiled from ``templates``."""
    text = "\n".join((kind, GRAMMAR_VERSION, _compiler_digest(), templates.digest))
    return hashlib.sha256(text.encode()).hexdigest()


def cache_path(templates: Templates, kind: str = "jsgf", folder: Path | None = None) -> Path:
    """The file that holds (or will hold) ``kind`` compiled from ``templates``."""
    return (folder or cache_dir()) / f"{grammar_key(templates, kind)}.{kind}"


def compiled_grammar(templates: Templates, folder: Path | None = None) -> str:
    """The JSGF grammar of ``templates`` (:func:`~voice_coach.intents.grammar.to_jsgf`), compiled once per content."""
    return _cached(cache_path(templates, "jsgf", folder), lambda: grammar.to_jsgf(templates),
                   valid=lambda text: text.startswith("#JSGF"))


def compiled_vosk_grammar(templates: Templates, folder: Path | None = None) -> list[str]:
    """Vosk's grammar of ``templates`` (:func:`~voice_coach.intents.grammar.to_vosk_grammar`), compiled once per content."""
    text = _cached(cache_path(templates, "vosk", folder),
                   lambda: json.dumps(grammar.to_vosk_grammar(templates), ensure_ascii=False),
                   valid=lambda text: text.startswith("["))
    return list(json.loads(text))


def _cached(path: Path, build: Callable[[], str], valid: Callable[[str], bool]) -> str:
    try:
        text = path.read_text(encoding="utf-8")
        if valid(text):
            log.debug("grammar from the cache: %s", path)
            return text
        log.warning("ignoring a damaged cached grammar: %s", path)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read the cached grammar %s: %s", path, exc)
    text = build()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        log.debug("grammar compiled and cached: %s", path)
    except OSError as exc:
        log.warning("cannot cache the compiled grammar in %s: %s", path.parent, exc)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
    return text


@functools.lru_cache(maxsize=1)
def _compiler_digest() -> str:
    """sha256 of what turns template files into grammars: the compiler's modules and hassil's version."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("hassil").encode())
    for module in (grammar, numbers, normalize, expand, count, automaton, minimize, graph, blocks, speakable, checks,
                   check_templates):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()
