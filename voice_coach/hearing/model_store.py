"""Where Vosk models live, which one to use, and how to download one.

Lookup order for the model the coach uses (:func:`find_vosk_model`): an
explicit ``--model PATH``, then the ``VOICE_COACH_VOSK_MODEL`` environment
variable, then the first model folder in the models folder (:func:`models_dir`:
the repository's ``models/`` when it exists, else the user data folder).

Downloading is the only network use of the whole product, and it happens only
on ``voice-coach models download``. The catalog Vosk publishes
(``model-list.json``) gives each model's url, size and md5; the zip is fetched
to ``<name>.zip.part`` (resumed with an HTTP Range request when a part exists),
checked against both size and md5, and unpacked into ``<models>/<name>/``.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import logging
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import voice_coach
from voice_coach.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
"""The model ``voice-coach models download`` fetches when given no name."""
DEFAULT_CATALOG_URL = "https://alphacephei.com/vosk/models/model-list.json"
"""Vosk's published list of models, with url, size and md5 of each zip."""
ENV_MODEL = "VOICE_COACH_VOSK_MODEL"
"""Environment variable naming the Vosk model folder to use."""
ENV_CATALOG = "VOICE_COACH_MODEL_CATALOG"
"""Environment variable overriding the catalog URL (tests point it at a local server)."""
ENV_MODELS_DIR = "VOICE_COACH_MODELS_DIR"
"""Environment variable overriding the folder models are listed from and downloaded into."""
HINT = "run `voice-coach models download` or pass --model PATH"
"""How to get a model; ends every 'no model' message."""
CHUNK_BYTES = 1 << 16
"""Bytes read from the network per step of a download."""


@dataclass(frozen=True)
class InstalledModel:
    """A Vosk model folder found on disk."""

    name: str
    """Folder name, e.g. "vosk-model-small-en-us-0.15"."""
    path: Path
    """The model folder (holds am/ or conf/, and graph/)."""
    size_bytes: int
    """Total size of the files in the folder, bytes."""


@dataclass(frozen=True)
class CatalogEntry:
    """One downloadable model as Vosk's model-list.json describes it."""

    name: str
    """Model name, also the zip's and the unpacked folder's name."""
    url: str
    """Where the zip is."""
    size: int
    """Size of the zip, bytes."""
    md5: str | None
    """Hex md5 of the zip; None when unknown (the built-in entry: the catalog must supply it)."""
    lang: str = ""
    """Language code, e.g. "en-us"."""
    type: str = ""
    """"small", "big", ... as the catalog says."""
    obsolete: bool = False
    """True when Vosk marks the model as superseded."""

    @classmethod
    def from_json(cls, item: Mapping) -> CatalogEntry:
        return cls(name=str(item["name"]), url=str(item["url"]), size=int(item["size"]),
                   md5=(str(item["md5"]).lower() or None) if item.get("md5") else None,
                   lang=str(item.get("lang", "")), type=str(item.get("type", "")),
                   obsolete=str(item.get("obsolete", "false")).lower() == "true")


BUILTIN_CATALOG = (
    CatalogEntry(name=DEFAULT_MODEL, url=f"https://alphacephei.com/vosk/models/{DEFAULT_MODEL}.zip",
                 size=41_205_931, md5=None, lang="en-us", type="small"),
)
"""What is known without the network: enough to name the default model and its size."""


class DownloadError(ModelError):
    """A model could not be fetched, verified or unpacked; the message says what to do."""


# ---------------------------------------------------------------- on disk


def is_vosk_model(path: Path) -> bool:
    """True when ``path`` looks like a Vosk model folder (am/ or conf/, plus graph/; or the old flat layout)."""
    path = Path(path)
    if not path.is_dir():
        return False
    if (path / "final.mdl").is_file():
        return True
    return ((path / "am").is_dir() or (path / "conf").is_dir()) and (path / "graph").is_dir()


def models_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder models are listed from and downloaded into (it may not exist yet)."""
    env = os.environ if env is None else env
    if env.get(ENV_MODELS_DIR):
        return Path(env[ENV_MODELS_DIR]).expanduser()
    repo_models = Path(voice_coach.__file__).resolve().parents[1] / "models"
    if repo_models.is_dir():
        return repo_models
    import platformdirs  # lazily: only needed outside a source checkout

    return Path(platformdirs.user_data_dir("voice-coach")) / "models"


def _model_in(path: Path) -> Path | None:
    """``path`` itself when it is a model, else its first child that is one."""
    if is_vosk_model(path):
        return path
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if is_vosk_model(child):
                return child
    return None


def find_vosk_model(explicit: str | os.PathLike | None, *, env: Mapping[str, str] | None = None,
                    root: Path | None = None) -> Path | None:
    """The model folder to use, or None when there is none; a named path that is not a model raises ModelError."""
    env = os.environ if env is None else env
    for given, origin in ((explicit, "--model"), (env.get(ENV_MODEL) or None, ENV_MODEL)):
        if given is None:
            continue
        path = Path(given).expanduser()
        if not path.exists():
            raise ModelError(f"no Vosk model at {path} (from {origin}): {HINT}")
        found = _model_in(path)
        if found is None:
            raise ModelError(f"{path} (from {origin}) is not a Vosk model folder (it needs am/ and graph/): {HINT}")
        log.debug("Vosk model %s (from %s)", found, origin)
        return found
    root = models_dir(env) if root is None else root
    found = _model_in(root) if root.is_dir() else None
    if found is not None:
        log.debug("Vosk model %s (from %s)", found, root)
    return found


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def list_models(root: Path | None = None) -> list[InstalledModel]:
    """The Vosk models installed in ``root`` (default :func:`models_dir`), by name; never touches the network."""
    root = models_dir() if root is None else root
    if not root.is_dir():
        return []
    return [InstalledModel(name=p.name, path=p, size_bytes=_folder_size(p))
            for p in sorted(root.iterdir()) if is_vosk_model(p)]


# ---------------------------------------------------------------- catalog


def default_catalog_url(env: Mapping[str, str] | None = None) -> str:
    """The catalog to fetch: ``VOICE_COACH_MODEL_CATALOG`` or Vosk's own."""
    env = os.environ if env is None else env
    return env.get(ENV_CATALOG) or DEFAULT_CATALOG_URL


def builtin_entry(name: str) -> CatalogEntry | None:
    """The entry known without the network, if any."""
    return next((e for e in BUILTIN_CATALOG if e.name == name), None)


def _unreachable(url: str, exc: BaseException) -> DownloadError:
    host = urllib.parse.urlsplit(url).hostname or url
    reason = getattr(exc, "reason", None) or exc
    return DownloadError(f"cannot reach {host}: no network? ({reason})")


def _open(url: str, timeout: float, headers: Mapping[str, str] | None = None):
    request = urllib.request.Request(url, headers={"User-Agent": "voice-coach", **(headers or {})})
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http/https from the catalog)
    except urllib.error.HTTPError:
        raise
    except (urllib.error.URLError, OSError) as exc:  # DNS failure, refused, timeout, reset
        raise _unreachable(url, exc) from exc


def fetch_catalog(url: str | None = None, timeout: float = 30.0) -> list[CatalogEntry]:
    """Every model the catalog lists; raises DownloadError when it cannot be fetched or read."""
    url = url or default_catalog_url()
    try:
        with _open(url, timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
        return [CatalogEntry.from_json(item) for item in data]
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"cannot fetch the model catalog {url}: HTTP {exc.code} {exc.reason}") from exc
    except (OSError, TimeoutError) as exc:
        raise _unreachable(url, exc) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise DownloadError(f"the model catalog {url} is not a Vosk model list: {exc}") from exc


def find_entry(name: str, entries: list[CatalogEntry], url: str) -> CatalogEntry:
    """The catalog entry for ``name`` with a size and an md5 to check, else DownloadError."""
    entry = next((e for e in entries if e.name == name), None)
    if entry is None:
        raise DownloadError(f"no model named {name!r} in the catalog {url} (names: https://alphacephei.com/vosk/models)")
    if not entry.md5:
        raise DownloadError(f"the catalog {url} gives no md5 for {name}: cannot verify the download, so stopping")
    known = builtin_entry(name)
    if known is not None and known.size != entry.size:
        log.warning("catalog size of %s is %d bytes, expected %d; trusting the catalog", name, entry.size, known.size)
    return entry


# ---------------------------------------------------------------- download


Progress = Callable[[int, int], None]
"""Called as ``progress(bytes_done, bytes_total)`` while a download runs."""


def _fetch(entry: CatalogEntry, part: Path, timeout: float, progress: Progress | None) -> None:
    """Bring ``part`` to the full zip, resuming from its current length when the server allows."""
    fetch_resumable(entry.url, entry.size, entry.name, part, timeout, progress)


def fetch_resumable(url: str, size: int, label: str, part: Path, timeout: float,
                    progress: Progress | None = None) -> None:
    """Bring ``part`` to ``size`` bytes from ``url``, resuming from its current length when the server allows.

    Shared by the Vosk zip and each file of a Whisper model, so both resume the
    same way. The caller checks the result (size and digest): this only fetches.
    ``label`` names the download in messages.
    """
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        log.info("discarding %s: longer than the expected %d bytes", part, size)
        part.unlink()
        have = 0
    if have == size:
        return
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        response = _open(url, timeout, headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part does not fit what the server has: start over
            exc.close()
            part.unlink()
            return fetch_resumable(url, size, label, part, timeout, progress)
        raise DownloadError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
    with response:
        if have and response.status != 206:
            log.info("server ignored the range request; downloading %s from the start", label)
            have = 0
        elif have and not response.headers.get("Content-Range", "").startswith(f"bytes {have}-"):
            raise DownloadError(f"the server answered the resume of {label} with the wrong range "
                                f"({response.headers.get('Content-Range')}): remove {part} and run again")
        length = response.headers.get("Content-Length")
        expected = have + int(length) if length is not None else None
        done = have
        with open(part, "ab" if have else "wb") as out:
            if progress:
                progress(done, size)
            while True:
                try:
                    chunk = response.read(CHUNK_BYTES)
                except (OSError, http.client.HTTPException) as exc:
                    raise DownloadError(f"download of {label} interrupted after {done} of {size} bytes "
                                        f"({exc}): run the same command again to resume") from exc
                if not chunk:
                    break
                try:
                    out.write(chunk)
                    out.flush()  # a full disk shows here, not at close, so the message below names it
                except OSError as exc:
                    raise _write_error(part, exc) from exc
                done += len(chunk)
                if done > size:
                    break  # longer than the catalog says: the caller's check rejects it, no need to fetch the rest
                if progress:
                    progress(done, size)
    if expected is not None and done < expected and done <= size:
        raise DownloadError(f"download of {label} interrupted after {done} of {size} bytes: "
                            "run the same command again to resume")


def _write_error(part: Path, exc: OSError) -> DownloadError:
    """One line for a write that failed: a full disk says what to do, anything else names the error."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DownloadError(f"cannot write {part}: {exc.strerror}: free some space and run the same "
                             "command again to resume")
    return DownloadError(f"cannot write {part}: {exc.strerror or exc}")


def _verify(entry: CatalogEntry, part: Path) -> None:
    """Check size then md5; a file that fails is removed, since resuming it cannot help."""
    size = part.stat().st_size
    if size != entry.size:
        part.unlink()
        raise DownloadError(f"{entry.name}.zip is {size} bytes, the catalog says {entry.size}: "
                            "the file was removed; run the command again")
    digest = hashlib.md5(usedforsecurity=False)
    with open(part, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != entry.md5:
        part.unlink()
        raise DownloadError(f"{entry.name}.zip has md5 {digest.hexdigest()}, the catalog says {entry.md5}: "
                            "the file was removed; run the command again")


def unpack(archive: Path, target: Path) -> Path:
    """Unzip ``archive`` into ``target`` (stripping one shared top folder); refuses paths that leave it."""
    staging = target.with_name(f".{target.name}.unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [(m, m.filename.replace("\\", "/")) for m in zf.infolist()]
            names = [rel.rstrip("/") for _, rel in members if rel.strip("/")]
            tops = {rel.split("/", 1)[0] for rel in names}
            strip = len(tops) == 1 and any("/" in rel for rel in names)
            for m, rel in members:
                if rel.startswith("/") or ".." in rel.split("/") or ":" in rel.split("/", 1)[0]:
                    raise DownloadError(f"{archive.name} holds an unsafe path {m.filename!r}: not unpacked")
                if (m.external_attr >> 16) & 0o170000 == 0o120000:
                    raise DownloadError(f"{archive.name} holds a symbolic link {m.filename!r}: not unpacked")
                if strip:
                    rel = rel.partition("/")[2]
                if not rel.strip("/"):
                    continue
                dest = staging / rel
                if m.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(m) as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out)
        if not is_vosk_model(staging):
            raise DownloadError(f"{archive.name} holds no Vosk model (no am/ and graph/ folders)")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        return target
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"{archive.name} is not a valid zip ({exc}): remove it and run the command again") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download(name: str, dest_dir: Path, catalog_url: str | None = None, progress: Progress | None = None,
             timeout: float = 30.0) -> Path:
    """Fetch, verify and unpack model ``name`` into ``dest_dir/name``; returns that folder."""
    if not name or Path(name).name != name or name in (".", "..") or "\\" in name:
        raise DownloadError(f"not a model name: {name!r} (names look like {DEFAULT_MODEL})")
    dest_dir = Path(dest_dir)
    target = dest_dir / name
    if is_vosk_model(target):
        log.info("%s is already installed at %s", name, target)
        return target
    url = catalog_url or default_catalog_url()
    entry = find_entry(name, fetch_catalog(url, timeout), url)
    if urllib.parse.urlsplit(entry.url).scheme not in ("http", "https"):
        raise DownloadError(f"the catalog gives {name} an address that is not http(s): {entry.url}")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(dest_dir).free
        if free < 3 * entry.size:
            raise DownloadError(f"not enough disk space in {dest_dir}: {name} needs about "
                                f"{3 * entry.size / 1e6:.0f} MB while unpacking, {free / 1e6:.0f} MB free")
        part = dest_dir / f"{name}.zip.part"
        _fetch(entry, part, timeout, progress)
        _verify(entry, part)
        unpack(part, target)
        part.unlink()
    except PermissionError as exc:
        raise DownloadError(f"cannot write the model into {dest_dir}: {exc.strerror}") from exc
    log.info("installed %s at %s", name, target)
    return target
