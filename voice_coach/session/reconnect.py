"""Bringing lost audio devices back: retry reopening, and re-read PortAudio's device list when needed."""

from __future__ import annotations

import logging
from typing import Protocol

from voice_coach.timing.clock import MonotonicClock

log = logging.getLogger(__name__)

RETRY_S = 0.5
"""Seconds between attempts to reopen a lost device: back within about half a second, at a cost of one
failed open (well under a millisecond) per attempt while it is away."""
RESCAN_S = 3.0
"""Seconds between re-reads of PortAudio's device list while a device stays lost and the other is lost too.
PortAudio lists devices once, when it starts; a device that comes back under a new index (or after a
re-read made while the sound server was down) is only seen after another re-read. When the list has no
device of the lost kind at all, it is re-read on every attempt instead (about 40 ms each)."""
RESCAN_WORKING_S = 30.0
"""The same while the other device still works: a re-read closes every open stream (ours are reopened at
once), so the working device misses a moment of audio each time; rarely, then."""

class Outage:
    """When a device went away, and whether that was announced: the loss and the return are logged once each.

    ``logger`` is the device's own (its warnings keep its module's name); ``quiet`` losses (a stream closed
    for a device-list re-read) are logged neither going nor coming back.
    """

    def __init__(self, clock: MonotonicClock, logger: logging.Logger, name: str, goes_on: str) -> None:
        self.clock = clock
        self._log = logger
        self._name = name  # "microphone", "speaker"
        self._goes_on = goes_on  # what carries on meanwhile, for the warning
        self._since: float | None = None  # clock seconds the device went away; None while it works
        self._announced = False

    @property
    def active(self) -> bool:
        """True while the device is away."""
        return self._since is not None

    def begin(self, reason: str, quiet: bool = False) -> None:
        """The device went away (again is a no-op while it is still away)."""
        if self._since is None:
            self._since = self.clock.now()
            self._announced = not quiet
            if not quiet:
                self._log.warning("%s lost: %s; %s, retrying every %g s", self._name, reason, self._goes_on, RETRY_S)

    def end(self) -> None:
        """The device works again."""
        since, self._since = self._since, None
        if since is not None and self._announced:
            self._log.warning("%s back after %.1f s", self._name, self.clock.now() - since)


class Reconnectable(Protocol):
    """A live device that can be lost and reopened (:class:`LiveInput`, :class:`TrackOutput`)."""

    kind: str

    @property
    def lost(self) -> bool: ...

    def lose(self, reason: str, quiet: bool = False) -> None: ...

    def reopen(self) -> bool: ...


def rescan_devices() -> None:
    """Make PortAudio list the devices again (it reads them once, at initialisation).

    ``_terminate()`` then ``_initialize()`` is the way sounddevice's maintainer gives for a re-scan
    (python-sounddevice issues #3 and #125); both are private. Terminating closes every open stream
    under its owner's feet, so callers close theirs first.
    """
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


def _listed(kind: str) -> bool:
    """True if PortAudio's (possibly stale) list has any device with ``kind`` ("input"/"output") channels."""
    import sounddevice as sd

    try:
        return any(d[f"max_{kind}_channels"] > 0 for d in sd.query_devices())
    except sd.PortAudioError:
        return False


class Reconnector:
    """Reopens lost devices every ``RETRY_S``; re-reads the device list when reopening alone cannot work."""

    def __init__(self, clock: MonotonicClock, devices: list[Reconnectable]) -> None:
        self.clock = clock
        self.devices = devices
        self._next_try = 0.0  # clock seconds of the next attempt
        self._rescanned_at = clock.now()  # clock seconds of the last re-read of the device list

    def step(self) -> None:
        """Retry lost devices if an attempt is due; cheap when none is lost. Call once per chunk."""
        now = self.clock.now()
        if now < self._next_try or not any(d.lost for d in self.devices):
            return
        self._next_try = now + RETRY_S
        still = [d for d in self.devices if d.lost and not d.reopen()]
        if still and self._rescan_due(now, still):
            self._rescan(now)

    def _rescan_due(self, now: float, still: list[Reconnectable]) -> bool:
        """Time to re-read the list: see ``RESCAN_S`` and ``RESCAN_WORKING_S``."""
        working = any(not d.lost for d in self.devices)
        if now - self._rescanned_at >= (RESCAN_WORKING_S if working else RESCAN_S):
            return True
        return not working and any(not _listed(d.kind) for d in still)

    def _rescan(self, now: float) -> None:
        """Close every stream (a re-read would pull them away), re-read the list, reopen everything."""
        log.debug("re-reading the audio device list")
        for device in self.devices:
            device.lose("device list re-read", quiet=True)
        rescan_devices()
        self._rescanned_at = now
        for device in self.devices:
            device.reopen()
