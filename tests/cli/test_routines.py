"""``voice-coach routines [--json]``."""

import json
import subprocess

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import ROUTINE_IDS
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


def test_text_lists_every_id():
    done = subprocess.run(["voice-coach", "routines"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == list(ROUTINE_IDS)
