#!/usr/bin/env python3
"""Writes, reads and checks .npy files with the standard library only (no
numpy), for the edge-run input/output tests.

usage:
  npy.py write FILE DTYPE SHAPE V0 V1 ...   DTYPE <f4, <f8, |b1, |u1 or any
                                            descr; SHAPE like 2x3 (or - for
                                            ()); V*N repeats V N times
  npy.py print FILE                          dtype, shape and every value
                                            (%.9g for <f4, %.17g for <f8)
  npy.py check FILE EXPR TOL                 every value v[i] within TOL
                                            (relative to max(|ref|, 1)) of
                                            the Python expression EXPR,
                                            evaluated with math and the
                                            index tuple `i`; prints OK or
                                            the first mismatch and exits 1
  npy.py logsumexp IN OUT                   OUT = log-sum-exp over axis 0
                                            of IN, float64
"""
import ast
import math
import struct
import sys


def write(path, descr, shape, values):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d," % s for s in shape) if len(shape) == 1 else
        ", ".join(str(s) for s in shape))
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    fmt = {"<f4": "<f", "<f8": "<d", ">f4": ">f", "<i4": "<i", "|b1": "<?",
           "|u1": "<B"}[descr]
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("ascii"))
        for v in values:
            f.write(struct.pack(fmt, v if descr[1] == "f" else int(v)))


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY", "not a .npy file"
    if data[6] == 1:
        (length,), start = struct.unpack("<H", data[8:10]), 10
    else:
        (length,), start = struct.unpack("<I", data[8:12]), 12
    header = ast.literal_eval(data[start:start + length].decode("ascii"))
    assert not header["fortran_order"]
    fmt = {"<f4": "<f", "<f8": "<d", "|b1": "<?", "|u1": "<B"}[header["descr"]]
    size = struct.calcsize(fmt)
    payload = data[start + length:]
    shape = tuple(header["shape"])
    count = math.prod(shape)
    assert len(payload) == count * size, "payload size"
    values = [struct.unpack(fmt, payload[k * size:(k + 1) * size])[0]
              for k in range(count)]
    return header["descr"], shape, values


def indices(shape):
    if not shape:
        yield ()
        return
    for head in range(shape[0]):
        for tail in indices(shape[1:]):
            yield (head,) + tail


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "write":
        descr, shape = sys.argv[3], sys.argv[4]
        shape = [] if shape == "-" else [int(s) for s in shape.split("x")]
        values = []
        for token in sys.argv[5:]:  # V or V*N (V repeated N times)
            value, _, count = token.partition("*")
            values += [float(value)] * int(count or 1)
        write(path, descr, shape, values)
    elif command == "print":
        descr, shape, values = read(path)
        # Enough digits to read each value back exactly.
        digits = "%.9g" if descr == "<f4" else "%.17g"
        print(descr, shape, " ".join(digits % v for v in values))
    elif command == "check":
        expr, tol = sys.argv[3], float(sys.argv[4])
        _, shape, values = read(path)
        for i, v in zip(indices(shape), values):
            ref = eval(expr, {"math": math, "i": i})
            if not abs(v - ref) <= tol * max(abs(ref), 1.0):
                print("MISMATCH at", i, ":", repr(v), "expected", repr(ref))
                return 1
        print("OK", len(values), "values")
    elif command == "logsumexp":
        _, shape, values = read(path)
        rows, cols = shape
        out = []
        for p in range(cols):
            column = [values[m * cols + p] for m in range(rows)]
            top = max(column)
            out.append(top + math.log(sum(math.exp(x - top) for x in column)))
        write(sys.argv[3], "<f8", [cols], out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
