"""Playing PCM: the :class:`Speaker` seam and the live sound-card speaker.

A speaker plays one sound at a time: ``play`` starts a sound at once (cutting
off whatever was playing) and returns; ``stop`` silences it. The live
:class:`SoundDeviceSpeaker` keeps one ``sounddevice`` output stream open whose
callback copies the current sound block by block (10 ms blocks), so ``stop``
takes effect from the next block. The offline speaker is
:class:`voice_coach.speech.sinks.WavSink`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time
from typing import Protocol

import numpy as np

from voice_coach.errors import AudioError
from voice_coach.speech.tts import ESPEAK_RATE

log = logging.getLogger(__name__)


class Speaker(Protocol):
    """Where the coach's voice goes: a sound card, or a file."""

    def play(self, samples: np.ndarray, rate: int) -> None:
        """Start playing int16 mono ``samples`` (``rate`` samples per second) now; returns at once."""
        ...

    def stop(self) -> None:
        """Silence the current sound (within 50 ms)."""
        ...

    @property
    def busy(self) -> bool:
        """True while a sound is still playing."""
        ...

    @property
    def remaining_seconds(self) -> float:
        """Seconds of the current sound still to play (0 when idle)."""
        ...

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current sound has been heard; False if ``timeout`` (seconds) ran out first."""
        ...

    def close(self) -> None:
        """Release the device or file."""
        ...


_AlsaHandler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)


def _alsa_message(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
    log.debug("alsa-lib: %s (%s)", (fmt or b"").decode(errors="replace"), (function or b"").decode(errors="replace"))


_ALSA_TO_LOG = _AlsaHandler(_alsa_message)
"""alsa-lib's message hook, pointing at the log (a constant: alsa-lib keeps the pointer)."""


def _route_alsa_messages() -> None:
    """Send alsa-lib's messages ("underrun occurred", "unable to open slave") to the log, not stderr."""
    name = ctypes.util.find_library("asound")
    if name is None:
        return
    try:
        ctypes.CDLL(name).snd_lib_error_set_handler(_ALSA_TO_LOG)
    except (OSError, AttributeError) as exc:
        log.debug("cannot route alsa-lib messages: %s", exc)


def import_sounddevice():
    """The ``sounddevice`` module, or an AudioError naming the missing system library."""
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library not found
        raise AudioError(f"audio is unavailable ({exc}); install it with: sudo apt-get install libportaudio2") from None
    _route_alsa_messages()
    return sounddevice


def resample(samples: np.ndarray, rate: int, to_rate: int) -> np.ndarray:
    """int16 mono ``samples`` at ``rate`` converted to ``to_rate`` samples per second."""
    if rate == to_rate or len(samples) == 0:
        return samples
    import soxr

    return soxr.resample(samples, rate, to_rate)


class SoundDeviceSpeaker:
    """The live speaker: one open ``sounddevice`` output stream fed by a callback."""

    def __init__(
        self,
        device: int | str | None = None,
        rate: int = ESPEAK_RATE,
        block_ms: float = 10.0,
        latency: str | float = "low",
        warmup_timeout: float = 3.0,
    ) -> None:
        """Open ``device`` (None: the default output) and start its stream, playing silence.

        ``rate`` is the preferred sample rate (Hz); ``block_ms`` the callback's
        block (milliseconds); ``latency`` PortAudio's output latency ("low",
        "high" or seconds); ``stop()`` takes effect within one block plus that
        latency (about 25-35 ms with the defaults on PulseAudio). Waits up to
        ``warmup_timeout`` seconds for the stream to flow. AudioError when there
        is no such device.
        """
        sd = import_sounddevice()
        self._sd = sd
        try:
            info = sd.query_devices(device, kind="output")
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioError(f"no audio output device{f' {device!r}' if device is not None else ''} ({exc})") from None
        try:
            sd.check_output_settings(device, channels=1, dtype="int16", samplerate=rate)
            self.rate = rate
        except (sd.PortAudioError, ValueError):
            self.rate = int(info["default_samplerate"])
            log.info("output device does not take %d Hz; resampling to %d Hz", rate, self.rate)
        self._lock = threading.Lock()
        self._sound: np.ndarray | None = None
        self._pos = 0
        self._idle = threading.Event()
        self._idle.set()
        self._end_dac = 0.0
        self._frames_out = 0
        self.underflows = 0
        """Callbacks that reported an output underflow (the device ran dry: a gap was heard)."""
        self._stop_called: float | None = None
        self.last_stop_latency: float | None = None
        """Seconds from the last ``stop()`` of a playing sound to the first silent sample reaching the DAC (PortAudio's timing)."""
        self._flowing = threading.Event()
        self._warm_frames = 0
        try:
            self._stream = sd.OutputStream(
                samplerate=self.rate, blocksize=max(1, int(self.rate * block_ms / 1000)), device=device,
                channels=1, dtype="int16", latency=latency, callback=self._callback,
            )
            # Some servers (PulseAudio's null sink) stall a new stream for up to ~1.5 s after
            # its first buffers; a sound played then would start late and run slow. Wait until
            # the callback has asked for more than the device's buffer, i.e. audio is flowing.
            self._warm_frames = int((self._stream.latency + 0.06) * self.rate)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioError(f"cannot open the audio output device {info['name']!r} ({exc})") from None
        if not self._flowing.wait(warmup_timeout):
            log.warning("audio output has not started after %.1f s", warmup_timeout)
        log.debug("speaker %r at %d Hz, latency %.3f s", info["name"], self.rate, self._stream.latency)

    rate: int
    """Samples per second the device plays; sounds at other rates are resampled with soxr."""

    @property
    def latency(self) -> float:
        """Seconds from a block leaving the callback to its being heard, as PortAudio reports it."""
        return float(self._stream.latency)

    def play(self, samples: np.ndarray, rate: int) -> None:
        sound = np.ascontiguousarray(resample(np.asarray(samples, dtype=np.int16), rate, self.rate), dtype=np.int16)
        with self._lock:
            if self._sound is not None:
                log.debug("cutting off a sound with %.3f s left", (len(self._sound) - self._pos) / self.rate)
            self._sound = sound if len(sound) else None
            self._pos = 0
            if self._sound is None:
                self._idle.set()
            else:
                self._idle.clear()

    def stop(self) -> None:
        with self._lock:
            if self._sound is not None:
                self._stop_called = self._stream.time
            self._sound = None
            self._pos = 0
            self._end_dac = 0.0
            self._idle.set()

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._sound is not None

    @property
    def remaining_seconds(self) -> float:
        with self._lock:
            return 0.0 if self._sound is None else (len(self._sound) - self._pos) / self.rate

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._idle.wait(timeout):
            return False
        # The last block has left the callback; it is heard once the device's clock passes its end.
        while True:
            with self._lock:
                end_dac = self._end_dac
            ahead = end_dac - self._stream.time if end_dac else 0.0
            if ahead <= 0:
                return True
            if deadline is not None and time.monotonic() + ahead > deadline:
                return False
            time.sleep(min(ahead, 0.05))

    def close(self) -> None:
        """Release the device; a sound still playing is cut off, audio already handed over is played out."""
        self.stop()
        log.debug("closing the speaker: %d underflows in %.1f s", self.underflows, self._frames_out / self.rate)
        try:
            self._stream.stop()  # drains what the device already holds (silence after a stop)
            self._stream.close()
        except self._sd.PortAudioError as exc:
            log.debug("closing the output stream: %s", exc)

    def __enter__(self) -> "SoundDeviceSpeaker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _callback(self, outdata: np.ndarray, frames: int, time_info, status) -> None:
        if status.output_underflow:
            self.underflows += 1
        self._frames_out += frames
        if self._frames_out >= self._warm_frames and not self._flowing.is_set():
            self._flowing.set()
        with self._lock:
            sound = self._sound
            if self._stop_called is not None:
                self.last_stop_latency = (time_info.outputBufferDacTime or self._stream.time + self._stream.latency) - self._stop_called
                self._stop_called = None
            if sound is None:
                outdata.fill(0)
                return
            n = min(frames, len(sound) - self._pos)
            outdata[:n, 0] = sound[self._pos: self._pos + n]
            outdata[n:] = 0
            self._pos += n
            if self._pos >= len(sound):
                dac = time_info.outputBufferDacTime
                self._end_dac = (dac + n / self.rate) if dac else (self._stream.time + self._stream.latency + n / self.rate)
                self._sound = None
                self._idle.set()
