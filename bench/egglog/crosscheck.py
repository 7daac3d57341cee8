#!/usr/bin/env python3
"""Cross-checks edge's e-graph (--edge-saturate) against egglog.

Exports a cascade with `edge-opt --edge-export-egglog` (datatypes, the
cascade as let bindings, the ruleset edge-rules), runs egglog on it until it
saturates or reaches --max-iters, extracts the cascade under a pass-count
cost (below), imports the extracted term with `edge-translate
--edge-import-egglog` and counts its passes with `edge-opt --edge-analyze`.
Then runs `edge-opt --edge-saturate` with the same rules and compares the
pass counts. Prints e-node counts and times of both side by side (and of
--edge-saturate with all its rules, for scale). Exits 1 when egglog does not
saturate or the pass counts differ.

Needs the `egglog` Python package (test/Egglog/setup-venv.sh installs it).

The cost: egglog's extractor folds a cost over each term bottom-up, so a
cost must be computed from the costs of the children. Passes are not a sum
over subterms (reference: a chain of read-read dependencies), but along a
term they compose: a tensor term carries (passes, done), where done says
that its value waits for a complete reduction over the primary rank. An
einsum that iterates the primary rank and reads, not indexed by that rank, an
operand that is done, starts a new pass. The cost is (passes, term size),
compared lexicographically. docs/Egglog.md explains it.
"""

import argparse
import re
import subprocess
import sys
import time

from egglog import bindings

# The constructors of sort Tensor (lib/Target/Egglog/ExportEgglog.cpp).
TENSOR_CONSTRUCTORS = {"Input", "Einsum", "Split", "Unsplit", "Fill",
                       "Iterate", "IterateResult", "SliceArg", "StateArg"}
# Helper constructors of the rules, never wanted in an extracted term.
HELPER_COST = 1000


class Cost:
    """(passes, size), with the facts a parent's fold needs in `info`."""

    __slots__ = ("passes", "size", "info")

    def __init__(self, passes, size, info):
        self.passes, self.size, self.info = passes, size, info

    def key(self):
        return (self.passes, self.size)

    def __eq__(self, other):
        return self.key() == other.key()

    def __lt__(self, other):
        return self.key() < other.key()

    def __le__(self, other):
        return self.key() <= other.key()

    def __gt__(self, other):
        return self.key() > other.key()

    def __ge__(self, other):
        return self.key() >= other.key()


def pass_cost_model(egraph, rank):
    """A CostModel whose Tensor costs count passes over `rank`."""

    def base_value_cost(sort, value):
        if sort == "String":
            return Cost(0, 1, egraph.value_to_string(value))
        return Cost(0, 1, None)

    def container_cost(sort, value, child_costs):
        return Cost(max((c.passes for c in child_costs), default=0),
                    1 + sum(c.size for c in child_costs), None)

    def enode_cost(name, args):
        return HELPER_COST if name in ("BareNames", "TypeOf") else 1

    # The rank and the ranks splitting it introduces (getSplitRankNames).
    family = {rank, rank + "1", rank + "0"}

    def tensor_infos(cost):
        """The (passes, done) facts of a Tensor cost or a TensorList cost."""
        if isinstance(cost.info, tuple):
            return [cost.info]
        return [t for t in cost.info or [] if isinstance(t, tuple)]

    def fold(name, own, children):
        size = own + sum(c.size for c in children)
        passes = max((c.passes for c in children), default=0)
        info = None
        if name == "RankVar":
            info = {children[0].info}
        elif name == "IndexConst":
            info = set()
        elif name in ("IndexAdd", "IndexMul"):
            info = children[0].info | children[1].info
        elif name in ("IndexCons", "NameCons", "OperandCons", "TensorCons"):
            info = [children[0].info] + (children[1].info or [])
        elif name == "BareNames":
            info = [name for names in children[0].info or [] for name in names]
        elif name in ("IndexNil", "NameNil", "OperandNil", "TensorNil",
                      "NoReduce"):
            info = []
        elif name == "Reduce":
            info = children[0].info
        elif name == "Access":
            info = (children[0].info, children[1].info or [])
        elif name == "Einsum":
            ranks, operands, reduced = (children[1].info or [],
                                        children[3].info or [],
                                        children[8].info or [])
            iterates = bool(family & set(ranks))
            passes, done = 1, bool(family & set(reduced))
            for (operand_passes, operand_done), indices in operands:
                indexed = any(family & names for names in indices)
                starts_pass = iterates and operand_done and not indexed
                passes = max(passes, operand_passes + int(starts_pass))
                done = done or operand_done
            info = (passes, done)
        elif name == "Iterate":
            # Carried state is not a barrier, and a tile is re-read on
            # chip: the passes are those of the slice sources and inits.
            outer = tensor_infos(children[3]) + tensor_infos(children[5])
            inner = tensor_infos(children[6])
            info = (max([1] + [p for p, _ in outer]),
                    any(d for _, d in outer + inner))
        elif name in TENSOR_CONSTRUCTORS:
            tensors = [t for c in children for t in tensor_infos(c)]
            info = (max([1] + [p for p, _ in tensors]),
                    any(d for _, d in tensors))
        if name in TENSOR_CONSTRUCTORS:
            passes = info[0]
        return Cost(passes, size, info)

    return bindings.CostModel(fold, enode_cost, container_cost,
                              base_value_cost)


def run(cmd, stdin=None):
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr}")
    return result.stdout


def max_passes(edge_opt, mlir_text):
    report = run([edge_opt, "--edge-analyze", "-o", "/dev/null", "-"],
                 mlir_text)
    match = re.search(r"max passes: (\d+)", report)
    if not match:
        sys.exit(f"no pass count in:\n{report}")
    return int(match.group(1))


def edge_saturate(edge_opt, path, options):
    """Runs --edge-saturate; returns (e-nodes, stop reason, ms, output)."""
    opts = " ".join(["remarks=1"] + options)
    result = subprocess.run(
        [edge_opt, f"--edge-saturate={opts}", "-mlir-timing", path],
        capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"edge-saturate failed:\n{result.stderr}")
    remark = re.search(r"edge-saturate: (\d+) e-nodes, \d+ e-classes, "
                       r"(\d+) iterations \(([^)]*)\)", result.stderr)
    timing = re.search(r"([\d.]+) \([ \d.]+%\)\s+EdgeSaturate", result.stderr)
    if not remark or not timing:
        sys.exit(f"no remark or timing in:\n{result.stderr}")
    return (int(remark.group(1)), int(remark.group(2)), remark.group(3),
            float(timing.group(1)) * 1000, result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="an MLIR file with one edge.cascade")
    parser.add_argument("--edge-opt", default="edge-opt")
    parser.add_argument("--edge-translate", default="edge-translate")
    parser.add_argument("--rank", default="m",
                        help="the primary rank the cost counts passes over")
    parser.add_argument("--max-iters", type=int, default=100)
    parser.add_argument("--extracted", help="write the imported term here")
    args = parser.parse_args()

    program = run([args.edge_opt, "--edge-export-egglog", "-o", "/dev/null",
                   args.input])
    cascades = re.findall(r"^\(let (\$[^\s.]+) \(Cascade ", program,
                          re.MULTILINE)
    if len(cascades) != 1:
        sys.exit(f"expected one cascade, found {len(cascades)}")
    root = cascades[0]

    egraph = bindings.EGraph()
    start = time.perf_counter()
    egraph.run_program(*egraph.parse_program(program))
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    # The rules egglog has: the named rules of the exported ruleset. A name
    # is the --edge-saturate rule it states, with a `.<direction>` suffix
    # when egglog needs two rules for one.
    rules = sorted(set(re.findall(r':name "([^"]+)"', program)))
    saturate_rules = sorted({rule.split(".")[0] for rule in rules})
    matches = dict.fromkeys(rules, 0)
    iterations, saturated = 0, False
    run_once = egraph.parse_program("(run edge-rules 1)")
    while iterations < args.max_iters:
        report = egraph.run_program(*run_once)[0].report
        for rule in rules:
            matches[rule] += report.num_matches_per_rule.get(rule, 0)
        iterations += 1
        if not report.updated:
            saturated = True
            break
    saturate_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    sort, value = egraph.eval_expr(
        egraph.parse_program(f"(extract {root})")[0].args[0])
    termdag = bindings.TermDag()
    extractor = bindings.Extractor(None, egraph,
                                   pass_cost_model(egraph, args.rank))
    cost, term = extractor.extract_best(egraph, termdag, value, sort)
    extract_ms = (time.perf_counter() - start) * 1000
    extracted = termdag.to_string(term)

    sizes = egraph.run_program(*egraph.parse_program("(print-size)"))[0]
    sizes = dict(re.findall(r"\((\S+) (\d+)\)", str(sizes)))
    all_rows = sum(int(n) for n in sizes.values())
    tensor_nodes = sum(int(sizes.get(c, 0)) for c in TENSOR_CONSTRUCTORS)

    imported = run([args.edge_translate, "--edge-import-egglog", "-"],
                   extracted)
    if args.extracted:
        with open(args.extracted, "w") as f:
            f.write(imported)
    egglog_passes = max_passes(args.edge_opt, imported)
    input_passes = max_passes(args.edge_opt, open(args.input).read())

    same_nodes, same_iters, same_stop, same_ms, same_out = edge_saturate(
        args.edge_opt, args.input, ["rules=" + ",".join(saturate_rules)])
    same_passes = max_passes(args.edge_opt, same_out)
    all_nodes, all_iters, all_stop, all_ms, all_out = edge_saturate(
        args.edge_opt, args.input, [])
    all_passes = max_passes(args.edge_opt, all_out)

    print(f"input: {args.input}, {input_passes} passes over "
          f"'{args.rank}'; rules egglog has: {', '.join(saturate_rules)}")
    print(f"{'':28} {'e-nodes':>16} {'iterations':>10} {'stop':>12} "
          f"{'time ms':>20} {'passes':>6}")
    stop = "saturated" if saturated else "iter-limit"
    print(f"{'egglog (same rules)':28} "
          f"{f'{tensor_nodes} ({all_rows})':>16} {iterations:>10} "
          f"{stop:>12} "
          f"{f'{load_ms:.1f} + {saturate_ms:.1f} + {extract_ms:.1f}':>20} "
          f"{egglog_passes:>6}")
    print(f"{'edge-saturate (same rules)':28} {same_nodes:>16} "
          f"{same_iters:>10} {same_stop:>12} {same_ms:>20.1f} "
          f"{same_passes:>6}")
    print(f"{'edge-saturate (all rules)':28} {all_nodes:>16} "
          f"{all_iters:>10} {all_stop:>12} {all_ms:>20.1f} {all_passes:>6}")
    print("egglog e-nodes: Tensor terms (all table rows, with the "
          "index, list and fact rows); egglog time: load program + "
          "saturate + extract; edge-saturate time: the pass, extraction "
          "included")
    print(f"extraction cost (passes, size): {cost.key()}")
    print("egglog rule matches: " +
          ", ".join(f"{rule}={n}" for rule, n in matches.items()))
    if not saturated:
        print("FAIL: egglog did not saturate within "
              f"{args.max_iters} iterations")
        return 1
    if egglog_passes != same_passes:
        print(f"FAIL: egglog's term has {egglog_passes} passes, "
              f"edge-saturate's {same_passes}")
        return 1
    print(f"OK: both {egglog_passes} passes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
