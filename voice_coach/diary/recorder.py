"""Writes the dialog's diary notes to the diary file, on a thread of its own.

The session hands every events-log entry to :meth:`DiaryRecorder.note`; the
"diary" ones are queued and written by a writer thread, so the audio loop
never waits for the disk. A diary that cannot be opened or written (locked,
read-only, a full disk) costs one warning line; the coach goes on, and the
rows already written stay.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from pathlib import Path

from voice_coach.diary.entries import from_note
from voice_coach.diary.store import Diary
from voice_coach.errors import DataError

log = logging.getLogger(__name__)

CLOSE_WAIT_S = 5.0
"""Longest wait (seconds) at the end of a session for the rows still queued."""

_END = object()


class DiaryRecorder:
    """The diary writer of one session that began at Unix second ``origin``."""

    def __init__(self, path: Path | str, origin: float) -> None:
        self.path = Path(path)
        self.origin = origin
        self.session = f"{origin:.3f}"
        """Names this session's rows (with their keys): a cramp's row is written again when it eases."""
        self.written = 0
        self.failed = False
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._write_all, name="diary-writer", daemon=True)
        self._thread.start()

    def note(self, event: dict) -> None:
        """An events-log entry (``t`` in session seconds, ``type``); "diary" ones are kept. Never blocks."""
        if event.get("type") != "diary" or self.failed:
            return
        entry = from_note(event, float(event.get("t", 0.0)), self.origin, self.session)
        if entry is not None:
            self._queue.put(entry)


    def close(self) -> None:
        """Write what is queued (waiting at most ``CLOSE_WAIT_S``) and stop the writer."""
        self._queue.put(_END)
        self._thread.join(CLOSE_WAIT_S)
        if self._thread.is_alive():
            log.warning("diary: %s did not take the last rows within %.0f s", self.path, CLOSE_WAIT_S)

    def _write_all(self) -> None:
        diary = None
        try:
            diary = Diary(self.path)
            while (entry := self._queue.get()) is not _END:
                diary.write(entry)
                self.written += 1
        except DataError as exc:
            self._fail(str(exc))
        except sqlite3.Error as exc:
            self._fail(f"{self.path}: cannot write: {exc}")
        finally:
            if diary is not None:
                diary.close()

    def _fail(self, message: str) -> None:
        if not self.failed:
            self.failed = True
            log.warning("diary: %s; the coach goes on without it", message)
