#!/usr/bin/env bash
# Fuzzes the kernel behind kernelspec "crossbar" (JUPYTER_PATH first) once per seed:
#   scripts/fuzz_seeds.sh COUNT SEED... [random]
# `random` adds one seed drawn now and printed first, so a CI failure can be replayed with
#   python Tests/conformance/fuzz_kernel.py --count COUNT --seed SEED
# Runs every seed even after a failure, then exits non-zero if any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
count="$1"; shift
seeds=()
for s in "$@"; do
    if [ "$s" = random ]; then
        drawn=$(( $(od -An -N4 -tu4 /dev/urandom) ))
        echo "fuzz: seed drawn for this run: $drawn"
        seeds+=("$drawn")
    else
        seeds+=("$s")
    fi
done
failed=()
for seed in "${seeds[@]}"; do
    echo "fuzz: $count messages, seed $seed"
    if ! "$PY" "$ROOT/Tests/conformance/fuzz_kernel.py" --count "$count" --seed "$seed"; then
        failed+=("$seed")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED for seeds ${failed[*]} ($count messages each)" >&2
    exit 1
fi
echo "fuzz: ${#seeds[@]} seeds passed ($count messages each)"
