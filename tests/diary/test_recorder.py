"""The diary writer: notes become rows off the audio loop; a diary that cannot be written is one warning."""

from __future__ import annotations

import logging

from voice_coach.diary.recorder import DiaryRecorder
from voice_coach.diary.store import Diary
from voice_coach.session.build import open_diary
from voice_coach.settings import DiarySection


def test_notes_become_rows_dated_by_the_session_start(tmp_path):
    path = tmp_path / "diary.sqlite3"
    recorder = DiaryRecorder(path, origin=1_000_000.0)
    recorder.note({"t": 5.0, "type": "say", "text": "hello"})
    recorder.note({"t": 5.0, "type": "diary", "entry": "cramp", "key": 1, "started": 5.0, "muscle": "calf"})
    recorder.note({"t": 65.0, "type": "diary", "entry": "cramp", "key": 1, "started": 5.0, "muscle": "calf",
                   "eased": True, "ease_s": 60.0})
    recorder.close()
    with Diary(path) as diary:
        (row,) = diary.entries()
    assert (row.at, row.kind, row.muscle, row.eased, row.ease_s) == (1_000_005.0, "cramp", "calf", True, 60.0)
    assert recorder.written == 2 and not recorder.failed


def test_a_locked_diary_is_one_warning_and_the_rows_before_stay(tmp_path, caplog):
    import sqlite3

    path = tmp_path / "diary.sqlite3"
    first = DiaryRecorder(path, origin=0.0)
    first.note({"t": 1.0, "type": "diary", "entry": "warning", "key": 1, "symptom": "numbness"})
    first.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        caplog.set_level(logging.WARNING)
        second = DiaryRecorder(path, origin=100.0)
        second.note({"t": 1.0, "type": "diary", "entry": "cramp", "key": 1, "started": 1.0, "muscle": "calf"})
        second.note({"t": 2.0, "type": "diary", "entry": "warning", "key": 2, "symptom": "swelling"})
        second.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert second.failed
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "diary" in r.getMessage()]
    assert len(warnings) == 1
    with Diary(path) as diary:
        assert [(e.kind, e.symptom) for e in diary.entries()] == [("warning", "numbness")]


def test_keep_false_opens_nothing(tmp_path):
    view, recorder = open_diary(DiarySection(keep=False, path=tmp_path / "d" / "diary.sqlite3"), origin=50.0)
    assert recorder is None and not view.keep
    assert not (tmp_path / "d").exists()


def test_the_view_holds_the_cramps_before_the_session(tmp_path):
    path = tmp_path / "diary.sqlite3"
    for origin, note in ((100.0, "calf"), (300.0, "foot")):
        recorder = DiaryRecorder(path, origin)
        recorder.note({"t": 0.0, "type": "diary", "entry": "cramp", "key": 1, "started": 0.0, "muscle": note})
        recorder.close()
    view, recorder = open_diary(DiarySection(path=path, frequent_nights=4, window_days=10), origin=200.0)
    recorder.close()
    assert [c.muscle for c in view.cramps] == ["calf"]  # the later one is after this session's start
    assert (view.keep, view.origin, view.frequent_nights, view.window_days) == (True, 200.0, 4, 10)
