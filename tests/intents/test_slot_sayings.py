"""What a slot's values are called, and the shortest sentence that sets each: found without expanding every sentence,
the same as expanding them."""

from __future__ import annotations

from voice_coach.intents.expand import expand, slot_sayings
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.templates import load_templates

FILE = """\
language: en
lists:
  food:
    values:
      - {in: "(bananas|a banana)", out: potassium}
      - {in: "milk", out: calcium}
  drink:
    values:
      - {in: "[a glass of] water", out: hydration}
expansion_rules:
  ask: "(can you tell me|tell me) [please]"
intents:
  ask:
    data:
      - sentences:
          - "<ask> about {food:topic} [(today|now)]"
          - "what (about|of) {drink:topic}"
          - "is {food:topic} good"
      - sentences:
          - "(why|how come) do i (cramp|get cramps) [at night]"
        slots:
          topic: causes
  stop:
    data:
      - sentences:
          - "stop"
"""


def test_the_shortest_sentence_per_value_is_the_one_expanding_finds(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(FILE)
    templates = load_templates(path)
    sayings = slot_sayings(templates, "ask", "topic")
    expanded: dict[str, int] = {}
    for sentence, intent, slots in expand(templates):
        if intent == "ask":
            topic = slots["topic"]
            expanded[topic] = min(expanded.get(topic, 99), len(sentence.split()))
    assert {topic: len(sentence) for topic, (_, sentence) in sayings.items()} == expanded
    assert sayings["potassium"] == ((("a", "banana"), ("bananas",)), ("is", "bananas", "good"))
    assert sayings["hydration"][0] == (("a", "glass", "of", "water"), ("water",))
    assert sayings["causes"] == ((), ("why", "do", "i", "cramp"))  # a block's fixed slot: no list names it
    parser = IntentParser(templates)
    for topic, (_, sentence) in sayings.items():
        assert parser.parse(" ".join(sentence)) == IntentMatch("ask", {"topic": topic})


def test_an_intent_without_the_slot_has_no_sayings(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(FILE)
    assert slot_sayings(load_templates(path), "stop", "topic") == {}
    assert slot_sayings(load_templates(path), "no_such_intent", "topic") == {}
