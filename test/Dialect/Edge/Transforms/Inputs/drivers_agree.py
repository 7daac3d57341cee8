#!/usr/bin/env python3
"""The two derivation drivers agree: on every cascade with a reduction in the
examples and the test inputs, --fusemax-1pass and --edge-saturate reach the
same number of passes (as --edge-analyze counts them).

usage: drivers_agree.py EDGE_OPT SOURCE_ROOT WORKDIR

Test files are cut at `// -----` (split-input-file); pieces that edge-opt or
the analysis reject (diagnostic tests, unsupported IR) are skipped, so are
pieces without an `edge.cascade` that reduces. Prints one line per cascade
and `DISAGREE` for a difference; exits 1 if there was one.
"""
import os
import re
import subprocess
import sys

edge_opt, root, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)


def run(args, text):
    p = subprocess.run([edge_opt] + args, input=text, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def passes(text, pipeline):
    """{cascade: max passes} after `pipeline`, or None if something fails."""
    rc, out, _ = run(pipeline + ["-"], text)
    if rc != 0:
        return None
    rc, report, err = run(["--edge-analyze", "-o", os.devnull, "-"], out)
    report += err
    if rc != 0:
        return None
    result, name = {}, None
    for line in report.splitlines():
        m = re.match(r"cascade @(\S+)", line)
        if m:
            name = m.group(1)
        m = re.match(r"\s*max passes: (\d+)", line)
        if m and name:
            result[name] = int(m.group(1))
    return result


files = []
for d in ["examples", "test"]:
    for dirpath, _, names in os.walk(os.path.join(root, d)):
        files += [os.path.join(dirpath, n) for n in sorted(names)
                  if n.endswith(".mlir")]
disagree = compared = 0
for path in sorted(files):
    text = open(path).read()
    for k, piece in enumerate(re.split(r"^// -----\s*$", text, flags=re.M)):
        if "edge.cascade" not in piece or "reduce [" not in piece:
            continue
        before = passes(piece, [])
        if not before:
            continue
        one = passes(piece, ["--fusemax-1pass"])
        # The node and iteration limits bound the saturation; a time limit
        # far above what these cascades need keeps the result independent of
        # the machine's load (a loaded sanitizer run hit the default 1 s).
        sat = passes(piece, ["--edge-saturate=timeout-ms=60000"])
        if one is None or sat is None:
            continue
        rel = os.path.relpath(path, root)
        for cascade in sorted(before):
            if cascade not in one or cascade not in sat:
                continue
            compared += 1
            tag = "agree" if one[cascade] == sat[cascade] else "DISAGREE"
            disagree += tag == "DISAGREE"
            print(f"{tag}: {rel}#{k} @{cascade}: {before[cascade]} passes; "
                  f"fusemax-1pass {one[cascade]}, edge-saturate {sat[cascade]}")
print(f"{compared} cascades compared, {disagree} disagree")
sys.exit(1 if disagree else 0)
