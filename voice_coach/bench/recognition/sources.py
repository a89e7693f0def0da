"""What the recognition benchmark says and plays, split into two halves: ``tune`` and ``check``.

Thresholds are chosen on ``tune`` and checked on ``check``; nothing is in both:

- sentences (template sentences, phrasebook lines, warning signs): by a hash of
  the words, so a sentence is in one half whatever else changes;
- espeak-ng voices: every other one of ``corpus.VOICES`` (tune: en-us, en-gb-scotland,
  en-gb-x-rp, en+m3; check: en-gb, en-029, en-us+f3, en-us-nyc);
- piper voices: "joe" as trained speaks in both halves (it is the only neural
  speaker there is), its shifted variants alternate (tune: joe-low; check: joe-high);
- article sentences, everyday sentences, the phrasebook's non-commands and
  pocketsphinx's recordings: every other one;
- Speech Commands clips: by a hash of the speaker id, so a person is in one half;
- noise: drawn from a different seed.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from voice_coach.bench import corpus, piper_voices
from voice_coach.bench.phrasebook import Phrasebook

log = logging.getLogger(__name__)

HALVES: tuple[str, ...] = ("tune", "check")
"""The two halves, in order."""

TESTDATA = Path("/usr/share/pocketsphinx/test/data")
"""Debian's pocketsphinx-testdata: recordings of people reading (librivox, an4, cards, tidigits)."""

TESTDATA_FILES: tuple[tuple[str, int], ...] = (
    ("librivox/sense_and_sensibility_01_austen_64kb-0870.wav", 16000),
    ("librivox/sense_and_sensibility_01_austen_64kb-0880.wav", 16000),
    ("librivox/sense_and_sensibility_01_austen_64kb-0890.wav", 16000),
    ("librivox/sense_and_sensibility_01_austen_64kb-0920.wav", 16000),
    ("librivox/sense_and_sensibility_01_austen_64kb-0930.wav", 16000),
    ("goforward.raw", 16000), ("numbers.raw", 16000), ("something.raw", 16000),
    ("cards/001.wav", 16000), ("cards/002.wav", 16000), ("cards/003.wav", 16000), ("cards/004.wav", 16000),
    ("cards/005.wav", 16000), ("tidigits/dhd.2934z.raw", 8000),
)
"""Every human recording there (path under ``TESTDATA``, sample rate of raw files in hertz)."""

SPEECH_COMMANDS: tuple[Path, ...] = (corpus.SHARED / "testdata" / "speech_commands",
                                     corpus.SHARED / "testdata" / "speech_commands_extra")
"""The real people's one-word clips (60 a word, 80 other words)."""

SC_EXPECT: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "stop": ("stop", ()), "yes": ("yes", ()), "no": ("no", ()),
    "left": ("side", (("side", "left"),)), "right": ("side", (("side", "right"),)),
}
"""Speech Commands words that are commands, and the intent (with slots) each must give."""

SC_NONE: tuple[str, ...] = ("go", "up", "down", "on", "off", "other")
"""Speech Commands folders whose words are no command."""

EVERYDAY: tuple[str, ...] = (
    "go forward ten meters", "turn the lights off", "what's the weather like tomorrow", "i'm going to the shop",
    "did you feed the cat", "the game starts at eight", "put the kettle on", "where are my keys", "good night",
    "see you later", "it's raining again", "could you pass the salt", "the traffic was terrible this morning",
    "call me when you get there", "i think it's time for bed", "open the window", "okay thank you", "hello there",
    "the news is on at nine", "my phone is dead", "let's watch a movie", "is it cold outside", "what time is it",
    "the match was a draw", "we need more milk", "turn left at the lights", "the doctor called this morning",
    "i ran five miles today", "the calf was born last spring", "he plays on the right wing",
)
"""Things people say at home that are no command (some with the coach's words in them)."""

Expect = tuple[str, tuple[tuple[str, str], ...]]
"""An intent and its sorted (slot, value) pairs."""


@dataclass(frozen=True)
class Line:
    """A sentence to speak, and what it must be heard as."""

    text: str
    """The words."""
    expect: Expect | None
    """The intent and slots it means; None: no command."""
    origin: str
    """Where it comes from: "grammar", "phrasebook", "article", "everyday" or "none" (the phrasebook's)."""


@dataclass(frozen=True)
class Clip:
    """A recording of a person, played as it is."""

    path: Path
    """The file."""
    rate: int
    """Sample rate of a raw file, in hertz (WAV files say their own)."""
    label: str
    """What the tables call it: the word of a Speech Commands clip, the file name of the others."""
    speaker: str
    """Who speaks: Speech Commands' anonymous speaker id, else the file name."""
    expect: Expect | None
    """The intent and slots it must give; None: no command."""


def half_of(key: str) -> str:
    """The half a sentence or speaker belongs to, from a hash of ``key`` (the same on every machine)."""
    return HALVES[hashlib.sha1(key.encode()).digest()[0] % 2]


def espeak_voices(half: str) -> tuple[str, ...]:
    """The espeak-ng voices that speak in ``half``."""
    return corpus.VOICES[HALVES.index(half)::2]


def piper_voices_of(half: str) -> tuple[str, ...]:
    """The installed piper voices that speak in ``half``: the first in both, the others alternating."""
    names = [v.name for v in piper_voices.available_voices()]
    return tuple(names[:1] + names[1:][HALVES.index(half)::2])


def command_lines(expanded: list[tuple[str, str, dict]], book: Phrasebook, half: str, per_intent: int,
                  phrases_per_intent: int, rng: random.Random) -> list[Line]:
    """``per_intent`` template sentences and ``phrases_per_intent`` phrasebook lines an intent, from ``half``."""
    by = defaultdict(list)
    for sentence, intent, slots in expanded:
        if half_of(sentence) == half:
            by[intent].append(Line(sentence, (intent, tuple(sorted(slots.items()))), "grammar"))
    said = defaultdict(list)
    for phrase in book.commands:
        if half_of(phrase.text) == half:
            said[phrase.intent].append(Line(phrase.text, (phrase.intent, phrase.slots), "phrasebook"))
    out = []
    for intent in sorted(by):
        out += rng.sample(by[intent], min(per_intent, len(by[intent])))
    for intent in sorted(said):
        out += rng.sample(said[intent], min(phrases_per_intent, len(said[intent])))
    return out


def warning_lines(expanded: list[tuple[str, str, dict]], book: Phrasebook, half: str, n: int,
                  taken: list[Line], rng: random.Random) -> list[Line]:
    """``n`` more red_flag template sentences of ``half``, and every red_flag phrasebook line of it not ``taken``."""
    seen = {line.text for line in taken}
    grammar = [Line(s, (i, tuple(sorted(slots.items()))), "grammar") for s, i, slots in expanded
               if i == "red_flag" and half_of(s) == half and s not in seen]
    phrases = [Line(p.text, (p.intent, p.slots), "phrasebook") for p in book.commands
               if p.intent == "red_flag" and half_of(p.text) == half and p.text not in seen]
    return rng.sample(grammar, min(n, len(grammar))) + phrases


def no_command_lines(articles: list[str], book: Phrasebook, half: str, article_step: int) -> list[Line]:
    """Article sentences (every ``article_step``-th of the half), everyday talk, the phrasebook's non-commands."""
    h = HALVES.index(half)
    return ([Line(s, None, "article") for s in articles[h::2][::article_step]]
            + [Line(s, None, "everyday") for s in EVERYDAY[h::2]]
            + [Line(s, None, "none") for s in book.none[h::2]])


def testdata_clips(half: str) -> list[Clip]:
    """pocketsphinx-testdata's recordings of people in ``half`` (none when the package is missing)."""
    out = []
    for path, rate in TESTDATA_FILES[HALVES.index(half)::2]:
        full = TESTDATA / path
        if full.exists():
            out.append(Clip(full, rate, Path(path).name, Path(path).name, None))
        else:
            log.warning("%s is missing (apt-get install pocketsphinx-testdata)", full)
    return out


def speech_commands_clips(half: str) -> list[Clip]:
    """Speech Commands clips of ``half``: speakers hashed into halves."""
    out = []
    for word in list(SC_EXPECT) + list(SC_NONE):
        for folder in SPEECH_COMMANDS:
            for path in sorted(glob.glob(os.path.join(folder, word, "*.wav"))):
                name = Path(path).name
                speaker = name.split("_")[1] if word == "other" else name.split("_")[0]
                if half_of(speaker) == half:
                    out.append(Clip(Path(path), 16000, word, speaker, SC_EXPECT.get(word)))
    return out
