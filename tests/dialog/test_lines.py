"""The dialog's own lines: every topic answered from the sources, the file checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voice_coach.dialog.lines import ANSWERS_PATH, TOPICS, load_lines
from voice_coach.errors import DataError

from tests.dialog.helpers import LINES, Convo, says_of

# topic -> words from the source articles its answer must carry
SEED_FACTS = {
    "causes": ["magnesium", "potassium", "toes pointed"],
    "prevention": ["water", "stretch your calves"],
    "hydration": ["two and a half to three litres", "electrolyte drink", "caffeine and alcohol"],
    "electrolytes": ["magnesium, potassium, calcium and sodium", "bananas", "tinned fish", "electrolyte drink"],
    "magnesium": ["spinach", "nuts", "200 to 400 milligrams", "ask your doctor", "kidney"],
    "potassium": ["bananas", "sweet potatoes", "potatoes with their skin", "coconut water", "oranges"],
    "sleep": ["bedding loose", "pillow under your knees", "between your knees"],
    "shoes": ["support"],
    "medication": ["statins", "water pills", "asthma", "osteoporosis", "doctor", "supplement", "never stop"],
    "doctor": ["numbness or tingling", "blood clot"],
    "calcium": ["magnesium", "tinned fish", "dark leafy greens"],
    "sodium": ["sweat", "cheese", "beetroot", "ready meals"],
    "remedies": ["Epsom salt bath", "warm compress", "magnesium oil", "cold"],
    "recovery": ["foam roller", "ice baths", "magnesium salt baths", "rest days"],
    "supplements": ["glycinate or", "200 to 400 milligrams", "taurine", "kidney"],
    "taurine": ["one gram", "during or before training"],
    "conditions": ["peripheral artery disease", "diabetes", "thyroid", "kidney disease", "spinal",
                   "Parkinson's"],
    "movement": ["two or three minutes every hour", "overworked muscles"],
}


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_is_answered_with_a_fact_from_the_sources(topic):
    c = Convo()
    c.start(14.0)
    (answer,) = says_of(c.hear(1.0, "ask", topic=topic))
    assert answer.kind == "answer"
    for fact in SEED_FACTS[topic]:
        assert fact in answer.text, f"{topic}: {fact!r} missing"
    assert 1 <= answer.text.count(".") <= 4  # a short spoken answer


def test_every_topic_and_warning_sign_of_the_contract_has_its_words():
    from voice_coach.dialog.routing import FLAG_KEYS
    from voice_coach.intents.contract import SYMPTOMS
    from voice_coach.intents.contract import TOPICS as CONTRACT_TOPICS

    assert set(TOPICS) == CONTRACT_TOPICS
    assert set(FLAG_KEYS) == SYMPTOMS
    assert set(FLAG_KEYS.values()) <= set(LINES.red_flags)


def test_supplements_and_medicines_say_the_coach_is_not_a_doctor():
    for topic in ("magnesium", "medication", "supplements", "taurine"):
        assert "I'm not a doctor" in LINES.topics[topic]


def test_every_line_fits_a_breath_or_three():
    for text in [*LINES.topics.values(), *LINES.red_flags.values(), *LINES.lines.values()]:
        assert len(text.split()) <= 70, text


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _packaged() -> dict:
    return yaml.safe_load(ANSWERS_PATH.read_text())


def test_a_missing_topic_is_named(tmp_path):
    data = _packaged()
    del data["topics"]["magnesium"]
    with pytest.raises(DataError, match=r"answers\.yaml: 'topics\.magnesium' is missing"):
        load_lines(_write(tmp_path, data))


def test_a_bad_followup_beat_is_named(tmp_path):
    data = _packaged()
    data["followups"]["walk"][1] = {"rest": -5}
    with pytest.raises(DataError, match=r"followups\.walk\[1\]"):
        load_lines(_write(tmp_path, data))


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("topics:\n  causes: [unclosed\n")
    with pytest.raises(DataError, match=r"line \d+"):
        load_lines(path)


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        load_lines(tmp_path / "nope.yaml")
