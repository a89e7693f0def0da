"""The live microphone: 16 kHz mono int16 chunks from a sound card, through PortAudio.

:class:`Microphone` opens a ``sounddevice.InputStream`` at 16 kHz when the
device takes it, or at the device's own rate with soxr resampling when it does
not. PortAudio's callback only copies each block into a bounded queue; the
reading thread resamples and cuts exact chunks, so the audio thread never
waits. If the reader falls behind, the oldest blocks are dropped (and counted)
rather than letting memory grow.

A device can go away mid-session (unplugged, the sound server restarted):
PortAudio's stream then stops on its own. :meth:`Microphone.poll` says so at
once (AudioError) instead of waiting out ``timeout_s``, and ``close()`` then
``open()`` starts afresh on whatever device answers to the same name; the live
loop (``voice_coach.session.reconnect``) does that retrying.
"""

from __future__ import annotations

import logging
import queue
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from voice_coach.audio.resample import TARGET_RATE, Rechunker, StreamResampler, to_int16
from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

POLL_S = 0.1
"""Seconds ``read()`` waits at a time before checking that the stream is still running."""


@dataclass(frozen=True)
class InputDevice:
    """One audio input the machine offers."""

    index: int
    """PortAudio device index (what ``Microphone(device=...)`` takes)."""

    name: str
    """Device name as PortAudio reports it."""

    channels: int
    """Most input channels the device has."""

    default_rate: float
    """The device's preferred sample rate, in hertz."""


def _sounddevice() -> ModuleType:
    """The sounddevice module, or an AudioError if PortAudio is missing."""
    try:
        import sounddevice
    except OSError as e:
        raise AudioError(f"no audio input device (PortAudio library not found: {e}; apt-get install libportaudio2)") from None
    return sounddevice


def input_devices() -> list[InputDevice]:
    """Every device with at least one input channel."""
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except sd.PortAudioError as e:
        raise AudioError(f"cannot list audio devices ({e})") from None
    return [InputDevice(d["index"], d["name"], d["max_input_channels"], float(d["default_samplerate"]))
            for d in devices if d["max_input_channels"] > 0]


class Microphone:
    """16 kHz mono int16 chunks of ``chunk_ms`` milliseconds from an input device (default: the system's)."""

    def __init__(self, device: int | str | None = None, chunk_ms: int = 20, capture_rate: int | None = None,
                 queue_blocks: int = 500, timeout_s: float = 2.0) -> None:
        self.device = device
        self.chunk_samples = TARGET_RATE * chunk_ms // 1000
        self.timeout_s = timeout_s
        self.dropped = 0
        """Blocks thrown away because the reader fell behind."""
        self._capture_rate = capture_rate
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=queue_blocks)
        self._ready: deque[np.ndarray] = deque()
        self._chunker = Rechunker(self.chunk_samples)
        self._resampler: StreamResampler | None = None
        self._stream = None
        self.rate: float = TARGET_RATE
        """Rate the device is really captured at, in hertz (16000 unless it would not take that)."""

    def __enter__(self) -> Microphone:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        """True while the stream is open and PortAudio is still running it (False once the device went away)."""
        stream = self._stream
        return stream is not None and stream.active

    def open(self) -> None:
        """Start capturing; raises AudioError if there is no usable input device."""
        if self._stream is not None:
            return
        sd = _sounddevice()
        self._forget_buffered()
        info = self._device_info(sd)
        rate, dtype = self._choose_rate(sd, info)
        self.rate = rate
        self._resampler = None if rate == TARGET_RATE else StreamResampler(rate, TARGET_RATE)
        block = max(1, round(rate * self.chunk_samples / TARGET_RATE))
        try:
            self._stream = sd.InputStream(device=self.device, samplerate=rate, channels=1, dtype=dtype,
                                          blocksize=block, callback=self._callback)
            self._stream.start()
        except sd.PortAudioError as e:
            self._stream = None
            raise AudioError(f"cannot open audio input {info['name']!r} ({e})") from None
        log.info("microphone %r open at %g Hz (%s)", info["name"], rate, "direct" if rate == TARGET_RATE else "resampled")

    def close(self) -> None:
        """Stop capturing and release the device (also when it has already gone away)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            sd = _sounddevice()
            try:
                stream.stop()
                stream.close()
            except sd.PortAudioError as e:  # the device or server is gone: nothing left to release
                log.debug("microphone: closing a lost stream: %s", e)
        if self.dropped:
            log.warning("microphone: %d blocks dropped because the reader fell behind", self.dropped)

    def read(self) -> np.ndarray:
        """The next chunk of ``chunk_samples`` int16 samples at 16 kHz (blocks until it is there).

        Raises AudioError when nothing came for ``timeout_s`` seconds or the stream stopped.
        """
        waited = 0.0
        while True:
            chunk = self.poll(POLL_S)
            if chunk is not None:
                return chunk
            waited += POLL_S
            if waited >= self.timeout_s:
                raise AudioError(f"microphone delivered no audio for {self.timeout_s:g} s")

    def poll(self, wait_s: float) -> np.ndarray | None:
        """The next chunk if one is there within ``wait_s`` seconds, else None.

        Raises AudioError at once when the microphone is not open or its stream has stopped
        (the device went away), so a caller can reconnect without waiting out ``timeout_s``.
        """
        stream = self._stream
        if stream is None:
            raise AudioError("microphone is not open")
        while not self._ready:
            try:
                # Blocks are chunk-sized (see open()), so one wait of wait_s is normally all it takes.
                block = self._queue.get(timeout=max(0.0, wait_s))
            except queue.Empty:
                if not stream.active:
                    raise AudioError("microphone stream stopped (the input device went away)") from None
                return None
            self._take(block)
        return self._ready.popleft()

    def _take(self, block: np.ndarray) -> None:
        """Resample one captured block (if needed) and cut it into ready chunks."""
        if self._resampler is not None:
            block = to_int16(self._resampler.process(block))
        self._ready.extend(self._chunker.push(block))

    def _forget_buffered(self) -> None:
        """Drop audio left from an earlier stream: after a reconnect it is stale, not the next samples."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._ready.clear()
        self._chunker = Rechunker(self.chunk_samples)

    def __iter__(self) -> Iterator[np.ndarray]:
        """Chunks for as long as the microphone is open (opens it if needed)."""
        self.open()
        while self._stream is not None:
            yield self.read()

    def _callback(self, indata: np.ndarray, frames: int, time: object, status: object) -> None:
        """PortAudio's audio thread: copy the block into the queue, dropping the oldest if full."""
        if status:
            log.debug("microphone status: %s", status)
        block = indata[:, 0].copy()
        try:
            self._queue.put_nowait(block)
        except queue.Full:
            self.dropped += 1
            try:
                self._queue.get_nowait()
            except queue.Empty:
                pass
            self._queue.put_nowait(block)

    def _device_info(self, sd: ModuleType) -> dict:
        """PortAudio's description of the chosen input device, or AudioError if there is none."""
        try:
            devices = sd.query_devices()
        except sd.PortAudioError:
            devices = []
        if not any(d["max_input_channels"] > 0 for d in devices):
            raise AudioError("no audio input device")
        try:
            info = sd.query_devices(self.device, kind="input")
        except (sd.PortAudioError, ValueError) as e:
            which = "" if self.device is None else f" {self.device!r}"
            raise AudioError(f"no audio input device{which} ({e})") from None
        if info["max_input_channels"] < 1:
            raise AudioError(f"audio device {info['name']!r} has no input channels")
        return info

    def _choose_rate(self, sd: ModuleType, info: dict) -> tuple[float, str]:
        """16 kHz int16 if the device takes it, else its default rate in float32 (resampled here)."""
        if self._capture_rate is None or self._capture_rate == TARGET_RATE:
            try:
                sd.check_input_settings(device=self.device, channels=1, dtype="int16", samplerate=TARGET_RATE)
                return TARGET_RATE, "int16"
            except sd.PortAudioError as e:
                log.info("input %r does not take 16 kHz (%s); resampling from its default rate", info["name"], e)
        rate = float(self._capture_rate or info["default_samplerate"])
        return rate, "float32"
