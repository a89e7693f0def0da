"""The one interface every recognizer offers.

Audio given to a recognizer is always 16 kHz mono int16 (the front end in
:mod:`voice_coach.audio` converts anything else). A recognizer is built for one
grammar (the coach's commands) and decodes one endpointed utterance at a time.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from voice_coach.hearing.result import Hypothesis

SAMPLE_RATE = 16000
"""Samples per second of all audio the recognizers take."""


class Recognizer(Protocol):
    """Decodes one utterance against the command grammar."""

    name: str
    """Engine name as the command line spells it ("pocketsphinx", "vosk")."""

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        """Words in ``samples`` (int16, 16 kHz mono, one utterance with a little silence around it)."""
        ...
