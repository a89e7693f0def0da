"""Whatever a template file holds, loading it gives Templates or one DataError naming file and line.

Proved for ``load_templates`` (a file alone, as ``--templates-only``) and
``load_template_set`` (a file added to the built-in set, as ``--templates``),
on: any text or bytes, broken YAML, unbalanced and deeply nested brackets,
empty groups, word-less templates, unknown slot lists and rules, recursive and
exponential aliases, and random mutations (text edits and value swaps) of a
valid small file. The message is one line starting ``FILE:LINE:``; nothing else
escapes. The command line (``templates check``, ``parse --templates``) turns
the same files into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice_coach.errors import DataError
from voice_coach.intents.templates import MAX_DEPTH, Templates, load_template_set, load_templates
from tests.property.helpers import locations, run

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

DEEPER = f"nested more than {MAX_DEPTH} levels deep"
"""The loader's own words for a document nested too deep (whatever limit PyYAML has of its own)."""

VALID = """\
language: en
lists:
  minutes:
    range: {from: 1, to: 20}
  food:
    values:
      - {in: "(egg|eggs)", out: egg}
      - pasta
expansion_rules:
  timer: "[the] [{food}] timer"
intents:
  set_timer:
    data:
      - sentences:
          - "(set|start) [a] <timer> for {minutes} (minute|minutes)"
          - "{minutes} minutes [on <timer>]"
        slots:
          kind: kitchen
  cancel_timer:
    data:
      - sentences:
          - "(cancel|stop) <timer>"
"""
DATA = yaml.safe_load(VALID)

# Characters that matter to YAML and to hassil's template language.
CHARS = st.sampled_from(list("()[]{}<>|;:-#&*!'\" \n\t\\,?%@`~.0123456789aeiou\x00\u2028\ufeffÉ") + [
    "{food}", "{nope}", "<timer>", "<nope>", "(|)", "[]", "(a||b)", "{minutes:x}", "{1..3}", "\n  ", "\n- ", ": "])
TEMPLATE_CHARS = st.sampled_from(list("()[]{}<>|; ab\\") + ["{food}", "{minutes}", "{nope}", "<timer>", "<nope>",
                                                              "egg", " the ", "{food:f}", "{x:1..3}"])
ANY_VALUE = st.one_of(
    st.sampled_from(["", " ", "(", "[a", "(a|)", "(|)", "{nope}", "<nope>", "{", "<", "a\nb", "en", "xx", "Cramp",
                     "(((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))", "[" * 500 + "a" + "]" * 500]),
    st.integers(), st.floats(), st.booleans(), st.none(), st.text(max_size=12),
    st.lists(st.sampled_from(["a", "", 1, None]), max_size=3), st.dictionaries(st.sampled_from(["in", "out", "x", "from", "to"]),
                                                                               st.integers(-5, 5) | st.text(max_size=3), max_size=3),
)


def one_error(call, path) -> str | None:
    """Run ``call``; None if it loaded, else its DataError message, checked: one line, starting FILE:LINE:."""
    try:
        result = call()
    except DataError as exc:
        message = str(exc)
        assert message.isprintable(), f"not one line: {message!r}"
        assert re.match(rf"{re.escape(str(path))}:\d+: \S", message), message
        return message
    assert isinstance(result, Templates)
    return None


def both_ways(path) -> str | None:
    """Load ``path`` alone and added to the built-in set; both must behave."""
    alone = one_error(lambda: load_templates(path), path)
    one_error(lambda: load_template_set(extra=path), path)
    return alone


def write(folder, content, name="mine.yaml"):
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


def get(data, keys):
    for key in keys:
        data = data[key]
    return data


LOCATIONS = list(locations(DATA))


def test_the_valid_file_loads_both_ways(tmp_path):
    path = write(tmp_path, VALID)
    assert both_ways(path) is None


@FUZZ
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), st.lists(CHARS, max_size=60).map("".join)))
def test_any_text_or_bytes(tmp_path, content):
    both_ways(write(tmp_path, content))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 5), st.lists(CHARS, max_size=3).map("".join)),
                min_size=1, max_size=5))
def test_random_edits_of_a_valid_file(tmp_path, edits):
    text = VALID
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut:]
    both_ways(write(tmp_path, text))


@FUZZ
@given(st.data())
def test_any_value_replaced_or_deleted(tmp_path, data):
    tree = yaml.safe_load(VALID)
    keys = data.draw(st.sampled_from(LOCATIONS))
    parent = get(tree, keys[:-1])
    if data.draw(st.booleans()):
        parent[keys[-1]] = data.draw(ANY_VALUE)
    else:
        del parent[keys[-1]]
    both_ways(write(tmp_path, yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)))


@FUZZ
@given(st.lists(TEMPLATE_CHARS, min_size=1, max_size=12).map("".join))
def test_any_template_sentence(tmp_path, sentence):
    """A random sentence on line 22: it loads, or the error names line 22."""
    text = VALID.replace('"(cancel|stop) <timer>"', yaml.safe_dump(sentence, default_style='"', width=10**6).strip())
    path = write(tmp_path, text)
    message = both_ways(path)
    if message is not None:
        assert message.startswith(f"{path}:22: "), message


HOSTILE = {
    "empty": ("", 1, "the file is empty"),
    "only a comment": ("# nothing yet\n", 1, "the file is empty"),
    "a list": ("- a\n", 1, "expected a mapping"),
    "broken YAML": ("language: en\nintents:\n  x:\n    data:\n  - sentences: x\n", 5, "broken YAML"),
    "tab": ("language: en\n\tintents: {}\n", 2, "broken YAML"),
    "NUL": ("language: en\nintents: \x00\n", 2, "not allowed"),
    "not UTF-8": (b"language: en\nintents:\n  \xff: 1\n", 3, "not UTF-8"),
    "unbalanced": (VALID.replace('"(cancel|stop) <timer>"', '"(cancel|stop <timer>"'), 22, "cannot parse"),
    "unbalanced optional": (VALID.replace('"(cancel|stop) <timer>"', '"[cancel <timer>"'), 22, "cannot parse"),
    "closing only": (VALID.replace('"(cancel|stop) <timer>"', '"cancel) <timer>"'), 22, "cannot parse"),
    "only punctuation": (VALID.replace('"(cancel|stop) <timer>"', '"[cancel] ?!"'), 22, "match nothing"),
    "empty group": (VALID.replace('"(cancel|stop) <timer>"', '"() <timer>"'), 22, "empty brackets"),
    "unknown list": (VALID.replace('"(cancel|stop) <timer>"', '"cancel {oven}"'), 22, "unknown list {oven}"),
    "unknown rule": (VALID.replace('"(cancel|stop) <timer>"', '"cancel <oven>"'), 22, "unknown expansion rule <oven>"),
    "deep brackets": (VALID.replace('"(cancel|stop) <timer>"', '"' + "(" * 500 + "a" + ")" * 500 + '"'), 22, "nested"),
    "deep optionals": (VALID.replace('"(cancel|stop) <timer>"', '"' + "[" * 500 + "a" + "]" * 500 + '"'), 22, "nested"),
    "line break in a list name": (VALID.replace('"(cancel|stop) <timer>"', '"cancel {a\\nb}"'), 22, "unknown list"),
    "recursive alias": ("language: en\nintents: &a\n  x: *a\n", 2, "alias"),
    "recursive list": ("language: en\nintents:\n  x:\n    data: &d [*d]\n", 4, "alias"),
    "billion laughs": ("language: en\nlists:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
        + "intents:\n  x:\n    data:\n      - sentences: [a]\n", 3, "list {a}"),
    "deep YAML": ("language: en\nintents: " + "[" * 3000 + "]" * 3000 + "\n", 2, DEEPER),
    "deep YAML mappings": ("language: en\nintents: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", 2, DEEPER),
    "deep YAML blocks": ("language: en\nintents:\n" + "".join(" " * i + "- \n" for i in range(1, 90)), 66, DEEPER),
    "bad explicit tag": ("language: en\nintents:\n  x: !!int abc\n", 3, "cannot read a value"),
    "bad timestamp": ("language: en\nintents:\n  x:\n    data: !!timestamp 2001-99-99\n", 4, "cannot read a value"),
    "python tag": ("language: !!python/name:os.system\n", 1, "broken YAML"),
    "duplicate intent": (VALID + "  set_timer:\n    data:\n      - sentences: [a]\n", 23, "duplicate key"),
    "huge range": (VALID.replace("to: 20", "to: " + "9" * 400), 4, "range"),
    "range of text": (VALID.replace("to: 20", "to: twenty"), 4, "whole numbers"),
    "float range": (VALID.replace("to: 20", "to: .nan"), 4, "whole numbers"),
    "rule cycle": (VALID.replace('"[the] [{food}] timer"', '"[the] <timer>"'), 10, "refer to themselves"),
    "list cycle": (VALID.replace('- pasta', '- "pasta [{food}]"'), 6, "lists and rules refer to themselves"),
    "long rule chain": ("language: en\nexpansion_rules:\n" + "".join(f"  r{i}: <r{i + 1}>\n" for i in range(3000))
                        + "  r3000: a\nintents:\n  x:\n    data:\n      - sentences: [<r0>]\n", 3, "more than 16 deep"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files(tmp_path, name):
    content, line, says = HOSTILE[name]
    path = write(tmp_path, content)
    message = one_error(lambda: load_templates(path), path)
    assert message is not None, f"{name} was accepted"
    assert message.startswith(f"{path}:{line}: ") and says in message, message
    one_error(lambda: load_template_set(extra=path), path)


@pytest.mark.parametrize("what", ["missing", "folder", "not a folder"])
def test_a_path_that_is_no_file(tmp_path, what):
    path = {"missing": tmp_path / "absent.yaml", "folder": tmp_path,
            "not a folder": write(tmp_path, VALID) / "child.yaml"}[what]
    for call in (lambda: load_templates(path), lambda: load_template_set(extra=path), lambda: load_template_set(only=path)):
        with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: cannot read intent templates: \w"):
            call()


# ---------------------------------------------------------------- through the command line




CLI = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@CLI
@given(st.sampled_from(sorted(HOSTILE)), st.sampled_from(["check", "check --only", "sample", "sample --only", "parse",
                                                             "parse-only", "global"]))
def test_a_broken_file_is_one_line_on_stderr(tmp_path, name, how):
    path = str(write(tmp_path, HOSTILE[name][0]))
    argv = {"check": ["templates", "check", path], "check --only": ["templates", "check", "--only", path],
            "sample": ["templates", "sample", path, "-n", "3"], "sample --only": ["templates", "sample", "--only", path],
            "parse": ["parse", "--templates", path, "stop", "the", "timer"],
            "parse-only": ["parse", "--templates-only", path, "stop the timer"],
            "global": ["--templates", path, "parse", "hello"]}[how]
    code, out, err = run(argv)
    assert code != 0 and out == ""
    [line] = err.splitlines()
    assert line.startswith(f"voice-coach: {path}:") and "Traceback" not in err


@CLI
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 5), st.lists(CHARS, max_size=3).map("".join)),
                min_size=1, max_size=4))
def test_a_mutated_file_through_parse(tmp_path, edits):
    text = VALID
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut:]
    path = str(write(tmp_path, text))
    code, out, err = run(["parse", "--templates-only", path, "--json", "stop the timer"])
    assert "Traceback" not in err
    if code == 0:
        assert err == "" and out.count("\n") == 1
    else:
        [line] = err.splitlines()
        assert line.startswith(f"voice-coach: {path}:") and out == ""
