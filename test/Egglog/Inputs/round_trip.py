#!/usr/bin/env python3
"""Checks the egglog round trip on every example: cascade -> egglog ->
cascade prints exactly as the cascade does, and the egglog program of the
imported cascade is the exported one. Prints `OK <file>` or `FAIL <file>`
with a diff, or `SKIP <file>` with the op that the egglog schema does not
have yet (the export's located error says which); exits 1 on any
failure."""

import argparse
import difflib
import glob
import os
import subprocess
import sys


def run(cmd, stdin=None):
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}:\n{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", help="directory of .mlir examples")
    parser.add_argument("--edge-opt", default="edge-opt")
    parser.add_argument("--edge-translate", default="edge-translate")
    args = parser.parse_args()

    paths = sorted(glob.glob(os.path.join(args.examples, "*.mlir")))
    failures = skipped = 0
    for path in paths:
        name = os.path.basename(path)
        try:
            expected = run([args.edge_opt, path])
            export = subprocess.run([args.edge_opt, "--edge-export-egglog",
                                     "-o", "/dev/null", path],
                                    capture_output=True, text=True)
            unsupported = [line for line in export.stderr.splitlines()
                           if "has no egglog form" in line]
            if export.returncode != 0 and unsupported:
                print(f"SKIP {name}: {unsupported[0].split('error: ')[-1]}")
                skipped += 1
                continue
            program = run([args.edge_opt, "--edge-export-egglog", "-o",
                           "/dev/null", path])
            imported = run([args.edge_translate, "--edge-import-egglog",
                            "-"], program)
            actual = run([args.edge_opt, "-"], imported)
            reexported = run([args.edge_opt, "--edge-export-egglog", "-o",
                              "/dev/null", "-"], imported)
        except RuntimeError as error:
            print(f"FAIL {name}: {error}")
            failures += 1
            continue
        if actual != expected or reexported != program:
            print(f"FAIL {name}")
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True)))
            sys.stdout.writelines(difflib.unified_diff(
                program.splitlines(True), reexported.splitlines(True)))
            failures += 1
        else:
            print(f"OK {name}")
    print(f"round trip identical on {len(paths) - failures - skipped} of "
          f"{len(paths) - skipped} examples ({skipped} skipped)")
    return 1 if failures or not paths else 0


if __name__ == "__main__":
    sys.exit(main())
