"""Loading routine files: the shipped ones load, broken ones fail naming file, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_coach.errors import CoachError, DataError
from voice_coach.routines.loader import DATA_DIR, get_routine, load_routine_file, load_routines
from voice_coach.routines.model import ROUTINE_IDS, Hold, Repeat, SayStep

GOOD = """\
id: calf_release
title: Calf release
source: "000"
muscle: calf
one_sided: true
steps:
  - say: Stand in a lunge, with your {side} leg behind you.
  - repeat:
      times: 5
      steps:
        - hold:
            seconds: 30
"""


def write(folder: Path, text: str, name: str = "calf_release.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_all_nine_routines_load_in_product_order():
    routines = load_routines()
    assert tuple(routines) == ROUTINE_IDS
    assert all(r.id == rid for rid, r in routines.items())


def test_good_file_loads_with_defaults(tmp_path):
    routine = load_routine_file(write(tmp_path, GOOD))
    assert routine.source == "000" and routine.one_sided
    say, repeat = routine.steps
    assert say == SayStep("Stand in a lunge, with your {side} leg behind you.")
    assert isinstance(repeat, Repeat) and repeat.times == 5
    assert repeat.steps == (Hold(seconds=30.0),)


def test_a_folder_loads_and_get_routine_reads_it(tmp_path):
    write(tmp_path, GOOD)
    assert list(load_routines(tmp_path)) == ["calf_release"]
    assert get_routine("calf_release", tmp_path).title == "Calf release"


def test_get_routine_names_the_known_ids():
    assert get_routine("night_cramp").id == "night_cramp"
    with pytest.raises(CoachError, match=r"unknown routine 'x'; known: night_cramp, calf_release"):
        get_routine("x")
    with pytest.raises(CoachError, match="unknown routine '../bedtime'"):
        get_routine("../bedtime")


BROKEN = [
    # (what, replace this, with this, expected fragments of the message)
    ("negative hold", "seconds: 30", "seconds: -5", ["steps[1].repeat.steps[0].hold.seconds", "must be > 0", "line 12"]),
    ("zero hold", "seconds: 30", "seconds: 0", ["steps[1].repeat.steps[0].hold.seconds", "must be > 0"]),
    ("absurd hold", "seconds: 30", "seconds: 601", ["hold.seconds", "<= 600"]),
    ("hold as text", "seconds: 30", "seconds: thirty", ["hold.seconds", "number of seconds"]),
    ("hold as bool", "seconds: 30", "seconds: true", ["hold.seconds", "number of seconds"]),
    ("unknown key", "seconds: 30", "seconds: 30\n            colour: red", ["hold.colour", "unknown key", "allowed: seconds"]),
    ("unknown step", "- say: Stand", "- shout: Stand", ["steps[0].shout", "unknown step"]),
    ("missing field", "title: Calf release\n", "", ["top level", "missing field 'title'"]),
    ("missing times", "      times: 5\n", "", ["steps[1].repeat", "missing field 'times'"]),
    ("wrong type", "times: 5", "times: 2.5", ["steps[1].repeat.times", "whole number"]),
    ("too many", "times: 5", "times: 1000", ["steps[1].repeat.times", "between 1 and 100"]),
    ("unquoted source", 'source: "000"', "source: 000", ["source", "must be text", "quote it"]),
    ("unknown source", 'source: "000"', 'source: "002"', ["source", "must be one of 000, 001"]),
    ("one_sided not bool", "one_sided: true", "one_sided: yes please", ["one_sided", "true or false"]),
    ("unknown id", "id: calf_release", "id: calf_massage", ["calf_release.yaml: id", "unknown routine id"]),
    ("id is not file name", "id: calf_release", "id: quad_release", ["calf_release.yaml: id", "file name"]),
    ("empty steps", "      steps:\n        - hold:\n            seconds: 30\n", "      steps: []\n",
     ["steps[1].repeat.steps", "non-empty list"]),
    ("two kinds in a step", "- say: Stand", "- say: a\n    hold: 3\n    x: Stand", ["steps[0]", "a step is one of"]),
    ("unknown placeholder", "{side} leg", "{foot} leg", ["steps[0].say.text", "unknown placeholder {foot}"]),
    ("stray brace", "{side} leg", "{side leg", ["steps[0].say.text"]),
    ("rep outside repeat", "{side} leg", "{rep} leg", ["steps[0].say.text", "only defined inside 'repeat'"]),
    ("max below seconds", "seconds: 30", "seconds: 30\n            max_seconds: 20", ["hold.max_seconds", ">= seconds"]),
    ("bad count style", "seconds: 30", "seconds: 30\n            counting: loud", ["hold.counting", "every, sparse, none"]),
    ("sides in a one-sided routine", "- say: Stand", "- sides: {steps: [say: x]}\n  - say: Stand", ["steps[0].sides", "one_sided"]),
    ("side outside sides", "one_sided: true", "one_sided: false", ["steps[0].say.text", "only defined inside 'sides'"]),
    ("duplicate key", "title: Calf release", "title: Calf release\ntitle: Again", ["line 3", "'title' given twice"]),
    ("bad YAML", "      times: 5", "      times: [5", ["calf_release.yaml: line", "broken YAML"]),
    ("bad indentation", "      steps:", "     steps:", ["calf_release.yaml: line 10", "broken YAML"]),
    ("not a mapping", GOOD, "- just\n- a list\n", ["top level", "must be a mapping"]),
    ("empty file", GOOD, "", ["calf_release.yaml", "empty"]),
]


@pytest.mark.parametrize("what, old, new, fragments", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_name_file_and_field(tmp_path, what, old, new, fragments):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DataError) as caught:
        load_routine_file(path)
    message = str(caught.value)
    assert message.startswith("calf_release.yaml: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_unreadable_file_is_a_data_error(tmp_path):
    path = tmp_path / "calf_release.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DataError, match="calf_release.yaml"):
        load_routine_file(path)


def test_a_broken_file_in_the_folder_fails_the_whole_load(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("id: calf_release", "id: bedtime"), "night_cramp.yaml")
    with pytest.raises(DataError, match="night_cramp.yaml: id"):
        load_routines(tmp_path)


def test_missing_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="not a folder"):
        load_routines(tmp_path / "nope")


def test_package_data_is_one_file_per_routine():
    assert sorted(p.stem for p in DATA_DIR.glob("*.yaml")) == sorted(ROUTINE_IDS)
