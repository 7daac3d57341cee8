#!/usr/bin/env python3
"""Round trip of .npy files through numpy for edge-run-numpy.mlir.

usage: numpy_roundtrip.py write DIR      writes DIR/X.npy (float32, random)
       numpy_roundtrip.py check DIR      compares DIR/out/LSE.npy and
                                         DIR/ref/LSE.npy with numpy's
                                         log-sum-exp of X, and DIR/in/X.npy
                                         with X
"""
import os
import sys

import numpy as np


def main():
    command, work = sys.argv[1:3]
    if command == "write":
        rng = np.random.default_rng(15)
        x = (rng.standard_normal((16, 8)) * 4).astype(np.float32)
        np.save(os.path.join(work, "X.npy"), x)
        return 0
    x = np.load(os.path.join(work, "X.npy")).astype(np.float64)
    top = x.max(axis=0)
    expected = top + np.log(np.exp(x - top).sum(axis=0))
    compiled = np.load(os.path.join(work, "out", "LSE.npy"))
    reference = np.load(os.path.join(work, "ref", "LSE.npy"))
    dumped = np.load(os.path.join(work, "in", "X.npy"))
    assert compiled.dtype == np.float32 and compiled.shape == (8,)
    assert reference.dtype == np.float64 and reference.shape == (8,)
    assert np.array_equal(dumped, np.load(os.path.join(work, "X.npy")))
    compiled_error = np.abs(compiled - expected).max()
    reference_error = np.abs(reference - expected).max()
    print("compiled error %.3e, interpreter error %.3e" %
          (compiled_error, reference_error))
    ok = compiled_error < 1e-5 * np.abs(expected).max() and \
        reference_error < 1e-12 * np.abs(expected).max()
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
