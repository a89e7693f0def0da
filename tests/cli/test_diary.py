"""``voice-coach diary``: table, JSON, CSV, --since, the chart, and clearing; bad input in one line."""

from __future__ import annotations

import csv
import io
import json
import time

import numpy as np
import pytest

from voice_coach.cli.main import main
from voice_coach.diary.entries import Entry
from voice_coach.diary.store import Diary, default_path

DAY = 86400.0


@pytest.fixture
def diary(tmp_path, monkeypatch):
    """A diary of four weeks in a fresh data directory: cramps on 9 nights, a warning sign, routines."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    now = time.time()
    with Diary(default_path()) as d:
        for n, days_ago in enumerate((27, 25, 20, 16, 12, 9, 5, 3, 1)):
            at = now - days_ago * DAY
            d.write(Entry(at, "cramp", "s", 3 * n, muscle="calf", side="left", routine="night_cramp",
                          eased=True, ease_s=60.0 + 10 * n))
            d.write(Entry(at + 300, "routine", "s", 3 * n + 1, routine="night_cramp", side="left",
                          outcome="finished"))
        d.write(Entry(now - 9 * DAY + 60, "warning", "s", 100, symptom="numbness"))
    return now


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["diary", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_lists_every_entry_and_sums_them_up(diary, capsys):
    code, out, _ = _run(capsys)
    assert code == 0
    assert out.count(" cramp ") == 9 and "warning sign: numbness" in out
    assert "9 cramps on 9 nights; 1 warning sign; 9 routines done." in out


def test_json_and_csv_hold_the_same_rows(diary, capsys):
    _, out, _ = _run(capsys, "--json")
    rows = json.loads(out)
    _, out, _ = _run(capsys, "--csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(table) == 19
    cramps = [r for r in rows if r["kind"] == "cramp"]
    assert [r["minutes_to_ease"] for r in cramps] == [round((60 + 10 * n) / 60, 1) for n in range(9)]
    assert [r["date"] for r in rows] == [r["date"] for r in table]


def test_since_keeps_the_recent_entries_only(diary, capsys):
    _, out, _ = _run(capsys, "--json", "--since", "7d")
    rows = json.loads(out)
    assert sorted({r["kind"] for r in rows}) == ["cramp", "routine"]
    assert len([r for r in rows if r["kind"] == "cramp"]) == 3


def test_the_chart_is_a_png_with_bars_on_it(diary, capsys, tmp_path):
    import matplotlib.image

    out_png = tmp_path / "cramps.png"
    code, out, _ = _run(capsys, "--chart", str(out_png))
    assert code == 0 and out.startswith("chart:")
    assert out_png.stat().st_size > 10_000
    pixels = matplotlib.image.imread(out_png)[..., :3]
    assert pixels.std() > 0.05  # not blank
    bar = np.array([0x3B, 0x6E, 0xA5]) / 255.0  # the bars' colour: cramps were drawn
    assert (np.abs(pixels - bar).max(axis=-1) < 0.02).sum() > 200


def test_clear_asks_and_is_refused_without_a_terminal_then_clears_with_yes(diary, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _run(capsys, "clear")
    assert code != 0 and err.strip() == "voice-coach: diary clear: give --yes to clear without being asked"
    code, out, _ = _run(capsys, "clear", "--yes")
    assert code == 0 and out.strip() == "Deleted 19 entries."
    _, out, _ = _run(capsys)
    assert out.strip() == "The diary is empty."


def test_an_empty_diary_is_empty_not_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nothing"))
    assert _run(capsys, "--json") == (0, "[]\n", "")


def test_a_broken_diary_file_is_one_line_and_is_left_alone(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 500)
    code, out, err = _run(capsys)
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1 and "not a diary" in err
    assert path.read_bytes() == b"\x00garbage" * 500


@pytest.mark.parametrize("since", ["3x", "-5d", "d", "0d"])
def test_a_bad_since_is_one_line(since, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["diary", f"--since={since}"])
    assert exit_.value.code == 2
    assert "not an age like 30d" in capsys.readouterr().err
