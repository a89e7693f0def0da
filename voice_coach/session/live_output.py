"""The live speaker: a PortAudio output stream that plays the session's :class:`PlaybackTrack`.

Every block it plays is also kept as the echo canceller's reference for the
microphone chunks that follow, so the coach hears the room minus its own
voice. When the device goes away or stalls, the track is still consumed at
real-time pace, so the routine's timeline never waits for a speaker that is
not there (:mod:`voice_coach.session.reconnect` brings it back).
"""

from __future__ import annotations

import collections
import logging
import threading

import numpy as np

from voice_coach.errors import AudioError
from voice_coach.session.reconnect import Outage
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
OUTPUT_STALL_S = 2.0
"""Seconds without an output callback, on a stream that is still open, after which the speaker counts as
stalled (a suspended sink, a hung device) and the track is drained in real time until it takes audio again.
Longer than the 1.5 s a sleeping PulseAudio sink takes to start after a connect, so a start is no stall."""

class TrackOutput:
    """Plays a :class:`PlaybackTrack` on an output device and keeps what it played as the echo reference.

    While the device is lost (its stream stopped) or stalled (open, but taking no audio) the track is
    consumed at real-time pace anyway (nothing is played, so the echo reference is silence): the timeline
    does not stall behind an output that is not there, and a speaker that comes back plays what is due now.
    """

    kind = "output"
    """Which PortAudio channels this device needs (for the device-list check)."""

    def __init__(self, track: PlaybackTrack, device: int | str | None = None,
                 clock: MonotonicClock | None = None) -> None:
        self.track = track
        self.device = device
        """Output device (index or name part); None: the system default."""
        self.clock = clock if clock is not None else MonotonicClock()
        self._stream = None
        self._lock = threading.Lock()
        self._played: collections.deque[np.ndarray] = collections.deque(maxlen=200)
        self._pending = np.zeros(0, np.int16)
        self._played_until = self.clock.now()  # clock seconds: the track has been consumed up to here
        self._callback_at = self._played_until  # clock seconds of the output callback's last call (or open)
        self._stalled_at: float | None = None  # the stream is open but has taken nothing since then
        self._outage = Outage(self.clock, log, "speaker", "the routine keeps its time")
        self.underflows = 0
        """Output blocks PortAudio reported late (the device ran dry): each is a hole in the coach's voice."""
        self._underflows_told = 0

    @property
    def lost(self) -> bool:
        """True while the output device is away (the track is being drained instead of played)."""
        return self._outage.active

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
        except (sd.PortAudioError, ValueError) as exc:
            self._release_stream()
            raise AudioError(f"cannot open audio output ({exc})") from None
        self._played_until = self._callback_at = self.clock.now()
        self._stalled_at = None

    def close(self) -> None:
        """Stop playing and release the device (also when it has already gone away)."""
        self._release_stream()

    def keep_up(self) -> None:
        """Notice a lost or stalled device, and meanwhile consume the track at real-time pace; call often."""
        stream = self._stream
        if not self._outage.active and (stream is None or not stream.active):
            self.lose("output stream stopped (the output device went away)")
        if self._outage.active:
            self._drain()
            return
        if self.underflows > self._underflows_told:
            log.warning("speaker ran dry %d times (the coach's voice skipped): this process was too busy to feed it",
                        self.underflows - self._underflows_told)
            self._underflows_told = self.underflows
        silent_s = self.clock.now() - self._callback_at
        if silent_s > OUTPUT_STALL_S:
            if self._stalled_at is None:
                self._stalled_at = self._callback_at
                log.warning("speaker stalled: it has taken no audio for %.1f s; the routine keeps its time", silent_s)
            self._drain()
        elif self._stalled_at is not None:
            log.warning("speaker taking audio again after %.1f s", self._callback_at - self._stalled_at)
            self._stalled_at = None

    def lose(self, reason: str, quiet: bool = False) -> None:
        """The device is gone: close what is left of the stream and drain from where playing stopped."""
        self._outage.begin(reason, quiet)
        self._release_stream()

    def reopen(self) -> bool:
        """Try to open the output again; True when it plays (logged if it had been lost)."""
        self._drain()
        try:
            self.open()
        except AudioError as exc:
            log.debug("speaker still away: %s", exc)
            return False
        self._outage.end()
        return True

    def _drain(self) -> None:
        """Pull (and drop) what would have played since ``_played_until``, in real time."""
        now = self.clock.now()
        n = int((now - self._played_until) * RATE)
        if n > 0:
            self.track.pull(n)
            self._played_until += n / RATE

    def _release_stream(self) -> None:
        """Close the stream, whatever state the device left it in."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        import sounddevice as sd

        try:
            # abort, not stop: stop waits for the buffered audio to play, which a stalled device never does.
            stream.abort()
            stream.close()
        except sd.PortAudioError as exc:  # the device or server is gone: nothing left to release
            log.debug("speaker: closing a lost stream: %s", exc)

    def _callback(self, outdata, frames, time, status) -> None:
        """PortAudio's audio thread: play the track's next block and keep it as the echo reference."""
        block = self.track.pull(frames)
        if status.output_underflow:
            self.underflows += 1
        outdata[:, 0] = block
        with self._lock:
            self._played.append(block)
        self._played_until = self._callback_at = self.clock.now()

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
