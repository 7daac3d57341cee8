#!/usr/bin/env python3
"""Compile time against cascade size: prints a Markdown table of the wall
time of edge-opt per cascade and per einsum, for cascades of 10 to 5000
einsums (gen_cascade.py: a chain of elementwise einsums into a 3-pass
attention), through three steps: parse + verify, the 1-pass derivation
(--fusemax-1pass) and the lowering (--edge-lower-to-llvm); then the lowering
of the chain with a filter on every einsum (--filter: presence that varies,
up to 2000 einsums), against the nesting depth of edge.iterate ops, and
--edge-saturate of stacked attention layers (1 to 334) against its
time limit.

  bench/compile-time/run.py [--edge-opt PATH] [--smoke] [--repeat N]

A time per einsum that grows with the size is a super-linear step; see
docs/Limits.md for the last measured table.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = [("parse+verify", []),
         ("fusemax-1pass", ["--fusemax-1pass=tile=4"]),
         ("lower-to-llvm", ["--edge-lower-to-llvm"])]


def nested(depth):
    """depth nested edge.iterate ops, one einsum in the innermost."""
    lines = ["edge.cascade @nested(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {"]
    previous = "%X"
    for k in range(depth):
        lines.append("  " * (k + 1) + f"%r{k} = edge.iterate i{k} until i{k} >= 2 "
                     f"init(%x{k} = {previous} : tensor<4xf32>) -> (tensor<4xf32>) {{")
        previous = f"%x{k}"
    pad = "  " * (depth + 1)
    lines.append(pad + f'%y = edge.einsum "Y" ({previous}[m], %X[m]) -> [m] '
                 "map add(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>")
    inner = "%y"
    for k in reversed(range(depth)):
        lines.append("  " * (k + 2) + f"edge.yield {inner} : tensor<4xf32>")
        lines.append("  " * (k + 1) + "}")
        inner = f"%r{k}"
    lines += ["  edge.return %r0 : tensor<4xf32>", "}"]
    return "\n".join(lines) + "\n"


def generate(tmp, *args):
    """Writes `gen_cascade.py ARGS` into TMP once per ARGS; returns the path
    and the number of einsums."""
    path = os.path.join(tmp, "".join(args).replace("-", "_") + ".mlir")
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_cascade.py"),
                            *args], stdout=f, check=True)
    with open(path) as f:
        return path, f.read().count("edge.einsum")


def timed(edge_opt, path, flags, repeat):
    """Median wall time (s) of `edge-opt path flags -o /dev/null`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([edge_opt, path, *flags, "-o", os.devnull], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edge-opt", default="build/bin/edge-opt")
    parser.add_argument("--smoke", action="store_true",
                        help="two small sizes, one run each (CI)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [10, 100] if args.smoke else [10, 50, 100, 500, 1000, 2000, 5000]
    filtered = [10] if args.smoke else [10, 100, 250, 500, 1000, 2000]
    depths = [2, 4] if args.smoke else [4, 8, 12, 14, 16, 18]
    # The smoke run checks that 2 layers saturate to 1 pass: its limit is
    # far above their time, so that a loaded or sanitized build still does.
    saturate = ([(2, 60000)] if args.smoke else
                [(1, 1000), (16, 1000), (64, 1000), (334, 1000), (334, 10000),
                 (334, 60000)])
    repeat = 1 if args.smoke else args.repeat

    with tempfile.TemporaryDirectory() as tmp:
        print("| einsums | " + " | ".join(f"{s} s | {s} us/einsum" for s, _ in STEPS) + " |")
        print("|---:|" + "---:|---:|" * len(STEPS))
        for size in sizes:
            path, einsums = generate(tmp, "--einsums", str(size))
            cells = []
            for _, flags in STEPS:
                seconds = timed(args.edge_opt, path, flags, repeat)
                cells += [f"{seconds:.3f}", f"{1e6 * seconds / einsums:.0f}"]
            print(f"| {einsums} | " + " | ".join(cells) + " |")
        print()
        print("| filtered chain: einsums | lower-to-llvm s | us/einsum |")
        print("|---:|---:|---:|")
        for size in filtered:
            path, einsums = generate(tmp, "--einsums", str(size), "--filter")
            seconds = timed(args.edge_opt, path, ["--edge-lower-to-llvm"], repeat)
            print(f"| {einsums} | {seconds:.3f} | {1e6 * seconds / einsums:.0f} |")
        print()
        print("| nested edge.iterate depth | lower-to-llvm s |")
        print("|---:|---:|")
        for depth in depths:
            path = os.path.join(tmp, f"nested{depth}.mlir")
            with open(path, "w") as f:
                f.write(nested(depth))
            seconds = timed(args.edge_opt, path, ["--edge-lower-to-llvm"], repeat)
            print(f"| {depth} | {seconds:.3f} |")
        print()
        # Saturation of stacked attention layers against its time limit:
        # the wall time of the whole tool (parse and print included) next
        # to the limit, and the passes of the result.
        print("| stacked layers (einsums) | timeout-ms | edge-saturate s | max passes |")
        print("|---:|---:|---:|---:|")
        for layers, limit in saturate:
            path, einsums = generate(tmp, "--layers", str(layers))
            flags = [f"--edge-saturate=timeout-ms={limit}"]
            seconds = timed(args.edge_opt, path, flags, repeat)
            out = subprocess.run([args.edge_opt, path, *flags], check=True,
                                 capture_output=True, text=True).stdout
            analysis = subprocess.run([args.edge_opt, "--edge-analyze", "-o", os.devnull],
                                      input=out, check=True, capture_output=True,
                                      text=True).stdout
            passes = re.search(r"max passes: (\d+)", analysis).group(1)
            print(f"| {layers} ({einsums}) | {limit} | {seconds:.3f} | {passes} |")


if __name__ == "__main__":
    main()
