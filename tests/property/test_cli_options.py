"""Whatever options the command line gets, it exits non-zero with a short message, never a traceback.

Proved on: unknown flags and stray arguments for every subcommand; bad numbers
(``--echo -1``, ``--echo nan``, ``-n abc``, ``--seed 1.5``); and bad paths in every
option and argument that names a file (missing, in a missing folder, a folder,
a file used as a folder, empty, garbage bytes, a dangling symlink, a symlink
loop, an empty path, a NUL character, a name too long). ``main(argv)`` is called
in-process; argparse's ``SystemExit(2)`` counts as an exit. Nothing that opens
an audio device or runs long is started: the live coach, ``say`` and
``routine`` without ``--speak-to``, ``devices`` and ``models download`` are
only given options argparse refuses before they run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audio import wavgen
from voice_coach.settings import CONFIG_ENV
from tests.property.helpers import run

CLI = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

KITCHEN = Path(__file__).parent.parent / "intents" / "data" / "kitchen_timer.yaml"


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path_factory, monkeypatch):
    """The tests never read the settings of whoever runs them."""
    empty = tmp_path_factory.mktemp("config") / "settings.toml"
    empty.write_text("")
    monkeypatch.setenv(CONFIG_ENV, str(empty))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    """Paths of every kind, made once."""
    root = tmp_path_factory.mktemp("paths")
    (root / "a folder").mkdir()
    (root / "empty.yaml").write_bytes(b"")
    (root / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (root / "dangling").symlink_to(root / "no such folder" / "x")
    (root / "loop").symlink_to(root / "loop")
    (root / "ok.wav").write_bytes(wavgen.riff(wavgen.fmt_chunk(1, 1, 16000, 16), wavgen.chunk(b"data", bytes(3200))))
    return {
        "missing": str(root / "absent.yaml"),
        "in a missing folder": str(root / "no such folder" / "x.yaml"),
        "a folder": str(root / "a folder"),
        "a file as a folder": str(root / "garbage.bin" / "x"),
        "empty file": str(root / "empty.yaml"),
        "garbage": str(root / "garbage.bin"),
        "dangling symlink": str(root / "dangling"),
        "symlink loop": str(root / "loop"),
        "empty path": "",
        "NUL": str(root / "a\0b"),
        "too long": str(root / ("x" * 5000)),
        "good wav": str(root / "ok.wav"),
        "out": str(root / "out.wav"),
    }





def assert_refused(argv: list[str]) -> str:
    """``argv`` fails with a short, clear message; returns the message line."""
    code, out, err = run(argv)
    assert code != 0, f"{argv!r} succeeded: {out!r}"
    assert "Traceback" not in err and "Traceback" not in out, err
    lines = err.strip().splitlines()
    assert lines, f"{argv!r}: no message"
    last = lines[-1]
    assert last.startswith("voice-coach: ") or ": error: " in last, err
    assert len(lines) <= 8 and len(last) < 500 + len(max(argv, key=len, default="")), err  # usage + one line
    return last


# Each: argv that would succeed (or stop early, cheaply) -- the tests make it fail.
SAFE_COMMANDS = {
    "parse": ["parse", "my", "calf"],
    "parse --json": ["parse", "--json", "stop"],
    "templates check": ["templates", "check", str(KITCHEN)],
    "templates sample": ["templates", "sample", str(KITCHEN), "-n", "2"],
    "models list": ["models", "list"],
    "routines": ["routines"],
    "routine": ["routine", "calf_release", "--speak-to", "/nonexistent-folder/o.wav"],
    "say": ["say", "hello", "--speak-to", "/nonexistent-folder/o.wav"],
    "session": ["session", "--input", "/nonexistent-folder/in.wav"],
    "recognize": ["recognize", "/nonexistent-folder/in.wav"],
}
# Commands that would open a device or run long: given only what argparse refuses first.
UNSAFE_PREFIXES = [[], ["--text"], ["devices"], ["say", "hi"], ["routine", "calf_release"], ["models", "download"]]

UNKNOWN_FLAGS = st.one_of(
    st.from_regex(r"--zz[a-z\-]{0,8}", fullmatch=True),
    st.sampled_from(["-Z", "-x", "--", "---", "--=1", "-n=", "--verbose=yes", "--json=1", "--side=up", "--engine=kaldi",
                     "--echo", "--input", "--templates"]),
)


@CLI
@given(st.sampled_from(sorted(SAFE_COMMANDS)), UNKNOWN_FLAGS, st.integers(0, 3))
def test_unknown_flags_for_every_command(command, flag, at):
    argv = list(SAFE_COMMANDS[command])
    argv.insert(min(at, len(argv)), flag)
    if flag == "--":  # everything after is positional: only an error where extra words are not allowed
        argv.append("--zz")
    code, _, err = run(argv)
    if code == 0:  # e.g. "parse -- my calf": '--' only ends the options
        assert command.startswith("parse") or command == "say", argv
        return
    assert_refused(argv)


@CLI
@given(st.sampled_from(range(len(UNSAFE_PREFIXES))), UNKNOWN_FLAGS.filter(lambda f: f not in ("--", "--echo", "--input")))
def test_unknown_flags_before_anything_runs(prefix, flag):
    argv = [*UNSAFE_PREFIXES[prefix], flag]
    code, _, err = run(argv)
    assert code == 2, argv
    assert ": error: " in err.strip().splitlines()[-1] and "Traceback" not in err


@CLI
@given(st.sampled_from(sorted(SAFE_COMMANDS)), st.lists(st.sampled_from(["x", "1", "-", "--json", "--only", "left", "\0"]),
                                                        min_size=1, max_size=3))
def test_stray_arguments(command, extra):
    argv = [*SAFE_COMMANDS[command], *extra]
    code, _, err = run(argv)
    if code != 0 or "Traceback" in err:
        assert_refused(argv)


BAD_NUMBERS = ["-1", "-0.5", "nan", "NaN", "inf", "-inf", "1e999", "abc", "", " ", "1,5", "0x10", "½", "--", "1e3"]


@CLI
@given(st.sampled_from(BAD_NUMBERS + ["1.5", "99999999999999999999", "-99999999999999999999"]),
       st.sampled_from(["--echo", "-n", "--seed"]))
def test_bad_numbers(value, option):
    if option == "--echo":
        argv = ["session", "--input", "/nonexistent-folder/in.wav", "--echo", value]
    else:
        argv = ["templates", "sample", str(KITCHEN), option, value]
    code, out, err = run(argv)
    accepted = {"--echo": {"1e3", "1.5", "99999999999999999999"}, "-n": set(), "--seed": {"99999999999999999999", "-99999999999999999999", "-1"}}
    if value in accepted[option]:  # a valid number: the command then fails on the missing input, or samples
        assert "Traceback" not in err
        return
    message = assert_refused(argv)
    assert f"argument {option}" in message, message


@pytest.mark.parametrize("argv, says", [
    (["session", "--input", "x.wav", "--echo", "-1"], "must be a finite number >= 0"),
    (["session", "--input", "x.wav", "--echo", "nan"], "must be a finite number >= 0"),
    (["session", "--input", "x.wav", "--echo", "inf"], "must be a finite number >= 0"),
    (["templates", "sample", str(KITCHEN), "-n", "abc"], "not a whole number: 'abc'"),
    (["templates", "sample", str(KITCHEN), "-n", "-1"], "must be between 0 and 1,000,000"),
    (["templates", "sample", str(KITCHEN), "-n", "10000000000"], "must be between 0 and 1,000,000"),
    (["routine", "calf_release", "--side", "middle"], "invalid choice: 'middle'"),
    (["recognize", "--engine", "kaldi", "x.wav"], "invalid choice: 'kaldi'"),
    (["routine", "calf_release", "--speak-to", ""], "an empty path names no file"),
    (["session", "--input", "a\0b"], "cannot hold a NUL character"),
])
def test_the_messages_say_what_is_wrong(argv, says):
    message = assert_refused(argv)
    assert says in message, message


# Where a path goes, by command; {P} is the bad path, {WAV} a good tiny WAV, {OUT} a writable output.
PATH_SLOTS = {
    "parse --templates": ["parse", "--templates", "{P}", "stop"],
    "parse --templates-only": ["parse", "--templates-only", "{P}", "stop"],
    "--templates before the command": ["--templates", "{P}", "parse", "stop"],
    "templates check": ["templates", "check", "{P}"],
    "templates check --only": ["templates", "check", "--only", "{P}"],
    "templates sample": ["templates", "sample", "{P}", "-n", "2"],
    "templates sample --templates-only": ["--templates-only", "{P}", "templates", "sample", str(KITCHEN)],
    "recognize": ["recognize", "{P}"],
    "recognize --model": ["recognize", "--model", "{P}", "{WAV}"],
    "recognize --templates": ["recognize", "--templates", "{P}", "{WAV}"],
    "session --input": ["session", "--input", "{P}"],
    "session --templates": ["session", "--input", "{WAV}", "--templates", "{P}"],
    "session --model": ["session", "--input", "{WAV}", "--model", "{P}"],
    "session --speak-to": ["session", "--input", "{WAV}", "--speak-to", "{P}"],
    "session --events": ["session", "--input", "{WAV}", "--events", "{P}"],
    "routine --speak-to": ["routine", "calf_release", "--speak-to", "{P}"],
    "routine --timeline": ["routine", "calf_release", "--timeline", "{P}", "--speak-to", "{OUT}"],
    "say --speak-to": ["say", "hello", "--speak-to", "{P}"],
}
OUTPUTS = {"session --speak-to", "session --events", "routine --speak-to", "routine --timeline", "say --speak-to"}
UNWRITABLE = ["in a missing folder", "a folder", "a file as a folder", "dangling symlink", "symlink loop", "empty path",
              "NUL", "too long"]
UNREADABLE = UNWRITABLE + ["missing", "empty file", "garbage"]
# A garbage or empty file is a fine *model folder* argument only in that it is no folder: refused too.


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(PATH_SLOTS)), st.data())
def test_bad_paths_everywhere(files, slot, data):
    kind = data.draw(st.sampled_from(UNWRITABLE if slot in OUTPUTS else UNREADABLE))
    argv = [a.replace("{P}", files[kind]).replace("{WAV}", files["good wav"]).replace("{OUT}", files["out"])
            for a in PATH_SLOTS[slot]]
    assert_refused(argv)


def test_an_unreadable_file_even_as_root(tmp_path, monkeypatch):
    """PermissionError where a file is read (root reads everything, so it is simulated)."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(KITCHEN.read_text())
    real = Path.read_bytes

    def read_bytes(self):
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    for argv in (["parse", "--templates", str(secret), "x"], ["templates", "check", str(secret)]):
        message = assert_refused(argv)
        assert message == f"voice-coach: {secret}: cannot read intent templates: Permission denied", message


def test_an_unexpected_os_error_is_one_line(monkeypatch):
    """A file or device failing where no CoachError was raised still gives one line and exit 1."""
    import voice_coach.cli.models as models

    def broken(out):
        raise PermissionError(13, "Permission denied", "/models")

    monkeypatch.setattr(models, "list_models", broken)
    code, out, err = run(["models", "list"])
    assert (code, out, err) == (1, "", "voice-coach: /models: Permission denied\n")
