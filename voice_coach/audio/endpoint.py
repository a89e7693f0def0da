"""Cut a 16 kHz stream into utterances: where speech starts, where it ends.

:class:`Endpointer` takes int16 chunks of any size, judges fixed frames with
:class:`~voice_coach.audio.vad.VoiceDetector`, and yields an
:class:`Utterance` for each stretch of speech. Speech starts once
``start_voiced_ms`` of voiced frames fall within a ``start_window_ms`` window;
it ends after ``end_silence_ms`` without a voiced frame, or is force-split at
``max_utterance_s``. Every time is counted in samples from the first chunk,
never read from a clock, so a file runs as fast as the machine allows and gives
the same answer every time.

Why these defaults (measured on espeak-ng commands, 4 voices x 10 lines, and on
the 120 real Speech Commands clips): the end of speech is decided 150 ms after
the last voiced frame when the speech stands clear of the noise, which puts the
decision a median 170 ms (95th percentile 180 ms) after the true end and leaves
room in the coach's 250 ms response budget. Through noise the weak sounds (f,
s, the closure before a p) fall under the gate, and 150 ms would split "my calf
| is cramping", so noisy speech waits 240 ms. A frame counts as voiced only
within ``tail_db`` of the loudest frame so far, which cuts WebRTC's own
60-90 ms hangover on clear speech.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from voice_coach.audio.vad import RATE, VoiceActivitySettings, VoiceDetector

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EndpointSettings:
    """When speech is taken to start and end."""

    voice: VoiceActivitySettings = field(default_factory=VoiceActivitySettings)
    """How single frames are judged voiced."""

    start_window_ms: int = 300
    """Length of the window in which voiced frames are counted to start speech, in milliseconds."""

    start_voiced_ms: int = 90
    """Voiced milliseconds within the window that start speech."""

    end_silence_ms: int = 150
    """Milliseconds without a voiced frame that end clear speech (the response-time cost of endpointing)."""

    noisy_end_silence_ms: int = 240
    """Milliseconds without a voiced frame that end speech heard through noise (weak sounds drop below the gate)."""

    clear_db: float = 25.0
    """Speech whose loudest frame stands this many decibels above the noise floor counts as clear."""

    tail_db: float = 30.0
    """Inside speech, frames more than this many decibels below its loudest frame count as silence (0 disables)."""

    pre_roll_ms: int = 300
    """Milliseconds of audio kept before the start of speech in an utterance's samples."""

    max_utterance_s: float = 6.0
    """Speech longer than this many seconds is split into utterances of this length."""

    min_voiced_ms: int = 120
    """Utterances with fewer voiced milliseconds than this are dropped as clicks or bumps."""

    keep_denoised: bool = True
    """Utterances carry the audio after the detector's noise suppression, so the recognizer hears it too
    (and the recording beside it, for a second look: see ``HearingSettings.second_look_from``).

    Measured with ``scripts/bench_recognition.py --quick`` (PocketSphinx, 840 command
    streams): intent accuracy clean / 20 / 10 / 6 dB SNR 81.5 / 83.3 / 70.5 / 56.7%
    on the raw audio, 81.9 / 87.1 / 77.6 / 65.2% on this; false activations 25 -> 21;
    real people's "stop", "no", "right" 8 -> 10, 8 -> 11, 8 -> 10 of 12. Tried and
    not taken: suppression only for speech less than 25 or 35 dB above the noise
    floor (mean 75.5 / 77.2%, the real people's words back down to 8 of 12: their
    recordings count as clear and gain the most); level 3 (71.9% at 6 dB, but real
    people's "left" 9 -> 7 of 12). False: the raw audio.
    """


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech found in the stream."""

    start: float
    """Start of speech (the first voiced frame), in seconds of audio from the stream's start."""

    end: float
    """End of speech (just past the last voiced frame), in seconds of audio."""

    samples: np.ndarray
    """int16 16 kHz audio from up to ``pre_roll_ms`` before ``start`` to ``decided``."""

    samples_start: float
    """Time of ``samples[0]``, in seconds of audio."""

    decided: float
    """Audio time at which the end was decided (``end`` plus the trailing silence waited for), in seconds."""

    voiced: float
    """Seconds of voiced frames inside the utterance."""

    recorded: np.ndarray | None = None
    """The same span as it was recorded, when ``samples`` went through noise suppression; else None."""

    @property
    def duration(self) -> float:
        """Length of the speech, ``end - start``, in seconds."""
        return self.end - self.start


class Endpointer:
    """Turns 16 kHz int16 chunks into utterances; ``speaking`` tells whether speech is going on now."""

    def __init__(self, settings: EndpointSettings = EndpointSettings(),
                 detector: VoiceDetector | None = None) -> None:
        self.settings = settings
        self.detector = detector if detector is not None else VoiceDetector(settings.voice)
        self._frame = settings.voice.frame_samples
        ms = settings.voice.frame_ms
        self._window_frames = max(1, settings.start_window_ms // ms)
        self._start_frames = max(1, -(-settings.start_voiced_ms // ms))
        self._end_frames = max(1, -(-settings.end_silence_ms // ms))
        self._noisy_end_frames = max(1, -(-settings.noisy_end_silence_ms // ms))
        self._min_voiced = max(1, -(-settings.min_voiced_ms // ms))
        self._max_samples = round(settings.max_utterance_s * RATE)
        self._pre_roll = settings.pre_roll_ms * RATE // 1000
        history = self._pre_roll + self._window_frames * self._frame
        self._history: deque[np.ndarray] = deque(maxlen=-(-history // self._frame) + 1)
        self._window: deque[bool] = deque(maxlen=self._window_frames)
        self._window_db: deque[tuple[float, float]] = deque(maxlen=self._window_frames)
        self._pending = np.zeros(0, dtype=np.int16)
        self._pos = 0
        self._reset_speech()

    @property
    def speaking(self) -> bool:
        """Whether speech is going on at the current audio time."""
        return self._start is not None

    @property
    def speech_start(self) -> float | None:
        """Audio time in seconds at which the current speech started, or None when not speaking."""
        return None if self._start is None else self._start / RATE

    @property
    def time(self) -> float:
        """Audio time in seconds of all whole frames judged so far."""
        return self._pos / RATE

    def may_have_started_by(self, t: float) -> bool:
        """Whether speech that began at or before ``t`` seconds is going on or could still be found.

        Speech is known to start only once enough voiced frames fill the start
        window, and then it starts at the window's first voiced frame; so a
        start at or before ``t`` needs a voiced frame at or before ``t`` that is
        still in the window. With none there, the answer is final: no later
        frame can move a start back before ``t``.
        """
        if self._start is not None:
            return self._start / RATE <= t
        n = len(self._window)
        return any(voiced and (self._pos - (n - i) * self._frame) / RATE <= t
                   for i, voiced in enumerate(self._window))

    def feed(self, chunk: np.ndarray) -> Iterator[Utterance]:
        """Add int16 samples (any count); yields each utterance that ended within them."""
        chunk = np.asarray(chunk, dtype=np.int16)
        data = np.concatenate((self._pending, chunk)) if self._pending.size else chunk
        whole = data.size - data.size % self._frame
        for at in range(0, whole, self._frame):
            utterance = self._step(data[at:at + self._frame])
            if utterance is not None:
                yield utterance
        self._pending = data[whole:].copy()

    def flush(self) -> Iterator[Utterance]:
        """End of stream: yields the utterance still in progress, if any, and resets."""
        if self._start is not None and self._last_voiced is not None:
            utterance = self._finish(self._last_voiced)
            if utterance is not None:
                yield utterance
        self._reset_speech()
        self._pending = np.zeros(0, dtype=np.int16)

    def process(self, chunks: Iterable[np.ndarray]) -> Iterator[Utterance]:
        """Every utterance of a whole stream of chunks, flushing at its end."""
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.flush()

    def _reset_speech(self) -> None:
        """Back to listening for the start of speech."""
        self._start: int | None = None
        self._last_voiced: int | None = None
        self._voiced = 0
        self._peak_snr = 0.0
        self._peak_above = 0.0
        self._audio: list[np.ndarray] = []
        self._audio_start = 0

    def _step(self, frame: np.ndarray) -> Utterance | None:
        """Judge one frame at the current position and advance."""
        level = self.detector.classify(frame)
        frame = np.stack((frame, self.detector.judged))  # (as recorded, as judged)
        begin, self._pos = self._pos, self._pos + self._frame
        voiced = level > 0
        if self._start is None:
            self._history.append(frame)
            self._window.append(level == 2)
            self._window_db.append(self._levels() if voiced else (0.0, 0.0))
            if sum(self._window) >= self._start_frames:
                self._begin()
            return None
        self._audio.append(frame)
        snr, above = self._levels()
        if voiced and self.settings.tail_db > 0 and above < self._peak_above - self.settings.tail_db:
            voiced = False
        if voiced:
            self._voiced += 1
            self._last_voiced = begin + self._frame
            self._peak_snr = max(self._peak_snr, snr)
            self._peak_above = max(self._peak_above, above)
        if self._pos - self._start >= self._max_samples:
            return self._split()
        end_frames = self._end_frames if self._peak_snr >= self.settings.clear_db else self._noisy_end_frames
        if self._pos - self._last_voiced >= end_frames * self._frame:
            utterance = self._finish(self._last_voiced)
            self._history.extend(self._audio[-(self._history.maxlen or 1):])
            self._reset_speech()
            return utterance
        return None

    def _levels(self) -> tuple[float, float]:
        """(dB the last frame stood above the noise before suppression, dB its judged signal stood above its floor)."""
        return self.detector.snr_db, self.detector.energy_db - self.detector.floor_db

    def _begin(self) -> None:
        """Speech has started: its start is the first voiced frame in the window."""
        first = list(self._window).index(True)
        self._start = self._pos - (len(self._window) - first) * self._frame
        self._last_voiced = self._pos
        self._voiced = sum(self._window)
        self._peak_snr = max(snr for snr, _ in self._window_db)
        self._peak_above = max(above for _, above in self._window_db)
        frames = list(self._history)
        self._audio_start = self._pos - len(frames) * self._frame
        keep_from = max(self._audio_start, self._start - self._pre_roll)
        drop = (keep_from - self._audio_start) // self._frame
        self._audio = frames[drop:]
        self._audio_start += drop * self._frame
        self._window.clear()
        self._window_db.clear()
        self._history.clear()
        log.debug("speech starts at %.3f s", self._start / RATE)

    def _finish(self, end: int) -> Utterance | None:
        """The utterance from the current start to ``end`` (sample index), or None if too little was voiced."""
        if self._voiced < self._min_voiced:
            log.debug("dropped %.3f-%.3f s: only %d voiced frames", self._start / RATE, end / RATE, self._voiced)
            return None
        both = np.concatenate(self._audio, axis=1) if self._audio else np.zeros((2, 0), dtype=np.int16)
        samples, recorded = (both[1].copy(), both[0].copy()) if self.settings.keep_denoised else (both[0].copy(), None)
        voiced_s = self._voiced * self._frame / RATE
        log.debug("utterance %.3f-%.3f s (decided at %.3f s)", self._start / RATE, end / RATE, self._pos / RATE)
        return Utterance(self._start / RATE, end / RATE, samples, self._audio_start / RATE, self._pos / RATE, voiced_s,
                         recorded)

    def _split(self) -> Utterance | None:
        """Speech ran past the longest utterance: end it here and carry straight on with a new one."""
        utterance = self._finish(self._pos)
        tail = self._audio[-max(1, self._pre_roll // self._frame):]
        self._audio, self._audio_start = list(tail), self._pos - len(tail) * self._frame
        self._start, self._last_voiced, self._voiced = self._pos, self._pos, 0
        log.debug("speech longer than %.1f s: split at %.3f s", self.settings.max_utterance_s, self._pos / RATE)
        return utterance
