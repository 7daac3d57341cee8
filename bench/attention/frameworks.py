"""Framework baselines of bench/attention, one framework per process.

    frameworks.py --framework=numpy|torch|iree --dir=DIR --bh=N --m=M --p=P
                  --e=E --f=F [--causal] --threads=T --budget=S --max-reps=N

Reads the harness's inputs (DIR/Q.f32, K.f32, V.f32: Q[bh][E][P],
K[bh][E][M], V[bh][F][M]), gives each framework its native layout
(Q[bh][P][E], K[bh][M][E], V[bh][M][F], transposed once, not timed), checks
the first call against attention in float64 at the harness's sampled
queries and prints, like the harness,

    RESULT variant=<name> median_ms=<t> reps=<n> rss_mib=<r> max_rel_err=<e>

or `WRONG ...` (exit 3) for a wrong result, or `SKIP ...` on stderr when the
framework is not installed (exit 0: frameworks are optional).
Threads: OPENBLAS_NUM_THREADS/OMP_NUM_THREADS from run.sh (numpy),
torch.set_num_threads, IREE's local-sync (1 thread) or local-task device.
"""

import argparse
import os
import sys
import time


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


def reset_peak():
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def sample_queries(p):
    return sorted({min(p - 1, i * (p - 1) // 31) for i in range(32)})


def check(np, args, q, k, v, out):
    """Max error relative to max|ref| (harness.cpp's checkOutput)."""
    if not np.all(np.isfinite(out)):
        return float("inf")
    max_ref = max_err = 0.0
    for b in sorted({0, args.bh - 1}):
        for p in sample_queries(args.p):
            keys = min(p + 1, args.m) if args.causal else args.m
            s = q[b, p, :].astype(np.float64) @ k[b, :keys, :].astype(np.float64).T
            w = np.exp(s - s.max())
            ref = (w @ v[b, :keys, :].astype(np.float64)) / w.sum()
            max_ref = max(max_ref, float(np.abs(ref).max()))
            max_err = max(max_err, float(np.abs(out[b, p, :] - ref).max()))
    return max_err / max(max_ref, 1e-30)


def numpy_kernel(np, args):
    mask = None
    if args.causal:
        mask = np.triu(np.ones((args.p, args.m), dtype=bool), k=1)

    def run(q, k, v):
        s = np.matmul(q, k.transpose(0, 2, 1))
        if mask is not None:
            s[:, mask] = -np.inf
        s -= s.max(axis=2, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(axis=2, keepdims=True)
        return np.matmul(s, v)

    return {"numpy": (run, lambda x: x, lambda y: y)}


def torch_kernel(np, args):
    import torch
    torch.set_num_threads(args.threads)
    F = torch.nn.functional
    mask = None
    if args.causal:
        mask = torch.ones(args.p, args.m, dtype=torch.bool).triu(1)
    if hasattr(F, "scaled_dot_product_attention"):
        def run(q, k, v):
            with torch.no_grad():
                return F.scaled_dot_product_attention(q, k, v, is_causal=args.causal,
                                                      scale=1.0)
        name = "torch-sdpa"
    else:  # torch 1.13 (Debian 12): mm / softmax / mm
        def run(q, k, v):
            with torch.no_grad():
                s = torch.bmm(q, k.transpose(1, 2))
                if mask is not None:
                    s.masked_fill_(mask, float("-inf"))
                return torch.bmm(torch.softmax(s, dim=2), v)
        name = "torch-mm-softmax-mm"
    return {name: (run, lambda x: torch.from_numpy(x), lambda y: y.numpy())}


IREE_LINALG = """
#qk = affine_map<(b, p, m, e) -> (b, p, e)>
#kk = affine_map<(b, p, m, e) -> (b, m, e)>
#sk = affine_map<(b, p, m, e) -> (b, p, m)>
#s3 = affine_map<(b, p, m) -> (b, p, m)>
#sv = affine_map<(b, p, f, m) -> (b, p, m)>
#vv = affine_map<(b, p, f, m) -> (b, m, f)>
#ov = affine_map<(b, p, f, m) -> (b, p, f)>
func.func @attn(%q: tensor<BxPxExf32>, %k: tensor<BxMxExf32>,
                %v: tensor<BxMxFxf32>) -> tensor<BxPxFxf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<BxPxMxf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<BxPxMxf32>) -> tensor<BxPxMxf32>
  %s = linalg.generic {indexing_maps = [#qk, #kk, #sk],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<BxPxExf32>, tensor<BxMxExf32>) outs(%z0 : tensor<BxPxMxf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %c, %x : f32
    linalg.yield %y : f32
  } -> tensor<BxPxMxf32>
  MASK
  %e1 = tensor.empty() : tensor<BxPxMxf32>
  %a = linalg.softmax dimension(2) ins(%sm : tensor<BxPxMxf32>)
      outs(%e1 : tensor<BxPxMxf32>) -> tensor<BxPxMxf32>
  %e2 = tensor.empty() : tensor<BxPxFxf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<BxPxFxf32>) -> tensor<BxPxFxf32>
  %o = linalg.generic {indexing_maps = [#sv, #vv, #ov],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %v : tensor<BxPxMxf32>, tensor<BxMxFxf32>) outs(%z2 : tensor<BxPxFxf32>) {
  ^bb0(%a0: f32, %b0: f32, %c0: f32):
    %x = arith.mulf %a0, %b0 : f32
    %y = arith.addf %c0, %x : f32
    linalg.yield %y : f32
  } -> tensor<BxPxFxf32>
  return %o : tensor<BxPxFxf32>
}
"""

IREE_CAUSAL_MASK = """
  %sm = linalg.generic {indexing_maps = [#s3], iterator_types = ["parallel", "parallel", "parallel"]}
      outs(%s : tensor<BxPxMxf32>) {
  ^bb0(%c: f32):
    %ip = linalg.index 1 : index
    %im = linalg.index 2 : index
    %allowed = arith.cmpi ule, %im, %ip : index
    %y = arith.select %allowed, %c, %ninf : f32
    linalg.yield %y : f32
  } -> tensor<BxPxMxf32>
"""

IREE_ATTENTION = """
func.func @attn(%q: tensor<BxPxExf32>, %k: tensor<BxMxExf32>,
                %v: tensor<BxMxFxf32>) -> tensor<BxPxFxf32> {
  %scale = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<BxPxFxf32>
  %o = iree_linalg_ext.attention <{indexing_maps = [
           affine_map<(b, p, m, e, f) -> (b, p, e)>,
           affine_map<(b, p, m, e, f) -> (b, m, e)>,
           affine_map<(b, p, m, e, f) -> (b, m, f)>,
           affine_map<(b, p, m, e, f) -> ()>,
           affine_map<(b, p, m, e, f) -> (b, p, f)>]}>
      ins(%q, %k, %v, %scale : tensor<BxPxExf32>, tensor<BxMxExf32>,
          tensor<BxMxFxf32>, f32) outs(%e : tensor<BxPxFxf32>) {
  ^bb0(%score: f32):
    iree_linalg_ext.yield %score : f32
  } -> tensor<BxPxFxf32>
  return %o : tensor<BxPxFxf32>
}
"""


def iree_kernels(np, args):
    import iree.compiler as compiler
    import iree.runtime as runtime

    def shaped(text):
        for key, value in (("BxPxE", f"{args.bh}x{args.p}x{args.e}"),
                           ("BxMxE", f"{args.bh}x{args.m}x{args.e}"),
                           ("BxMxF", f"{args.bh}x{args.m}x{args.f}"),
                           ("BxPxF", f"{args.bh}x{args.p}x{args.f}"),
                           ("BxPxM", f"{args.bh}x{args.p}x{args.m}")):
            text = text.replace(key, value)
        return text

    if args.threads > 1:
        runtime.flags.parse_flags(f"--task_topology_max_group_count={args.threads}")
    config = runtime.Config("local-sync" if args.threads == 1 else "local-task")
    sources = {"iree-linalg": IREE_LINALG.replace(
        "MASK", IREE_CAUSAL_MASK if args.causal else "%sm = tensor.cast %s : tensor<BxPxMxf32> to tensor<BxPxMxf32>")}
    if not args.causal:  # the attention op's mask operand is not used here
        sources["iree-attention"] = IREE_ATTENTION
    kernels = {}
    for name, source in sources.items():
        vmfb = compiler.compile_str(
            shaped(source), target_backends=["llvm-cpu"],
            extra_args=["--iree-llvmcpu-target-cpu=host"])
        ctx = runtime.SystemContext(config=config)
        ctx.add_vm_module(runtime.VmModule.copy_buffer(ctx.instance, vmfb))
        fn = ctx.modules.module["attn"]
        kernels[name] = (
            lambda q, k, v, fn=fn: fn(q, k, v),
            lambda x: runtime.asdevicearray(config.device, x),
            lambda y: y.to_host())
    return kernels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framework", required=True)
    parser.add_argument("--dir", required=True)
    for name in ("bh", "m", "p", "e", "f", "threads", "max-reps"):
        parser.add_argument("--" + name, type=int, required=True)
    parser.add_argument("--budget", type=float, required=True)
    parser.add_argument("--causal", action="store_true")
    parser.add_argument("--rtol", type=float, default=1e-4)
    args = parser.parse_args()
    try:
        import numpy as np
        if args.framework == "numpy":
            kernels = numpy_kernel(np, args)
        elif args.framework == "torch":
            kernels = torch_kernel(np, args)
        elif args.framework == "iree":
            kernels = iree_kernels(np, args)
        else:
            print(f"frameworks.py: unknown framework {args.framework}", file=sys.stderr)
            return 2
    except ImportError as error:
        print(f"SKIP {args.framework}: {error}", file=sys.stderr)
        return 0

    def load(name, rows, cols):
        x = np.fromfile(os.path.join(args.dir, name + ".f32"), dtype=np.float32)
        return np.ascontiguousarray(x.reshape(args.bh, rows, cols).transpose(0, 2, 1))

    q, k, v = load("Q", args.e, args.p), load("K", args.e, args.m), load("V", args.f, args.m)
    for name, (run, to_input, to_numpy) in kernels.items():
        qi, ki, vi = to_input(q), to_input(k), to_input(v)
        reset_ok = reset_peak()
        base = rss_kib("VmRSS:")
        t0 = time.perf_counter()
        out = to_numpy(run(qi, ki, vi))
        first = time.perf_counter() - t0
        err = check(np, args, q, k, v, np.asarray(out))
        if not err <= args.rtol:
            print(f"WRONG variant={name} max_rel_err={err:.3e} rtol={args.rtol:.1e}")
            return 3
        times = []
        if first * 3 > args.budget or args.max_reps <= 0:
            times.append(first)
        else:
            start = time.perf_counter()
            while len(times) < args.max_reps and (
                    len(times) < 3 or time.perf_counter() - start < args.budget):
                t = time.perf_counter()
                to_numpy(run(qi, ki, vi))
                times.append(time.perf_counter() - t)
        times.sort()
        n = len(times)
        median = times[n // 2] if n % 2 else 0.5 * (times[n // 2 - 1] + times[n // 2])
        rss = max(0, rss_kib("VmHWM:") - base) / 1024 if reset_ok else -1.0
        print(f"RESULT variant={name} median_ms={median * 1e3:.4f} reps={n} "
              f"rss_mib={rss:.1f} max_rel_err={err:.2e}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
