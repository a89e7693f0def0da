"""The Vosk (Kaldi) recognizer, restricted to the coach's phrases by a grammar.

The model is loaded once (a few seconds, hundreds of MB for a large model);
:meth:`VoskRecognizer.with_phrases` makes another recognizer for a different
grammar on the same loaded model. Phrases holding a word the model does not
know are dropped (and logged once), since Vosk would otherwise refuse or
silently mangle them. ``[unk]`` is added to the grammar when the model has it,
so speech outside the grammar comes back as ``[unk]`` rather than as the
nearest command; models without it (the Korean one) always answer with some
phrase of the grammar.

One :class:`vosk.KaldiRecognizer` is kept and ``Reset()`` between utterances:
measured on the Korean model, a 1.8 s utterance takes ~25 ms that way against
~31-37 ms with a fresh recognizer (~60 against ~36 ms with 300 phrases), since
a fresh one builds its grammar graph again. So one VoskRecognizer must not be
used from two threads at once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_coach.errors import ModelError
from voice_coach.hearing.base import SAMPLE_RATE
from voice_coach.hearing.model_store import HINT, is_vosk_model
from voice_coach.hearing.result import Hypothesis

log = logging.getLogger(__name__)

UNK = "[unk]"
"""The word Vosk grammars use for anything outside them."""
CHUNK_SAMPLES = 4000
"""Samples fed to Vosk per call (0.25 s at 16 kHz), so endpoints inside an utterance are seen."""


@dataclass(frozen=True)
class VoskModel:
    """A loaded Vosk model; share one between recognizers with different grammars."""

    path: Path
    """The model folder it was loaded from."""
    model: object
    """The ``vosk.Model``."""

    @classmethod
    def load(cls, path: Path | str) -> VoskModel:
        """Load the model at ``path``; a missing or broken folder raises ModelError saying how to get one."""
        import vosk  # lazily: the library is large and only this engine needs it

        path = Path(path).expanduser()
        if not path.exists():
            raise ModelError(f"no Vosk model at {path}: {HINT}")
        if not is_vosk_model(path):
            raise ModelError(f"{path} is not a Vosk model folder (it needs am/ and graph/): {HINT}")
        vosk.SetLogLevel(-1)
        try:
            model = vosk.Model(str(path))
        except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
            raise ModelError(f"cannot load the Vosk model at {path} (incomplete or damaged?): {HINT}") from exc
        log.info("loaded Vosk model %s", path)
        return cls(path=path, model=model)

    def has_word(self, word: str) -> bool:
        """True when ``word`` is in the model's vocabulary."""
        return self.model.vosk_model_find_word(word) >= 0


def usable_phrases(model: VoskModel, phrases: list[str]) -> tuple[list[str], list[str]]:
    """Split ``phrases`` (normalized: lower case, single spaces, no duplicates) into (known to the model, dropped)."""
    kept: list[str] = []
    dropped: list[str] = []
    for phrase in dict.fromkeys(" ".join(p.lower().split()) for p in phrases):
        if not phrase:
            continue
        (kept if all(model.has_word(w) for w in phrase.split()) else dropped).append(phrase)
    return kept, dropped


def hypothesis_from(words: list[dict]) -> Hypothesis:
    """Text and confidence from Vosk's per-word results: text without [unk]; confidence = min word conf x share of known words."""
    known = [w for w in words if w.get("word") and w["word"] != UNK]
    if not known:
        return Hypothesis(text="", confidence=0.0)
    confidence = min(float(w.get("conf", 0.0)) for w in known) * len(known) / len(words)
    return Hypothesis(text=" ".join(w["word"] for w in known).lower(), confidence=max(0.0, min(1.0, confidence)))


class VoskRecognizer:
    """Recognizes one utterance at a time against a fixed list of phrases."""

    name = "vosk"

    def __init__(self, model_path: Path | str | VoskModel, phrases: list[str], sample_rate: int = SAMPLE_RATE) -> None:
        import vosk

        self.model = model_path if isinstance(model_path, VoskModel) else VoskModel.load(model_path)
        self.sample_rate = sample_rate
        self.phrases, self.dropped = usable_phrases(self.model, phrases)
        if self.dropped:
            shown = ", ".join(repr(p) for p in self.dropped[:10])
            more = f" and {len(self.dropped) - 10} more" if len(self.dropped) > 10 else ""
            log.warning("%d phrase(s) use words the model %s does not know and are ignored: %s%s",
                        len(self.dropped), self.model.path.name, shown, more)
        if not self.phrases:
            raise ModelError(f"none of the {len(phrases)} phrases is in the vocabulary of the Vosk model at "
                             f"{self.model.path}: is it a model for the right language? {HINT}")
        self.has_unk = self.model.has_word(UNK)
        grammar = self.phrases + ([UNK] if self.has_unk else [])
        if not (self.model.path / "graph" / "Gr.fst").exists() and (self.model.path / "graph" / "HCLG.fst").exists():
            log.warning("the Vosk model %s has a static graph: it ignores the grammar and may hear any words",
                        self.model.path.name)
        self._recognizer = vosk.KaldiRecognizer(self.model.model, float(sample_rate), json.dumps(grammar, ensure_ascii=False))
        self._recognizer.SetWords(True)

    def with_phrases(self, phrases: list[str]) -> VoskRecognizer:
        """Another recognizer for ``phrases`` sharing this one's loaded model."""
        return VoskRecognizer(self.model, phrases, self.sample_rate)

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        """Words in ``samples`` (int16 mono at ``sample_rate``): a phrase of the grammar, or empty text and 0."""
        data = np.ascontiguousarray(samples, dtype=np.int16).reshape(-1)
        rec = self._recognizer
        words: list[dict] = []
        try:
            for start in range(0, len(data), CHUNK_SAMPLES):
                if rec.AcceptWaveform(data[start:start + CHUNK_SAMPLES].tobytes()):
                    words += json.loads(rec.Result()).get("result", [])
            words += json.loads(rec.FinalResult()).get("result", [])
        finally:
            rec.Reset()
        hypothesis = hypothesis_from(words)
        log.debug("vosk heard %r (confidence %.2f)", hypothesis.text, hypothesis.confidence)
        return hypothesis
