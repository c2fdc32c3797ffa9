#!/usr/bin/env python3
"""Differential test of Crossbar's cell language against real Swift.

Every program (corpus cases exported by CorpusExportTests, and/or programs from generate.py) is
compiled with swiftc and run, then run by `crossbar run`; their stdout must be byte for byte the
same. Programs swiftc rejects are not valid Swift and are skipped. Where the Swift binary traps,
Crossbar must fail too (exit status 1 with an error), and its output is not compared.
Corpus cases listed in the deliberate-differences file must still differ.

Standard library only. See README.md in this directory.
"""

import argparse
import concurrent.futures
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SWIFTC_FLAGS = ["-Onone", "-suppress-warnings", "-module-name", "main"]
# Crossbar cells have Foundation's names in scope (sqrt, String(format:), components(separatedBy:)…);
# a compiled program needs the import. Crossbar accepts it and does nothing.
PRELUDE = "import Foundation\n"
MAX_DIFF_LINES = 80


class Case:
    def __init__(self, name, program, origin, kind="succeeds"):
        self.name = name
        self.program = program
        self.origin = origin  # "corpus" or "generated"
        self.kind = kind
        # Filled in by run_case.
        self.status = None  # see classify()
        self.detail = ""
        self.path = None
        self.swift_out = b""
        self.swift_rc = None
        self.cb_out = b""
        self.cb_err = b""
        self.cb_rc = None
        self.compile_s = None


def source_for(program):
    if re.search(r"^\s*import\s+Foundation\b", program, re.M):
        return program if program.endswith("\n") else program + "\n"
    return PRELUDE + program + ("" if program.endswith("\n") else "\n")


def slug(text, limit=60):
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:limit] or "case"


def swiftc_identity(swiftc):
    try:
        out = subprocess.run([swiftc, "--version"], capture_output=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"differential: cannot run {swiftc}: {e}")
    return out.decode("utf-8", "replace").strip()


class Runner:
    def __init__(self, args):
        self.args = args
        self.swiftc = args.swiftc
        self.identity = swiftc_identity(args.swiftc)
        self.cache = os.path.abspath(args.cache)
        os.makedirs(self.cache, exist_ok=True)
        self.work = args.work_dir
        self.env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
        self.compiles = 0
        self.compile_seconds = 0.0
        self.cache_hits = 0

    # -- Swift side ------------------------------------------------------------------------

    def compiled(self, source, path, case):
        """Path of the cached binary for `source`, or None when swiftc rejects it (case.detail = why)."""
        key = hashlib.sha256("\0".join([self.identity, " ".join(SWIFTC_FLAGS), source]).encode()).hexdigest()
        folder = os.path.join(self.cache, key[:2])
        binary = os.path.join(folder, key)
        rejected = binary + ".rejected"
        if os.path.exists(binary):
            self.cache_hits += 1
            return binary
        if os.path.exists(rejected):
            self.cache_hits += 1
            with open(rejected, encoding="utf-8", errors="replace") as f:
                case.detail = f.read()
            return None
        os.makedirs(folder, exist_ok=True)
        tmp = f"{binary}.tmp{os.getpid()}.{id(case)}"
        start = time.monotonic()
        try:
            r = subprocess.run([self.swiftc, *SWIFTC_FLAGS, "-o", tmp, path], capture_output=True,
                               timeout=self.args.compile_timeout, cwd=os.path.dirname(path))
            failed, diagnostics = r.returncode != 0, r.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            failed, diagnostics = True, f"swiftc timed out after {self.args.compile_timeout} s"
        elapsed = time.monotonic() - start
        self.compiles += 1
        self.compile_seconds += elapsed
        case.compile_s = elapsed
        if failed:
            if os.path.exists(tmp):
                os.remove(tmp)
            # The file name in diagnostics varies between runs; keep just the messages.
            diagnostics = diagnostics.replace(path, "program.swift")
            if "timed out" not in diagnostics:  # a timeout may be the machine's load: don't cache it
                with open(rejected + f".tmp{os.getpid()}", "w", encoding="utf-8") as f:
                    f.write(diagnostics)
                os.replace(rejected + f".tmp{os.getpid()}", rejected)
            case.detail = diagnostics
            return None
        os.replace(tmp, binary)
        return binary

    # -- one case ---------------------------------------------------------------------------

    def run_case(self, index, case):
        source = source_for(case.program)
        prefix = "gen" if case.origin == "generated" else "corpus"
        case.path = os.path.join(self.work, f"{prefix}-{index:04d}-{slug(case.name)}.swift")
        with open(case.path, "w", encoding="utf-8") as f:
            f.write(source)
        binary = self.compiled(source, case.path, case)
        if binary is None:
            case.status = "invalid"
            return case
        try:
            r = subprocess.run([binary], capture_output=True, timeout=self.args.timeout, env=self.env,
                               stdin=subprocess.DEVNULL, cwd=self.work)
            case.swift_out, case.swift_rc = r.stdout, r.returncode
        except subprocess.TimeoutExpired:
            case.status = "swift-timeout"
            return case
        try:
            r = subprocess.run([self.args.crossbar, "run", case.path], capture_output=True,
                               timeout=self.args.crossbar_timeout, stdin=subprocess.DEVNULL, cwd=self.work)
            case.cb_out, case.cb_err, case.cb_rc = r.stdout, r.stderr, r.returncode
        except subprocess.TimeoutExpired as e:
            case.cb_out, case.cb_err = e.stdout or b"", (e.stderr or b"") + b"\n[timed out]"
            case.cb_rc = "timeout"
        self.classify(case)
        return case

    def classify(self, case):
        """status: match | differ (stdout or status differs) | trap-ok | trap-differ."""
        if case.swift_rc != 0:
            if case.cb_rc == 1 and case.cb_err.strip():
                case.status = "trap-ok"
            else:
                case.status = "trap-differ"
                if case.cb_rc == 0:
                    case.detail = f"Swift traps (status {describe_rc(case.swift_rc)}); Crossbar succeeded"
                elif case.cb_rc == 1:
                    case.detail = "Crossbar exited 1 but printed no error on stderr"
                else:
                    case.detail = f"Swift traps; Crossbar did not fail cleanly (status {describe_rc(case.cb_rc)})"
            return
        if case.cb_rc == 0 and case.cb_out == case.swift_out:
            case.status = "match"
        else:
            case.status = "differ"
            if case.cb_rc != 0:
                case.detail = f"Crossbar failed (status {describe_rc(case.cb_rc)})"


def describe_rc(rc):
    if isinstance(rc, int) and rc < 0:
        return f"signal {-rc}"
    return str(rc)


def unified(case):
    a = case.swift_out.decode("utf-8", "replace").splitlines(keepends=True)
    b = case.cb_out.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile="swift", tofile="crossbar"))
    lines = [l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines]
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)\n"]
    return "".join(lines)


def load_corpus(path):
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    return [Case(r["name"], r.get("program") or "\n".join(r["cells"]), "corpus", r.get("kind", "succeeds"))
            for r in records]


def load_differences(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    out = {}
    for e in entries:
        if not e.get("name") or not e.get("reason"):
            sys.exit(f"differential: every entry of {path} needs a name and a reason: {e!r}")
        if e["name"] in out:
            sys.exit(f"differential: {e['name']!r} is listed twice in {path}")
        out[e["name"]] = e["reason"]
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", help="corpus JSON written by CorpusExportTests")
    p.add_argument("--generated", type=int, default=0, metavar="N", help="also run N generated programs")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated programs (default 1)")
    p.add_argument("--crossbar", default=os.path.join(ROOT, ".build", "release", "crossbar"))
    p.add_argument("--swiftc", default=os.environ.get("SWIFTC", "swiftc"))
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--work", help="scratch folder for the .swift files (default: a temporary folder, "
                                  "kept when something fails)")
    p.add_argument("--cache", default=os.path.join(ROOT, "out", "differential-cache"),
                   help="compiled Swift binaries by SHA-256 of their source (default out/differential-cache)")
    p.add_argument("--differences", default=os.path.join(HERE, "deliberate_differences.json"))
    p.add_argument("--filter", help="only cases whose name contains this text")
    p.add_argument("--timeout", type=float, default=10, help="seconds a Swift binary may run (default 10)")
    p.add_argument("--crossbar-timeout", type=float, default=30, help="seconds `crossbar run` may take (default 30)")
    p.add_argument("--compile-timeout", type=float, default=120)
    p.add_argument("--show-invalid", action="store_true", help="list the programs swiftc rejects, with its first error")
    args = p.parse_args(argv)

    if not args.corpus and args.generated <= 0:
        p.error("give --corpus FILE and/or --generated N")
    if not os.access(args.crossbar, os.X_OK):
        sys.exit(f"differential: no Crossbar binary at {args.crossbar} (build it, or pass --crossbar)")

    cases = []
    if args.corpus:
        cases += load_corpus(args.corpus)
    if args.generated > 0:
        sys.path.insert(0, HERE)
        import generate
        cases += [Case(name, prog, "generated") for name, prog in generate.generate(args.generated, args.seed)]
    if args.filter:
        cases = [c for c in cases if args.filter in c.name]
    differences = load_differences(args.differences)

    temporary = args.work is None
    args.work_dir = os.path.abspath(args.work or tempfile.mkdtemp(prefix="differential-"))
    os.makedirs(args.work_dir, exist_ok=True)
    # Run a copy of the binary: a rebuild during the run must not change (or block) it.
    args.crossbar = snapshot(args.crossbar, args.work_dir)
    runner = Runner(args)

    started = time.monotonic()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(runner.run_case, i, c) for i, c in enumerate(cases)]
        for f in concurrent.futures.as_completed(futures):
            try:
                f.result()
            except Exception as e:  # the runner's own trouble: report it as this case's failure
                c = cases[futures.index(f)]
                c.status, c.detail = "differ", f"runner error: {e!r}"
            done += 1
            if sys.stderr.isatty() and (done % 20 == 0 or done == len(cases)):
                print(f"\r{done}/{len(cases)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    elapsed = time.monotonic() - started

    failures = []  # (case, headline, body)
    counts = dict(total=len(cases), valid=0, invalid=0, matched=0, deliberate=0, unexpected=0,
                  traps=0, trap_ok=0, trap_mismatch=0, swift_timeout=0, stale=0)
    for c in cases:
        listed = c.origin == "corpus" and c.name in differences
        if c.status == "invalid":
            counts["invalid"] += 1
            if listed:
                failures.append((c, "listed as different but is not valid Swift — remove it", first_error(c.detail)))
                counts["stale"] += 1
            continue
        if c.status == "swift-timeout":
            counts["swift_timeout"] += 1
            failures.append((c, f"the Swift binary ran past {args.timeout:g} s", ""))
            continue
        counts["valid"] += 1
        if c.status.startswith("trap"):
            counts["traps"] += 1
        differs = c.status in ("differ", "trap-differ")
        if not differs:
            if c.status == "trap-ok":
                counts["trap_ok"] += 1
            if listed:
                counts["stale"] += 1
                failures.append((c, "listed as different but now matches — remove it", ""))
            else:
                counts["matched"] += 1
            continue
        if listed:
            counts["deliberate"] += 1
            continue
        if c.status == "trap-differ":
            counts["trap_mismatch"] += 1
            failures.append((c, c.detail, stderr_tail(c)))
        else:
            counts["unexpected"] += 1
            body = unified(c)
            if c.detail:
                body = f"{c.detail}\n{stderr_tail(c)}" + body
            failures.append((c, "stdout differs" if not c.detail else c.detail, body))

    if args.corpus and not args.filter:
        names = {c.name for c in cases if c.origin == "corpus"}
        for name in differences:
            if name not in names:
                counts["stale"] += 1
                failures.append((Case(name, "", "corpus"), "listed as different but not in the corpus — remove it", ""))

    for c, headline, body in failures:
        print(f"=== FAIL: {c.name}: {headline}")
        if c.path:
            print(f"    program: {c.path}")
        m = re.fullmatch(r"generated seed=(-?\d+) #(\d+)", c.name)
        if m:
            print(f"    again:   python3 {os.path.relpath(os.path.join(HERE, 'generate.py'))} --seed {m[1]} --start {m[2]} --count 1")
        if body:
            print(body.rstrip("\n"))
        print()

    if args.show_invalid:
        for c in cases:
            if c.status == "invalid":
                print(f"--- not valid Swift: {c.name}: {first_error(c.detail)}")

    causes = {}
    for c, headline, body in failures:
        if c.cb_rc not in (0, None) and c.cb_err:
            first = next((l for l in c.cb_err.decode("utf-8", "replace").splitlines() if l.startswith("error:")), "")
            if first:
                causes[first] = causes.get(first, 0) + 1
    if causes:
        print("Crossbar errors behind the failures:")
        for message, n in sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))[:15]:
            print(f"  {n:5d}  {message}")

    passed = counts["matched"] + counts["deliberate"]
    print("summary:")
    print(f"  total                      {counts['total']}")
    print(f"  not valid Swift (skipped)  {counts['invalid']}")
    print(f"  valid Swift                {counts['valid']}")
    print(f"  matched                    {counts['matched']}  (of which Swift traps and Crossbar fails: {counts['trap_ok']})")
    print(f"  deliberate differences     {counts['deliberate']}  (still differing, as listed)")
    print(f"  unexpected mismatches      {counts['unexpected']}")
    print(f"  swift-trap cases           {counts['traps']}  (Crossbar did not fail cleanly: {counts['trap_mismatch']})")
    if counts["stale"]:
        print(f"  stale deliberate entries   {counts['stale']}")
    if counts["swift_timeout"]:
        print(f"  Swift binary timed out     {counts['swift_timeout']}")
    avg = f", {runner.compile_seconds / runner.compiles:.2f} s each" if runner.compiles else ""
    print(f"  swiftc compiles            {runner.compiles}{avg}; cache hits {runner.cache_hits}")
    print(f"  wall time                  {elapsed:.1f} s")
    if temporary and not failures:
        shutil.rmtree(args.work_dir, ignore_errors=True)
    else:
        print(f"  programs are in            {args.work_dir}")
    print(f"differential: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


def snapshot(binary, folder):
    copy = os.path.join(folder, "crossbar-under-test")
    for attempt in range(30):
        try:
            shutil.copy2(binary, copy)
            return copy
        except OSError as e:  # ETXTBSY and friends while the linker writes it
            last = e
            time.sleep(2)
    sys.exit(f"differential: cannot copy {binary}: {last}")


def first_error(diagnostics):
    for line in diagnostics.splitlines():
        if "error:" in line:
            return line.strip()
    return diagnostics.strip().splitlines()[0] if diagnostics.strip() else ""


def stderr_tail(c, lines=8):
    text = c.cb_err.decode("utf-8", "replace").rstrip("\n").splitlines()
    if not text:
        return ""
    return "crossbar stderr:\n" + "".join(f"  | {l}\n" for l in text[-lines:])


if __name__ == "__main__":
    sys.exit(main())
