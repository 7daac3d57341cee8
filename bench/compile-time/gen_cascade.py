#!/usr/bin/env python3
"""Writes an edge cascade of a given size, for compile-time measurements and
for the tests that need long cascades (test/Dialect/Edge/long-chain.mlir).

  gen_cascade.py --einsums N [--shape E,P,M] [--filter]
  gen_cascade.py --layers L [--shape E,P,M]


The cascade is the 3-pass attention of examples/attention-3pass.mlir whose
query first passes through a chain of elementwise einsums (`apply [neg]`,
an even number of them, so the result is the attention of the input): N
einsums in all (N >= 6 + 2). Every einsum of the chain reads the previous
one, so analyses that recurse once per producer recurse N deep. With
--filter, each einsum of the chain keeps the points `e <= p + 1` and the
next one reads them back with the same filter: a presence that varies, so
the lowering asks the presence analysis about every einsum of the chain.

With --layers L, the cascade is L stacked 3-pass attentions instead, as in
a transformer: layer i reads its own keys K<i> and values V<i> and takes
the previous layer's output as its query (6 L einsums).
"""
import argparse
import sys


def attention(q, e, p, m, k="%K", v="%V", suffix=""):
    qt, kt, vt = f"tensor<{e}x{p}xf32>", f"tensor<{e}x{m}xf32>", f"tensor<{e}x{m}xf32>"
    mp, pt = f"tensor<{m}x{p}xf32>", f"tensor<{p}xf32>"
    return f"""  %QK{suffix} = edge.einsum "QK{suffix}" ({q}[e, p], {k}[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : ({qt}, {kt}) -> {mp}
  %GM{suffix} = edge.einsum "GM{suffix}" (%QK{suffix}[m, p]) -> [p] reduce [m] max(union) : ({mp}) -> {pt}
  %SN{suffix} = edge.einsum "SN{suffix}" (%QK{suffix}[m, p], %GM{suffix}[p]) -> [m, p] map sub_exp(pass_through) : ({mp}, {pt}) -> {mp}
  %SD{suffix} = edge.einsum "SD{suffix}" (%SN{suffix}[m, p]) -> [p] reduce [m] add(union) : ({mp}) -> {pt}
  %A{suffix} = edge.einsum "A{suffix}" (%SN{suffix}[m, p], %SD{suffix}[p]) -> [m, p] map div(take_right) : ({mp}, {pt}) -> {mp}
  %AV{suffix} = edge.einsum "AV{suffix}" (%A{suffix}[m, p], {v}[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : ({mp}, {vt}) -> {qt}
"""


def chain(n, e, p, m, filtered):
    """N einsums: an elementwise chain into one attention."""
    length = n - 6
    length -= length % 2
    if length < 2:
        sys.exit("gen_cascade.py: --einsums must be at least 8")
    qt, kt = f"tensor<{e}x{p}xf32>", f"tensor<{e}x{m}xf32>"
    out = [f"edge.cascade @chain(%Q: {qt}, %K: {kt}, %V: {kt}) -> (AV: {qt}) {{"]
    previous = "%Q"
    for i in range(length):
        where = " where e <= p + 1" if filtered else ""
        out.append(f'  %c{i} = edge.einsum "C{i}" ({previous}[e, p]) -> [e, p] '
                   f"apply [neg]{where} : ({qt}) -> {qt}")
        previous = f"%c{i}"
    out.append(attention(previous, e, p, m) + f"  edge.return %AV : {qt}\n}}")
    return "\n".join(out)


def layers(count, e, p, m):
    """COUNT stacked attentions, each with its own keys and values."""
    if count < 1:
        sys.exit("gen_cascade.py: --layers must be at least 1")
    qt, kt = f"tensor<{e}x{p}xf32>", f"tensor<{e}x{m}xf32>"
    args = ", ".join([f"%Q: {qt}"] + [f"%K{i}: {kt}, %V{i}: {kt}" for i in range(count)])
    out = [f"edge.cascade @layers({args}) -> (AV: {qt}) {{"]
    previous = "%Q"
    for i in range(count):
        out.append(attention(previous, e, p, m, f"%K{i}", f"%V{i}", f"_{i}").rstrip("\n"))
        previous = f"%AV_{i}"
    out.append(f"  edge.return {previous} : {qt}\n}}")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--einsums", type=int,
                      help="einsums in the cascade (>= 8; rounded down to even)")
    size.add_argument("--layers", type=int, help="stacked attention layers")
    parser.add_argument("--shape", default="8,8,16",
                        help="E,P,M of the attention (F = E)")
    parser.add_argument("--filter", action="store_true",
                        help="filter every einsum of the chain (e <= p + 1)")
    args = parser.parse_args()
    e, p, m = (int(x) for x in args.shape.split(","))
    if args.layers is not None:
        print(layers(args.layers, e, p, m))
    else:
        print(chain(args.einsums, e, p, m, args.filter))


if __name__ == "__main__":
    main()
