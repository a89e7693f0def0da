"""``voice-coach routines [--json]``."""

import json
import subprocess

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import ROUTINE_IDS, Hold
from voice_coach.speech.tts import Tts
from voice_coach.timing.planner import PlanSettings, plan


def test_json_lists_the_nine_routines_with_title_and_planned_length():
    done = subprocess.run(["voice-coach", "routines", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == list(ROUTINE_IDS)
    routines = load_routines()
    with Tts() as tts:
        for row in rows:
            assert row["title"] == routines[row["id"]].title
            assert row["sided"] == routines[row["id"]].one_sided
            planned = plan(routines[row["id"]], tts.seconds, PlanSettings()).length
            # espeak-ng's voice carries a little state from line to line (its pitch flutter),
            # so lines measured in another process differ by milliseconds; lengths by < 1%.
            assert abs(row["seconds"] - planned) < 0.01 * planned
            assert row["seconds"] > 20


def test_json_shows_each_hold_with_both_lengths_when_it_may_go_on():
    done = subprocess.run(["voice-coach", "routines", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)}
    assert all({"id", "title", "seconds", "sided", "source", "holds"} <= set(r) for r in rows.values())
    # night_cramp.yaml: hold 30 s, up to 60 s until the cramp releases (source 001); the heel walk, 60 s
    assert rows["night_cramp"]["holds"] == [{"step": 3, "seconds": 30, "max_seconds": 60}, {"step": 11, "seconds": 60}]
    routines = load_routines()
    for rid, row in rows.items():
        data = [(i, s) for i, s in routines[rid].walk() if isinstance(s, Hold)]
        assert [h["step"] for h in row["holds"]] == [i for i, _ in data]
        assert [h["seconds"] for h in row["holds"]] == [s.seconds for _, s in data]
        assert [h.get("max_seconds") for h in row["holds"]] == [s.max_seconds for _, s in data]


def test_text_lists_every_id():
    done = subprocess.run(["voice-coach", "routines"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == list(ROUTINE_IDS)
