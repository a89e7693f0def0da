"""Putting a coach together from the settings: voice, dialog context, and the clock's day manner.

One place builds these, so the live coach, ``voice-coach session`` and
``voice-coach --text`` behave the same.
"""

from __future__ import annotations

import datetime as _dt
import logging

from voice_coach.dialog import DialogContext, routine_planner
from voice_coach.dialog.night import VoiceSettings
from voice_coach.routines.loader import load_routines
from voice_coach.session.voice import SessionVoice
from voice_coach.settings import Settings
from voice_coach.speech.tts import Tts, Voice

log = logging.getLogger(__name__)


def build_voice(settings: Settings) -> SessionVoice:
    """The coach's voice at 16 kHz, from the [voice] settings."""
    v = settings.voice
    base = Voice(name=v.name, rate=v.rate, volume=v.volume, pitch=v.pitch if v.pitch is not None else 50)
    return SessionVoice(Tts(base), base)


def build_context(settings: Settings, voice: SessionVoice) -> DialogContext:
    """The dialog's fixed inputs: real routines and planner, timed by the real voice."""
    night = settings.night
    policy = VoiceSettings(night_hours=(float(night.start_hour), float(night.end_hour)),
                           night_rate=night.rate_factor, night_volume=night.volume,
                           start_pace=settings.counting.pace)
    planner = routine_planner(load_routines(), voice.seconds, count_style=settings.counting.style)
    return DialogContext(plan=planner, speech_seconds=voice.seconds, voice=policy)


def local_hour_now() -> float:
    """The local time of day in hours (23.5 is 23:30), read once when a live session starts."""
    now = _dt.datetime.now()
    return now.hour + now.minute / 60 + now.second / 3600
