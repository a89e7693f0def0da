"""espeak-ng through pyttsx3's own binding: a bounds-correct ``espeak_Synth``, and lines rendered in memory.

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

:class:`LineCollector` takes espeak-ng's one synthesis callback and keeps each
line's samples in memory. pyttsx3's ``save_to_file`` wrote every line to a
temporary WAV from inside that callback, and when the write failed (a full
disk, a vanished /tmp) its callback raised, which left pyttsx3 "busy" for
good: the next line waited for ever, so a full disk hung the coach. It also
sometimes handed over a line cut short. The collector writes no file, and a
line is done when espeak-ng says so (its message-terminated event), not when
pyttsx3's loop happens to stop.
"""

from __future__ import annotations

import ctypes
import logging
import threading
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


class LineCollector:
    """espeak-ng's synthesis callback, collecting one line's int16 samples at a time in memory.

    espeak-ng has one callback per process, so there is one collector per
    process (:func:`collector`), and callers render one line at a time (the
    TTS engine lock). The collector re-registers itself before every line,
    because pyttsx3 sets its own callback whenever it makes a new engine.
    """

    def __init__(self, espeak: ModuleType) -> None:
        self._espeak = espeak
        self._pieces: list[bytes] = []
        self._done = threading.Event()
        self._callback = espeak.t_espeak_callback(self._on_synth)
        """Kept for the life of the process: espeak-ng holds a raw pointer to it."""

    def synthesize(self, text: str, voice: str, rate: int, pitch: int, timeout_s: float) -> bytes:
        """``text`` spoken: raw int16 samples at espeak-ng's rate, full volume.

        ``voice`` is an espeak-ng voice name, ``rate`` words a minute, ``pitch``
        0-100. They are set through espeak-ng's own calls, which queue in order
        before the line (pyttsx3's ``setProperty`` only queues them inside its
        ``runAndWait`` loop, which the coach does not run). Raises RuntimeError
        when espeak-ng refuses a setting or the line, or does not finish the
        line within ``timeout_s`` seconds (a hung engine must not hang the coach).
        """
        espeak = self._espeak
        self._pieces = []
        self._done.clear()
        espeak.cSetSynthCallback(self._callback)
        self._check("voice " + voice, espeak.SetVoiceByName(voice.encode("utf-8")))
        self._check("rate", espeak.SetParameter(espeak.RATE, int(rate), 0))
        self._check("pitch", espeak.SetParameter(espeak.PITCH, int(pitch), 0))
        self._check("volume", espeak.SetParameter(espeak.VOLUME, 100, 0))
        self._check("the line", espeak.Synth(text.encode("utf-8"), flags=espeak.ENDPAUSE | espeak.CHARS_UTF8))
        if not self._done.wait(timeout_s):
            espeak.Cancel()
            espeak.Synchronize()  # nothing of this line reaches the next one
            raise RuntimeError(f"espeak-ng did not finish the line within {timeout_s:g} s")
        espeak.Synchronize()  # the queue is idle before the next line's settings go in
        return b"".join(self._pieces)

    def _check(self, what: str, status: int) -> None:
        if status != self._espeak.EE_OK:
            raise RuntimeError(f"espeak-ng refused {what} (status {status})")

    def _on_synth(self, wav, numsamples: int, events) -> int:
        """Called on espeak-ng's thread with a block of samples and the events in it; 0 means go on."""
        try:
            if numsamples > 0:
                self._pieces.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
            i = 0
            while events[i].type != self._espeak.EVENT_LIST_TERMINATED:
                if events[i].type == self._espeak.EVENT_MSG_TERMINATED:
                    self._done.set()
                i += 1
        except Exception:  # an exception must not cross into C; the line then times out as failed
            log.exception("espeak-ng callback failed")
        return 0


def collector(espeak: ModuleType) -> LineCollector:
    """The process's one :class:`LineCollector` for ``espeak`` (pyttsx3's ``drivers._espeak``)."""
    existing = getattr(espeak, "_voice_coach_collector", None)
    if existing is None:
        existing = LineCollector(espeak)
        espeak._voice_coach_collector = existing
    return existing
