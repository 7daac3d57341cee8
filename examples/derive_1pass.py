"""Derive FuseMax's 1-pass attention from the 3-pass cascade, in Python.

A notebook-style walk through the `edge` package (docs/Python.md): parse
examples/attention-3pass.mlir, derive the 1-pass cascade with the
fusemax-1pass pipeline, compare their analyses, run both on the same numpy
arrays, and check them against attention computed in numpy and against
edge's reference interpreter. Run it with the build tree's package:

    PYTHONPATH=build/python_packages build/python-venv/bin/python \
        examples/derive_1pass.py
"""

import os
import sys

import numpy as np

import edge

HERE = os.path.dirname(os.path.abspath(__file__))

# %% Parse the 3-pass cascade (FuseMax cascade 4).
three_pass = edge.parse_file(os.path.join(HERE, "attention-3pass.mlir"))

# %% Derive the 1-pass cascade (FuseMax cascade 5) on a copy.
one_pass = three_pass.copy()
one_pass.run_pipeline("fusemax-1pass")
print(one_pass)

# %% Their analyses: passes over the primary rank and off-chip traffic.
before = three_pass.analyze()["cascades"][0]
after = one_pass.analyze()["cascades"][0]
print("passes over m: %d -> %d" % (before["passes"]["m"], after["passes"]["m"]))
print("off-chip bytes: %d -> %d" % (before["off_chip_bytes_read"] +
                                    before["off_chip_bytes_written"],
                                    after["off_chip_bytes_read"] +
                                    after["off_chip_bytes_written"]))

# %% Inputs: Q[e,p] (scaled by 1/sqrt(E)), K[e,m], V[f,m].
rng = np.random.default_rng(0)
q = rng.standard_normal((64, 128), dtype=np.float32) / np.float32(8.0)
k = rng.standard_normal((64, 256), dtype=np.float32)
v = rng.standard_normal((64, 256), dtype=np.float32)

# %% Attention in numpy, in float64: AV[f,p] = V softmax_m(K^T Q).
scores = k.astype(np.float64).T @ q.astype(np.float64)
weights = np.exp(scores - scores.max(axis=0))
weights /= weights.sum(axis=0)
expected = v.astype(np.float64) @ weights

# %% Compile and run both cascades; the interpreter is the third opinion.
(out3,) = three_pass.compile("attention")(q, k, v)
(out1,) = one_pass.compile("attention")(q, k, v)
(interpreted,) = one_pass.interpret(q, k, v)

ok = True
for name, got, tolerance in [("3-pass", out3, 1e-5), ("1-pass", out1, 1e-5),
                             ("interpreter (1-pass)", interpreted, 1e-12)]:
    error = float(np.max(np.abs(got - expected)))
    good = np.allclose(got, expected, rtol=tolerance * 10, atol=tolerance)
    ok &= good
    print("%s vs numpy: %s (max abs error %.3g)" % (name, "OK" if good else
                                                    "FAIL", error))
sys.exit(0 if ok else 1)
