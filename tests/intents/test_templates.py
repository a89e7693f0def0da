"""Loading templates: the package file is complete; broken files name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_coach.errors import CoachError, DataError
from voice_coach.intents.contract import INTENT_SLOTS
from voice_coach.intents.templates import DEFAULT_PATH, load_templates

GOOD = """\
language: en
lists:
  side:
    values:
      - {in: left, out: left}
      - {in: "(right|the right one)", out: right}
expansion_rules:
  please: "[please]"
intents:
  side:
    data:
      - sentences:
          - "SENTENCE"
"""
SENTENCE_LINE = 13


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "intents.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(DataError) as info:
        load_templates(path)
    assert isinstance(info.value, CoachError)
    return str(info.value)


def test_default_templates_are_the_package_file_and_cached():
    first = load_templates()
    assert first.path == DEFAULT_PATH
    assert load_templates() is first


def test_default_templates_hold_exactly_the_product_intents(templates):
    assert set(templates.intent_names) == set(INTENT_SLOTS)


def test_a_good_small_file_loads(tmp_path):
    templates = load_templates(write(tmp_path, GOOD.replace("SENTENCE", "[the] {side} <please>")))
    assert templates.intent_names == ("side",)
    assert templates.path == tmp_path / "intents.yaml"


@pytest.mark.parametrize(
    ("sentence", "says"),
    [
        ("(the {side}", "cannot parse"),  # unbalanced group
        ("[the {side}", "cannot parse"),  # unbalanced optional
        ("the {side})", "cannot parse"),  # stray closing bracket
        ("{muscle}", "unknown list {muscle}"),
        ("<nope> {side}", "unknown expansion rule <nope>"),
        ("() {side}", "empty brackets"),
        ("[] {side}", "empty brackets"),
        ("[the]", "match nothing"),
        ("<please>", "match nothing"),
        ("(the|?) <please>", "match nothing"),
        ("{side:@where} {nope}", "unknown list {nope}"),
        ("{0..99999:n}", "inline range"),
    ],
)
def test_broken_template_names_file_and_line(tmp_path, sentence, says):
    path = write(tmp_path, GOOD.replace("SENTENCE", sentence))
    message = load_error(path)
    assert message.startswith(f"{path}:{SENTENCE_LINE}:"), message
    assert says in message


def test_broken_list_value_names_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace("SENTENCE", "{side}").replace('"(right|the right one)"', '"(right|"'))
    assert load_error(path).startswith(f"{path}:6:")


SIDES = ("left", "right", "the right one")


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("(the|) {side}", {f"the {side}" for side in SIDES}),  # hassil never matches an empty branch
        ("(|the) {side}", {f"the {side}" for side in SIDES}),
        ("[the|] {side} <please>", {f"{the}{side}{please}" for the in ("", "the ") for side in SIDES
                                    for please in ("", " please")}),
        ("{side}s", {"lefts", "rights", "the right ones"}),
        ("the{side}", {"theleft", "theright", "thethe right one"}),
        ("The {side}!", {f"the {side}" for side in SIDES}),
        ("{side:@where} {side}", {f"{a} {b}" for a in SIDES for b in SIDES}),
    ],
)
def test_forms_hassil_reads_load_and_mean_what_hassil_means(tmp_path, sentence, language):
    """Empty alternatives, glued brackets, capitals, punctuation and captures are valid hassil: they load,
    and the automaton, the expansion and the parser agree on what they accept."""
    from voice_coach.intents.expand import expand
    from voice_coach.intents.parse import IntentParser

    templates = load_templates(write(tmp_path, GOOD.replace("SENTENCE", sentence)))
    assert set(templates.automaton.sentences()) == language
    assert {text for text, _, _ in expand(templates)} == language
    parser = IntentParser(templates)
    assert all(parser.parse(text) is not None and parser.parse(text).intent == "side" for text in language)


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("language: en\nintents:\n  a:\n\t data: []\n", 4, "broken YAML"),
        ("language: en\nintents: [\n", 3, "broken YAML"),
        ('language: "en\nintents: {}\n', 3, "broken YAML"),
        ('language: en\nintents:\n  yes:\n    data:\n      - sentences: ["yes"]\n', 3, "quote yes/no"),
        ('language: en\nintents:\n  a:\n    data:\n      - sentences: ["x"]\n  a:\n    data: []\n', 6, "duplicate key"),
        ("language: en\nintents:\n  a: {}\n", 3, "needs 'data'"),
        ("language: en\nintents:\n  a:\n    data:\n      - sentences: []\n", 5, "non-empty 'sentences'"),
        ("language: en\nintents:\n  a:\n    data:\n      - sentences: [3]\n", 5, "must be a string"),
        ('language: en\nlists:\n  n:\n    wildcards: true\nintents:\n  a:\n    data:\n      - sentences: ["x {n}"]\n',
         4, "unsupported keys ['wildcards']"),
        ('language: en\nexpansion_rules:\n  a: "x <b>"\n  b: "y <a>"\nintents:\n  a:\n    data:\n      - sentences: ["<a>"]\n',
         3, "refer to themselves"),
        ('language: en\nintents:\n  a:\n    data:\n      - sentences: ["x {n}"]\n        list:\n          n: {values: [a]}\n',
         5, "unsupported keys ['list']"),
        ('language: en\nintents:\n  a:\n    data:\n      - sentences: ["x {n}"]\n  b:\n    data:\n      - sentences: ["y"]\n'
         '        lists:\n          n: {values: [a]}\n', 5, "not defined for this block"),
        ('language: en\nintents:\n  a:\n    data:\n      - sentences: ["x"]\n        slots: [1]\n', 6, "'slots'"),
        ("- a\n", 1, "expected a mapping"),
        ("intents: {}\n", 1, "'language'"),
    ],
)
def test_broken_document_names_file_and_line(tmp_path, text, line, says):
    path = write(tmp_path, text)
    message = load_error(path)
    assert message.startswith(f"{path}:{line}:"), message
    assert says in message


def test_empty_file_names_the_file(tmp_path):
    path = write(tmp_path, "")
    assert load_error(path).startswith(f"{path}:")


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert str(path) in load_error(path)
