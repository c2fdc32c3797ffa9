#!/usr/bin/env bash
# The cell-language interpreter next to CPython (`make bench-language`).
#
# For each workload in bench/language there is NAME.swift (run with `crossbar run`) and NAME.py
# (run with python3) doing the same work and printing the same answer. Each is run once untimed
# (that run's output must match between the two, or the script fails), then RUNS times timed,
# alternating the two interpreters. Wall time is measured around the whole process by a small
# Python driver with time.perf_counter. `startup` (print(0)) measures each interpreter's start-up;
# the table also shows every median with that start-up subtracted.
#
#   RUNS=5          timed runs per program (the median is reported)
#   SKIP_BUILD=1    use the existing .build-static/release/crossbar (the kernelspec's binary) instead of building it
#   CROSSBAR=path   another crossbar binary (absolute, or relative to the repository root);
#                   combine with SKIP_BUILD=1
#   PYTHON=python3  the CPython to compare with
#   TIMEOUT=300     seconds one run may take before the benchmark fails
#   WORKLOADS="fib sum_loop"   a subset, in this order
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

export RUNS="${RUNS:-5}"
export CROSSBAR="${CROSSBAR:-.build-static/release/crossbar}"
export PYTHON="${PYTHON:-python3}"
export TIMEOUT="${TIMEOUT:-300}"
export WORKLOADS="${WORKLOADS:-sum_loop fib sort_random string_build}"
export BENCH_DIR="bench/language"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
    echo "bench-language: swift build -c release --static-swift-stdlib --scratch-path .build-static --product crossbar" >&2
    swift build -c release --static-swift-stdlib --scratch-path .build-static --product crossbar >&2
fi
if [ ! -x "$CROSSBAR" ]; then
    echo "bench-language: no executable $CROSSBAR (build it, or unset SKIP_BUILD)" >&2
    exit 1
fi
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "bench-language: no $PYTHON on PATH" >&2
    exit 1
fi

# The driver runs under python3 whatever PYTHON names; it only launches processes and times them.
exec python3 - <<'PY'
import os
import platform
import statistics
import subprocess
import sys
import time
from typing import NoReturn

RUNS = int(os.environ["RUNS"])
CROSSBAR = os.environ["CROSSBAR"]
PYTHON = os.environ["PYTHON"]
TIMEOUT = float(os.environ["TIMEOUT"])
BENCH_DIR = os.environ["BENCH_DIR"]
WORKLOADS = os.environ["WORKLOADS"].split()
STARTUP = "startup"

if RUNS < 1:
    sys.exit("bench-language: RUNS must be at least 1")


def fail(message: str) -> NoReturn:
    print(f"bench-language: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


# CPython runs a program several times in one process the same way Crossbar's --repeat does (a
# cell run again): the file compiled and executed again, in a fresh module namespace each time.
PY_REPEAT = ("import sys\nsrc = open(sys.argv[1]).read()\n"
             "for _ in range(int(sys.argv[2])):\n"
             "    exec(compile(src, sys.argv[1], 'exec'), {'__name__': '__main__'})\n")


def command(interpreter: str, name: str, repeat: int = 1) -> list[str]:
    if interpreter == "Crossbar":
        argv = [CROSSBAR, "run", os.path.join(BENCH_DIR, f"{name}.swift")]
        return argv + (["--repeat", str(repeat)] if repeat > 1 else [])
    if repeat > 1:
        return [PYTHON, "-c", PY_REPEAT, os.path.join(BENCH_DIR, f"{name}.py"), str(repeat)]
    return [PYTHON, os.path.join(BENCH_DIR, f"{name}.py")]


def run_once(interpreter: str, name: str, repeat: int = 1) -> tuple[float, str]:
    """Runs one program; returns (wall seconds, stdout). Fails on a non-zero exit or a timeout."""
    argv = command(interpreter, name, repeat)
    t0 = time.perf_counter()
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail(f"{' '.join(argv)} ran longer than {TIMEOUT:g} s")
    elapsed = time.perf_counter() - t0
    out = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", errors="replace")
        fail(f"{' '.join(argv)} exited with status {done.returncode}\n"
             f"--- stdout ---\n{out}--- stderr ---\n{err}")
    return elapsed, out


def measure(name: str) -> dict[str, float]:
    """Checks that both programs print the same non-empty output, then times RUNS runs of each."""
    outputs = {interp: run_once(interp, name)[1] for interp in ("Crossbar", "CPython")}
    if not outputs["Crossbar"].strip():
        fail(f"{name}: Crossbar printed nothing")
    if outputs["Crossbar"] != outputs["CPython"]:
        fail(f"{name}: the outputs differ\n"
             f"--- Crossbar ---\n{outputs['Crossbar']!r}\n--- CPython ---\n{outputs['CPython']!r}")
    times: dict[str, list[float]] = {"Crossbar": [], "CPython": []}
    thrice: dict[str, list[float]] = {"Crossbar": [], "CPython": []}
    for _ in range(RUNS):
        for interp in ("Crossbar", "CPython"):
            times[interp].append(run_once(interp, name)[0])
            thrice[interp].append(run_once(interp, name, repeat=3)[0])
    answer = outputs["Crossbar"].strip().replace("\n", " / ")
    print(f"  {name:<14} ok  (both print {answer})", file=sys.stderr)
    result = {interp: statistics.median(ts) for interp, ts in times.items()}
    # The work of one run without the process start: (three runs - one run) / 2, in one process.
    for interp in ("Crossbar", "CPython"):
        result[interp + " work"] = (statistics.median(thrice[interp]) - result[interp]) / 2
    return result


def version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (done.stdout.strip() or done.stderr.strip()).splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 and a >= 0 else "n/a"


print(f"bench-language: {RUNS} timed runs per program, medians of wall time", file=sys.stderr)
medians = {STARTUP: measure(STARTUP)}
for name in WORKLOADS:
    medians[name] = measure(name)

start_cb, start_py = medians[STARTUP]["Crossbar"], medians[STARTUP]["CPython"]
header = ["workload", "Crossbar s", "CPython s", "ratio",
          "Crossbar work s", "CPython work s", "work ratio"]
rows = [["start-up (print(0))", f"{start_cb:.4f}", f"{start_py:.4f}", ratio(start_cb, start_py),
         "", "", ""]]
for name in WORKLOADS:
    cb, py = medians[name]["Crossbar"], medians[name]["CPython"]
    work_cb, work_py = medians[name]["Crossbar work"], medians[name]["CPython work"]
    rows.append([name, f"{cb:.4f}", f"{py:.4f}", ratio(cb, py),
                 f"{work_cb:.4f}", f"{work_py:.4f}", ratio(work_cb, work_py)])

widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))]


def line(cells: list[str]) -> str:
    padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
    return "| " + " | ".join(padded) + " |"


print()
print(f"Crossbar: {version([CROSSBAR, 'version'])}; CPython: {version([PYTHON, '--version'])}; "
      f"{cpu_model()}")
print(f"median wall seconds of {RUNS} run{'' if RUNS == 1 else 's'}; "
      "ratio = Crossbar / CPython (below 1: Crossbar is faster); "
      "work = one run without the process start: (median of 3 runs in one process - median of 1) / 2")
print()
print(line(header))
print("|" + "|".join(":" + "-" * (w + 1) if i == 0 else "-" * (w + 1) + ":"
                     for i, w in enumerate(widths)) + "|")
for r in rows:
    print(line(r))
PY
