"""The phrasebook loader (voice_coach.bench.phrasebook): optional, validated, with a clear error."""

import pytest

from voice_coach.bench.phrasebook import Phrase, load_phrasebook
from voice_coach.errors import DataError


def test_missing_phrasebook_is_empty(tmp_path):
    book = load_phrasebook(tmp_path / "phrasebook.yaml")
    assert book.commands == () and book.none == () and book.source == ""


def test_commands_and_non_commands(tmp_path):
    path = tmp_path / "phrasebook.yaml"
    path.write_text("cramp:\n  - {text: ow my calf, slots: {muscle: calf}}\n  - text: cramp\n"
                    "stop:\n  - stop it\nnone:\n  - the calf was born in spring\n  - {text: hello}\n")
    book = load_phrasebook(path)
    assert book.commands == (Phrase("ow my calf", "cramp", (("muscle", "calf"),)), Phrase("cramp", "cramp"),
                             Phrase("stop it", "stop"))
    assert book.none == ("the calf was born in spring", "hello")


@pytest.mark.parametrize("text", ["- just a list\n", "cramp: ow\n", "cramp:\n  - {slots: {}}\n",
                                  "cramp:\n  - {text: ow, slots: [calf]}\n", "cramp: [\n"])
def test_broken_phrasebook_names_the_file(tmp_path, text):
    path = tmp_path / "phrasebook.yaml"
    path.write_text(text)
    with pytest.raises(DataError, match="phrasebook.yaml"):
        load_phrasebook(path)
