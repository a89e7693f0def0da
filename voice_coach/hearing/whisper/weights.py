"""Reading a CTranslate2 ``model.bin``: the named arrays the model is made of.

CTranslate2 runs the Whisper encoder fast, but offers no step-by-step decoder
(no hook to hold a decode to a grammar, no cache across calls), so the coach
runs the small text decoder itself (:mod:`.decoder`) on the same weights. The
file format is CTranslate2's own (``ctranslate2/specs/model_spec.py``,
``_serialize``): a version, the spec name, a revision, then each variable as
name, shape, dtype and raw bytes, then aliases (tied weights).
"""

from __future__ import annotations

import logging
import mmap
import struct
from pathlib import Path

import numpy as np

from voice_coach.errors import ModelError

log = logging.getLogger(__name__)

_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)
"""CTranslate2's DataType enum order (bfloat16, the last, has no numpy type)."""

SUPPORTED_VERSIONS = range(5, 7)
"""Binary format versions this reader knows (CTranslate2 4.x writes 6)."""


def read_variables(path: str | Path, prefix: str = "") -> dict[str, np.ndarray]:
    """The variables of ``path`` whose names start with ``prefix``, as read-only arrays (aliases resolved).

    The file is memory-mapped: only the arrays asked for are read. A file that
    is not a CTranslate2 model raises :class:`ModelError` naming it.
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read the model file: {exc}") from None
    try:
        return _parse(buf, prefix)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not a CTranslate2 model file ({exc})") from None


def _parse(buf, prefix: str) -> dict[str, np.ndarray]:
    offset = 0

    def take(fmt: str):
        nonlocal offset
        (value,) = struct.unpack_from(fmt, buf, offset)
        offset += struct.calcsize(fmt)
        return value

    def string() -> str:
        nonlocal offset
        n = take("<H")
        text = bytes(buf[offset:offset + n - 1]).decode("utf-8")
        offset += n
        return text

    version = take("<I")
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"binary version {version}")
    string()  # the spec name, e.g. "WhisperSpec"
    take("<I")  # revision
    out: dict[str, np.ndarray] = {}
    for _ in range(take("<I")):
        name = string()
        shape = tuple(take("<I") for _ in range(take("<B")))
        dtype = _DTYPES[take("<B")]
        nbytes = take("<I")
        if dtype is not None and name.startswith(prefix):
            count = nbytes // np.dtype(dtype).itemsize
            out[name] = np.frombuffer(buf, dtype=dtype, count=count, offset=offset).reshape(shape)
        offset += nbytes
    for _ in range(take("<I")):
        alias, target = string(), string()
        if alias.startswith(prefix) and target in out:
            out[alias] = out[target]
    return out
