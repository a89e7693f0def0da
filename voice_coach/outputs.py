"""The files a user asks the coach to write: events, timelines, rendered speech.

Each is opened before any work, so a bad path fails at once, and every later
failure (a full disk, a pulled USB stick) becomes one :class:`AudioError`
that names the file: the command stops with one line and exit code 2 instead
of a traceback. A WAV whose write failed is abandoned so that nothing tries
to finish its header again at exit (which is what printed
``Exception ignored in: Wave_write.__del__`` tracebacks on a full disk).
"""

from __future__ import annotations

import logging
import wave
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from voice_coach.errors import AudioError

log = logging.getLogger(__name__)


@contextmanager
def naming(path: str | Path, what: str = "") -> Iterator[None]:
    """Turn an OSError raised while writing ``path`` into one line that names it (and ``what`` it holds)."""
    try:
        yield
    except OSError as exc:
        the = f"the {what} to " if what else ""
        raise AudioError(f"cannot write {the}{path}: {exc.strerror or exc}") from None


class TextOutput:
    """A UTF-8 text file being written, e.g. ``--events`` or ``--timeline``."""

    def __init__(self, path: str | Path, what: str) -> None:
        self.path = path
        """Where the text goes."""
        self.what = what
        """What the file holds, for the error message ("events", "timeline")."""
        with naming(path, what):
            self._file = open(path, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        """Append ``text``."""
        with naming(self.path, self.what):
            self._file.write(text)

    def close(self) -> None:
        """Flush and close; a failure here (the disk filled at the last block) is reported like any write."""
        if self._file.closed:
            return
        try:
            with naming(self.path, self.what):
                self._file.close()
        finally:
            _quietly_close(self._file)

    def __enter__(self) -> "TextOutput":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class WavOutput:
    """A mono 16-bit PCM WAV being written a block at a time."""

    def __init__(self, path: str | Path, rate: int) -> None:
        self.path = path
        """Where the audio goes."""
        with naming(path):
            self._file = open(path, "wb")
        self._failure: AudioError | None = None
        """Why the file was abandoned: every later write says the same."""
        self._writer: wave.Wave_write | None = wave.open(self._file, "wb")
        self._writer.setnchannels(1)
        self._writer.setsampwidth(2)
        self._writer.setframerate(rate)

    def write(self, samples: np.ndarray) -> None:
        """Append int16 ``samples``."""
        if self._writer is None:
            raise self._failure or AudioError(f"cannot write {self.path}: it is already closed")
        try:
            with naming(self.path):
                self._writer.writeframes(np.asarray(samples).astype("<i2", copy=False).tobytes())
        except AudioError as exc:
            self._failure = exc
            self._abandon()
            raise

    def close(self) -> None:
        """Finish the header with the final length and close the file."""
        if self._writer is None:
            return
        try:
            with naming(self.path):
                self._writer.close()
                self._file.close()
        finally:
            self._abandon()

    def _abandon(self) -> None:
        """Let go of a writer whose file failed, so its ``__del__`` does not retry the header."""
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.close()  # sets its file to None even when the header write fails
            except (OSError, ValueError):
                log.debug("abandoned %s without its final header", self.path)
        _quietly_close(self._file)

    def __enter__(self) -> "WavOutput":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _quietly_close(file) -> None:
    """Close a file whose failure was already reported; its unflushed bytes cannot be written anyway."""
    try:
        file.close()
    except (OSError, ValueError):
        pass
