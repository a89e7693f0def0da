"""Run engines side by side on the very same endpointed utterances, timing every decode.

Each stream goes through the coach's endpointer once (the pipeline's own
:class:`~voice_coach.hearing.pipeline.Hearing`, with fragments held and
joined as live); every engine then hears each of those utterances with
``Hearing.hear`` (its confidence limit and second look included), so the
engines differ in nothing but the recognizer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from voice_coach.audio.endpoint import Utterance
from voice_coach.errors import CoachError
from voice_coach.hearing.base import Recognizer
from voice_coach.hearing.pipeline import CHUNK_SAMPLES, Hearing, HearingSettings
from voice_coach.hearing.result import Hypothesis, Recognition, settled
from voice_coach.bench.recognition.streams import Stream, StreamInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What every engine heard in one stream."""

    info: StreamInfo
    """What the stream holds."""
    seconds: float
    """Length of the stream, in seconds."""
    utterances: int
    """Utterances the endpointer found in it."""
    heard: dict[str, tuple[Recognition, ...]]
    """Engine name -> what it heard, one :class:`Recognition` an utterance, as ``voice-coach recognize`` reports them
    (:func:`~voice_coach.hearing.result.settled`: a first part that its whole amends is left out)."""

    def intents(self, engine: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """The intents (with sorted slots) ``engine`` heard, in order."""
        return [(h.intent, tuple(sorted(h.slots.items()))) for h in self.heard[engine] if h.intent]


@dataclass
class DecodeTimes:
    """Wall time and audio length of every single decode of one engine (grows as the engine runs)."""

    wall_s: list[float] = field(default_factory=list)
    """Wall-clock seconds of each ``recognize`` call."""
    audio_s: list[float] = field(default_factory=list)
    """Seconds of audio each call decoded."""


class TimedRecognizer:
    """A recognizer that times every decode of the one it wraps."""

    def __init__(self, name: str, inner: Recognizer, times: DecodeTimes, clock=time.perf_counter) -> None:
        self.inner = inner
        """The engine."""
        self.name = name
        """The engine's name, as ``--engines`` spells it."""
        self.times = times
        """Where each decode's time goes."""
        self._clock = clock

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        start = self._clock()
        hypothesis = self.inner.recognize(samples)
        self.times.wall_s.append(self._clock() - start)
        self.times.audio_s.append(len(samples) / 16000)
        return hypothesis


class _Collector:
    """Stands where the decoder process would (``Hearing``'s ``apart``): keeps the utterances, hears none."""

    def __init__(self) -> None:
        self.utterances: list[Utterance] = []

    def submit(self, utterance: Utterance) -> None:
        self.utterances.append(utterance)

    def ready(self, wait: bool = False) -> list[Recognition]:
        return []


def load_engines(names: Sequence[str], templates, model: str | None = None) -> tuple[dict[str, Recognizer], list[str]]:
    """The engines that could be made (name -> recognizer), and a note for each that could not.

    An engine that is not there yet, or has no model, raises ModelError (any CoachError is taken so).
    """
    from voice_coach.hearing.select import make_recognizer

    engines, notes = {}, []
    for name in names:
        try:
            engines[name] = make_recognizer(name, None if name == "pocketsphinx" else model, templates)
        except CoachError as exc:
            notes.append(f"{name}: skipped ({exc})")
            log.warning("engine %s skipped: %s", name, exc)
    return engines, notes


def endpoint(audio: np.ndarray, parser, settings: HearingSettings) -> list[Utterance]:
    """The utterances the coach's endpointer finds in ``audio`` (fragments joined as live)."""
    collector = _Collector()
    segmenter = Hearing(None, parser, settings, apart=collector)
    for _ in segmenter.process(audio[i:i + CHUNK_SAMPLES] for i in range(0, audio.size, CHUNK_SAMPLES)):
        pass
    return collector.utterances


class Bench:
    """Engines side by side: ``run`` a stream, get what each heard."""

    def __init__(self, engines: dict[str, Recognizer], parser, settings: HearingSettings = HearingSettings()) -> None:
        self.parser = parser
        """The intent parser all engines share."""
        self.settings = settings
        """Endpointing and confidence limits, the same for every engine."""
        self.times = {name: DecodeTimes() for name in engines}
        """Engine name -> the time of its every decode."""
        self._hearings = {name: Hearing(TimedRecognizer(name, engine, self.times[name]), parser, settings)
                          for name, engine in engines.items()}

    def run(self, stream: Stream) -> Outcome:
        """What every engine hears in ``stream``."""
        utterances = endpoint(stream.audio, self.parser, self.settings)
        heard = {}
        for name, hearing in self._hearings.items():
            hearing.reset()
            heard[name] = tuple(settled(hearing.hear(u) for u in utterances))
        return Outcome(stream.info, stream.audio.size / 16000, len(utterances), heard)

    def run_all(self, streams: Iterable[Stream], progress_every: int = 500) -> list[Outcome]:
        """Every stream's outcome, in order (logging progress now and then)."""
        out, start = [], time.monotonic()
        for n, stream in enumerate(streams, 1):
            out.append(self.run(stream))
            if n % progress_every == 0:
                log.info("%d streams in %.0f s", n, time.monotonic() - start)
        return out
