#!/usr/bin/env python3
"""Executes notebooks headless with nbclient on the Crossbar kernel and writes the executed copies
to an output folder.

    python scripts/run_notebooks.py --out out/notebooks notebooks/*.ipynb

Fails (exit 1) when a notebook raises, or when any cell output is an error; prints where each
executed notebook went. The kernel is whatever kernelspec "crossbar" resolves to (JUPYTER_PATH
first), so `make test` runs the release build under test and `make demo` the release build installed for you.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def error_outputs(nb: nbformat.NotebookNode) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
    return problems


def run(path: pathlib.Path, out_dir: pathlib.Path, kernel_name: str, timeout: int) -> bool:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    ok = True
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"FAIL {path}: {error}", file=sys.stderr)
        ok = False
    problems = error_outputs(nb)
    for problem in problems:
        print(f"FAIL {path}: error output in {problem}", file=sys.stderr)
    ok = ok and not problems
    target = out_dir / path.name
    nbformat.write(nb, target)
    status = "ok" if ok else "FAILED"
    print(f"{status:6} {path} -> {target} ({time.monotonic() - started:.1f} s)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/notebooks"))
    parser.add_argument("--kernel", default="crossbar", help="kernelspec name (default: crossbar)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    results = [run(path, args.out, args.kernel, args.timeout) for path in args.notebooks]
    print(f"executed notebooks are in {args.out.resolve()}/")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
