#!/usr/bin/env bash
# Move the lock to the newest releases that pyproject.toml's ranges allow, then
# prove them: install the new lock in a fresh virtual environment, run the
# whole test suite there, and print what moved. The new requirements-lock.txt
# is left in place either way: commit it when the suite is green; when it is
# red, the report says which packages moved, and `git checkout
# requirements-lock.txt` puts the tested set back.
#
#   scripts/upgrade_deps.sh                 # the whole suite, as CI runs it
#   scripts/upgrade_deps.sh -m "not heavy"  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp requirements-lock.txt "$work/old.txt"
bash scripts/lock_deps.sh --upgrade

echo
echo "== what moved"
python3 - "$work/old.txt" requirements-lock.txt <<'PY'
import re, sys
def pins(path):
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", open(path).read(), re.M))
old, new = pins(sys.argv[1]), pins(sys.argv[2])
rows = [(n, old.get(n, "-"), new.get(n, "-")) for n in sorted(old.keys() | new.keys()) if old.get(n) != new.get(n)]
for name, a, b in rows:
    print(f"  {name:28} {a:>16} -> {b}")
print(f"  {len(rows)} of {len(new)} packages moved" if rows else "  nothing moved")
PY

echo
echo "== the suite on the new lock (fresh virtual environment)"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check --require-hashes -r requirements-lock.txt \
    >"$work/install.log" 2>&1 || { grep -v '^WARNING: Location' "$work/install.log"; exit 1; }
"$work/venv/bin/pip" install -q --disable-pip-version-check --no-deps -e . >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; exit 1; }
status=0
(. "$work/venv/bin/activate" && python3 -m pytest "$@") || status=$?
echo
if [ "$status" = 0 ]; then
    echo "== green on the new lock: commit requirements-lock.txt"
else
    echo "== red on the new lock (pytest exit $status): fix what broke, or 'git checkout requirements-lock.txt'"
fi
exit "$status"
