"""Turns bench/attention's results.csv into the Markdown table (stdout and
table.md) and a plot of GFLOP/s against M (gflops.png, when matplotlib is
importable), both in --out. Run by run.sh; standard library only, except for
the plot."""

import argparse
import csv
import json
import os
import re
import sys

EDGE_PREFIX = "edge-"


def main():
    parser = argparse.ArgumentParser()
    for name in ("csv", "out", "cpu", "peak", "dram", "load", "cores", "mode"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--estimates", default="",
                        help="directory of the <shape>-<variant>-<t1|tall>"
                        ".estimate.json files (edge-analyze's time estimates)")
    args = parser.parse_args()
    peak = float(args.peak) if args.peak not in ("", "n/a") else None

    with open(args.csv) as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        bh, m, p, e, fdim = (int(r[k]) for k in ("bh", "m", "p", "e", "f"))
        if r["causal"] == "causal":
            pairs = sum(min(i + 1, m) for i in range(p))
        else:
            pairs = m * p
        r["flops"] = 2 * (e + fdim) * pairs * bh
        r["ms"] = float(r["median_ms"]) if r["median_ms"] else None
        r["gflops"] = r["flops"] / (r["ms"] * 1e6) if r["ms"] else None
        r["pct"] = (100 * r["gflops"] / (peak * int(r["threads"]))
                    if r["gflops"] and peak else None)

    # Speed-up over the best (fastest) baseline of the same shape and threads.
    best = {}
    for r in rows:
        if r["ms"] and not r["variant"].startswith(EDGE_PREFIX):
            key = (r["shape"], r["threads"])
            best[key] = min(best.get(key, float("inf")), r["ms"])
    for r in rows:
        b = best.get((r["shape"], r["threads"]))
        r["speedup"] = b / r["ms"] if r["ms"] and b else None

    def fmt(x, spec):
        return format(x, spec) if x is not None else "-"

    lines = [
        f"CPU: {args.cpu}; {args.cores} cores; single-core FMA peak "
        f"{args.peak} GFLOP/s (FMA chains at the widest vectors); DRAM {args.dram} GB/s "
        f"(1 thread, triad); load average at start {args.load}; mode {args.mode}.",
        "",
        "GFLOP/s count 2·(E+F) FLOPs per allowed (m, p) pair (exps not "
        "counted; causal: m <= p). % of peak is of the measured single-core "
        "peak times the threads. Speed-up is over the fastest baseline "
        "(non-edge variant) at the same shape and threads. RSS is the peak "
        "resident memory beyond the inputs and the output during the "
        "variant's calls.",
        "",
        "| shape | B·H | M = P | E = F | threads | variant | median ms | "
        "GFLOP/s | % peak | speed-up vs best baseline | peak RSS MiB | reps |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        shape = r["shape"]
        if r["ms"] is None:
            lines.append(
                f"| {shape} | {r['bh']} | {r['m']} | {r['e']} | {r['threads']} "
                f"| {r['variant']} | {r['max_rel_err']} | | | | | |")
            continue
        lines.append(
            f"| {shape} | {r['bh']} | {r['m']} | {r['e']} | {r['threads']} | "
            f"{r['variant']} | {fmt(r['ms'], '.3f')} | "
            f"{fmt(r['gflops'], '.2f')} | {fmt(r['pct'], '.1f')} | "
            f"{fmt(r['speedup'], '.2f')}x | {r['rss_mib']} | {r['reps']} |")
    table = "\n".join(lines) + "\n"
    sys.stdout.write(table)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(table)
    print(f"\nwrote {args.csv} and {os.path.join(args.out, 'table.md')}")
    if args.estimates:
        validate(rows, args.estimates, args.out)

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib (Debian: python3-matplotlib): no plot")
        return
    square = [r for r in rows if r["gflops"] and r["bh"] == "1"
              and r["causal"] != "causal"]
    threads = sorted({int(r["threads"]) for r in square})
    if not threads:
        return
    fig, axes = plt.subplots(1, len(threads), figsize=(6 * len(threads) + 2, 4.5),
                             squeeze=False)
    for ax, t in zip(axes[0], threads):
        for variant in sorted({r["variant"] for r in square}):
            pts = sorted((int(r["m"]), r["gflops"]) for r in square
                         if r["variant"] == variant and int(r["threads"]) == t)
            if pts:
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o",
                        label=variant,
                        linestyle="-" if variant.startswith(EDGE_PREFIX) else "--")
        if peak:
            ax.axhline(peak * t, color="black", linewidth=1,
                       label=f"measured FMA peak x threads ({peak:.0f} per core)")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("M = P (E = F = 64)")
        ax.set_ylabel("GFLOP/s")
        ax.set_title(f"attention, {t} thread{'s' if t > 1 else ''}")
        ax.grid(True, which="both", alpha=0.3)
    # One legend for all panels, outside them (the lines cross everywhere).
    handles, labels = axes[0][-1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="center right", fontsize=7)
    fig.suptitle(args.cpu, fontsize=9)
    fig.tight_layout(rect=(0, 0, 1 - 2.6 / (6 * len(threads) + 2), 1))
    png = os.path.join(args.out, "gflops.png")
    fig.savefig(png, dpi=110)
    print(f"wrote {png}")


def validate(rows, estimates, out):
    """The cost model's validation table (docs/CostModel.md): per shape and
    thread count, the predicted and measured time of every edge variant, the
    variant the model picked (edge-picked: --edge-saturate=objective=time)
    and whether it was the fastest measured edge variant or within 10%."""
    def estimate(shape, variant, threads):
        tag = "t1" if threads == "1" else "tall"
        path = os.path.join(estimates,
                            f"{shape}-{variant[len(EDGE_PREFIX):]}-{tag}"
                            ".estimate.json")
        try:
            with open(path) as f:
                cascade = json.load(f)["cascades"][0]
        except (OSError, ValueError, KeyError, IndexError):
            return None, None
        return cascade["time"]["seconds"] * 1e3, cascade["max_passes"]

    def pickedTile(shape, threads):
        """The key tile edge-saturate chose (its remark), or None."""
        tag = "t1" if threads == "1" else "tall"
        try:
            with open(os.path.join(estimates,
                                   f"{shape}-picked-{tag}.remarks")) as f:
                match = re.search(r"tile (\d+) chosen", f.read())
        except OSError:
            return None
        return match.group(1) if match else None

    lines = [
        "Cost model validation: predicted (edge-analyze, target measured by "
        "edge-calibrate in this run) and measured median ms of each edge "
        "variant; edge-picked is what --edge-saturate=objective=time chose. "
        "Right: the pick's measured time is the fastest edge variant's or "
        "within 10% of it.",
        "",
        "| shape | threads | 3-pass pred / meas | 2-pass pred / meas | "
        "1-pass pred / meas | pick (passes, tile) pred / meas | "
        "fastest measured | "
        "pick right? |",
        "|---|---:|---|---|---|---|---|---|",
    ]
    groups = {}
    for r in rows:
        if r["variant"].startswith(EDGE_PREFIX):
            groups.setdefault((r["shape"], r["threads"]), {})[r["variant"]] = r
    right = total = 0
    ratios = []
    for (shape, threads), variants in groups.items():
        cells, measured = [], {}
        for v in ("edge-3pass", "edge-2pass", "edge-1pass", "edge-picked"):
            r = variants.get(v)
            pred, passes = estimate(shape, v, threads)
            ms = r["ms"] if r else None
            if ms is not None:
                measured[v] = ms
            if pred is not None and ms:
                ratios.append(pred / ms)
            cell = f"{pred:.3f} / {ms:.3f}" if pred is not None and ms else (
                f"{pred:.3f} / skipped" if pred is not None else "-")
            if v == "edge-picked":
                tile = pickedTile(shape, threads)
                cell = (f"({passes}, tile {tile}) " if tile else
                        f"({passes}) ") + cell
            cells.append(cell)
        fastest = min(measured, key=measured.get) if measured else None
        verdict = "-"
        if "edge-picked" in measured and fastest:
            total += 1
            ok = measured["edge-picked"] <= 1.10 * measured[fastest]
            right += ok
            verdict = "yes" if ok else (
                f"no ({measured['edge-picked'] / measured[fastest]:.2f}x)")
        lines.append(f"| {shape} | {threads} | " + " | ".join(cells) +
                     f" | {fastest or '-'} | {verdict} |")
    if ratios:
        ratios.sort()
        lines += ["", f"Pick right on {right} of {total} shapes. Predicted / "
                  f"measured time over {len(ratios)} (shape, threads, variant) "
                  f"cells: median {ratios[len(ratios) // 2]:.2f}, range "
                  f"{ratios[0]:.2f}-{ratios[-1]:.2f}."]
    table = "\n".join(lines) + "\n"
    sys.stdout.write("\n" + table)
    with open(os.path.join(out, "validation.md"), "w") as f:
        f.write(table)


if __name__ == "__main__":
    main()
