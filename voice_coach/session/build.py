"""Putting a coach together from the settings: voice, dialog context, and the clock's day manner.

One place builds these, so the live coach, ``voice-coach session``,
``voice-coach --text``, ``routine``, ``routines`` and ``say`` speak and plan
alike from the same settings.
"""

from __future__ import annotations

import datetime as _dt
import logging

from voice_coach.diary.history import DiaryView, PastCramp
from voice_coach.diary.recorder import DiaryRecorder
from voice_coach.diary.store import Diary, default_path
from voice_coach.dialog import DialogContext, routine_planner
from voice_coach.dialog.night import MannerSettings
from voice_coach.errors import DataError
from voice_coach.routines.loader import load_routines
from voice_coach.session.voice import SessionVoice
from voice_coach.settings import DiarySection, Settings
from voice_coach.speech.tts import Tts, Voice
from voice_coach.timing.planner import PlanSettings

log = logging.getLogger(__name__)


def voice_of(settings: Settings) -> Voice:
    """The [voice] settings as the speech engine's voice (daytime manner): every command speaks with it."""
    v = settings.voice
    return Voice(name=v.name, rate=v.rate, volume=v.volume, pitch=v.pitch if v.pitch is not None else Voice.pitch)


def plan_settings(settings: Settings, side: str | None = None) -> PlanSettings:
    """How a routine is planned from the [counting] settings: its pace and how holds are counted."""
    return PlanSettings(side=side, pace=settings.counting.pace, count_style=settings.counting.style)


def build_voice(settings: Settings) -> SessionVoice:
    """The coach's voice at 16 kHz, from the [voice] settings."""
    base = voice_of(settings)
    return SessionVoice(Tts(base), base)


def build_context(settings: Settings, voice: SessionVoice, diary: DiaryView = DiaryView()) -> DialogContext:
    """The dialog's fixed inputs: real routines and planner, timed by the real voice; the diary as it stood."""
    night = settings.night
    policy = MannerSettings(night_hours=(float(night.start_hour), float(night.end_hour)),
                            night_rate=night.rate_factor, night_volume=night.volume,
                            start_pace=settings.counting.pace)
    planner = routine_planner(load_routines(), voice.seconds, count_style=settings.counting.style)
    return DialogContext(plan=planner, speech_seconds=voice.seconds, voice=policy, diary=diary)


def open_diary(section: DiarySection, origin: float) -> tuple[DiaryView, DiaryRecorder | None]:
    """The diary for a session that starts at Unix second ``origin``: what it held before, and its writer.

    ``keep = false`` reads and writes nothing. A diary that cannot be read (locked, not a diary, from a
    newer coach) costs one warning line: the session runs without one.
    """
    if not section.keep:
        return DiaryView(keep=False, origin=origin), None
    path = section.path or default_path()
    try:
        with Diary(path) as diary:
            past = diary.entries(kind="cramp")
    except DataError as exc:
        log.warning("diary: %s; the coach goes on without it", exc)
        return DiaryView(keep=False, origin=origin), None
    cramps = tuple(PastCramp(e.at, e.muscle, e.side) for e in past if e.at < origin)
    view = DiaryView(True, origin, cramps, section.frequent_nights, section.window_days)
    log.info("diary %s: %d earlier cramps", path, len(cramps))
    return view, DiaryRecorder(path, origin)


def local_hour_now() -> float:
    """The local time of day in hours (23.5 is 23:30), read once when a live session starts."""
    return _hour(_dt.datetime.now())


def local_hour_at(at: float) -> float:
    """The local time of day in hours at Unix second ``at`` (a recording's start)."""
    return _hour(_dt.datetime.fromtimestamp(at))


def _hour(moment: _dt.datetime) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600
