"""A bounds-correct ``espeak_Synth`` call for pyttsx3's espeak driver.

pyttsx3 (2.99 here) calls ``espeak_Synth(text, size, ...)`` with ``size`` set
to ten times the text's length in bytes. espeak-ng in asynchronous mode, the
mode pyttsx3 initialises (``AUDIO_OUTPUT_RETRIEVAL``), copies ``size`` bytes of
the text with ``memcpy`` before queueing it, so every line read up to nine
times its own length past the end of Python's buffer. Usually that memory is
mapped and the stray bytes are ignored (the text ends at its NUL); when the
buffer sits near the end of a mapping the process dies with SIGSEGV. That
killed a CI run (exit 139 inside ``Synth``), and in a product it would kill a
night-long session. ``tests/speech/test_espeak_synth.py`` shows both with a
guard page.

:func:`install` replaces the driver module's ``Synth`` with one that passes the
real size: the encoded text plus its terminating NUL.
"""

from __future__ import annotations

import logging
from types import ModuleType

log = logging.getLogger(__name__)


def synth_size(text: bytes) -> int:
    """Bytes ``espeak_Synth`` may copy from ``text``: its length plus the NUL ctypes appends."""
    return len(text) + 1


def install(espeak: ModuleType) -> None:
    """Make ``espeak.Synth`` (pyttsx3's ``drivers._espeak``) pass :func:`synth_size` as the size.

    Idempotent; the rest of the module is left as it is.
    """
    if getattr(espeak.Synth, "_voice_coach_bounded", False):
        return
    c_synth = espeak.cSynth

    def synth(text, position=0, position_type=espeak.POS_CHARACTER, end_position=0, flags=0, user_data=None):
        if isinstance(text, str):
            text = text.encode("utf-8")
        return c_synth(text, synth_size(text), position, position_type, end_position, flags, None, user_data)

    synth._voice_coach_bounded = True  # type: ignore[attr-defined]
    synth.__doc__ = espeak.Synth.__doc__
    espeak.Synth = synth
    log.debug("pyttsx3's espeak_Synth now passes the text's real size")
