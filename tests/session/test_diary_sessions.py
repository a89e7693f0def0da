"""Three nights of file sessions into one diary: the rows, read back by ``voice-coach diary --json``, and the
frequent-cramps advice said once, on the third night. Real speech, the real recognizer, the real dialog."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

from voice_coach.bench.corpus import Recording
from voice_coach.bench.piper_voices import synthesize_piper
from voice_coach.bench.scenario import run_scenario
from voice_coach.cli.main import main

NIGHTS = (
    ("2026-11-30T02:40:00", "my left calf is cramping", "calf", "left"),
    ("2026-12-02T03:15:00", "my right foot is cramping", "foot", "right"),
    ("2026-12-04T04:05:00", "my left calf is cramping", "calf", "left"),
)
SAID_AT = 4.0
"""Seconds into each recording at which the person says the cramp (after the coach's greeting)."""
EASED_AT = 30.0
"""...and says it has eased."""


def _person(text: str) -> Recording:
    """The person's words in the piper voice joe (neural speech, closer to a person than espeak-ng)."""
    return Recording(text, synthesize_piper(text))


def _diary_json() -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["diary", "--json"]) == 0
    return json.loads(out.getvalue())


def test_three_nights_of_cramps_are_kept_and_the_third_brings_the_frequent_cramps_advice(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    results = []
    for n, (start, said, _, _) in enumerate(NIGHTS):
        results.append(run_scenario([(SAID_AT, _person(said)), (EASED_AT, _person("that's better"))], tmp_path / f"night{n}",
                                    total_s=EASED_AT + 4.0, extra=["--start-time", start]))
        assert results[-1].exit_code == 0
    rows = _diary_json()
    cramps = [r for r in rows if r["kind"] == "cramp"]
    assert [(r["date"], r["muscle"], r["side"]) for r in cramps] == [
        (start[:10], muscle, side) for start, _, muscle, side in NIGHTS]
    for row, result, (start, *_) in zip(cramps, results, NIGHTS):
        heard = next(e for e in result.of_type("heard") if e["intent"] == "cramp")
        eased = next(e for e in result.of_type("heard") if e["intent"] == "better")
        assert row["eased"] is True
        assert abs(row["minutes_to_ease"] * 60 - (eased["t"] - heard["t"])) <= 3.0  # rounded to a tenth of a minute
        said_at = dt.datetime.fromisoformat(start) + dt.timedelta(seconds=heard["t"])  # the recording's clock
        assert row["time"] == said_at.strftime("%H:%M:%S")
    routines = [r for r in rows if r["kind"] == "routine"]
    assert [r["routine"] for r in routines] == ["night_cramp", "foot_release", "night_cramp"]
    frequent = [[e for e in result.of_type("frequent_cramps")] for result in results]
    assert [len(f) for f in frequent] == [0, 0, 1]
    advice = [e for e in results[2].of_type("say") if "reason to see a doctor" in e["text"]]
    assert len(advice) == 1 and "3 of the last 7 nights" in advice[0]["text"]


def test_keep_false_writes_no_diary(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = tmp_path / "settings.toml"
    settings.write_text("[diary]\nkeep = false\n")
    monkeypatch.setenv("VOICE_COACH_CONFIG", str(settings))
    result = run_scenario([(1.0, _person("my leg is swollen"))], tmp_path / "run", total_s=6.0)
    assert [e["intent"] for e in result.of_type("heard")] == ["red_flag"]
    assert not (tmp_path / "data").exists()
