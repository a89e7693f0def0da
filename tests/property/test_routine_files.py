"""Whatever a routine file holds, loading it gives a Routine or one clear DataError, never a traceback.

Proved on: any text, broken YAML (tabs, NUL, unbalanced brackets, recursive and
exponential aliases, deep nesting, bad explicit tags), and mutated copies of the
shipped routine files: a field deleted, an unknown field added, any value
replaced by a wrong type, and every duration set to a negative, zero, absurd
(1e9 s), NaN or infinite value. The error always starts with the file's name and
is one line; a bad duration names its exact field (e.g.
``calf_release.yaml: steps[2].repeat.steps[1].hold.seconds: must be > 0``).
"""

from __future__ import annotations

import math
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice_coach.errors import DataError
from voice_coach.routines.loader import DATA_DIR, load_routine_file, load_routines
from voice_coach.routines.model import Routine
from tests.property.helpers import locations

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

FILES = {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA_DIR.glob("*.yaml"))}
DATA = {name: yaml.safe_load(text) for name, text in FILES.items()}
NAMES = sorted(FILES)

BAD_SECONDS = [0, -1, -0.001, 0.0, 1e9, 601, 10**30, math.nan, math.inf, -math.inf,
               "30", "thirty", True, None, [], {}, [30]]
BAD_TIMES = [0, -1, 101, 10**9, 1.5, math.nan, "5", True, None, []]
ANY_VALUE = st.one_of(
    st.sampled_from(BAD_SECONDS + BAD_TIMES + ["", " ", "{side}", "{oops}", "{", "}", "\n", "left", "right", "000"]),
    st.integers(), st.floats(), st.text(max_size=20), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
# Characters that matter to YAML and to the step language.
YAML_CHARS = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,? \t\n\r\x00\x85\u2028\ufeff0123456789.eE+") + ["\\n", "nan", ".inf", "~"])


def load_or_error(folder, name: str, text: str | bytes):
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        routine = load_routine_file(path)
    except DataError as exc:
        message = str(exc)
        assert message.startswith(f"{name}: "), message
        assert message.isprintable(), f"not one line: {message!r}"
        assert re.search(r"line \d+", message) or "cannot read routine file" in message, message
        return message
    assert isinstance(routine, Routine)
    return None


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# ---------------------------------------------------------------- locations in the tree

def field_path(keys) -> str:
    """The loader's spelling of a path: steps[2].repeat.steps[1].hold."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


_DURATION_FIELDS = {"seconds", "max_seconds", "inhale_seconds", "exhale_seconds", "wait_seconds"}
_MAY_BE_ZERO = {("say", "seconds"), ("ask", "wait_seconds")}
"""A line's least length and an answer's wait may be 0; every other duration must be > 0."""


def durations(data):
    """Paths of every duration in a routine: ``hold: 30``, ``rest: 10`` and the ``*seconds`` fields."""
    for keys in locations(data):
        if keys[-1] in ("hold", "rest") and not isinstance(get(data, keys), dict):
            yield keys
        elif keys[-1] in _DURATION_FIELDS:
            yield keys


def counts(data):
    for keys in locations(data):
        if keys[-1] in ("times", "count"):
            yield keys


def get(data, keys):
    for key in keys:
        data = data[key]
    return data


def replaced(data, keys, value):
    data = yaml.safe_load(dump(data))  # a deep copy
    get(data, keys[:-1])[keys[-1]] = value
    return data


ALL_DURATIONS = [(name, keys) for name in NAMES for keys in durations(DATA[name])]
ALL_COUNTS = [(name, keys) for name in NAMES for keys in counts(DATA[name])]


# ---------------------------------------------------------------- the shipped files are the baseline

def test_the_shipped_files_load_and_have_durations():
    assert len(load_routines()) == len(FILES) == 9
    assert len(ALL_DURATIONS) >= 10 and len(ALL_COUNTS) >= 5


# ---------------------------------------------------------------- bad values name the field

@FUZZ
@given(st.sampled_from(ALL_DURATIONS), st.sampled_from(BAD_SECONDS))
def test_a_bad_duration_is_named_by_its_field(tmp_path, where, value):
    name, keys = where
    if tuple(keys[-2:]) in _MAY_BE_ZERO and value == 0 and not isinstance(value, bool):
        value = -value - 1
    message = load_or_error(tmp_path, name, dump(replaced(DATA[name], keys, value)))
    assert message is not None, f"{field_path(keys)} = {value!r} was accepted"
    # ``- hold: 30`` is short for ``- hold: {seconds: 30}``; the loader names the long form's field.
    # (A mapping there, ``hold: {}``, is named by the step: "hold: missing field 'seconds'".)
    fields = [field_path(keys)] + ([field_path(keys) + ".seconds"] if keys[-1] in ("hold", "rest") else [])
    assert any(message.startswith(f"{name}: {field}: ") for field in fields), message


def test_a_zero_hold_in_calf_release(tmp_path):
    data = replaced(DATA["calf_release.yaml"], ("steps", 2, "repeat", "steps", 1, "hold"), 0)
    message = load_or_error(tmp_path, "calf_release.yaml", dump(data))
    assert message == "calf_release.yaml: steps[2].repeat.steps[1].hold.seconds: must be > 0 (line 13)"


@pytest.mark.parametrize("text, expected", [
    ("1e9", "not '1e9' (YAML reads it as text"),   # YAML 1.1 reads a float only with a dot and a sign: 1.0e+9
    ("1.0e9", "not '1.0e9' (YAML reads it as text"),
    ("1.0e+9", "must be <= 600 (seconds)"),
    ("'30'", "must be a number of seconds, not '30'"),
    (".nan", "must be a number of seconds, not nan"),
    (".inf", "must be a number of seconds, not inf"),
    ("-.inf", "must be a number of seconds, not -inf"),
    ("-30", "must be > 0"),
    ("0", "must be > 0"),
    ("!!float 1e400", "must be a number of seconds, not inf"),
    ("!!int abc", "cannot read the value 'abc' as int"),
])
def test_absurd_hold_seconds_in_the_text(tmp_path, text, expected):
    source = FILES["calf_release.yaml"].replace("- hold: 30", f"- hold: {text}")
    message = load_or_error(tmp_path, "calf_release.yaml", source)
    assert message is not None and expected in message, message


@FUZZ
@given(st.sampled_from(ALL_COUNTS), st.sampled_from(BAD_TIMES))
def test_a_bad_count_is_named_by_its_field(tmp_path, where, value):
    name, keys = where
    message = load_or_error(tmp_path, name, dump(replaced(DATA[name], keys, value)))
    assert message is not None and message.startswith(f"{name}: {field_path(keys)}: "), message


# ---------------------------------------------------------------- structural mutations

@FUZZ
@given(st.sampled_from(NAMES), st.data())
def test_any_value_replaced(tmp_path, name, data):
    keys = data.draw(st.sampled_from(list(locations(DATA[name]))))
    value = data.draw(ANY_VALUE)
    load_or_error(tmp_path, name, dump(replaced(DATA[name], keys, value)))


@FUZZ
@given(st.sampled_from(NAMES), st.data())
def test_a_field_deleted_or_added(tmp_path, name, data):
    tree = yaml.safe_load(FILES[name])
    mappings = [keys for keys in [()] + list(locations(tree)) if isinstance(get(tree, keys), dict)]
    keys = data.draw(st.sampled_from(mappings))
    mapping = get(tree, keys)
    if data.draw(st.booleans()) and mapping:
        del mapping[data.draw(st.sampled_from(sorted(mapping)))]
    else:
        mapping[data.draw(st.sampled_from(["sconds", "Hold", "times", "steps", "", "side", "x y", "a\nb"]))] = data.draw(ANY_VALUE)
    message = load_or_error(tmp_path, name, dump(tree))
    if keys == () and message is not None and set(tree) != set(DATA[name]):
        assert "top level" in message or "line" in message


# ---------------------------------------------------------------- text mutations and any text

@FUZZ
@given(st.sampled_from(NAMES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 6), st.lists(YAML_CHARS, max_size=4).map("".join)),
                                        min_size=1, max_size=5))
def test_mutated_copies_of_the_shipped_files(tmp_path, name, edits):
    text = FILES[name]
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut:]
    load_or_error(tmp_path, name, text)


@FUZZ
@given(st.sampled_from(NAMES), st.data())
def test_lines_shuffled_dropped_or_doubled(tmp_path, name, data):
    lines = FILES[name].splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["swap", "drop", "double", "indent", "dedent"]))
    if how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "drop":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = "  " + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    load_or_error(tmp_path, name, "".join(lines))


@FUZZ
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), st.lists(YAML_CHARS, max_size=60).map("".join)))
def test_any_text_or_bytes(tmp_path, content):
    load_or_error(tmp_path, "calf_release.yaml", content)


def nested_repeats(levels: int) -> str:
    """calf_release.yaml ending in ``levels`` repeats, each inside the one before."""
    steps = "".join(f"{' ' * (2 + 6 * i)}- repeat:\n{' ' * (6 + 6 * i)}times: 1\n{' ' * (6 + 6 * i)}steps:\n"
                    for i in range(levels))
    return FILES["calf_release.yaml"].replace("  - say: That's all five. Well done.",
                                              steps + " " * (2 + 6 * levels) + "- hold: 1")


CALF = FILES["calf_release.yaml"]
HOSTILE = {  # content -> what the message says
    "empty": ("", "line 1: the file is empty"),
    "only a comment": ("# nothing\n", "line 1: the file is empty"),
    "a list": ("- a\n- b\n", "top level: must be a mapping"),
    "a scalar": ("calf\n", "top level: must be a mapping"),
    "tab indent": ("id: calf_release\nsteps:\n\t- say: x\n", "line 3: broken YAML"),
    "unclosed bracket": ("id: [calf_release\n", "broken YAML"),
    "unclosed quote": ('id: "calf_release\n', "broken YAML"),
    "NUL": ("id: calf_release\x00\n", "line 1: broken YAML: character U+0000 is not allowed"),
    "not UTF-8": (b"# ok\nid: \xff\xfe\n", "line 2: not UTF-8 text (byte 0xff)"),
    "recursive list": ("steps: &a [*a]\n", "anchors and aliases are not supported"),
    "recursive mapping": ("&a {steps: *a}\n", "anchors and aliases are not supported"),
    "billion laughs": ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)),
        "anchors and aliases are not supported"),
    "deep lists": ("steps: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than 32 levels deep"),
    "deep mappings": ("steps: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", "nested more than 32 levels deep"),
    "deep repeats": (nested_repeats(60), "nested more than 32 levels deep"),
    "bad timestamp": ("id: !!timestamp 2001-99-99\n", "line 1: cannot read the value '2001-99-99' as timestamp"),
    "binary": ("id: !!binary 'AAAA'\n", "id: must be text, not bytes"),
    "python tag": ("id: !!python/name:os.system x\n", "line 1: broken YAML"),
    "merge key": ("<<: 5\n", "line 1: broken YAML"),
    "list as key": ("? [a]\n: 1\n", "line 1: a key must be a name"),
    "duplicate key": (CALF + "id: calf_release\n", "key 'id' given twice"),
    "line break in a key": (CALF + '"a\\nb": 1\n', "a\\nb: unknown key"),
    "stray brace": (CALF.replace("Heel down", "Heel {down"), "steps[2].repeat.steps[0].say.text: stray brace"),
    "line break in a placeholder": (CALF.replace("Heel down", "Heel {a\\nb}"), "unknown placeholder {a\\nb}"),
    "rep outside a repeat": (CALF.replace("Stand in", "Now {rep} stand in"), "steps[0].say.text: {rep}/{reps} are only"),
    "wrong id": (CALF.replace("id: calf_release", "id: quad_release"), "does not match the file name"),
    "huge int": (CALF.replace("times: 5", "times: " + "9" * 5000), "cannot read the value '99999999999999999999"),
    "big int": (CALF.replace("times: 5", "times: " + "9" * 500), "must be between 1 and 100"),
    "long text as seconds": (CALF.replace("hold: 30", "hold: " + "x" * 5000), "must be a number of seconds, not 'xxx"),
    "times as text": (CALF.replace("times: 5", "times: five"), "steps[2].repeat.times: must be a whole number"),
    "no steps": (CALF[:CALF.index("steps:")] + "steps: []\n", "steps: must be a non-empty list of steps"),
    "missing title": (CALF.replace("title: Calf release\n", ""), "top level: missing field 'title'"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files(tmp_path, name):
    content, says = HOSTILE[name]
    message = load_or_error(tmp_path, "calf_release.yaml", content)
    assert message is not None, f"{name} was accepted"
    assert says in message and len(message) < 300, message


def test_nesting_within_the_limit_loads(tmp_path):
    assert load_or_error(tmp_path, "calf_release.yaml", nested_repeats(8)) is None


def test_a_broken_file_in_a_folder_names_that_file(tmp_path):
    for other in NAMES:
        (tmp_path / other).write_text(FILES[other], encoding="utf-8")
    (tmp_path / "yoga_quads.yaml").write_text(FILES["yoga_quads.yaml"].replace("10", "-10", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"^yoga_quads\.yaml: steps"):
        load_routines(tmp_path)
    (tmp_path / "calf_release.yaml").unlink()
    (tmp_path / "calf_release.yaml").mkdir()
    with pytest.raises(DataError, match=r"^calf_release\.yaml: cannot read routine file"):
        load_routines(tmp_path)
