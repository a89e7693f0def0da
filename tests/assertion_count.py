"""A pytest plugin that lists the tests which passed without checking anything (issue 19).

A test that returns early, or whose checks sit in a branch it never takes,
passes as green as one that checked: this plugin counts, per test, the checks
that really ran, and names every passed test that ran none. Used by
``scripts/assertless_tests.py`` (``-p tests.assertion_count``); the normal
suite runs without it.

What counts as a check that ran:

- an ``assert`` statement that passed, in a test module, a conftest or one of
  the test helpers (pytest's ``pytest_assertion_pass`` hook; the helpers are
  rewritten too, see ``tests/conftest.py``);
- a call of ``pytest.raises`` or ``pytest.warns`` (they fail the test when the
  exception or warning does not come);
- a call of one of numpy's ``testing.assert_*`` functions.

A test that checks only by way of another library's own checks (a call with
``check=True``, a helper that calls ``pytest.fail`` on a timeout) shows up in
the list; :data:`CHECKS_ELSEWHERE` names those, each with where its check is.
"""

from __future__ import annotations

import functools
from collections import Counter

import numpy.testing
import pytest

CHECKS_ELSEWHERE: dict[str, str] = {}
"""Test node ids (without parameters) that check by other means than those counted, and how."""

_counts: Counter[str] = Counter()
_current: list[str] = []
_passed: list[str] = []


def _counting(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _current:
            _counts[_current[-1]] += 1
        return function(*args, **kwargs)
    return wrapper


def pytest_configure(config: pytest.Config) -> None:
    pytest.raises = _counting(pytest.raises)
    pytest.warns = _counting(pytest.warns)
    for name in dir(numpy.testing):
        if name.startswith("assert_"):
            setattr(numpy.testing, name, _counting(getattr(numpy.testing, name)))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    _current.append(item.nodeid)
    try:
        return (yield)
    finally:
        _current.pop()


def pytest_assertion_pass(item: pytest.Item, lineno: int, orig: str, expl: str) -> None:
    _counts[item.nodeid] += 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """The count rides on the report, so that with pytest-xdist it reaches the controller from the worker."""
    report = yield
    if report.when == "call":
        report.user_properties.append(("checks", _counts[item.nodeid]))
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and not hasattr(report, "wasxfail"):
        _passed.append(report.nodeid)
        checks = dict(report.user_properties).get("checks")
        if checks is not None:
            _counts[report.nodeid] = checks


def _bare() -> tuple[list[str], list[str]]:
    """The passed tests that ran no counted check: those named in CHECKS_ELSEWHERE, and the rest."""
    bare = [n for n in _passed if _counts[n] == 0]
    named = [n for n in bare if n.split("[")[0] in CHECKS_ELSEWHERE]
    return named, [n for n in bare if n not in named]


def _worker(config: pytest.Config) -> bool:
    """True in a pytest-xdist worker: the controller, which gets every report, judges."""
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _worker(session.config):
        return
    if _bare()[1] and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    named, unexplained = _bare()
    write = terminalreporter.write_line
    terminalreporter.section("tests that passed without a check")
    write(f"{len(_passed)} passed; {len(_passed) - len(named) - len(unexplained)} ran at least one check; "
          f"{len(named)} check elsewhere (named below); {len(unexplained)} ran none")
    for nodeid in named:
        write(f"  checks elsewhere: {nodeid}: {CHECKS_ELSEWHERE[nodeid.split('[')[0]]}")
    for nodeid in unexplained:
        write(f"  NO CHECK: {nodeid}")
