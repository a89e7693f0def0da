"""Finding, listing and downloading Vosk models, against a catalog served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from voice_coach.errors import ModelError
from voice_coach.hearing import model_store
from voice_coach.hearing.model_store import (CatalogEntry, DownloadError, download, find_vosk_model, is_vosk_model,
                                             list_models, models_dir, unpack)

FAKE_FILES = {
    "am/final.mdl": bytes(range(256)) * 800,  # 200 kB: several read chunks, so progress and resume are exercised
    "conf/model.conf": b"--min-active=200\n",
    "graph/Gr.fst": b"not really an fst\n",
}


def make_zip(files: dict[str, bytes], top: str | None = "fake-model") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        if top:
            zf.writestr(f"{top}/", b"")
        for name, data in files.items():
            zf.writestr(f"{top}/{name}" if top else name, data)
    return buffer.getvalue()


def make_model(folder: Path, size: int = 100) -> Path:
    for sub in ("am", "conf", "graph"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "am" / "final.mdl").write_bytes(b"x" * size)
    return folder


@dataclass
class FakeSite:
    """What the loopback server serves and what it saw."""

    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    ignore_range: bool = False
    cut_after: int | None = None
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


def handler_for(site: FakeSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.lstrip("/")
            site.requests.append((path, self.headers.get("Range")))
            if path not in site.files:
                self.send_error(404)
                return
            data = site.files[path]
            start, status = 0, 200
            wanted = self.headers.get("Range")
            if wanted and not site.ignore_range:
                start = int(wanted.removeprefix("bytes=").split("-")[0])
                if start >= len(data):
                    self.send_error(416)
                    return
                status = 206
            self.send_response(status)
            self.send_header("Content-Length", str(len(data) - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            body = data[start:]
            if site.cut_after is not None:
                body = body[:site.cut_after]  # then the connection closes: an interrupted download
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site():
    """A catalog and model zips on a local HTTP server (loopback only)."""
    site = FakeSite()
    good = make_zip(FAKE_FILES)
    md5 = hashlib.md5(good).hexdigest()
    site.files["fake-model.zip"] = good
    site.files["evil.zip"] = make_zip({"../evil.txt": b"gotcha"}, top=None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    site.port = server.server_address[1]

    def entry(name: str, zip_name: str, size: int, md5: str) -> dict:
        return {"lang": "xx", "name": name, "url": site.url(zip_name), "size": size, "md5": md5,
                "type": "small", "obsolete": "false", "version": "0.1"}

    site.files["model-list.json"] = json.dumps([
        entry("fake-model", "fake-model.zip", len(good), md5),
        entry("fake-bad-md5", "fake-model.zip", len(good), "0" * 32),
        entry("fake-bad-size", "fake-model.zip", len(good) + 10, md5),
        entry("fake-no-md5", "fake-model.zip", len(good), ""),
        entry("evil", "evil.zip", len(site.files["evil.zip"]), hashlib.md5(site.files["evil.zip"]).hexdigest()),
    ]).encode()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def catalog(site: FakeSite) -> str:
    return site.url("model-list.json")


def check_installed(path: Path) -> None:
    assert is_vosk_model(path)
    for name, data in FAKE_FILES.items():
        assert (path / name).read_bytes() == data


# ------------------------------------------------------------ download


def test_download_verifies_and_unpacks(site, tmp_path):
    seen: list[tuple[int, int]] = []
    path = download("fake-model", tmp_path, catalog_url=catalog(site), progress=lambda d, t: seen.append((d, t)))
    assert path == tmp_path / "fake-model"
    check_installed(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-model"]  # zip and staging folder gone
    size = len(site.files["fake-model.zip"])
    assert seen[-1] == (size, size) and len(seen) > 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_installed_model_is_not_fetched_again(site, tmp_path, closed_port):
    download("fake-model", tmp_path, catalog_url=catalog(site))
    again = download("fake-model", tmp_path, catalog_url=f"http://127.0.0.1:{closed_port}/model-list.json")
    assert again == tmp_path / "fake-model"


def test_md5_mismatch_removes_the_file(site, tmp_path):
    with pytest.raises(DownloadError, match="md5 .* the catalog says 0{32}: the file was removed"):
        download("fake-bad-md5", tmp_path, catalog_url=catalog(site))
    assert list(tmp_path.iterdir()) == []


def test_size_mismatch_removes_the_file(site, tmp_path):
    with pytest.raises(DownloadError, match=r"is \d+ bytes, the catalog says \d+: the file was removed"):
        download("fake-bad-size", tmp_path, catalog_url=catalog(site))
    assert list(tmp_path.iterdir()) == []


def test_resumes_a_partial_download_with_a_range_request(site, tmp_path):
    data = site.files["fake-model.zip"]
    half = len(data) // 2
    (tmp_path / "fake-model.zip.part").write_bytes(data[:half])
    check_installed(download("fake-model", tmp_path, catalog_url=catalog(site)))
    assert site.requests[-1] == ("fake-model.zip", f"bytes={half}-")


def test_server_without_range_support_restarts_cleanly(site, tmp_path):
    site.ignore_range = True
    (tmp_path / "fake-model.zip.part").write_bytes(site.files["fake-model.zip"][:1000])
    check_installed(download("fake-model", tmp_path, catalog_url=catalog(site)))


def test_interrupted_download_is_kept_and_resumed(site, tmp_path):
    site.cut_after = 50_000
    with pytest.raises(DownloadError, match="interrupted after 50000 of .* run the same command again to resume"):
        download("fake-model", tmp_path, catalog_url=catalog(site))
    assert (tmp_path / "fake-model.zip.part").stat().st_size == 50_000
    site.cut_after = None
    check_installed(download("fake-model", tmp_path, catalog_url=catalog(site)))
    assert site.requests[-1] == ("fake-model.zip", "bytes=50000-")


def test_part_longer_than_the_model_is_discarded(site, tmp_path):
    (tmp_path / "fake-model.zip.part").write_bytes(b"\0" * (len(site.files["fake-model.zip"]) + 5))
    check_installed(download("fake-model", tmp_path, catalog_url=catalog(site)))


def test_no_network_is_one_clear_line(tmp_path, closed_port):
    with pytest.raises(DownloadError) as caught:
        download("fake-model", tmp_path, catalog_url=f"http://127.0.0.1:{closed_port}/model-list.json")
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1: no network? (") and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_without_an_md5_nothing_is_downloaded(site, tmp_path):
    with pytest.raises(DownloadError, match="no md5 for fake-no-md5: cannot verify"):
        download("fake-no-md5", tmp_path, catalog_url=catalog(site))
    assert [path for path, _ in site.requests] == ["model-list.json"]


def test_unknown_model_name(site, tmp_path):
    with pytest.raises(DownloadError, match="no model named 'nope'"):
        download("nope", tmp_path, catalog_url=catalog(site))


def test_missing_catalog(site, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download("fake-model", tmp_path, catalog_url=site.url("missing.json"))


def test_catalog_url_comes_from_the_environment(site, tmp_path, monkeypatch):
    monkeypatch.setenv(model_store.ENV_CATALOG, catalog(site))
    check_installed(download("fake-model", tmp_path))


def test_archive_escaping_its_folder_is_refused(site, tmp_path):
    dest = tmp_path / "models"
    with pytest.raises(DownloadError, match="unsafe path"):
        download("evil", dest, catalog_url=catalog(site))
    assert not (tmp_path / "evil.txt").exists()
    assert not (dest / "evil").exists()


def test_unpack_without_a_top_folder(tmp_path):
    archive = tmp_path / "flat.zip"
    archive.write_bytes(make_zip(FAKE_FILES, top=None))
    check_installed(unpack(archive, tmp_path / "flat"))


def test_unpack_refuses_an_archive_without_a_model(tmp_path):
    archive = tmp_path / "junk.zip"
    archive.write_bytes(make_zip({"readme.txt": b"hi"}))
    with pytest.raises(DownloadError, match="holds no Vosk model"):
        unpack(archive, tmp_path / "junk")
    assert not (tmp_path / "junk").exists()


def test_catalog_entry_from_vosk_json():
    entry = CatalogEntry.from_json({"lang": "en-us", "name": "vosk-model-small-en-us-0.15", "url": "u",
                                    "size": 41205931, "md5": "ABC", "type": "small", "obsolete": "true",
                                    "version": "0.15"})
    assert (entry.size, entry.md5, entry.obsolete, entry.lang) == (41205931, "abc", True, "en-us")
    assert model_store.builtin_entry(model_store.DEFAULT_MODEL).size == 41_205_931


# ------------------------------------------------------------ on disk


def test_explicit_path_wins(tmp_path):
    explicit = make_model(tmp_path / "a")
    from_env = make_model(tmp_path / "b")
    root = tmp_path / "root"
    make_model(root / "c")
    env = {model_store.ENV_MODEL: str(from_env)}
    assert find_vosk_model(str(explicit), env=env, root=root) == explicit
    assert find_vosk_model(None, env=env, root=root) == from_env
    assert find_vosk_model(None, env={}, root=root) == root / "c"
    assert find_vosk_model(None, env={}, root=tmp_path / "empty") is None


def test_folder_holding_a_model_finds_it(tmp_path):
    inner = make_model(tmp_path / "models" / "vosk-model-x")
    assert find_vosk_model(str(tmp_path / "models"), env={}) == inner


def test_missing_explicit_model_is_an_error(tmp_path):
    with pytest.raises(ModelError, match=r"no Vosk model at .* \(from --model\): run `voice-coach models download`"):
        find_vosk_model(str(tmp_path / "nope"), env={})


def test_bad_model_from_the_environment_names_the_variable(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(ModelError, match="from VOICE_COACH_VOSK_MODEL.*not a Vosk model folder"):
        find_vosk_model(None, env={model_store.ENV_MODEL: str(tmp_path / "x")})


def test_list_models_shows_only_models(tmp_path):
    make_model(tmp_path / "vosk-b", size=300)
    make_model(tmp_path / "vosk-a", size=100)
    (tmp_path / "not-a-model").mkdir()
    (tmp_path / "stray.zip.part").write_bytes(b"..")
    found = list_models(tmp_path)
    assert [(m.name, m.size_bytes) for m in found] == [("vosk-a", 100), ("vosk-b", 300)]
    assert list_models(tmp_path / "missing") == []


def test_models_dir(tmp_path):
    assert models_dir({model_store.ENV_MODELS_DIR: str(tmp_path)}) == tmp_path
    repo_models = Path(model_store.__file__).resolve().parents[2] / "models"
    if repo_models.is_dir():
        assert models_dir({}) == repo_models


@pytest.mark.parametrize("name", ["../escape", "a/b", "..", ""])
def test_names_that_are_not_folder_names_are_refused(tmp_path, name):
    with pytest.raises(DownloadError, match="not a model name"):
        download(name, tmp_path, catalog_url="http://127.0.0.1:9/never-fetched.json")
