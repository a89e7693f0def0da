"""Downloading Whisper models file by file, from stand-in files served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.hearing.test_model_store import FakeSite, closed_port, handler_for  # noqa: F401 (fixture)
from voice_coach.hearing import whisper_download
from voice_coach.hearing.hash_memo import FileIdentity, HashMemo
from voice_coach.hearing.model_store import DownloadError
from voice_coach.hearing.whisper_catalog import WhisperCatalogEntry, WhisperFile
from voice_coach.hearing.whisper_download import download_whisper

FILES = {
    "model.bin": bytes(range(256)) * 800,  # 200 kB: several read chunks, so progress and resume are exercised
    "config.json": b'{"suppress_ids": []}\n',
    "tokenizer.json": b'{"model": {}}\n',
    "vocabulary.txt": b"a\nb\n",
}


def entry_for(base_url: str, name: str = "fake.en", **wrong) -> WhisperCatalogEntry:
    """A catalog entry for FILES at ``base_url``; ``wrong`` replaces (size, sha256) of named files."""
    files = []
    for file_name, data in FILES.items():
        size, digest = wrong.get(file_name.replace(".", "_"), (len(data), hashlib.sha256(data).hexdigest()))
        files.append(WhisperFile(file_name, size, digest))
    return WhisperCatalogEntry(name, base_url, tuple(files), source="stand-in")


def redirecting_handler(site: FakeSite):
    """``handler_for(site)``, but /hf/<file> answers 302 to /fake/<file>, as Hugging Face sends LFS files to a CDN."""
    base = handler_for(site)

    class Handler(base):
        def do_GET(self) -> None:
            if self.path.startswith("/hf/"):
                site.requests.append((self.path.lstrip("/"), self.headers.get("Range")))
                self.send_response(302)
                self.send_header("Location", self.path.replace("/hf/", "/fake/", 1))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

    return Handler


@pytest.fixture
def site():
    """FILES at /fake/<file> on a local HTTP server (loopback only); /hf/<file> redirects there."""
    site = FakeSite(files={f"fake/{name}": data for name, data in FILES.items()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), redirecting_handler(site))
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def catalog(site):
    base = site.url("fake")
    model = FILES["model.bin"]
    return (
        entry_for(base),
        entry_for(base, "bad-sha.en", tokenizer_json=(len(FILES["tokenizer.json"]), "0" * 64)),
        entry_for(base, "bad-size.en", model_bin=(len(model) + 10, hashlib.sha256(model).hexdigest())),
        entry_for(base, "unverified.en", config_json=(len(FILES["config.json"]), None)),
        entry_for("file:///etc", "not-http.en"),
    )


@pytest.fixture
def memo(tmp_path) -> HashMemo:
    return HashMemo(tmp_path / "cache" / "model-hashes.json")


def check_installed(path: Path) -> None:
    assert path.name == "whisper-fake.en"
    assert {p.name: p.read_bytes() for p in path.iterdir()} == FILES


def fetched(site: FakeSite) -> list[str]:
    return [path.removeprefix("fake/") for path, _ in site.requests]


def test_download_checks_every_file_and_installs_the_folder(site, catalog, tmp_path, memo):
    seen: list[tuple[int, int]] = []
    path = download_whisper("fake.en", tmp_path / "models", catalog=catalog, memo=memo,
                            progress=lambda d, t: seen.append((d, t)))
    assert path == tmp_path / "models" / "whisper-fake.en"
    check_installed(path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["whisper-fake.en"]  # staging folder gone
    total = sum(len(d) for d in FILES.values())
    assert seen[-1] == (total, total) and all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert fetched(site) == list(FILES)
    model = path / "model.bin"
    assert memo.lookup(model, FileIdentity.of(model)) == hashlib.sha256(FILES["model.bin"]).hexdigest()


def test_folder_name_is_accepted_too(site, catalog, tmp_path, memo):
    check_installed(download_whisper("whisper-fake.en", tmp_path, catalog=catalog, memo=memo))


def test_installed_model_is_not_fetched_again(site, catalog, tmp_path, memo):
    download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    site.requests.clear()
    assert download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo) == tmp_path / "whisper-fake.en"
    assert site.requests == []


def test_corrupted_file_is_refused_and_removed(site, catalog, tmp_path, memo):
    with pytest.raises(DownloadError) as caught:
        download_whisper("bad-sha.en", tmp_path, catalog=catalog, memo=memo)
    message = str(caught.value)
    assert message.startswith("bad-sha.en tokenizer.json has sha256 ")
    assert message.endswith(f"the catalog says {'0' * 64}: the file was removed; run the command again")
    assert not (tmp_path / "whisper-bad-sha.en").exists()
    staging = tmp_path / ".whisper-bad-sha.en.download"
    assert sorted(p.name for p in staging.iterdir()) == ["config.json", "model.bin"]  # checked ones are kept


def test_server_sending_other_bytes_is_refused(site, catalog, tmp_path, memo):
    site.files["fake/model.bin"] = bytes(reversed(FILES["model.bin"]))  # same size, other content
    with pytest.raises(DownloadError, match="fake.en model.bin has sha256 .* the file was removed"):
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    assert not (tmp_path / "whisper-fake.en").exists()
    assert list(tmp_path.iterdir()) == []  # nothing checked, nothing to resume: no staging folder left


def test_wrong_size_is_refused(site, catalog, tmp_path, memo):
    with pytest.raises(DownloadError, match=r"bad-size.en model.bin is 204800 bytes, the catalog says 204810: "
                                            "the file was removed"):
        download_whisper("bad-size.en", tmp_path, catalog=catalog, memo=memo)
    assert not (tmp_path / "whisper-bad-size.en").exists()


def test_resumes_a_partial_file_with_a_range_request(site, catalog, tmp_path, memo):
    staging = tmp_path / ".whisper-fake.en.download"
    staging.mkdir()
    half = len(FILES["model.bin"]) // 2
    (staging / "model.bin.part").write_bytes(FILES["model.bin"][:half])
    check_installed(download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo))
    assert site.requests[0] == ("fake/model.bin", f"bytes={half}-")


def test_interrupted_download_is_kept_and_resumed(site, catalog, tmp_path, memo):
    site.cut_after = 50_000
    with pytest.raises(DownloadError, match="download of fake.en model.bin interrupted after 50000 of 204800 "
                                            "bytes.*run the same command again to resume"):
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    assert (tmp_path / ".whisper-fake.en.download" / "model.bin.part").stat().st_size == 50_000
    site.cut_after = None
    check_installed(download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo))
    assert site.requests[1] == ("fake/model.bin", "bytes=50000-")


def test_files_checked_in_an_earlier_run_are_not_fetched_again(site, catalog, tmp_path, memo):
    with pytest.raises(DownloadError):
        download_whisper("bad-sha.en", tmp_path, catalog=catalog, memo=memo)  # model.bin and config.json checked
    site.requests.clear()
    good = tmp_path / ".whisper-bad-sha.en.download"
    good.rename(tmp_path / ".whisper-fake.en.download")
    check_installed(download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo))
    assert fetched(site) == ["tokenizer.json", "vocabulary.txt"]


def test_redirects_are_followed_and_keep_the_range(site, tmp_path, memo):
    catalog = (entry_for(site.url("hf")),)
    staging = tmp_path / ".whisper-fake.en.download"
    staging.mkdir()
    (staging / "model.bin.part").write_bytes(FILES["model.bin"][:1000])
    check_installed(download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo))
    assert site.requests[:2] == [("hf/model.bin", "bytes=1000-"), ("fake/model.bin", "bytes=1000-")]


def test_server_without_range_support_restarts_the_file(site, catalog, tmp_path, memo):
    site.ignore_range = True
    staging = tmp_path / ".whisper-fake.en.download"
    staging.mkdir()
    (staging / "model.bin.part").write_bytes(FILES["model.bin"][:1000])
    check_installed(download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo))


def test_unverifiable_entry_is_refused_before_any_request(site, catalog, tmp_path, memo):
    with pytest.raises(DownloadError, match=r"the catalog gives no sha256 for unverified.en \(config.json\): "
                                            "cannot verify the download, so stopping"):
        download_whisper("unverified.en", tmp_path, catalog=catalog, memo=memo)
    assert site.requests == [] and list(tmp_path.iterdir()) == []


def test_address_that_is_not_http_is_refused(catalog, tmp_path, memo):
    with pytest.raises(DownloadError, match="not http"):
        download_whisper("not-http.en", tmp_path, catalog=catalog, memo=memo)


def test_unknown_name_lists_the_catalog(catalog, tmp_path):
    with pytest.raises(DownloadError, match=r"no Whisper model named 'medium.en' \(names: fake.en, bad-sha.en"):
        download_whisper("medium.en", tmp_path, catalog=catalog)


def test_no_network_is_one_clear_line(closed_port, tmp_path, memo):  # noqa: F811
    catalog = (entry_for(f"http://127.0.0.1:{closed_port}/fake"),)
    with pytest.raises(DownloadError) as caught:
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1: no network? (") and "\n" not in message
    assert list(tmp_path.iterdir()) == []  # the empty staging folder is not left behind


def test_not_enough_space_is_refused_before_fetching(site, catalog, tmp_path, memo, monkeypatch):
    class Usage:
        free = 1000

    monkeypatch.setattr(whisper_download.shutil, "disk_usage", lambda _path: Usage)
    with pytest.raises(DownloadError, match=r"not enough disk space in .*: fake.en needs 0 MB more, 0 MB free"):
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    assert site.requests == []


def test_disk_filling_up_while_writing_is_one_clear_line(site, catalog, tmp_path, memo):
    staging = tmp_path / ".whisper-fake.en.download"
    staging.mkdir()
    (staging / "model.bin.part").symlink_to("/dev/full")  # every write fails with ENOSPC, as on a full disk
    with pytest.raises(DownloadError) as caught:
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    assert str(caught.value) == (f"cannot write {staging / 'model.bin.part'}: No space left on device: "
                                 "free some space and run the same command again to resume")


def test_incomplete_target_folder_is_not_overwritten(site, catalog, tmp_path, memo):
    target = tmp_path / "whisper-fake.en"
    target.mkdir()
    (target / "model.bin").write_bytes(b"mine")
    with pytest.raises(DownloadError, match="whisper-fake.en exists but is not a complete fake.en model: "
                                            "remove it and run again"):
        download_whisper("fake.en", tmp_path, catalog=catalog, memo=memo)
    assert (target / "model.bin").read_bytes() == b"mine"
