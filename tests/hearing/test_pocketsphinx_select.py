"""make_recognizer: whisper by default, PocketSphinx and Vosk by name; clear errors otherwise."""

from __future__ import annotations

import pytest

from voice_coach.errors import ModelError
from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
from voice_coach.hearing.select import make_recognizer


@pytest.fixture
def no_vosk_model(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE_COACH_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("VOICE_COACH_VOSK_MODEL", raising=False)


def test_the_default_is_whisper_and_pocketsphinx_is_there_by_name(no_vosk_model):
    assert make_recognizer().name == "whisper"
    recognizer = make_recognizer("pocketsphinx")
    assert isinstance(recognizer, PocketSphinxRecognizer) and recognizer.name == "pocketsphinx"
    assert recognizer.grammar.accepts("my calf is cramping")


def test_vosk_asked_for_without_a_model_is_a_model_error(no_vosk_model):
    with pytest.raises(ModelError, match="models download"):
        make_recognizer("vosk")


def test_a_missing_model_path_is_a_model_error(no_vosk_model, tmp_path):
    with pytest.raises(ModelError, match=r"no model at .*nowhere: give a Whisper model name \(tiny.en, base.en"):
        make_recognizer(None, str(tmp_path / "nowhere"))


def test_model_with_pocketsphinx_or_an_unknown_engine_is_refused(no_vosk_model, tmp_path):
    with pytest.raises(ModelError):
        make_recognizer("pocketsphinx", str(tmp_path))
    with pytest.raises(ModelError, match="unknown engine"):
        make_recognizer("kaldi")
