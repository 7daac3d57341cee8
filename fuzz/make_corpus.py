#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: every module of examples/ and
test/ (each `// -----` chunk of a -split-input-file test on its own), one
file per distinct chunk, named by its hash.

  make_corpus.py SRC_ROOT OUT_DIR
"""
import hashlib
import os
import sys

MAX_BYTES = 16 * 1024  # FuzzSupport.h: kMaxInputBytes


def chunks(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for chunk in text.split("// -----"):
        # Lines of lit and FileCheck directives are noise to the parser.
        lines = [l for l in chunk.splitlines()
                 if not l.lstrip().startswith(("// RUN", "// CHECK", "// expected-"))]
        chunk = "\n".join(lines).strip() + "\n"
        if "edge." in chunk and len(chunk.encode()) <= MAX_BYTES:
            yield chunk


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for top in ("examples", "test"):
        for root, _, files in os.walk(os.path.join(src, top)):
            for name in sorted(files):
                if not name.endswith(".mlir"):
                    continue
                for chunk in chunks(os.path.join(root, name)):
                    data = chunk.encode()
                    digest = hashlib.sha1(data).hexdigest()
                    with open(os.path.join(out, digest), "wb") as f:
                        f.write(data)
                    count += 1
    print("make_corpus.py: %d seeds in %s" % (count, out))


if __name__ == "__main__":
    main()
