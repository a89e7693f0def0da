"""From audio to what the person said: endpointer, recognizer, intent parser.

:class:`Hearing` is fed 16 kHz int16 chunks (a microphone, a file) and gives a
:class:`~voice_coach.hearing.result.Recognition` for every utterance the endpointer
finds. An utterance whose recognition confidence is below
``HearingSettings.min_confidence``, or whose words the parser cannot read as a
command, is still reported, with empty text and intent None: the caller
decides whether "someone spoke, it was no command" matters (the recognize
command prints it; the dialog ignores it). Memory does not grow with the
length of the stream: only the utterance in progress is held.

The recognizer hears each utterance after the voice detector's noise
suppression; a near miss there gets a second look at the audio as recorded
(``HearingSettings.second_look_from``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from voice_coach.audio.endpoint import Endpointer, EndpointSettings, Utterance
from voice_coach.hearing.base import Recognizer
from voice_coach.hearing.result import Hypothesis, Recognition, settled

log = logging.getLogger(__name__)

CHUNK_SAMPLES = 1600
"""Samples per chunk read from a file (0.1 s)."""


@dataclass(frozen=True)
class HearingSettings:
    """How speech is cut into utterances and when a recognition counts."""

    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    """Where utterances start and end."""
    min_confidence: float = 0.5
    """Recognitions below this confidence (0..1) give no intent."""
    fragment_s: float = 0.3
    """Speech shorter than this many seconds is held back in case it is the start of a longer utterance..."""
    merge_gap_s: float = 0.3
    """...and joined to the next utterance when that starts within this many seconds of its end."""
    second_look_from: float = 0.01
    """A command rejected on the noise-suppressed audio with at least this confidence (0..1) is decoded
    again on the audio as recorded (1.01: never)...

    Suppression helps real voices and noise but costs a few clean synthetic lines dearly: espeak-ng's
    "ow my calf" scores 0.32 suppressed and 0.97 as recorded. Measured with
    ``scripts/bench_recognition.py --quick``: mean accuracy 78.0 -> 78.9%, false activations unchanged
    (21), a second decode for about 12% of utterances (most speech that is no command scores 0).
    """
    second_look_confidence: float = 0.7
    """...and taken when that scores at least this (a second chance must be surer than the first: 0.7, not the
    0.5 a first look needs). Measured on blind sets 13 to 16 heard (the README's "words said again" table, the
    same decodes): 0.9 -> 0.7 heard 50 more of 5,120 commands, one more of 1,280 none lines acting (a fragment,
    "the uh", as "yeah"), and one more of real people's "stop" and "yes"; 0.6 heard 99 more, with 7 more none
    lines and one person's "off" acting."""
    join_gap_s: float = 0.6
    """Speech that starts within this many seconds of the last utterance's end may be the rest of it: a person
    pauses inside a command ("my calf is cramping, and it's swollen"; "no, not yet"), and the endpointer,
    which ends speech after 0.15 s of silence so that commands are answered at once, cuts it in two. Such an
    utterance is heard joined to the one before as well (see :meth:`Hearing.hear`); 0: never."""
    join_max_s: float = 4.0
    """...when the two together span at most this many seconds: commands are short, and joining the sentences of
    a radio or a conversation only doubled their decodes (the articles read aloud: 190 s of test time)."""


class Hearing:
    """Endpointer + recognizer + intent parser; ``feed`` chunks, get what was heard."""

    def __init__(self, recognizer: Recognizer, parser, settings: HearingSettings = HearingSettings(),
                 apart=None) -> None:
        self.recognizer = recognizer
        self.parser = parser
        self.settings = settings
        self.apart = apart
        """Live: a :class:`~voice_coach.hearing.decoder_process.HearingProcess` that hears each utterance in a
        child process, so ``feed`` never waits for a decode (what is heard comes out of a later ``feed``).
        None: utterances are heard here, and ``feed`` gives each as it ends (files, the audio clock)."""
        self._endpointer = Endpointer(settings.endpoint)
        self._held: Utterance | None = None
        self._last: tuple[Utterance, Recognition] | None = None  # the utterance heard last, and what it was

    def reset(self) -> None:
        """A new stream: nothing heard before it is joined to what comes next."""
        self._last = None

    @property
    def speaking(self) -> bool:
        """Whether speech is going on at the current audio time (for barge-in)."""
        return self._endpointer.speaking

    @property
    def speech_start(self) -> float | None:
        """Seconds of audio time at which the speech now going on began; None in silence."""
        return self._endpointer.speech_start

    def feed(self, chunk: np.ndarray) -> list[Recognition]:
        """Add int16 16 kHz samples (any count); returns each utterance that ended within them."""
        out = [h for u in self._endpointer.feed(chunk) for h in self._arrived(u)]
        held = self._held
        if held is not None:
            # Nothing followed within the merge gap, and nothing still in the endpointer's start window can
            # turn out to have: the fragment stands alone. (Waiting out the whole start window as well, as
            # this once did, cost a short "stop" 0.3 s more response time for the same decision.)
            limit = held.end + self.settings.merge_gap_s
            ep = self._endpointer
            if ep.time >= limit and not ep.may_have_started_by(limit):
                self._held = None
                out += self._hear(held)
        if self.apart is not None:
            out += self.apart.ready()
        return out

    def flush(self) -> list[Recognition]:
        """End of the stream: the utterance still in progress, if any."""
        out = [h for u in self._endpointer.flush() for h in self._arrived(u)]
        if self._held is not None:
            out += self._hear(self._held)
            self._held = None
        if self.apart is not None:
            out += self.apart.ready(wait=True)
        return out

    def _arrived(self, utterance: Utterance) -> list[Recognition]:
        """An utterance the endpointer ended: join it to a held fragment, hold it, or hear it."""
        if self._held is not None:
            held, self._held = self._held, None
            if utterance.start - held.end <= self.settings.merge_gap_s:
                utterance = _joined(held, utterance)
            else:
                return self._hear(held) + self._arrived(utterance)
        if utterance.duration < self.settings.fragment_s:
            self._held = utterance
            return []
        return self._hear(utterance)

    def _hear(self, utterance: Utterance) -> list[Recognition]:
        """What ``utterance`` was, now; or nothing yet, when it is being heard apart."""
        if self.apart is None:
            return [self.hear(utterance)]
        self.apart.submit(utterance)
        return []

    def process(self, chunks: Iterable[np.ndarray]) -> Iterator[Recognition]:
        """Everything heard in a whole stream of chunks, flushing at its end."""
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.flush()

    def recognize_file(self, path: str | os.PathLike) -> Iterator[Recognition]:
        """Everything heard in an audio file (any rate, channels, sample format), streamed, each utterance once
        (:func:`~voice_coach.hearing.result.settled`: a first part amended by its whole is left out).

        A broken file raises :class:`~voice_coach.errors.AudioError` before anything is heard.
        """
        from voice_coach.audio.files import iter_audio_16k

        return settled(self.process(iter_audio_16k(path, chunk_samples=CHUNK_SAMPLES)))

    def hear(self, utterance: Utterance) -> Recognition:
        """What ``utterance`` was, taking the utterance before it into account when it may be its rest.

        Speech within ``join_gap_s`` of the last utterance (the two at most ``join_max_s`` long) is heard joined
        to it first; when neither that utterance nor its whole with the pieces before it was a command, the last
        utterance is that whole, so a sentence cut at every pause is heard as it grows. When the whole means
        the command already heard for the first part ("no | not yet", "sorry I smoke | and my feet cramp"), or
        that command with fewer of its slots ("ow my calf | it's cramping", heard whole as "it's cramping"),
        the rest adds nothing: it is reported with ``continues`` set and no intent, so the command is not
        taken twice (nor a warning sign's second half as a cramp). When the whole means another command, or
        the first part was none, the whole is what was said: it is reported with ``amends`` set, from the first
        part's start. Otherwise the utterance is heard alone.
        """
        last, self._last = self._last, None
        heard = None
        joined = None  # this utterance with the pieces before it, and what that whole was heard as
        s = self.settings
        follows = last is not None and utterance.start - last[0].end <= s.join_gap_s
        if (last is not None and 0 < s.join_gap_s and follows
                and utterance.end - last[0].start <= s.join_max_s):
            before, first = last
            both = _joined(before, utterance)
            whole = self._hear_one(both)
            joined = (both, whole)
            if whole.intent is not None:
                if (first.intent is not None and whole.intent == first.intent
                        and whole.slots.items() <= first.slots.items()):
                    heard = replace(whole, start=utterance.start, intent=None, slots={}, continues=True)
                else:
                    heard = replace(whole, amends=True)
                log.debug("%.2f-%.2f s heard with the %.2f-%.2f s before it: %r -> %s", utterance.start,
                          utterance.end, before.start, before.end, whole.text, whole.intent)
                self._last = joined
        if heard is None:
            heard = self._hear_one(utterance)
            # A piece that is no command alone, nor with what came before, may still be the middle of one: a
            # question said in one breath is cut at every 0.15 s pause ("what actually | causes leg | cramps at
            # night"), so the next piece is joined to all of it, not to this piece alone.
            self._last = joined if heard.intent is None and joined is not None else (utterance, heard)
        return replace(heard, follows=follows)

    def _hear_one(self, utterance: Utterance) -> Recognition:
        """Recognize and parse one utterance (twice at most: see ``HearingSettings.second_look_from``)."""
        s = self.settings
        hypothesis = self.recognizer.recognize(utterance.samples)
        match = self._match(hypothesis, s.min_confidence)
        looks = 1
        if (match is None and utterance.recorded is not None and hypothesis.text
                and hypothesis.confidence >= s.second_look_from):
            looks = 2
            second = self.recognizer.recognize(utterance.recorded)
            match = self._match(second, max(s.min_confidence, s.second_look_confidence))
            log.debug("%.2f-%.2f s: second look at the recording: %r, confidence %.2f", utterance.start,
                      utterance.end, second.text, second.confidence)
            if match is not None:
                hypothesis = second
        if match is None:
            log.debug("%.2f-%.2f s: no command (%r, confidence %.2f)", utterance.start, utterance.end,
                      hypothesis.text, hypothesis.confidence)
            return Recognition(utterance.start, utterance.end, "", None, {}, hypothesis.confidence, looks)
        log.debug("%.2f-%.2f s: heard %r -> %s %s (confidence %.2f)", utterance.start, utterance.end,
                  hypothesis.text, match.intent, match.slots, hypothesis.confidence)
        return Recognition(utterance.start, utterance.end, hypothesis.text, match.intent, dict(match.slots),
                           hypothesis.confidence, looks)

    def _match(self, hypothesis: Hypothesis, min_confidence: float):
        """The intent in ``hypothesis`` when it is sure enough, else None."""
        if hypothesis.text and hypothesis.confidence >= min_confidence:
            return self.parser.parse(hypothesis.text)
        return None


def _joined(first: Utterance, second: Utterance) -> Utterance:
    """One utterance from ``first`` to ``second`` (the second's pre-roll covers the gap between them)."""
    keep = max(0, round((second.samples_start - first.samples_start) * 16000))
    samples = np.concatenate((first.samples[:keep], second.samples)) if keep else second.samples
    recorded = second.recorded
    if keep and first.recorded is not None and second.recorded is not None:
        recorded = np.concatenate((first.recorded[:keep], second.recorded))
    start = first.samples_start if keep else second.samples_start
    return Utterance(first.start, second.end, samples, start, second.decided, first.voiced + second.voiced,
                     recorded)
