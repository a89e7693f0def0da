"""Audio to the log-mel features Whisper's encoder takes, with faster-whisper's own front end.

faster-whisper's ``FeatureExtractor`` is plain numpy, but importing the
``faster_whisper`` package runs its ``__init__``, which imports PyAV (FFmpeg),
the transcription pipeline and Hugging Face's hub client: 0.25 s and 30 MB
more for a module that needs none of them. So the one module file is loaded
on its own, under a private name; should that ever fail (a different layout in
a later release), the normal import is used.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from types import ModuleType

import numpy as np

from voice_coach.errors import ModelError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
"""Samples per second Whisper's front end takes."""
FRAMES_PER_SECOND = 100
"""Feature frames per second of audio (a 10 ms hop)."""
FRAME_MULTIPLE = 16
"""Feature frames are cut to a multiple of this (CTranslate2's encoder takes fewer than 3000 frames in such steps)."""


@lru_cache(maxsize=1)
def _module() -> ModuleType:
    spec = importlib.util.find_spec("faster_whisper")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            file_spec = importlib.util.spec_from_file_location("_voice_coach_fw_features", f"{folder}/feature_extractor.py")
            if file_spec is not None and file_spec.loader is not None:
                module = importlib.util.module_from_spec(file_spec)
                try:
                    file_spec.loader.exec_module(module)
                    return module
                except (OSError, ImportError, SyntaxError) as exc:
                    log.debug("loading faster-whisper's front end on its own failed (%s)", exc)
    try:
        from faster_whisper import feature_extractor
    except ImportError as exc:
        raise ModelError("the whisper engine needs faster-whisper: pip install faster-whisper") from exc
    return feature_extractor


class LogMel:
    """Int16 16 kHz audio -> (mels, frames) float32 log-mel features, padded as the engine wants."""

    def __init__(self, mels: int, min_seconds: float) -> None:
        """``mels``: the model's feature count (80 or 128); ``min_seconds``: shorter audio is padded with silence to this."""
        self._extractor = _module().FeatureExtractor(feature_size=mels)
        self._min_samples = round(min_seconds * SAMPLE_RATE)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        audio = np.asarray(samples, dtype=np.float32).reshape(-1) / np.float32(32768.0)
        if audio.size < self._min_samples:
            audio = np.concatenate((audio, np.zeros(self._min_samples - audio.size, np.float32)))
        features = self._extractor(audio)
        frames = features.shape[1] // FRAME_MULTIPLE * FRAME_MULTIPLE
        return np.ascontiguousarray(features[:, :min(frames, 2992)], dtype=np.float32)
