"""The live coach: the default microphone and speaker, on the monotonic clock.

Output is a PortAudio stream whose callback pulls the coach's next samples
from the session's :class:`PlaybackTrack`; every block it plays is also kept
as the echo canceller's reference for the microphone chunks that follow, so
the coach hears the room minus its own voice. ``stop()`` on the track takes
effect at the next 20 ms block.
"""

from __future__ import annotations

import collections
import logging
import threading

import numpy as np

from voice_coach.audio.microphone import Microphone
from voice_coach.errors import AudioError
from voice_coach.session.track import PlaybackTrack
from voice_coach.timing.clock import MonotonicClock

log = logging.getLogger(__name__)

RATE = 16000
"""Samples per second of the live streams."""
BLOCK = 320
"""Samples per output block: 20 ms."""
OUTPUT_LATENCY = 0.1
"""Seconds of output buffered ahead. PortAudio's "low" (about 20 ms) starves whenever the main thread
decodes or renders for longer than that, and the coach's voice comes out with 50 ms holes in it
(measured on PulseAudio); 100 ms rides that out."""
ECHO_TAIL_MS = 300
"""The live echo path is output latency plus input latency plus the room: longer than a file session's."""


class TrackOutput:
    """Plays a :class:`PlaybackTrack` on an output device and keeps what it played as the echo reference."""

    def __init__(self, track: PlaybackTrack, device: int | str | None = None) -> None:
        self.track = track
        self.device = device
        """Output device (index or name part); None: the system default."""
        self._stream = None
        self._lock = threading.Lock()
        self._played: collections.deque[np.ndarray] = collections.deque(maxlen=200)
        self._pending = np.zeros(0, np.int16)

    def open(self) -> None:
        """Start the output stream; raises AudioError when there is no output device."""
        try:
            import sounddevice as sd
        except OSError as exc:  # PortAudio missing
            raise AudioError(f"audio output unavailable ({exc}); install libportaudio2") from None
        try:
            if not any(d["max_output_channels"] > 0 for d in sd.query_devices()):
                raise AudioError("no audio output device")
            self._stream = sd.OutputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK,
                                           device=self.device, callback=self._callback,
                                           latency=OUTPUT_LATENCY)
            self._stream.start()
        except sd.PortAudioError as exc:
            self._stream = None
            raise AudioError(f"cannot open audio output ({exc})") from None

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()

    def _callback(self, outdata, frames, time, status) -> None:
        block = self.track.pull(frames)
        outdata[:, 0] = block
        with self._lock:
            self._played.append(block)

    def reference(self, n: int) -> np.ndarray:
        """The next ``n`` samples that were played (zeros when nothing was), in playing order."""
        with self._lock:
            while len(self._pending) < n and self._played:
                self._pending = np.concatenate([self._pending, self._played.popleft()])
        if len(self._pending) < n:
            out = np.concatenate([self._pending, np.zeros(n - len(self._pending), np.int16)])
            self._pending = np.zeros(0, np.int16)
            return out
        out, self._pending = self._pending[:n], self._pending[n:]
        return out


def run_live(build_core, local_hour: float | None, input_device=None, output_device=None,
             stop: threading.Event | None = None) -> int:
    """Listen and coach until interrupted; ``build_core(track, events, canceller) -> CoachCore``."""
    from voice_coach.session.echo import EchoCanceller

    track = PlaybackTrack(RATE)
    output = TrackOutput(track, output_device)
    mic = Microphone(input_device, chunk_ms=BLOCK * 1000 // RATE)
    output.open()
    try:
        mic.open()
        clock = MonotonicClock()
        origin = clock.now()
        core = build_core(track, lambda entry: log.info("event %s", entry), EchoCanceller(RATE, ECHO_TAIL_MS))
        core.start(0.0, local_hour)
        print("voice-coach is listening. Say \"what can I say\" for help; Ctrl-C to quit.", flush=True)
        while stop is None or not stop.is_set():
            chunk = mic.read()
            core.process(chunk, output.reference(len(chunk)), clock.now() - origin)
        return 0
    finally:
        mic.close()
        output.close()
