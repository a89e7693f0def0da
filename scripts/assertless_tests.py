#!/usr/bin/env python3
"""List the tests that pass without running a single check (issue 19): pytest with tests/assertion_count.py.

    python scripts/assertless_tests.py                 # the whole suite, on both cores (as long as the suite)
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
    # The checks are counted where the tests run and carried to the controller on each report (xdist works).
    sys.exit(pytest.main(["-p", "tests.assertion_count", "-q", *sys.argv[1:]]))
