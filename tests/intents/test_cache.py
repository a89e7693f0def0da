"""Compiled grammars are cached by the content of the template files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from voice_coach.intents.cache import CACHE_ENV, cache_dir, cache_path, compiled_grammar, compiled_vosk_grammar
from voice_coach.intents.grammar import to_jsgf, to_vosk_grammar
from voice_coach.intents.templates import load_template_set

USER = """\
language: en
intents:
  cramp:
    data:
      - sentences: ["my leg has gone again"]
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def user_file(tmp_path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(USER, encoding="utf-8")
    return path


def test_the_environment_names_the_cache_folder(cache):
    assert cache_dir() == cache / "grammars"


def test_the_first_call_compiles_and_stores(cache, user_file):
    templates = load_template_set(extra=user_file)
    path = cache_path(templates)
    assert not path.exists()
    assert compiled_grammar(templates) == to_jsgf(templates)
    assert path.read_text(encoding="utf-8") == to_jsgf(templates)
    assert path.parent == cache / "grammars"


def test_the_second_start_reads_the_cache(cache, user_file):
    compiled_grammar(load_template_set(extra=user_file))
    path = cache_path(load_template_set(extra=user_file))
    path.write_text("#JSGF V1.0; the cached one\n", encoding="utf-8")  # only a cache read can return this
    assert compiled_grammar(load_template_set(extra=user_file)) == "#JSGF V1.0; the cached one\n"


def test_a_changed_file_gives_a_new_grammar(cache, user_file):
    first = load_template_set(extra=user_file)
    compiled_grammar(first)
    user_file.write_text(USER.replace("gone again", "gone for good"), encoding="utf-8")
    second = load_template_set(extra=user_file)
    assert second.digest != first.digest
    assert cache_path(second) != cache_path(first)
    grammar = compiled_grammar(second)
    assert "for good" in grammar and "for good" not in compiled_grammar(first)
    assert len(list((cache / "grammars").glob("*.jsgf"))) == 2


def test_same_content_at_another_path_shares_the_entry(cache, user_file, tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(user_file.read_bytes())
    assert cache_path(load_template_set(extra=copy)) == cache_path(load_template_set(extra=user_file))


def test_a_damaged_entry_is_compiled_again(cache, user_file, caplog):
    templates = load_template_set(extra=user_file)
    path = cache_path(templates)
    path.parent.mkdir(parents=True)
    path.write_text("garbage", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert compiled_grammar(templates) == to_jsgf(templates)
    assert "damaged" in caplog.text
    assert path.read_text(encoding="utf-8") == to_jsgf(templates)


def test_an_unwritable_cache_only_costs_a_compile(tmp_path, monkeypatch, user_file, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    templates = load_template_set(extra=user_file)
    with caplog.at_level(logging.WARNING):
        assert compiled_grammar(templates) == to_jsgf(templates)
    assert "cannot cache" in caplog.text


def test_vosk_grammar_is_cached_too(cache, user_file):
    templates = load_template_set(extra=user_file)
    assert compiled_vosk_grammar(templates) == to_vosk_grammar(templates)
    assert cache_path(templates, "vosk").exists()
    assert compiled_vosk_grammar(templates) == to_vosk_grammar(templates)
