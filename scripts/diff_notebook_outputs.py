#!/usr/bin/env python3
"""Compares the outputs of two folders of executed notebooks, cell by cell (cells matched by their
source), after blanking what depends on the wall clock (progress rates and elapsed times, the
training history's seconds). A refactoring must leave everything else identical; exits 1 when a
cell in both differs or a cell went away (added cells are listed, not counted).

    python3 scripts/diff_notebook_outputs.py before/ after/
"""
import glob
import json
import os
import re
import sys

CLOCK = [
    (re.compile(r"[0-9.]+ it/s"), "N it/s"),
    (re.compile(r"\b[0-9]+:[0-9]{2}\b"), "M:SS"),
    (re.compile(r"[0-9.]+ (ms|µs|s)(?=</td>|\s*\|| *\\n| {2,}|\"|$)"), r"T \1"),
    (re.compile(r"display_id[^,}]*"), "display_id"),
    # Text tables pad columns to the widest value, which a time can change.
    (re.compile(r" {2,}"), " "),
]


def outputs(path):
    """Each code cell's outputs, keyed by the cell's source (so that added cells do not shift the rest)."""
    notebook = json.load(open(path))
    found = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            output = dict(output)
            output.pop("execution_count", None)
            text = json.dumps(output, sort_keys=True)
            for pattern, blank in CLOCK:
                text = pattern.sub(blank, text)
            texts.append(text)
        found["".join(cell["source"])] = texts
    return found


def main(before, after):
    differing = 0
    for path in sorted(glob.glob(os.path.join(before, "*.ipynb"))):
        a = outputs(path)
        b = outputs(os.path.join(after, os.path.basename(path)))
        common = [source for source in a if source in b]
        diffs = [source for source in common if a[source] != b[source]]
        added = [source for source in b if source not in a]
        removed = [source for source in a if source not in b]
        differing += len(diffs) + len(removed)
        print(f"{os.path.basename(path)}: {len(common)} cells in both, {len(diffs)} with different outputs, "
              f"{len(added)} added, {len(removed)} removed")
        for source in diffs[:5]:
            x, y = "".join(a[source]), "".join(b[source])
            k = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
            print(f"  {source.splitlines()[0] if source else '(empty)'}\n    …{x[max(0, k - 60):k + 60]}…\n vs …{y[max(0, k - 60):k + 60]}…")
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: diff_notebook_outputs.py BEFORE_DIR AFTER_DIR")
    sys.exit(main(sys.argv[1], sys.argv[2]))
