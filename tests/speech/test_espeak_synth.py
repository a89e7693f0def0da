"""pyttsx3's espeak_Synth call must not read past the text (it once killed CI with SIGSEGV).

The guard-page cases run in a child process: a text is put at the very end of a
mapped page whose next page is unreadable, so a read past the text kills the
child instead of passing silently.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

from voice_coach.speech import espeak_synth
from voice_coach.speech.tts import Tts

_AT_PAGE_END = textwrap.dedent("""
    import ctypes, mmap, sys
    from voice_coach.speech import espeak_synth
    from voice_coach.speech.tts import Tts
    from pyttsx3.drivers import _espeak

    Tts()  # espeak-ng initialised by pyttsx3 the way the coach does it
    libc = ctypes.CDLL(None)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    page = mmap.PAGESIZE
    base = libc.mmap(None, 2 * page, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
    assert libc.mprotect(base + page, page, 0) == 0  # PROT_NONE
    text = "Hold it there, breathe out slowly.".encode()
    at = base + page - len(text) - 1
    ctypes.memmove(at, text + b"\\0", len(text) + 1)
    size = espeak_synth.synth_size(text) if sys.argv[1] == "coach" else len(text) * 10
    _espeak.cSynth(ctypes.cast(at, ctypes.c_char_p), size, 0, _espeak.POS_CHARACTER, 0, _espeak.CHARS_UTF8, None, None)
    _espeak.Synchronize()
    print("spoken")
""")


def _synth_at_page_end(size_rule: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _AT_PAGE_END, size_rule], capture_output=True, text=True, timeout=60)


def test_the_coachs_size_reads_only_the_text_even_at_the_end_of_memory():
    done = _synth_at_page_end("coach")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "spoken"


def test_pyttsx3s_own_size_reads_past_the_text_and_crashes_there():
    """The control: the guard page really catches the over-read pyttsx3 would do."""
    done = _synth_at_page_end("pyttsx3")
    assert done.returncode == -signal.SIGSEGV


def test_install_passes_the_encoded_length_plus_the_nul():
    calls = []
    fake_driver_module = types.SimpleNamespace(
        POS_CHARACTER=1, Synth=lambda *a, **k: None, cSynth=lambda text, size, *rest: calls.append((text, size)) or 0)
    espeak_synth.install(fake_driver_module)
    espeak_synth.install(fake_driver_module)  # idempotent
    fake_driver_module.Synth("calf")
    fake_driver_module.Synth("café ✓".encode())
    assert calls == [(b"calf", 5), ("café ✓".encode(), len("café ✓".encode()) + 1)]


def test_the_coachs_engine_uses_the_bounded_call_and_still_speaks_every_character():
    from pyttsx3.drivers import _espeak

    with Tts() as tts:
        assert getattr(_espeak.Synth, "_voice_coach_bounded", False)
        plain = tts.render("Point your toes to the ceiling.")
        accented = tts.render("Point your toes to the ceiling, café, naïve.")
    assert len(accented) > len(plain) > 0
    assert np.abs(accented.astype(np.int32)).max() > 5000


def test_a_line_espeak_never_finishes_fails_after_the_timeout_instead_of_hanging():
    """A fake of the binding (a wedged engine cannot be had on demand): it takes the line and never calls back."""
    cancelled = []
    wedged_engine_fake = types.SimpleNamespace(
        EE_OK=0, RATE=1, PITCH=3, VOLUME=2, ENDPAUSE=0x1000, CHARS_UTF8=1,
        t_espeak_callback=lambda f: f, cSetSynthCallback=lambda cb: None,
        SetVoiceByName=lambda name: 0, SetParameter=lambda *a: 0, Synth=lambda text, flags=0: 0,
        Cancel=lambda: cancelled.append(True), Synchronize=lambda: 0)
    collector = espeak_synth.LineCollector(wedged_engine_fake)
    with pytest.raises(RuntimeError, match="did not finish the line within 0.05 s"):
        collector.synthesize("seven", "gmw/en-US", 160, 50, timeout_s=0.05)
    assert cancelled == [True]
