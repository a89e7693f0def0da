"""The settings file: defaults, a full file, every kind of error with file and line, overrides."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from voice_coach import settings_schema as schema
from voice_coach.errors import DataError
from voice_coach.settings import (
    CONFIG_ENV, FILE_NAME, HearingSection, Settings, apply_overrides, default_settings_text,
    load_settings, settings_path, settings_text,
)

FULL = """\
# a complete file
[voice]
name = "en-gb"
rate = 130
volume = 0.75
pitch = 40

[night]
start_hour = 23
end_hour = 6
rate_factor = 0.8
volume = 0.5

[counting]
style = "sparse"
pace = 1.25

[hearing]
engine = "vosk"
model = "models/vosk-small"
confidence = 0.6
vad_aggressiveness = 3
end_silence_ms = 300

[devices]
input = 2
output = "USB Audio"

[templates]
extra = "/etc/voice-coach/mine.yaml"
only = ""

[logging]
level = "INFO"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_settings(path, env={})
    message = str(info.value)
    assert FILE_NAME in message and "\n" not in message
    return message


# --- where the file is -------------------------------------------------------------------------

def test_missing_file_means_defaults(tmp_path, caplog):
    with caplog.at_level(logging.DEBUG, logger="voice_coach.settings"):
        assert load_settings(tmp_path / "absent.toml", env={}) == Settings()
    assert "using the defaults" in caplog.text


def test_default_location_is_the_user_config_dir(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_config_path", lambda app: tmp_path / "cfg" / app)
    assert settings_path(env={}) == tmp_path / "cfg" / "voice-coach" / "settings.toml"
    assert load_settings(env={}) == Settings()


def test_env_var_names_the_file(tmp_path):
    path = write(tmp_path, "[voice]\nrate = 120\n")
    assert settings_path(env={CONFIG_ENV: str(path)}) == path
    assert load_settings(env={CONFIG_ENV: str(path)}).voice.rate == 120


def test_explicit_path_beats_env_var(tmp_path):
    mine = write(tmp_path, "[voice]\nrate = 100\n")
    other = tmp_path / "other.toml"
    other.write_text("[voice]\nrate = 200\n")
    assert load_settings(mine, env={CONFIG_ENV: str(other)}).voice.rate == 100


def test_empty_env_var_is_ignored(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_config_path", lambda app: tmp_path / app)
    assert settings_path(env={CONFIG_ENV: "  "}) == tmp_path / "voice-coach" / FILE_NAME


def test_unreadable_path_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        load_settings(tmp_path, env={})  # a folder


# --- valid files -------------------------------------------------------------------------------

def test_full_valid_file(tmp_path):
    path = write(tmp_path, FULL)
    s = load_settings(path, env={})
    assert (s.voice.name, s.voice.rate, s.voice.volume, s.voice.pitch) == ("en-gb", 130, 0.75, 40)
    assert (s.night.start_hour, s.night.end_hour, s.night.rate_factor, s.night.volume) == (23, 6, 0.8, 0.5)
    assert (s.counting.style, s.counting.pace) == ("sparse", 1.25)
    assert s.hearing == HearingSection("vosk", tmp_path / "models/vosk-small", 0.6, 3, 300)
    assert (s.devices.input, s.devices.output) == (2, "USB Audio")
    assert (s.templates.extra, s.templates.only) == (Path("/etc/voice-coach/mine.yaml"), None)
    assert s.logging.level == "info"


def test_a_whisper_model_name_stays_a_name(tmp_path):
    """A catalog name is not a path beside the settings file: `model = "base.en"` means the downloaded base.en."""
    s = load_settings(write(tmp_path, '[hearing]\nmodel = "base.en"\n'), env={})
    assert s.hearing.model == Path("base.en")
    s = load_settings(write(tmp_path, '[hearing]\nmodel = "mine"\n'), env={})
    assert s.hearing.model == tmp_path / "mine"


def test_partial_file_keeps_other_defaults(tmp_path):
    s = load_settings(write(tmp_path, "[counting]\npace = 2\n"), env={})
    assert s == dataclasses.replace(Settings(), counting=dataclasses.replace(Settings().counting, pace=2.0))
    assert isinstance(s.counting.pace, float)


def test_empty_file_means_defaults(tmp_path):
    assert load_settings(write(tmp_path, ""), env={}) == Settings()


def test_default_text_loads_back_to_the_defaults(tmp_path):
    text = default_settings_text()
    assert load_settings(write(tmp_path, text), env={}) == Settings()
    for sec in schema.SECTIONS:
        assert f"[{sec.name}]" in text
        for key in sec.key_names():
            assert re.search(rf"^(# )?{key} = ", text, re.M), key


def test_any_settings_text_loads_back(tmp_path):
    s = load_settings(write(tmp_path, FULL), env={})
    assert load_settings(write(tmp_path, settings_text(s)), env={}) == s


def test_schema_matches_the_dataclasses():
    for f in dataclasses.fields(Settings):
        sec = schema.section(f.name)
        assert sec is not None, f.name
        assert sec.key_names() == tuple(g.name for g in dataclasses.fields(getattr(Settings(), f.name)))
    assert schema.section_names() == tuple(f.name for f in dataclasses.fields(Settings))


def test_dotted_and_inline_tables_work(tmp_path):
    s = load_settings(write(tmp_path, 'voice.rate = 170\nhearing = { engine = "pocketsphinx" }\n'), env={})
    assert (s.voice.rate, s.hearing.engine) == (170, "pocketsphinx")


# --- errors: file, line, key -------------------------------------------------------------------

def test_broken_toml_names_the_line(tmp_path):
    message = error_for(tmp_path, "[voice]\nrate = 150\nvolume = = 0.5\n")
    assert f"{FILE_NAME}:3:" in message and "invalid TOML" in message


def test_broken_toml_at_end_of_file(tmp_path):
    message = error_for(tmp_path, '[voice]\nname = "en-us\n')
    assert f"{FILE_NAME}:2:" in message


def test_not_utf8(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_bytes(b"[voice]\nname = \"\xff\"\n")
    with pytest.raises(DataError, match=rf"{FILE_NAME}:2: not UTF-8"):
        load_settings(path, env={})


def test_unknown_key_names_line_and_valid_keys(tmp_path):
    message = error_for(tmp_path, "[voice]\nrate = 150\n\n# speed!\nsped = 3\n")
    assert f"{FILE_NAME}:5:" in message and "'sped'" in message
    assert "valid keys: name, rate, volume, pitch" in message


def test_unknown_section_names_line(tmp_path):
    message = error_for(tmp_path, "[voice]\nrate = 150\n[nite]\nstart_hour = 1\n")
    assert f"{FILE_NAME}:3:" in message and "'nite'" in message and "did you mean 'night'" in message
    assert "valid sections: voice, night, counting" in message


def test_top_level_key_is_an_unknown_section(tmp_path):
    message = error_for(tmp_path, "# hi\nrate = 150\n")
    assert f"{FILE_NAME}:2:" in message and "'rate'" in message


def test_section_that_is_not_a_table(tmp_path):
    message = error_for(tmp_path, '\nvoice = "en-us"\n')
    assert f"{FILE_NAME}:2:" in message and "[voice] must be a table" in message


def test_wrong_type_names_field_and_allowed_values(tmp_path):
    message = error_for(tmp_path, '[voice]\nname = "en-us"\nrate = "fast"\n')
    assert f"{FILE_NAME}:3:" in message and "[voice] rate" in message
    assert "80 to 450" in message and "'fast'" in message


def test_bool_is_not_a_number(tmp_path):
    message = error_for(tmp_path, "[hearing]\nvad_aggressiveness = true\n")
    assert f"{FILE_NAME}:2:" in message and "vad_aggressiveness" in message and "0 to 3" in message


@pytest.mark.parametrize("key, value, allowed", [
    ("volume", "1.5", "0.0 to 1.0"),
    ("rate", "20", "80 to 450"),
    ("pitch", "120", "0 to 99"),
])
def test_out_of_range(tmp_path, key, value, allowed):
    message = error_for(tmp_path, f"[night]\nstart_hour = 22\n\n[voice]\n{key} = {value}\n")
    assert f"{FILE_NAME}:5:" in message and f"[voice] {key}" in message and allowed in message


@pytest.mark.parametrize("section, line", [
    ("[hearing]\nengine = \"kaldi\"", '"auto", "whisper", "pocketsphinx", "vosk"'),
    ("[counting]\npace = nan", "0.5 to 2.0"),
    ("[night]\nstart_hour = 24", "0 to 23"),
    ("[devices]\ninput = -1", "device index"),
    ("[templates]\nextra = 3", "a path"),
    ("[logging]\nlevel = \"loud\"", '"warning"'),
    ("[voice]\nname = \"\"", "non-empty"),
])
def test_other_bad_values(tmp_path, section, line):
    message = error_for(tmp_path, section + "\n")
    assert f"{FILE_NAME}:2:" in message and line in message


def test_nothing_half_configured(tmp_path):
    # The first sections are fine, the last is not: the whole load fails.
    with pytest.raises(DataError):
        load_settings(write(tmp_path, FULL + "\n[voice2]\n"), env={})


# --- overrides ---------------------------------------------------------------------------------

def test_overrides_from_command_line_text():
    s = Settings().with_overrides({"hearing.engine": "vosk", "voice.rate": "180", "devices.input": "3"})
    assert (s.hearing.engine, s.voice.rate, s.devices.input) == ("vosk", 180, 3)
    assert Settings().voice.rate == 150  # the original is untouched


def test_overrides_as_keywords_and_typed_values():
    s = Settings().with_overrides(**{"night.volume": 0.3, "voice.pitch": "none", "hearing.model": "m"})
    assert (s.night.volume, s.voice.pitch, s.hearing.model) == (0.3, None, Path("m"))


@pytest.mark.parametrize("overrides, text", [
    ({"hearing.engin": "vosk"}, "did you mean 'hearing.engine'"),
    ({"nope": 1}, "unknown"),
    ({"voice.volume": "loud"}, "voice.volume: must be a number from 0.0 to 1.0"),
    ({"counting.pace": "9"}, "0.5 to 2.0"),
])
def test_bad_overrides(overrides, text):
    with pytest.raises(DataError, match=re.escape(text)):
        apply_overrides(Settings(), overrides)


# --- any input: a Settings or a DataError, nothing else ----------------------------------------

_KEYS = [f"{s.name}.{k}" for s in schema.SECTIONS for k in s.key_names()]
_LINE = st.one_of(
    st.sampled_from([f"[{s.name}]" for s in schema.SECTIONS] + ["[voice.x]", "[[night]]", "[]", "["]),
    st.builds(lambda k, v: f"{k.split('.')[1]} = {v}", st.sampled_from(_KEYS), st.one_of(
        st.integers(-10, 6000).map(str), st.floats(allow_nan=True).map(repr),
        st.sampled_from(['""', '"en-us"', '"vosk"', '"~nobody_at_all/x"', "true", "[1]", "{a=1}", "1979-05-27", "inf"]),
        st.text(max_size=8).map(repr))),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(_KEYS), st.integers(-5, 500)),
    st.text(max_size=20),
)


@hyp_settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.lists(_LINE, max_size=12).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))))
def test_any_file_gives_settings_or_a_data_error(tmp_path, content):
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    try:
        result = load_settings(path, env={})
    except DataError as e:
        assert "\n" not in str(e) and FILE_NAME in str(e)
    else:
        assert isinstance(result, Settings)


@hyp_settings(deadline=None)
@given(key=st.sampled_from(_KEYS), value=st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_override_gives_settings_or_a_data_error(key, value):
    try:
        result = apply_overrides(Settings(), {key: value})
    except DataError as e:
        assert "\n" not in str(e) and key in str(e)
    else:
        assert isinstance(result, Settings)
