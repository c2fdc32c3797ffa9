#!/usr/bin/env bash
# Creates .venv (if missing) with the pinned Python packages used by the conformance tests, the
# fuzzer, the notebook runner and the kernel benchmark. Idempotent: a stamp file records the
# requirements that were installed, and nothing is done while it matches.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
REQ="$ROOT/scripts/requirements-dev.txt"
STAMP="$VENV/.crossbar-requirements.stamp"

if [ -f "$STAMP" ] && cmp -s "$REQ" "$STAMP" && [ -x "$VENV/bin/python" ]; then
    exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup-python: creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi

"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
cp "$REQ" "$STAMP"
echo "setup-python: $VENV ready"
