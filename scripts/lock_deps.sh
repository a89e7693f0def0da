#!/usr/bin/env bash
# Resolve every dependency of the coach and its tests to exact versions with
# hashes, into requirements-lock.txt: what .ci/run and the README install, so
# the tested set is the installed set. Needs the package index (PyPI, or the
# mirror pip is configured for). Extra arguments go to pip-compile
# (scripts/upgrade_deps.sh passes --upgrade).
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install -q --disable-pip-version-check 'pip-tools>=7.4,<8' >"$tools/log" 2>&1 \
    || { cat "$tools/log"; exit 1; }
"$tools/venv/bin/pip-compile" -q --extra test --generate-hashes --strip-extras --allow-unsafe \
    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
    --output-file requirements-lock.txt "$@" pyproject.toml >"$tools/log" 2>&1 \
    || { grep -v '^WARNING: Location' "$tools/log"; exit 1; }
# pip-compile writes its own command line, with a temporary path, into the header: name this script instead.
sed -i 's|^#    .*pip-compile .*|#    scripts/lock_deps.sh|' requirements-lock.txt
echo "requirements-lock.txt: $(grep -c '^[a-z0-9].*==' requirements-lock.txt) packages pinned"
