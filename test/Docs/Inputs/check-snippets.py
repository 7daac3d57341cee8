#!/usr/bin/env python3
"""Runs every ```mlir block of the given Markdown files through edge-opt.

Each block must be a whole module (cascades, functions) that parses and
verifies on its own, so that a reader can copy it. Prints one line per
block: `OK <file>:<line>` or `FAIL <file>:<line>` followed by edge-opt's
diagnostics; exits with 1 if any block fails.
"""

import subprocess
import sys


def blocks(path):
    """Yields (first line number, text) of each ```mlir block of `path`."""
    with open(path) as f:
        lines = f.read().splitlines()
    start = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if start is None and stripped == "```mlir":
            start, text = number + 1, []
        elif start is not None and stripped == "```":
            yield start, "\n".join(text) + "\n"
            start = None
        elif start is not None:
            text.append(line)


def main():
    edge_opt, paths = sys.argv[1], sys.argv[2:]
    failed = False
    for path in paths:
        for line, text in blocks(path):
            run = subprocess.run([edge_opt, "-", "-o", "/dev/null"],
                                 input=text, capture_output=True, text=True)
            name = f"{path.rsplit('/', 1)[-1]}:{line}"
            if run.returncode == 0:
                print(f"OK {name}")
            else:
                failed = True
                print(f"FAIL {name}\n{run.stderr}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
