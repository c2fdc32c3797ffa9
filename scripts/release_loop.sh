#!/usr/bin/env bash
# Runs the programs of issue 11 (mutating struct methods, closures made in a loop) as separate
# processes of the given binary, N times in a row, and fails on the first crash or wrong output:
#   scripts/release_loop.sh .build/release/crossbar 1000
set -euo pipefail
bin="$1"; runs="${2:-1000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cat > "$dir/counter.swift" <<'SWIFT'
struct Counter { var n = 0; mutating func inc(_ k: Int = 1) { n += k } }
var c = Counter()
for i in 0..<1000 { c.inc(i % 3) }
print(c.n)
SWIFT
cat > "$dir/shift.swift" <<'SWIFT'
struct Point { var x: Double; var y: Double; mutating func shift(by d: Double) { x += d } }
var p = Point(x: 1, y: 2)
p.shift(by: 0.5)
print(p.x, p.y)
SWIFT
cat > "$dir/closures.swift" <<'SWIFT'
var fs: [(Int) -> Int] = []; for k in 0..<5 { fs.append({ x in x * k }) }; print(fs.map { $0(10) })
SWIFT
expect_counter="999"; expect_shift="1.5 2.0"; expect_closures="[0, 10, 20, 30, 40]"
start=$(date +%s)
for i in $(seq 1 "$runs"); do
    for name in counter shift closures; do
        want_var="expect_$name"
        if ! got="$("$bin" run "$dir/$name.swift" 2>&1)"; then
            echo "release-loop: run $i of $name.swift failed: $got" >&2; exit 1
        fi
        if [ "$got" != "${!want_var}" ]; then
            echo "release-loop: run $i of $name.swift printed '$got', expected '${!want_var}'" >&2; exit 1
        fi
    done
done
echo "release-loop: $((runs * 3)) runs of 3 programs ($runs each) without a crash in $(( $(date +%s) - start )) s"
