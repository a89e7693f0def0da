"""What the property tests share: walking a YAML tree, and running the command line in-process."""

from __future__ import annotations

import contextlib
import io

from voice_coach.cli.main import main


def locations(node, path=()):
    """(path of keys) for every value in a YAML tree, parents before children."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from locations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*path, i)
            yield from locations(value, (*path, i))


def run(argv: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``main(argv)``; any exception but SystemExit fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()
