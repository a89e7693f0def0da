"""The live coach: the default microphone and speaker, on the monotonic clock.

Devices come and go (a headset unplugged, the sound server restarted). The
session never stops for it: each loss is logged as a WARNING, the dialog state
stays where it was, and :class:`~voice_coach.session.reconnect.Reconnector`
tries to reopen the device every ``RETRY_S``. Meanwhile time goes on as if
nothing happened: the microphone's place is taken by silence handed out on its
real-time deadlines (so the routine's cues, which are absolute deadlines on the
one monotonic clock, keep firing), and the lost speaker's track is still
consumed at real-time pace (so when a speaker is back, what plays is what is
due now, not a backlog).
"""

from __future__ import annotations

import logging
import threading

from voice_coach.audio.microphone import Microphone
from voice_coach.session.live_input import MIC_STALL_S, LiveInput
from voice_coach.session.live_output import BLOCK, RATE, TrackOutput
from voice_coach.session.reconnect import Reconnector
from voice_coach.session.track import PlaybackTrack
from voice_coach.timing.clock import MonotonicClock

log = logging.getLogger(__name__)

ECHO_TAIL_MS = 300
"""The live echo path is output latency plus input latency plus the room: longer than a file session's."""

def run_live(build_core, local_hour: float | None, input_device=None, output_device=None,
             stop: threading.Event | None = None) -> int:
    """Listen and coach until interrupted; ``build_core(track, events, canceller, clock) -> CoachCore``.

    The devices must be there at the start (AudioError otherwise); after that, losing either is survived.
    """
    from voice_coach.session.echo import EchoCanceller

    clock = MonotonicClock()
    track = PlaybackTrack(RATE)
    output = TrackOutput(track, output_device, clock)
    listening = LiveInput(Microphone(input_device, chunk_ms=BLOCK * 1000 // RATE, timeout_s=MIC_STALL_S), clock)
    reconnector = Reconnector(clock, [listening, output])
    output.open()
    try:
        core = build_core(track, lambda entry: log.debug("event %s", entry), EchoCanceller(RATE, ECHO_TAIL_MS), clock)
        # Opened once the core is built (loading a recognizer can take seconds): its first chunk is now.
        listening.open()
        origin = clock.now()
        core.start(0.0, local_hour)
        print("voice-coach is listening. Say \"what can I say\" for help; Ctrl-C to quit.", flush=True)
        while stop is None or not stop.is_set():
            chunk = listening.next_chunk()
            output.keep_up()
            core.process(chunk, output.reference(len(chunk)), clock.now() - origin)
            reconnector.step()
        return 0
    finally:
        listening.close()
        output.close()
