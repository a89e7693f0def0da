"""The recognition benchmark's streams: each a short recording with what must be heard in it.

Commands are spoken by piper and espeak-ng voices (each sentence by a few of
them, speed and style in turn), with 0.6 s of quiet room before and after, and
heard clean and in room noise (fan, pink, babble) at 20, 10 and 6 dB SNR over
the active speech. Speech with no command (the articles, everyday talk) is
spoken by a piper and an espeak-ng voice; people's recordings are played as
they are; noise alone comes at three levels. Streams are made one at a time
(:func:`iter_streams`), so the corpus never sits in memory whole, and the same
settings give the same streams, sample for sample.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from voice_coach.audio.mix import mix_at_snr
from voice_coach.audio.resample import resample
from voice_coach.bench import corpus, piper_voices
from voice_coach.bench.phrasebook import Phrasebook
from voice_coach.bench.recognition import sources
from voice_coach.bench.recognition.sources import Clip, Expect, Line
from voice_coach.bench.rooms import ROOM_NOISES, BabbleSettings, Room

log = logging.getLogger(__name__)

SNRS: tuple[int, ...] = (20, 10, 6)
"""Signal-to-noise ratios of the noisy conditions, in dB over active speech."""

CONDITIONS: tuple[str, ...] = ("clean",) + tuple(f"{snr} dB {kind}" for snr in SNRS for kind in ROOM_NOISES)
"""Every condition a command is heard in, in table order."""

ESPEAK_RATES: tuple[int, ...] = (145, 175, 205)
"""Speaking rates of the espeak-ng voices, in words a minute, taken in turn."""

NOISE_LEVELS_DBFS: tuple[float, ...] = (-45.0, -32.0, -20.0)
"""RMS levels of the noise-alone streams, in dBFS: a quiet room, a fan nearby, a loud one."""


@dataclass(frozen=True)
class CorpusSettings:
    """How big the corpus is; every count is per half."""

    seed: int = 1
    """Seed of every random choice (sentences, voices' turns, noise)."""
    per_intent: int = 4
    """Template sentences of each intent."""
    phrases_per_intent: int = 4
    """Phrasebook lines of each intent (when there is a phrasebook)."""
    warnings: int = 15
    """More red_flag template sentences, beyond ``per_intent``, to count warnings heard as something else."""
    piper_speakers: int = 2
    """Piper voices that speak each command."""
    espeak_speakers: int = 2
    """espeak-ng voices that speak each command."""
    every_noise: bool = True
    """Each command in all nine noisy conditions; False: at each SNR in one noise kind, kinds in turn."""
    article_step: int = 1
    """Every n-th article sentence of the half is read (1: all)."""
    noise_s: float = 600.0
    """Seconds of noise alone (fan, pink, babble at three levels)."""
    babble_s: float = 90.0
    """Length of the babble bed that babble is cut from, in seconds."""
    lead_s: float = 0.6
    """Quiet room before and after each spoken line, in seconds."""


QUICK = CorpusSettings(per_intent=2, phrases_per_intent=1, warnings=4, piper_speakers=1, espeak_speakers=1,
                       every_noise=False, article_step=4, noise_s=60.0, babble_s=45.0)
"""A corpus for a run of a few minutes."""


@dataclass(frozen=True)
class StreamInfo:
    """What is in a stream and what must be heard; everything but the audio."""

    source: str
    """What kind of audio: "command", "warning" (a red_flag line), "article", "everyday", "none" (the
    phrasebook's non-commands), "testdata" (pocketsphinx's recordings), "people" (Speech Commands), "noise"."""
    label: str
    """The sentence said, the word or file played, or the noise kind."""
    expect: Expect | None
    """The one intent (with slots) to hear; None: nothing may be heard."""
    family: str
    """Whose voice: "piper", "espeak", "human" or "noise"."""
    voice: str
    """Which voice (a piper or espeak-ng voice name, a speaker id, or the noise level)."""
    condition: str
    """One of ``CONDITIONS`` for spoken lines; "as recorded" for recordings; "alone" for noise."""
    origin: str
    """Where a spoken line comes from ("grammar", "phrasebook", "article", "everyday", "none"); else ""."""
    half: str
    """"tune" or "check"."""


@dataclass(frozen=True, eq=False)
class Stream:
    """One stream: what it holds, and its audio."""

    info: StreamInfo
    """What is in it."""
    audio: np.ndarray
    """16 kHz mono int16."""


def iter_streams(settings: CorpusSettings, halves: tuple[str, ...], expanded: list[tuple[str, str, dict]],
                 book: Phrasebook, articles: list[str]) -> Iterator[Stream]:
    """Every stream of ``halves``, in a fixed order: commands, warnings, speech with no command, recordings, noise."""
    for half in halves:
        h = sources.HALVES.index(half)
        rng = random.Random(f"{settings.seed}-{half}")
        room = Room.with_babble(articles, np.random.default_rng([settings.seed, h, 0]),
                                BabbleSettings(seconds=settings.babble_s))
        commands = sources.command_lines(expanded, book, half, settings.per_intent, settings.phrases_per_intent, rng)
        warnings = sources.warning_lines(expanded, book, half, settings.warnings, commands, rng)
        speak = _Speakers(half)
        for source, lines in (("command", commands), ("warning", warnings)):
            for n, line in enumerate(lines):
                for voice_k, (family, voice, say) in enumerate(speak.for_command(n, settings)):
                    clip = corpus.pad(say(line.text), settings.lead_s, settings.lead_s,
                                      rng=np.random.default_rng([settings.seed, h, 1, n, voice_k]))
                    for c, cond in enumerate(_conditions(n + voice_k, settings.every_noise)):
                        audio = clip if cond == "clean" else _noisy(
                            clip, cond, room, np.random.default_rng([settings.seed, h, 2, n, voice_k, c]))
                        yield Stream(StreamInfo(source, line.text, line.expect, family, voice, cond, line.origin,
                                                half), audio)
        for n, line in enumerate(sources.no_command_lines(articles, book, half, settings.article_step)):
            for voice_k, (family, voice, say) in enumerate(speak.for_no_command(n)):
                clip = corpus.pad(say(line.text), settings.lead_s, settings.lead_s,
                                  rng=np.random.default_rng([settings.seed, h, 3, n, voice_k]))
                yield Stream(StreamInfo(line.origin, line.text, None, family, voice, "clean", line.origin, half), clip)
        for clip in sources.testdata_clips(half):
            yield _recording("testdata", clip, half)
        for clip in sources.speech_commands_clips(half):
            yield _recording("people", clip, half)
        yield from _noise_streams(settings, room, half)


class _Speakers:
    """The voices of one half, taken in turn: (family, voice, text -> int16 audio)."""

    def __init__(self, half: str) -> None:
        self.piper = sources.piper_voices_of(half)
        self.espeak = sources.espeak_voices(half)
        if not self.piper:
            log.warning("no piper voice is installed (%s): commands are spoken by espeak-ng alone",
                        piper_voices.INSTALL_HINT)

    def for_command(self, n: int, settings: CorpusSettings) -> list:
        """The speakers of the ``n``-th command line."""
        out = []
        for k in range(min(settings.piper_speakers, len(self.piper))):
            out.append(self._piper(n * settings.piper_speakers + k))
        for k in range(min(settings.espeak_speakers, len(self.espeak))):
            out.append(self._espeak(n * settings.espeak_speakers + k))
        return out

    def for_no_command(self, n: int) -> list:
        """The speakers of the ``n``-th line with no command: one piper voice and one espeak-ng voice."""
        return ([self._piper(n)] if self.piper else []) + [self._espeak(n)]

    def _piper(self, k: int):
        voice = self.piper[k % len(self.piper)]
        style = piper_voices.STYLES[(k // len(self.piper)) % len(piper_voices.STYLES)]
        return "piper", voice, lambda text: piper_voices.synthesize_piper(text, voice, style)

    def _espeak(self, k: int):
        voice = self.espeak[k % len(self.espeak)]
        rate = ESPEAK_RATES[(k // len(self.espeak)) % len(ESPEAK_RATES)]
        return "espeak", voice, lambda text: corpus.synthesize(text, voice, rate)


def _conditions(n: int, every_noise: bool) -> list[str]:
    """The conditions the ``n``-th spoken clip is heard in."""
    if every_noise:
        return list(CONDITIONS)
    return ["clean"] + [f"{snr} dB {ROOM_NOISES[(n + s) % len(ROOM_NOISES)]}" for s, snr in enumerate(SNRS)]


def _noisy(clip: np.ndarray, condition: str, room: Room, rng: np.random.Generator) -> np.ndarray:
    """``clip`` in the room noise of ``condition`` ("10 dB babble") at its SNR over the active speech."""
    snr, _, kind = condition.split()
    return mix_at_snr(clip, room.noise(kind, clip.size, rng), float(snr))


def _recording(source: str, clip: Clip, half: str) -> Stream:
    """A person's recording as a stream, at 16 kHz."""
    if clip.path.suffix == ".raw":
        audio = np.fromfile(clip.path, dtype="<i2")
        audio = resample(audio, clip.rate) if clip.rate != corpus.RATE else audio
    else:
        from voice_coach.audio.files import read_audio_16k

        audio = read_audio_16k(clip.path)
    info = StreamInfo(source, clip.label, clip.expect, "human", clip.speaker, "as recorded", "", half)
    return Stream(info, np.asarray(audio, dtype=np.int16))


def _noise_streams(settings: CorpusSettings, room: Room, half: str) -> Iterator[Stream]:
    """Noise alone: each room noise at each level, ``settings.noise_s`` seconds in all over both halves."""
    h = sources.HALVES.index(half)
    each = settings.noise_s / (2 * len(ROOM_NOISES) * len(NOISE_LEVELS_DBFS))
    for k, kind in enumerate(ROOM_NOISES):
        for level in NOISE_LEVELS_DBFS:
            rng = np.random.default_rng([settings.seed, h, 4, k, round(-level)])
            x = room.noise(kind, round(each * corpus.RATE), rng) * 32768.0 * 10 ** (level / 20)
            info = StreamInfo("noise", kind, None, "noise", f"{level:.0f} dBFS", "alone", "", half)
            yield Stream(info, np.clip(np.rint(x), -32768, 32767).astype(np.int16))
