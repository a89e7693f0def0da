"""Everything a session needs, built once from the settings and the command line.

Built eagerly, before any audio device or output file is opened, so a missing
model, a broken template file or a bad setting stops the coach with one clear
line instead of half-starting it.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from voice_coach.audio.endpoint import EndpointSettings
from voice_coach.audio.vad import VoiceActivitySettings
from voice_coach.hearing.decoder_process import HearingProcess
from voice_coach.hearing.pipeline import Hearing, HearingSettings
from voice_coach.hearing.select import make_recognizer
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_template_set
from voice_coach.diary.recorder import DiaryRecorder
from voice_coach.session.build import build_context, build_voice, open_diary
from voice_coach.session.core import CoachCore, SessionSettings
from voice_coach.settings import HearingSection, Settings, load_settings

log = logging.getLogger(__name__)


class HearingParts:
    """Templates, recognizer, parser and listening settings, from the settings file and the command line.

    The command line wins over the settings file; both ``recognize`` and the
    session build their hearing here, so the two always hear alike.
    """

    def __init__(self, settings: Settings, extra_templates=None, only_templates=None,
                 engine: str | None = None, model: str | None = None, apart: bool = False,
                 warm: bool = True) -> None:
        """``apart``: decode in a child process; ``warm``: load the model now (typed text needs none)."""
        section = settings.hearing
        self.templates = load_template_set(extra_templates or settings.templates.extra,
                                           only_templates or settings.templates.only)
        engine = engine or (None if section.engine == "auto" else section.engine)
        model = model or (str(section.model) if section.model else None)
        self.recognizer = make_recognizer(engine, model, self.templates)
        self.parser = IntentParser(self.templates)
        self.settings = hearing_settings(section)
        # Live, utterances are heard in a child process (see decoder_process for why); a file session and
        # ``recognize`` run on the audio's clock, where a decode's wall time stops nothing.
        self.apart = HearingProcess(Hearing(self.recognizer, self.parser, self.settings)) if apart else None
        if not apart and warm and hasattr(self.recognizer, "warm"):
            # Load the model before the audio starts, as the decoder process does live (about 0.5 s).
            self.recognizer.warm()

    def close(self) -> None:
        """Release the decoder process, if decodes run apart."""
        if self.apart is not None:
            self.apart.close()

    def hearing(self) -> Hearing:
        """A fresh endpointer + recognizer + parser pipeline (one per input stream)."""
        return Hearing(self.recognizer, self.parser, self.settings, self.apart)


class CoreBuilder:
    """Makes the session's :class:`CoachCore` once the driver has its track, event sink and canceller."""

    def __init__(self, settings: Settings, extra_templates=None, only_templates=None,
                 engine: str | None = None, model: str | None = None, apart: bool = False,
                 start_time: float | None = None) -> None:
        """``start_time``: Unix seconds at session time 0 (a recording's start); None: when the core is made."""
        self.settings = settings
        self.start_time = start_time
        self._recorders: list[DiaryRecorder] = []
        # The hearing first: with ``apart`` it forks its decoder process, which must happen before the
        # speech engine or any audio stream has started a thread.
        self.hearing = HearingParts(settings, extra_templates, only_templates, engine, model, apart)
        self.voice = build_voice(settings)
        self.context = build_context(settings, self.voice)
        log.info("coach ready: %s recognizer, %d intents", self.hearing.recognizer.name,
                 len(self.hearing.templates.intent_names))

    def __call__(self, track, events, canceller, clock=None) -> CoachCore:
        # The wall clock is read once, to date the diary's rows; the session itself runs on ``clock``.
        origin = self.start_time if self.start_time is not None else time.time()
        view, recorder = open_diary(self.settings.diary, origin)
        if recorder is not None:
            self._recorders.append(recorder)
            events = _both(events, recorder.note)
        context = dataclasses.replace(self.context, diary=view)
        return CoachCore(context, self.hearing.hearing(), self.voice, track, events, canceller, SessionSettings(),
                         clock)

    def close(self) -> None:
        """Write the diary's last rows and release the decoder process."""
        try:
            for recorder in self._recorders:
                recorder.close()
        finally:
            self.hearing.close()


def _both(first, second):
    """An event sink that hands each event to ``first``, then ``second``."""
    def sink(entry: dict) -> None:
        first(entry)
        second(entry)
    return sink


def hearing_settings(section: HearingSection) -> HearingSettings:
    """The ``[hearing]`` settings as the hearing pipeline takes them.

    ``end_silence_ms`` ends clear speech; speech through noise keeps at least
    the endpointer's own noisy margin, whose weak word endings drop below the
    voice gate sooner."""
    defaults = EndpointSettings()
    endpoint = EndpointSettings(voice=VoiceActivitySettings(aggressiveness=section.vad_aggressiveness),
                                end_silence_ms=section.end_silence_ms,
                                noisy_end_silence_ms=max(section.end_silence_ms, defaults.noisy_end_silence_ms))
    return HearingSettings(endpoint=endpoint, min_confidence=section.confidence)


def apply_log_level(settings: Settings, args) -> None:
    """Use the settings file's ``[logging] level`` unless ``--verbose`` or ``--quiet`` chose one."""
    if not (getattr(args, "verbose", False) or getattr(args, "quiet", False)):
        logging.getLogger().setLevel(settings.logging.level.upper())


def options(args) -> tuple:
    """The command line's templates, templates-only, engine and model (None where not given)."""
    return (getattr(args, "templates", None), getattr(args, "templates_only", None),
            getattr(args, "engine", None), getattr(args, "model", None))


def core_builder(args, apart: bool = False, start_time: float | None = None) -> CoreBuilder:
    """The builder for a command line's options on top of the settings file; ``apart``: decode in a child process;
    ``start_time``: Unix seconds at session time 0 (None: the moment the session starts)."""
    settings = load_settings()
    apply_log_level(settings, args)
    return CoreBuilder(settings, *options(args), apart=apart, start_time=start_time)


def hearing_parts(args) -> HearingParts:
    """The hearing for a command line's options on top of the settings file (``recognize``)."""
    settings = load_settings()
    apply_log_level(settings, args)
    return HearingParts(settings, *options(args))
