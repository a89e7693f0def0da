"""Remembered sha256 digests of big files, so start-up need not re-read them.

The engine checks ``model.bin`` against its catalog digest at every start.
Hashing costs about 1 ms per MB on a laptop with SHA instructions, several
times that on a small board, and small.en's model.bin is 484 MB: more than the
2 s the coach has to be listening. So the digest is computed once and kept with
the file's identity: device, inode, size, modification and change times (ns).
Any write to the file changes its mtime and ctime, and ctime cannot be set back
by a program, so a file that was edited or replaced is hashed again. What this
does not catch is bits rotting on disk under an unchanged inode; a cheap check
cannot, and CTranslate2 itself fails on a model.bin it cannot parse.

The memo is one small JSON file (``model-hashes.json`` in the user cache
folder, or in ``$VOICE_COACH_CACHE``), written atomically. A memo that cannot be
read or written only costs a hash; it never fails the caller.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_ENV = "VOICE_COACH_CACHE"
"""Environment variable naming the cache folder (the same one the grammar cache uses)."""
MEMO_FILE = "model-hashes.json"
"""File name of the memo inside the cache folder."""
READ_BYTES = 1 << 20
"""Bytes read per step while hashing (1 MiB: larger blocks measured no faster)."""
MAX_ENTRIES = 64
"""Entries kept; the oldest are dropped past this (a few models, moved around now and then)."""


@dataclass(frozen=True)
class FileIdentity:
    """What must be unchanged for a remembered digest to still be the file's."""

    device: int
    """``st_dev`` of the file system."""
    inode: int
    """``st_ino``: a replaced file (download, copy, rename over) has a new one."""
    size: int
    """Size, bytes."""
    mtime_ns: int
    """Last modification, nanoseconds since the epoch."""
    ctime_ns: int
    """Last change of content or metadata, nanoseconds; programs cannot set it back."""

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        st = os.stat(path)
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def default_memo_path() -> Path:
    """Where the memo lives: ``$VOICE_COACH_CACHE/model-hashes.json`` or the user cache folder."""
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root) / MEMO_FILE
    import platformdirs  # lazily: only needed when a model is checked

    return platformdirs.user_cache_path("voice-coach") / MEMO_FILE


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file at ``path``, read in 1 MiB blocks (memory stays flat for any size)."""
    digest = hashlib.sha256()
    buffer = bytearray(READ_BYTES)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


class HashMemo:
    """A path -> (identity, sha256) table kept in one JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = default_memo_path() if path is None else Path(path)

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring the hash memo %s: %s", self.path, exc)
            return {}

    def lookup(self, path: Path, identity: FileIdentity) -> str | None:
        """The remembered digest of ``path`` when its identity is unchanged, else None."""
        item = self._load().get(str(Path(path).resolve()))
        if not isinstance(item, dict) or item.get("identity") != asdict(identity):
            return None
        digest = item.get("sha256")
        return digest if isinstance(digest, str) else None

    def record(self, path: Path, identity: FileIdentity, sha256: str) -> None:
        """Remember ``sha256`` for ``path`` as it is now; a failure to write is logged, not raised."""
        data = self._load()
        key = str(Path(path).resolve())
        data.pop(key, None)
        data[key] = {"identity": asdict(identity), "sha256": sha256}
        while len(data) > MAX_ENTRIES:
            data.pop(next(iter(data)))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot write the hash memo %s (%s): the model is hashed again next time", self.path, exc)
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # its folder is not there or not a folder: nothing was written
