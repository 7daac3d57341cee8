#!/usr/bin/env python3
"""Writes an edge cascade of a given size, for compile-time measurements and
for the tests that need long cascades (test/Dialect/Edge/long-chain.mlir).

  gen_cascade.py --einsums N [--shape E,P,M] [--filter]

The cascade is the 3-pass attention of examples/attention-3pass.mlir whose
query first passes through a chain of elementwise einsums (`apply [neg]`,
an even number of them, so the result is the attention of the input): N
einsums in all (N >= 6 + 2). Every einsum of the chain reads the previous
one, so analyses that recurse once per producer recurse N deep. With
--filter, each einsum of the chain keeps the points `e <= p + 1` and the
next one reads them back with the same filter: a presence that varies, so
the lowering asks the presence analysis about every einsum of the chain.
"""
import argparse
import sys


def attention(q, e, p, m):
    qt, kt, vt = f"tensor<{e}x{p}xf32>", f"tensor<{e}x{m}xf32>", f"tensor<{e}x{m}xf32>"
    mp, pt = f"tensor<{m}x{p}xf32>", f"tensor<{p}xf32>"
    return f"""  %QK = edge.einsum "QK" ({q}[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : ({qt}, {kt}) -> {mp}
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : ({mp}) -> {pt}
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through) : ({mp}, {pt}) -> {mp}
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union) : ({mp}) -> {pt}
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right) : ({mp}, {pt}) -> {mp}
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : ({mp}, {vt}) -> {qt}
  edge.return %AV : {qt}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--einsums", type=int, required=True,
                        help="einsums in the cascade (>= 8; rounded down to even)")
    parser.add_argument("--shape", default="8,8,16",
                        help="E,P,M of the attention (F = E)")
    parser.add_argument("--filter", action="store_true",
                        help="filter every einsum of the chain (e <= p + 1)")
    args = parser.parse_args()
    chain = args.einsums - 6
    chain -= chain % 2
    if chain < 2:
        sys.exit("gen_cascade.py: --einsums must be at least 8")
    e, p, m = (int(x) for x in args.shape.split(","))
    qt, kt = f"tensor<{e}x{p}xf32>", f"tensor<{e}x{m}xf32>"
    out = [f"edge.cascade @chain(%Q: {qt}, %K: {kt}, %V: {kt}) -> (AV: {qt}) {{"]
    previous = "%Q"
    for i in range(chain):
        where = " where e <= p + 1" if args.filter else ""
        out.append(f'  %c{i} = edge.einsum "C{i}" ({previous}[e, p]) -> [e, p] '
                   f"apply [neg]{where} : ({qt}) -> {qt}")
        previous = f"%c{i}"
    out.append(attention(previous, e, p, m) + "}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
