#!/usr/bin/env python3
"""Differential test of the rewrites: random cascades, each rewritten by the
FuseMax pipelines (and saturation), lowered, run on the same seeded inputs as
the original with `edge-run --compare-with`, and required to agree; with
--interpret, also with the reference interpreter's run of the rewritten
cascade (`--reference=interpret`: a third opinion that shares no code with
the lowering).

usage: differential.py EDGE_OPT EDGE_RUN WORKDIR [--seed N] [--count N]
                       [--dag] [--interpret]

Two families, chosen to reach the preconditions the rewrites check:
- attention: random E, F, M, P, batch, plain / causal (m <= p) / strict
  causal (m < p: row 0 has no key, the iteration must be refused), tiles with
  and without tails, logit scales, and equal spellings of the exponent
  (`sub` + `apply [exp]`, the exponent fused into the denominator's sum);
- generic: two inputs, a map with a random compute and merge operator and a
  random filter, a reduction, a second map, a sum; exercises exact tails and
  presence through split-rank and split-reduction.
With --dag, a third, structure-aware family instead (dag(): random DAGs of
einsums with random ranks, extents, operators, merges, filters, reductions
and splits). Prints one line per run and exits 1 on the first
disagreement, or when more than half the generated cascades do not verify.
"""
import os
import random
import re
import shlex
import subprocess
import sys

MERGES = ["isect", "union", "take_left", "take_right", "pass_through", "xor",
          "not_both", "same"]


def attention(rng):
    e, f = rng.choice([2, 3, 8]), rng.choice([1, 3, 8])
    m, p = rng.choice([5, 7, 16, 31]), rng.choice([1, 4, 9])
    kind = rng.choice(["plain", "plain", "causal", "strict"])
    if kind != "plain":
        p = m
    b = rng.choice([0, 0, 1, 2])
    pre, bs = ("b, ", f"{b}x") if b else ("", "")
    filt = {"plain": "", "causal": " where m <= p", "strict": " where m < p"}[kind]
    num = "pass_through" if kind == "plain" else "take_left"
    t = lambda *d: "tensor<" + bs + "x".join(map(str, d)) + "xf32>"
    # Equal spellings the normal form must bring together: sub + apply [exp]
    # for sub_exp, and the exponent fused into the denominator's sum.
    spelling = rng.choice(["sub_exp", "sub_exp", "sub_apply_exp", "fused_sum"])
    exp = (f"sub({num}) apply [exp]" if spelling == "sub_apply_exp" else
           f"sub_exp({num})")
    sd = (f'%SD = edge.einsum "SD" (%QK[{pre}m, p], %GM[{pre}p]) -> [{pre}p] '
          f'map sub_exp({num}) reduce [m] add(union) : ({t(m, p)}, {t(p)}) '
          f'-> {t(p)}' if spelling == "fused_sum" else
          f'%SD = edge.einsum "SD" (%SN[{pre}m, p]) -> [{pre}p] reduce [m] '
          f'add(union) : ({t(m, p)}) -> {t(p)}')
    src = f"""edge.cascade @c(%Q: {t(e, p)}, %K: {t(e, m)}, %V: {t(f, m)}) -> (AV: {t(f, p)}) {{
  %QK = edge.einsum "QK" (%Q[{pre}e, p], %K[{pre}e, m]) -> [{pre}m, p] map mul(isect){filt} reduce [e] add(union) : ({t(e, p)}, {t(e, m)}) -> {t(m, p)}
  %GM = edge.einsum "GM" (%QK[{pre}m, p]) -> [{pre}p] reduce [m] max(union) : ({t(m, p)}) -> {t(p)}
  %SN = edge.einsum "SN" (%QK[{pre}m, p], %GM[{pre}p]) -> [{pre}m, p] map {exp} : ({t(m, p)}, {t(p)}) -> {t(m, p)}
  {sd}
  %A = edge.einsum "A" (%SN[{pre}m, p], %SD[{pre}p]) -> [{pre}m, p] map div(take_right) : ({t(m, p)}, {t(p)}) -> {t(m, p)}
  %AV = edge.einsum "AV" (%A[{pre}m, p], %V[{pre}f, m]) -> [{pre}f, p] map mul(isect) reduce [m] add(union) : ({t(m, p)}, {t(f, m)}) -> {t(f, p)}
  edge.return %AV : {t(f, p)}
}}
"""
    tile = rng.choice([1, 2, 3, 4, 8, 32])
    pipes = [f"--fusemax-1pass=tile={tile}", f"--fusemax-2pass=tile={tile}",
             f"--edge-saturate=tile={tile}"]
    return src, pipes, (f"attention {kind} {spelling} M={m} P={p} B={b} "
                        f"tile={tile}")


def generic(rng):
    m, p = rng.choice([5, 6, 9, 16]), rng.choice([3, 4, 7])
    c1 = rng.choice(["add", "mul", "max", "sub", "sub_exp", "min"])
    f1 = rng.choice(["", " where m <= p", " where m + 1 <= p", " where p <= m"])
    r2 = rng.choice(["add", "max", "min"])
    c3 = rng.choice(["add", "mul", "sub_exp", "div", "max"])
    f3 = rng.choice(["", " where m <= p + 2"])
    m1, m3 = rng.choice(MERGES), rng.choice(MERGES)
    t = lambda *d: "tensor<" + "x".join(map(str, d)) + "xf32>"
    src = f"""edge.cascade @c(%A: {t(m, p)}, %B: {t(m, p)}) -> (Z: {t(p)}, Y: {t(m, p)}) {{
  %E1 = edge.einsum "E1" (%A[m, p], %B[m, p]) -> [m, p] map {c1}({m1}){f1} : ({t(m, p)}, {t(m, p)}) -> {t(m, p)}
  %E2 = edge.einsum "E2" (%E1[m, p]) -> [p] reduce [m] {r2}(union) : ({t(m, p)}) -> {t(p)}
  %E3 = edge.einsum "E3" (%E1[m, p], %E2[p]) -> [m, p] map {c3}({m3}){f3} : ({t(m, p)}, {t(p)}) -> {t(m, p)}
  %Z = edge.einsum "Z" (%E3[m, p]) -> [p] reduce [m] add(union) : ({t(m, p)}) -> {t(p)}
  edge.return %Z, %E3 : {t(p)}, {t(m, p)}
}}
"""
    tile = rng.choice([2, 3, 4, 8])
    pipes = [f"--edge-split-rank=tile={tile}",
             f"--edge-split-rank=tile={tile} --edge-split-reduction",
             f"--fusemax-1pass=tile={tile}"]
    return src, pipes, f"generic {c1}({m1}){f1} / {c3}({m3}) M={m} tile={tile}"


UNARY = ["neg", "abs", "square"]
RANK_NAMES = ["i", "j", "k", "l"]


def dag(rng):
    """A random valid-looking cascade: a DAG of 2 to 6 einsums over 2 to 4
    named ranks with random extents, each einsum reading one or two earlier
    values, with a random map operator and merge, unary, filter between two
    of its ranks, output ranks (any order) and reduction; sometimes an
    input is split (`edge.split`, with a tail when the tile does not divide)
    and read through both pieces. Generated text the verifier rejects is
    skipped by the caller (and counted)."""
    ranks = {r: rng.choice([1, 2, 3, 5, 8, 13]) for r in
             RANK_NAMES[:rng.randint(2, 4)]}
    names = list(ranks)
    t = lambda shape: "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"
    values, lines, inputs = [], [], []
    for n in range(rng.randint(1, 3)):
        rs = rng.sample(names, rng.randint(1, min(2, len(names))))
        inputs.append(f"%X{n}: {t([ranks[r] for r in rs])}")
        values.append((f"%X{n}", rs, [ranks[r] for r in rs]))
    if rng.random() < 0.3:
        # Split one rank of an input into an outer and an inner piece.
        name, rs, shape = rng.choice(values)
        d = rng.randrange(len(rs))
        tile = rng.choice([2, 3, 4])
        outer, inner = rs[d] + "1", rs[d] + "0"
        ranks[outer], ranks[inner] = -(-shape[d] // tile), tile
        split_rs = rs[:d] + [outer, inner] + rs[d + 1:]
        split_shape = [ranks[r] for r in split_rs]
        lines.append(f"  %S = edge.split {name} dim {d} tile {tile} : "
                     f"{t(shape)} -> {t(split_shape)}")
        values.append(("%S", split_rs, split_shape))
    einsums = []
    for n in range(rng.randint(2, 6)):
        reads = [rng.choice(values[-3:] if rng.random() < 0.7 else values)
                 for _ in range(rng.randint(1, 2))]
        space = []
        for _, rs, _ in reads:
            space += [r for r in rs if r not in space]
        out = [r for r in space if rng.random() < 0.6] or [space[0]]
        if rng.random() < 0.3:
            rng.shuffle(out)
        reduced = [r for r in space if r not in out]
        action = ""
        if len(reads) == 2:
            action += (f" map {rng.choice(['add', 'sub', 'mul', 'max', 'min'])}"
                       f"({rng.choice(MERGES)})")
        if len(reads) == 1 and not reduced or rng.random() < 0.3:
            action += f" apply [{rng.choice(UNARY)}]"
        if len(space) >= 2 and rng.random() < 0.4:
            a, b = rng.sample(space, 2)
            action += f" where {a} {rng.choice(['<=', '<'])} {b}" + rng.choice(["", " + 1"])
        if reduced:
            action += (f" reduce [{', '.join(reduced)}] "
                       f"{rng.choice(['add', 'max', 'min'])}(union)")
        shape = [ranks[r] for r in out]
        operands = ", ".join(f"{v}[{', '.join(rs)}]" for v, rs, _ in reads)
        types = ", ".join(t(sh) for _, _, sh in reads)
        lines.append(f'  %E{n} = edge.einsum "E{n}" ({operands}) -> '
                     f"[{', '.join(out)}]{action} : ({types}) -> {t(shape)}")
        values.append((f"%E{n}", out, shape))
        einsums.append(values[-1])
    results = [einsums[-1]]
    if len(einsums) > 2 and rng.random() < 0.5:
        results.insert(0, rng.choice(einsums[:-1]))
    outs = ", ".join(f"Y{i}: {t(sh)}" for i, (_, _, sh) in enumerate(results))
    src = (f"edge.cascade @c({', '.join(inputs)}) -> ({outs}) {{\n" +
           "\n".join(lines) + "\n  edge.return " +
           ", ".join(v for v, _, _ in results) + " : " +
           ", ".join(t(sh) for _, _, sh in results) + "\n}\n")
    # The split rules act on reduced ranks: prefer one.
    reduced_ranks = [r for line in lines if " reduce [" in line
                     for r in line.split(" reduce [")[1].split("]")[0].split(", ")]
    rank = rng.choice(reduced_ranks or names)
    tile = rng.choice([2, 3, 4])
    pipes = [f'--edge-split-rank="rank={rank} tile={tile}"',
             f'--edge-split-rank="rank={rank} tile={tile}" --edge-split-reduction',
             f"--fusemax-1pass=tile={tile}",
             f'--edge-saturate="rank={rank} tile={tile}"']
    return src, pipes, f"dag of {len(einsums)} einsums, ranks {ranks}"


def agrees(output):
    """Every output compared: relative error within tolerance and NaNs in the
    same places. Infinities are legitimate here (e.g. e^x of an empty -inf
    operand's complement), so an output that only fails for holding inf but
    matches exactly is accepted."""
    lines = [l for l in output.splitlines() if "max abs error" in l]
    if not lines:
        return False
    for line in lines:
        m = re.search(r"max rel error ([0-9.e+-]+).*nan mismatches (\d+)", line)
        if not m or float(m.group(1)) > 1e-5 or int(m.group(2)) != 0:
            return False
    return True


def main():
    opt, run, work = sys.argv[1:4]
    args = sys.argv[4:]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    count = int(args[args.index("--count") + 1]) if "--count" in args else 8
    interpret = ["--reference=interpret"] if "--interpret" in args else []
    rng = random.Random(seed)
    os.makedirs(work, exist_ok=True)
    original = os.path.join(work, "original.mlir")
    rewritten = os.path.join(work, "rewritten.mlir")
    families = [attention, generic]
    if "--dag" in args:
        families = [dag]
    rejected = 0
    for i in range(count):
        src, pipes, what = families[i % len(families)](rng)
        with open(original, "w") as f:
            f.write(src)
        if subprocess.run([opt, original, "-o", os.devnull],
                          capture_output=True).returncode != 0:
            # Only the dag family can generate what the verifier rejects.
            rejected += 1
            continue
        for pipe in pipes:
            with open(rewritten, "w") as out:
                subprocess.run([opt, original] + shlex.split(pipe), stdout=out,
                               check=True)
            result = subprocess.run(
                [run, rewritten, "--compare-with=" + original] + interpret +
                ["--print=0",
                 f"--seed={i}", "--atol=1e-3",
                 f"--scale={rng.choice([1, 4, 16])}"],
                capture_output=True, text=True)
            ok = agrees(result.stdout)
            print(("ok" if ok else "MISMATCH"), i, what, pipe)
            if not ok:
                print(src)
                print(result.stdout, result.stderr)
                return 1
    if rejected * 2 > count:
        print(f"GENERATOR: {rejected} of {count} cascades did not verify")
        return 1
    print(f"all agree ({count - rejected} cascades, {rejected} rejected by the verifier)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
