"""``voice-coach models list|download``: the installed Vosk and Whisper models, and fetching one.

``list`` never touches the network; ``download`` is the only command that does.
``download NAME`` fetches a Whisper model when NAME is in the Whisper catalog
(``base.en`` or ``whisper-base.en``), else the Vosk model of that name; with no
name it is still the small English Vosk model.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from voice_coach.errors import ModelError
from voice_coach.hearing import model_store, whisper_catalog, whisper_models
from voice_coach.hearing.whisper_download import download_whisper

log = logging.getLogger(__name__)

BAR_WIDTH = 30
"""Characters in the progress bar."""


def human_size(size_bytes: int) -> str:
    """``41205931`` -> ``"41 MB"`` (decimal units, as download sizes are usually quoted)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size_bytes >= scale:
            value = size_bytes / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size_bytes} B"


class TextProgress:
    """A one-line text progress bar, redrawn on each whole percent."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(100, done * 100 // total) if total > 0 else 100
        if percent == self._shown:
            return
        self._shown = percent
        filled = BAR_WIDTH * percent // 100
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% {human_size(done)} of {human_size(total)}")
        if percent == 100:
            self.stream.write("\n")
        self.stream.flush()

    def close(self) -> None:
        """End a bar left unfinished (by an error), so the next line starts clean."""
        if 0 <= self._shown < 100:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = 100


def list_models(out: TextIO) -> int:
    """Print the installed models, the ones that can be downloaded, and what the coach would use; never fetches."""
    root = model_store.models_dir()
    installed = model_store.list_models(root)
    if installed:
        print(f"installed Vosk models in {root}:", file=out)
        for m in installed:
            print(f"  {m.name}  {m.path}  {human_size(m.size_bytes)}", file=out)
    else:
        print(f"no Vosk model installed in {root}", file=out)
    try:
        in_use = model_store.find_vosk_model(None)
    except ModelError as exc:
        print(f"vosk in use (--engine vosk): none ({exc})", file=out)
    else:
        print(f"vosk in use (--engine vosk): {in_use if in_use is not None else 'none'}", file=out)
    default = model_store.builtin_entry(model_store.DEFAULT_MODEL)
    if default is not None and all(m.name != default.name for m in installed):
        print(f"run `voice-coach models download` to get {default.name} ({human_size(default.size)})", file=out)
    list_whisper(out, root)
    return 0


WHERE = {
    "bundled": f"(bundled by the pip package {whisper_catalog.BUNDLED_PACKAGE})",
    "downloaded": "",
    "folder": "(not in the catalog: not checked)",
}
"""What ``list`` adds after a Whisper model's folder, by where the model came from."""


def list_whisper(out: TextIO, root) -> None:
    """The Whisper section of ``list``: name, engine, size, installed or not, and where."""
    statuses = whisper_models.model_statuses(root)
    width = max(len(s.name) for s in statuses)
    print("Whisper models (engine whisper, CTranslate2 format):", file=out)
    for s in statuses:
        size = human_size(s.size_bytes)
        if s.installed:
            line = f"  {s.name:<{width}}  whisper  {size:>6}  installed      {s.path} {WHERE[s.origin]}"
        else:
            line = (f"  {s.name:<{width}}  whisper  {size:>6}  not installed  "
                    f"run `voice-coach models download {s.name}`")
        print(line.rstrip(), file=out)
    try:
        default = whisper_models.find_whisper_model(None, root=root)
    except ModelError as exc:
        print(f"whisper default: none ({exc})", file=out)
    else:
        print(f"whisper default: {default.name} at {default.path}", file=out)


def download(name: str, out: TextIO) -> int:
    """Download ``name`` (a Whisper or a Vosk model) into the models folder, with a progress bar on stderr."""
    root = model_store.models_dir()
    bar = TextProgress(name)
    try:
        if whisper_catalog.lookup(name) is not None or name.startswith(whisper_catalog.FOLDER_PREFIX):
            path = download_whisper(name, root, progress=bar)
        else:
            path = model_store.download(name, root, catalog_url=model_store.default_catalog_url(), progress=bar)
    finally:
        bar.close()
    print(f"{name} is installed at {path}", file=out)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.models_command == "list":
        return list_models(sys.stdout)
    if args.models_command == "download":
        return download(args.name, sys.stdout)
    raise ValueError(f"unknown models command {args.models_command!r}")
