#!/usr/bin/env python3
"""List the tests that pass without running a single check (issue 19): pytest with tests/assertion_count.py.

    python scripts/assertless_tests.py                 # the whole suite (as long as the suite: ~20 min)
    python scripts/assertless_tests.py tests/dialog    # any pytest arguments

Prints, after pytest's own summary, every passed test that ran no assert, no
``pytest.raises``/``warns`` and no ``numpy.testing.assert_*``, and exits 1
when there is one that ``tests/assertion_count.py`` does not name with where
its check is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))  # the plugin is tests/assertion_count.py
    # One process (-n 0): the checks are counted where the tests run.
    sys.exit(pytest.main(["-p", "tests.assertion_count", "-n", "0", "-q", *sys.argv[1:]]))
