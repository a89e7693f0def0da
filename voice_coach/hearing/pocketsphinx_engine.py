"""The PocketSphinx recognizer: the command grammar as the search, plus a check that rejects everything else.

A grammar search always answers with *some* command, so each utterance is
decoded twice with the wheel's English model, and the second pass judges the
first (measured choices, see ``scripts/bench_recognition.py`` and the README):

1. **command pass**: a finite-state grammar, the templates' word automaton
   (:mod:`voice_coach.intents.automaton`, compiled from their structure, so
   10^8 sentences cost no more than their templates) written as PocketSphinx's
   FSG (:func:`voice_coach.hearing.word_graph.fsg_transitions`), no lattice
   rescoring (PocketSphinx's best-path step may end in the middle of the
   grammar and return half a sentence); what it returns is checked against
   the automaton.
2. **phone-loop pass**: the same audio against a free loop of the 39 English
   phones. Both passes score every senone in every frame (``compallsen``), so
   their acoustic scores share one reference and may be subtracted.

Two checks give the confidence: the command must explain the speech about as
well as free phones do (``llr``, the score difference per frame over the span
of the command's words, minus a penalty per phone the loop used), and it must
cover the speech (``absorbed``, the share of loud frames the command path
leaves to silence or filler models: a long sentence forced into a short
command shows up here). The confidence is 0.5 exactly where the weaker check
sits on its limit.

Audio is padded and dithered first: exact digital zeros (files, synthesized
speech) wreck the spectral features. The decoder is kept and reused; it must
not be used from two threads at once.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from voice_coach.errors import ModelError
from voice_coach.hearing.base import SAMPLE_RATE
from voice_coach.hearing.lexicon import EXTRA_WORDS, accent_variants, possessive
from voice_coach.hearing.result import Hypothesis
from voice_coach.hearing.word_graph import fsg_transitions, word_graph
from voice_coach.intents.graph import WordGraph

log = logging.getLogger(__name__)

PHONES = tuple("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T "
               "TH UH UW V W Y Z ZH".split())
"""The English model's speech phones (ARPAbet), the units of the phone loop."""

_PHONE_WORD = "ph_{}"
"""Dictionary word standing for one phone in the loop (no English word looks like it)."""

_FILLERS = frozenset({"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]"})
"""Segment names that are not words."""

_FRAME = SAMPLE_RATE // 100
"""Samples per PocketSphinx frame (10 ms)."""


@dataclass(frozen=True)
class PocketSphinxSettings:
    """How utterances are decoded and judged."""

    llr_floor: float = -5.0
    """Lowest command-vs-phone-loop score difference accepted, in PocketSphinx log units (base 1.0001) per frame."""
    llr_scale: float = 10.0
    """Log units per frame that move the llr check from confidence 0.5 to about 0.98."""
    loop_phone_penalty: float = 100.0
    """Log units charged to the phone loop per phone it uses (a longer free decode must earn its phones)."""
    absorbed_max: float = 0.08
    """Highest share (0..1) of loud frames the command path may leave to silence or fillers."""
    absorbed_scale: float = 0.05
    """Share of loud frames that moves the coverage check from confidence 0.5 to about 0.98."""
    loud_above_floor_db: float = 10.0
    """A frame is loud when it is this many decibels above the utterance's noise floor (10th percentile)..."""
    loud_below_peak_db: float = 30.0
    """...and within this many decibels of its loudest frame."""
    accent_variants: bool = True
    """Add non-rhotic and long-a pronunciations of the grammar's words (see :mod:`voice_coach.hearing.lexicon`)."""
    dither_dbfs: float = -66.0
    """RMS level of the white noise added before decoding, in dBFS (keeps digital silence out of the features)."""
    pad_s: float = 0.1
    """Seconds of dither-level noise added before and after each utterance."""
    decoder: tuple[tuple[str, object], ...] = ()
    """Extra PocketSphinx configuration, as (name, value) pairs (e.g. (("beam", 1e-60),))."""


@dataclass(frozen=True)
class Decoding:
    """Everything one utterance's two passes found, for the hypothesis and for tuning."""

    text: str
    """The command sentence the grammar pass found ("" when it found none)."""
    llr: float
    """Command minus phone-loop score per frame over the command's words, in log units (-inf without a command)."""
    absorbed: float
    """Share (0..1) of loud frames outside the command's words."""
    confidence: float
    """0..1; 0.5 where the weaker check sits on its limit."""
    frames: int
    """Frames (10 ms) decoded, padding included."""


class PocketSphinxRecognizer:
    """Recognizes one utterance at a time against a word automaton (or a few sentences), with rejection."""

    name = "pocketsphinx"

    def __init__(self, grammar: WordGraph | Iterable[str], settings: PocketSphinxSettings = PocketSphinxSettings()) -> None:
        self.settings = settings
        self.grammar = grammar if isinstance(grammar, WordGraph) else word_graph(grammar)
        """The sentences heard: the FSG searched, and the check of what the search returns."""
        if not self.grammar.edges:
            raise ModelError("the PocketSphinx grammar has no sentences")
        self._decoder = _new_decoder(settings)
        self._logmath = self._decoder.get_logmath()
        add_derived_words(self._decoder, self.grammar.words)
        missing = sorted(w for w in self.grammar.words if self._decoder.lookup_word(w) is None)
        if missing:
            raise ModelError(f"words not in PocketSphinx's English dictionary: {', '.join(missing[:10])}")
        if settings.accent_variants:
            self._add_accent_variants(set(self.grammar.words))
        start, final, transitions = fsg_transitions(self.grammar)
        self._decoder.add_fsg("command", self._decoder.create_fsg("command", start, final, transitions))
        for i, phone in enumerate(PHONES):
            self._decoder.add_word(_PHONE_WORD.format(phone.lower()), phone, update=i == len(PHONES) - 1)
        loop = [(a, 1, 1.0, _PHONE_WORD.format(p.lower())) for a in (0, 1) for p in PHONES]
        self._decoder.add_fsg("loop", self._decoder.create_fsg("loop", 0, 1, loop))
        log.debug("PocketSphinx grammar: %d states, %d transitions", final + 1, len(transitions))

    @classmethod
    def from_templates(cls, templates=None, settings: PocketSphinxSettings = PocketSphinxSettings()) -> PocketSphinxRecognizer:
        """A recognizer for every sentence the intent templates accept (the shipped ones by default)."""
        from voice_coach.intents.templates import load_templates

        templates = templates if templates is not None else load_templates()
        return cls(templates.automaton, settings)

    def _add_accent_variants(self, words: set[str]) -> None:
        """Give every grammar word the British/Scottish pronunciations CMUdict lacks (before the grammar is built)."""
        added = []
        for word in sorted(words):
            prons = []
            while (phones := self._decoder.lookup_word(word if not prons else f"{word}({len(prons) + 1})")) is not None:
                prons.append(phones.split())
            for n, variant in enumerate(accent_variants(word, prons), start=len(prons) + 1):
                added.append((f"{word}({n})", " ".join(variant)))
        for i, (name, phones) in enumerate(added):
            self._decoder.add_word(name, phones, update=i == len(added) - 1)
        log.debug("added %d accent variants", len(added))

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        """The command in ``samples`` (int16, 16 kHz mono), with its confidence; empty text when there is none."""
        decoding = self.analyze(samples)
        return Hypothesis(decoding.text, decoding.confidence)

    def analyze(self, samples: np.ndarray) -> Decoding:
        """Both passes over one utterance, with the numbers behind the confidence."""
        audio = self._prepare(samples)
        frames = audio.size // _FRAME
        text, words = self._decode(audio, "command")
        if not words or not self.grammar.accepts(text):
            return Decoding("", -math.inf, 1.0, 0.0, frames)
        _, loop = self._decode(audio, "loop")
        llr = self._llr(words, loop)
        absorbed = self._absorbed(words, audio)
        s = self.settings
        margin = min((llr - s.llr_floor) / s.llr_scale, (s.absorbed_max - absorbed) / s.absorbed_scale)
        confidence = 1.0 / (1.0 + math.exp(-4.0 * max(-50.0, min(50.0, margin))))
        log.debug("pocketsphinx: %r llr %.1f absorbed %.2f confidence %.2f", text, llr, absorbed, confidence)
        return Decoding(text, llr, absorbed, confidence, frames)

    def decode_grammar(self, samples: np.ndarray) -> str:
        """Only the command pass, without any check: what plain grammar decoding answers (a baseline)."""
        text, _ = self._decode(self._prepare(samples), "command")
        return text if self.grammar.accepts(text) else ""

    def _prepare(self, samples: np.ndarray) -> np.ndarray:
        """int16 audio padded with ``pad_s`` seconds each side and dithered; the same input gives the same output."""
        data = np.asarray(samples, dtype=np.int16).reshape(-1).astype(np.float64)
        pad = np.zeros(round(self.settings.pad_s * SAMPLE_RATE))
        data = np.concatenate((pad, data, pad))
        rms = 32768.0 * 10 ** (self.settings.dither_dbfs / 20)
        data += np.random.default_rng(data.size).standard_normal(data.size) * rms
        return np.clip(np.round(data), -32768, 32767).astype(np.int16)

    def _decode(self, audio: np.ndarray, search: str) -> tuple[str, list[tuple[str, int, int, float]]]:
        """(text, segments) of one pass; segments are (word, first frame, last frame, log acoustic score)."""
        d = self._decoder
        d.activate_search(search)
        with warnings.catch_warnings():  # deprecated, yet the only way to forget the last utterance's noise estimate
            warnings.simplefilter("ignore", DeprecationWarning)
            d.start_stream()
        d.start_utt()
        d.process_raw(audio.tobytes(), no_search=False, full_utt=True)
        d.end_utt()
        hyp = d.hyp()
        if hyp is None or not hyp.hypstr:
            return "", []
        floor = -10_000 * 1000  # a segment whose score underflowed: far worse than anything real
        segments = [(seg.word, seg.start_frame, seg.end_frame,
                     float(self._logmath.log(seg.ascore)) if seg.ascore > 0 else float(floor))
                    for seg in d.seg()]
        return hyp.hypstr, segments

    def _llr(self, words: list[tuple[str, int, int, float]], loop: list[tuple[str, int, int, float]]) -> float:
        """Command minus (penalised) phone-loop score per frame, over the span of the command's words."""
        spoken = [w for w in words if w[0] not in _FILLERS]
        if not spoken:
            return -math.inf
        first, last = spoken[0][1], spoken[-1][2]
        command = sum(score for _, start, end, score in words if start >= first and end <= last)
        free = 0.0
        for name, start, end, score in loop:
            overlap = min(end, last) - max(start, first) + 1
            if overlap > 0:
                share = overlap / (end - start + 1)
                free += share * (score - (self.settings.loop_phone_penalty if name.startswith("ph_") else 0.0))
        return (command - free) / (last - first + 1)

    def _absorbed(self, words: list[tuple[str, int, int, float]], audio: np.ndarray) -> float:
        """Share of loud frames that no word of the command path covers."""
        n = audio.size // _FRAME
        if n == 0:
            return 1.0
        frames = audio[: n * _FRAME].astype(np.float64).reshape(n, _FRAME)
        level = 10 * np.log10(np.mean(frames**2, axis=1) + 1.0)
        pad = round(self.settings.pad_s * 100)
        inner = level[pad: n - pad] if n > 2 * pad + 10 else level
        floor = np.percentile(inner, 10)
        loud = (level > floor + self.settings.loud_above_floor_db) & (level > inner.max() - self.settings.loud_below_peak_db)
        covered = np.zeros(n, dtype=bool)
        for name, start, end, _ in words:
            if name not in _FILLERS:
                covered[max(0, start): end + 1] = True
        n_loud = int(loud.sum())
        return float((loud & ~covered).sum() / n_loud) if n_loud else 1.0


def add_derived_words(decoder, words: Iterable[str]) -> None:
    """Give ``decoder`` the words of ``words`` its dictionary lacks but can be derived: "foot's" and the like
    (the base word's pronunciation and an "s", :func:`~voice_coach.hearing.lexicon.possessive`), and those of
    :data:`~voice_coach.hearing.lexicon.EXTRA_WORDS`. Others stay missing."""
    added = []
    for word in words:
        if decoder.lookup_word(word) is not None:
            continue
        if word in EXTRA_WORDS:
            added.append((word, EXTRA_WORDS[word]))
            continue
        base = decoder.lookup_word(word[:-2]) if word.endswith("'s") else None
        phones = possessive(word, base.split()) if base else None
        if phones:
            added.append((word, " ".join(phones)))
    for i, (word, phones) in enumerate(added):
        decoder.add_word(word, phones, update=i == len(added) - 1)


def _new_decoder(settings: PocketSphinxSettings):
    """A decoder on the wheel's English model with no search yet; a clear ModelError when that fails."""
    try:
        import pocketsphinx
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ModelError("PocketSphinx is not installed: pip install pocketsphinx") from exc
    model = pocketsphinx.get_model_path("en-us")
    config = dict(hmm=os.path.join(model, "en-us"), dict=os.path.join(model, "cmudict-en-us.dict"), lm=None,
                  bestpath=False, compallsen=True, loglevel="FATAL")
    config.update(dict(settings.decoder))
    try:
        return pocketsphinx.Decoder(**config)
    except (RuntimeError, ValueError, KeyError) as exc:
        raise ModelError(f"PocketSphinx could not load its English model from {model}: {exc}") from exc


__all__ = ["Decoding", "PHONES", "PocketSphinxRecognizer", "PocketSphinxSettings"]
