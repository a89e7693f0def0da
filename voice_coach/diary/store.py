"""The diary file: SQLite (the standard library's), one file in the user's data directory.

WAL mode, so a reader (``voice-coach diary``) never waits for the coach that is
writing, and a crash mid-session keeps every row committed before it: each
row is its own transaction. The schema's version is SQLite's ``user_version``;
:data:`MIGRATIONS` takes an older file forward in one transaction, and a file
from a newer coach is refused rather than guessed at.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import astuple, fields
from pathlib import Path

import platformdirs

from voice_coach.diary.entries import Entry
from voice_coach.errors import DataError

log = logging.getLogger(__name__)

APP_NAME = "voice-coach"
FILE_NAME = "diary.sqlite3"

COLUMNS = tuple(f.name for f in fields(Entry))
"""The entries table's columns, in the order of :class:`Entry`'s fields."""


def _v1(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE entries (
            at REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('cramp', 'warning', 'routine')),
            session TEXT NOT NULL,
            key INTEGER NOT NULL,
            muscle TEXT, side TEXT, routine TEXT,
            eased INTEGER CHECK (eased IN (0, 1)),
            ease_s REAL, symptom TEXT, outcome TEXT,
            PRIMARY KEY (session, key)
        )""")
    db.execute("CREATE INDEX entries_at ON entries (at)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1,)
"""``MIGRATIONS[n]`` takes a file of version n to version n + 1; the current version is their number."""
VERSION = len(MIGRATIONS)


def default_path() -> Path:
    """The diary in the user's data directory (``platformdirs.user_data_path("voice-coach")``)."""
    return platformdirs.user_data_path(APP_NAME) / FILE_NAME


class Diary:
    """One open diary file. Not shared between threads: each thread opens its own."""

    def __init__(self, path: Path | str, create: bool = True) -> None:
        """Open (``create``: and make, with its folder) the diary at ``path``; DataError with one line if it
        cannot be, is not a diary, or is from a newer coach."""
        self.path = Path(path)
        if not create and not self.path.exists():
            raise DataError(f"{self.path}: no diary yet (the coach writes one when it runs)")
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise DataError(f"{self.path}: cannot open the diary: {exc}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise DataError(f"{self.path}: not a diary the coach can read: {exc}") from None

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise DataError(f"{self.path}: written by a newer voice-coach (diary version {version}, "
                            f"this one reads up to {VERSION})")
        if version == VERSION:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version:]:
                step(self._db)
            self._db.execute(f"PRAGMA user_version = {VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        log.info("diary %s: version %d -> %d", self.path, version, VERSION)

    def write(self, entry: Entry) -> None:
        """Keep ``entry`` now (committed on return); a row with the same session and key is replaced."""
        row = tuple(int(v) if isinstance(v, bool) else v for v in astuple(entry))
        marks = ", ".join("?" for _ in COLUMNS)
        self._db.execute(f"INSERT OR REPLACE INTO entries ({', '.join(COLUMNS)}) VALUES ({marks})", row)

    def entries(self, since: float | None = None, kind: str | None = None) -> list[Entry]:
        """Rows from Unix second ``since`` on (None: all), of one ``kind`` or all, oldest first."""
        where, args = [], []
        if since is not None:
            where.append("at >= ?")
            args.append(since)
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        sql = f"SELECT {', '.join(COLUMNS)} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._db.execute(sql + " ORDER BY at, session, key", args).fetchall()
        return [_entry(row) for row in rows]

    def clear(self) -> int:
        """Delete every row; returns how many there were."""
        return self._db.execute("DELETE FROM entries").rowcount

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _entry(row: tuple) -> Entry:
    data = dict(zip(COLUMNS, row))
    if data["eased"] is not None:
        data["eased"] = bool(data["eased"])
    return Entry(**data)
