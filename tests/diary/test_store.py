"""The diary file: rows kept and updated, versions, WAL, and rows that survive a crash."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from voice_coach.diary.entries import Entry
from voice_coach.diary.store import VERSION, Diary
from voice_coach.errors import DataError


def test_rows_are_kept_in_time_order_and_a_later_note_of_the_same_key_updates_its_row(tmp_path):
    path = tmp_path / "d" / "diary.sqlite3"
    with Diary(path) as diary:
        diary.write(Entry(200.0, "warning", "s1", 2, symptom="numbness"))
        diary.write(Entry(100.0, "cramp", "s1", 1, muscle="calf", side="left", routine="night_cramp"))
        diary.write(Entry(100.0, "cramp", "s1", 1, muscle="calf", side="left", routine="night_cramp",
                          eased=True, ease_s=95.0))
        diary.write(Entry(100.0, "cramp", "s2", 1, muscle="foot"))
    with Diary(path, create=False) as diary:
        rows = diary.entries()
        assert [(e.session, e.key, e.kind) for e in rows] == [("s1", 1, "cramp"), ("s2", 1, "cramp"),
                                                               ("s1", 2, "warning")]
        assert rows[0].eased is True and rows[0].ease_s == 95.0
        assert [e.key for e in diary.entries(since=150.0)] == [2]
        assert [e.muscle for e in diary.entries(kind="cramp")] == ["calf", "foot"]
        assert diary.clear() == 3
        assert diary.entries() == []


def test_the_file_is_in_wal_mode_and_carries_its_schema_version(tmp_path):
    path = tmp_path / "diary.sqlite3"
    Diary(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    db.close()


def test_a_diary_from_a_newer_coach_is_refused_with_one_line(tmp_path):
    path = tmp_path / "diary.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    with pytest.raises(DataError, match="newer voice-coach"):
        Diary(path)


def test_a_file_that_is_not_a_diary_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(b"not a database at all, but somebody's notes\n" * 100)
    before = path.read_bytes()
    with pytest.raises(DataError, match="not a diary"):
        Diary(path)
    assert path.read_bytes() == before


def test_no_diary_yet_is_said_when_reading_only(tmp_path):
    with pytest.raises(DataError, match="no diary yet"):
        Diary(tmp_path / "missing.sqlite3", create=False)


def test_rows_written_before_a_crash_are_kept(tmp_path):
    path = tmp_path / "diary.sqlite3"
    code = f"""
import os
from voice_coach.diary.entries import Entry
from voice_coach.diary.store import Diary
d = Diary({str(path)!r})
d.write(Entry(1.0, "cramp", "s", 1, muscle="calf"))
d.write(Entry(2.0, "warning", "s", 2, symptom="swelling"))
os._exit(9)  # killed mid-session: no close, no checkpoint
"""
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    with Diary(path) as diary:
        assert [(e.kind, e.key) for e in diary.entries()] == [("cramp", 1), ("warning", 2)]
