"""Downloading a Whisper model's files into ``<models>/whisper-<name>/``, each checked before it is used.

The files go into a hidden staging folder beside the target
(``.whisper-<name>.download/``). Each is fetched to ``<file>.part`` (resumed
with a Range request when a part is there, as the Vosk zip is), checked for
its exact size and sha256, and only then renamed to its own name; when every
file is in, the staging folder is renamed to ``whisper-<name>``. So the target
folder exists only complete and checked, and an interrupted run loses at most
the bytes in flight: the next run skips the files already checked and resumes
the part.
"""

from __future__ import annotations

import logging
import shutil
import urllib.parse
from pathlib import Path

from voice_coach.hearing import whisper_catalog
from voice_coach.hearing.hash_memo import FileIdentity, HashMemo, sha256_of
from voice_coach.hearing.model_store import DownloadError, Progress, fetch_resumable
from voice_coach.hearing.whisper_catalog import WhisperCatalogEntry, WhisperFile

log = logging.getLogger(__name__)

SPACE_MARGIN = 1.05
"""Free space wanted, as a multiple of the bytes still to fetch (the rest is the file system's)."""


def _entry(name: str, catalog: tuple[WhisperCatalogEntry, ...] | None) -> WhisperCatalogEntry:
    entry = whisper_catalog.lookup(name, catalog)
    if entry is None:
        raise DownloadError(f"no Whisper model named {name!r} (names: {', '.join(whisper_catalog.names(catalog))})")
    if not entry.verifiable:
        unknown = ", ".join(f.name for f in entry.files if not f.sha256)
        raise DownloadError(f"the catalog gives no sha256 for {entry.name} ({unknown}): "
                            "cannot verify the download, so stopping")
    if urllib.parse.urlsplit(entry.base_url).scheme not in ("http", "https"):
        raise DownloadError(f"the catalog gives {entry.name} an address that is not http(s): {entry.base_url}")
    return entry


def is_complete(folder: Path, entry: WhisperCatalogEntry) -> bool:
    """True when ``folder`` holds every file of ``entry`` at its catalog size (sizes only: cheap)."""
    return all((folder / f.name).is_file() and (folder / f.name).stat().st_size == f.size for f in entry.files)


def _remaining(staging: Path, entry: WhisperCatalogEntry) -> int:
    """Bytes still to fetch: files not yet checked, less what their parts already hold."""
    left = 0
    for f in entry.files:
        if (staging / f.name).is_file():
            continue
        part = staging / f"{f.name}.part"
        have = part.stat().st_size if part.is_file() else 0
        left += f.size - have if have <= f.size else f.size
    return left


def _check(entry: WhisperCatalogEntry, f: WhisperFile, part: Path) -> str:
    """Size then sha256 of a fetched part; a part that fails is removed (resuming it cannot help)."""
    size = part.stat().st_size
    if size != f.size:
        part.unlink()
        raise DownloadError(f"{entry.name} {f.name} is {size} bytes, the catalog says {f.size}: "
                            "the file was removed; run the command again")
    digest = sha256_of(part)
    if digest != f.sha256:
        part.unlink()
        raise DownloadError(f"{entry.name} {f.name} has sha256 {digest}, the catalog says {f.sha256}: "
                            "the file was removed; run the command again")
    return digest


def _drop_if_empty(folder: Path) -> None:
    """Remove a staging folder that holds nothing to resume (a failure before the first byte)."""
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (a part to resume), already renamed, or never made


def download_whisper(name: str, dest_dir: Path, *, catalog: tuple[WhisperCatalogEntry, ...] | None = None,
                     progress: Progress | None = None, timeout: float = 30.0,
                     memo: HashMemo | None = None) -> Path:
    """Fetch and check every file of Whisper model ``name`` into ``dest_dir/whisper-<name>``; returns that folder.

    ``catalog`` defaults to :data:`~voice_coach.hearing.whisper_catalog.CATALOG`.
    Raises DownloadError (one line) on an unknown name, no network, a wrong
    size or digest, or a full disk. ``memo`` receives model.bin's digest, so
    the first start-up after a download need not hash it again.
    """
    entry = _entry(name, catalog)
    dest_dir = Path(dest_dir)
    target = dest_dir / entry.folder_name
    if target.exists():
        if is_complete(target, entry):
            log.info("%s is already installed at %s", entry.name, target)
            return target
        raise DownloadError(f"{target} exists but is not a complete {entry.name} model: remove it and run again")
    staging = dest_dir / f".{entry.folder_name}.download"
    digests: dict[str, str] = {}
    try:
        staging.mkdir(parents=True, exist_ok=True)
        need = _remaining(staging, entry)
        free = shutil.disk_usage(dest_dir).free
        if free < need * SPACE_MARGIN:
            raise DownloadError(f"not enough disk space in {dest_dir}: {entry.name} needs {need / 1e6:.0f} MB more, "
                                f"{free / 1e6:.0f} MB free")
        total = entry.size
        before = 0
        for f in entry.files:
            final = staging / f.name
            if final.is_file() and final.stat().st_size == f.size:  # checked before its rename, in an earlier run
                before += f.size
                continue
            part = staging / f"{f.name}.part"
            step = None if progress is None else (lambda done, _size, base=before: progress(base + done, total))
            fetch_resumable(entry.url(f.name), f.size, f"{entry.name} {f.name}", part, timeout, step)
            digests[f.name] = _check(entry, f, part)
            part.replace(final)
            before += f.size
        staging.rename(target)
    except PermissionError as exc:
        raise DownloadError(f"cannot write the model into {dest_dir}: {exc.strerror}") from exc
    except OSError as exc:  # a full disk while creating folders or renaming
        where = f"{exc.filename}: " if exc.filename else ""
        raise DownloadError(f"cannot install {entry.name} into {dest_dir}: {where}{exc.strerror or exc}") from exc
    finally:
        _drop_if_empty(staging)
    if "model.bin" in digests:
        model = target / "model.bin"
        (HashMemo() if memo is None else memo).record(model, FileIdentity.of(model), digests["model.bin"])
    log.info("installed %s at %s", entry.name, target)
    return target
