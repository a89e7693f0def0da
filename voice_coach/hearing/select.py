"""Choosing the recognizer: Vosk when a model is installed or named, PocketSphinx otherwise."""

from __future__ import annotations

import logging

from voice_coach.errors import ModelError
from voice_coach.hearing.base import Recognizer

log = logging.getLogger(__name__)

ENGINES = ("pocketsphinx", "vosk")
"""Engine names as the command line spells them."""


def make_recognizer(engine: str | None = None, model: str | None = None, templates=None) -> Recognizer:
    """The recognizer for the coach's commands.

    ``engine`` None picks Vosk when a model is found (``model``, the environment
    variable, or ``models/``), else PocketSphinx (its model ships with the
    wheel). ``model`` implies Vosk. ``templates`` default to the shipped ones.
    """
    from voice_coach.intents.templates import load_templates

    if engine is not None and engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")
    if engine == "pocketsphinx" and model is not None:
        raise ModelError("--model names a Vosk model; it cannot be used with --engine pocketsphinx")
    templates = templates if templates is not None else load_templates()
    if engine in (None, "vosk"):
        from voice_coach.hearing.model_store import HINT, find_vosk_model

        path = find_vosk_model(model)
        if path is not None:
            from voice_coach.hearing.vosk_engine import VoskRecognizer
            from voice_coach.intents.grammar import to_vosk_grammar

            log.info("recognizer: vosk (%s)", path)
            return VoskRecognizer(path, to_vosk_grammar(templates))
        if engine == "vosk":
            raise ModelError(f"no Vosk model is installed: {HINT}")
    from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer

    log.info("recognizer: pocketsphinx")
    return PocketSphinxRecognizer.from_templates(templates)
