#!/usr/bin/env bash
# The sanitizer runs of `make test-sanitize` (and, bounded, of `make test`):
#   1. AddressSanitizer over the optimised build (.build-asan): the SwiftScript corpus and the
#      10,000-cell in-process fuzz, then the kernel fuzzed with SANITIZE_FUZZ_COUNT messages.
#      Optimised, because the optimiser is what shortens lifetimes (issue 11's crash showed only there).
#   2. ThreadSanitizer over a debug build (.build-tsan): the kernel's threads through the pytest files
#      in SANITIZE_PYTEST. Any report stops the kernel (halt_on_error) and is searched for in its log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
OUT="$ROOT/out/sanitize"
FUZZ_COUNT="${SANITIZE_FUZZ_COUNT:-10000}"
PYTEST_FILES="${SANITIZE_PYTEST:-Tests/conformance/test_protocol.py Tests/conformance/test_hardening.py}"
ASAN=(-c release -Xswiftc -enable-testing --sanitize=address --scratch-path "$ROOT/.build-asan")
TSAN=(--sanitize=thread --scratch-path "$ROOT/.build-tsan")
rm -rf "$OUT"
mkdir -p "$OUT"
export JUPYTER_PLATFORM_DIRS=1

# Swift's runtime keeps metadata and caches for the life of the process: leak reports would be noise.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1"
echo "sanitize: AddressSanitizer build (optimised)"
swift build "${ASAN[@]}" --build-tests
filter="SwiftScriptTests"
echo "sanitize: AddressSanitizer, swift test --filter $filter"
swift test "${ASAN[@]}" --skip-build --filter "$filter" 2>&1 | tee "$OUT/asan-swift-test.log"
if grep -q "ERROR: AddressSanitizer" "$OUT/asan-swift-test.log"; then
    echo "sanitize: AddressSanitizer reported an error (out/sanitize/asan-swift-test.log)" >&2; exit 1
fi

ASAN_BIN="$ROOT/.build-asan/release/crossbar"
"$ASAN_BIN" install --prefix "$OUT/asan-prefix" >/dev/null
echo "sanitize: AddressSanitizer, the kernel fuzzed with $FUZZ_COUNT messages"
JUPYTER_PATH="$OUT/asan-prefix/share/jupyter" \
    "$PY" Tests/conformance/fuzz_kernel.py --count "$FUZZ_COUNT" --seed 777 --log "$OUT/asan-kernel.log"
if grep -q "ERROR: AddressSanitizer" "$OUT/asan-kernel.log"; then
    echo "sanitize: AddressSanitizer reported an error in the kernel (out/sanitize/asan-kernel.log)" >&2; exit 1
fi

echo "sanitize: ThreadSanitizer build"
swift build "${TSAN[@]}" --product crossbar
TSAN_BIN="$ROOT/.build-tsan/debug/crossbar"
"$TSAN_BIN" install --prefix "$OUT/tsan-prefix" >/dev/null
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1"
echo "sanitize: ThreadSanitizer, pytest $PYTEST_FILES"
status=0
JUPYTER_PATH="$OUT/tsan-prefix/share/jupyter" CROSSBAR_BIN="$TSAN_BIN" \
    "$PY" -m pytest $PYTEST_FILES -p no:cacheprovider --timeout=300 -q --basetemp="$OUT/tsan-tmp" || status=$?
if grep -rl "WARNING: ThreadSanitizer" "$OUT/tsan-tmp" >/dev/null 2>&1; then
    echo "sanitize: ThreadSanitizer reported a race:" >&2
    grep -rh -A 30 "WARNING: ThreadSanitizer" "$OUT/tsan-tmp" | head -80 >&2
    exit 1
fi
[ "$status" = 0 ] || { echo "sanitize: the ThreadSanitizer pytest run failed" >&2; exit "$status"; }
echo "sanitize: AddressSanitizer and ThreadSanitizer runs clean"
