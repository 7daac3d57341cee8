// Smoke test of the attention benchmark (bench/attention/run.sh): one tiny
// shape, one call per variant, 1 thread, no frameworks, so that the cascade
// generator, edge-compile, the harness and its baselines, the checks and the
// report cannot rot. Not a benchmark: the times mean nothing here.
//
// REQUIRES: openblas
// RUN: rm -rf %t
// RUN: %edge_src_root/bench/attention/run.sh --smoke --no-build \
// RUN:   --build-dir=%edge_obj_root --out=%t 2>&1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=CSV < %t/results.csv
//
// A wrong result stops the table: no tolerance at all fails every variant.
// RUN: not %edge_src_root/bench/attention/run.sh --smoke --no-build \
// RUN:   --build-dir=%edge_obj_root --out=%t/strict --rtol=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WRONG

// CHECK: single-core FMA peak
// CHECK: | shape | B·H | M = P | E = F | threads | variant | median ms |
// CHECK: | tiny | 1 | 64 | 16 | 1 | naive |
// CHECK: | tiny | 1 | 64 | 16 | 1 | openblas-3pass |
// CHECK: | tiny | 1 | 64 | 16 | 1 | openblas-1pass |
// CHECK: | tiny | 1 | 64 | 16 | 1 | edge-3pass |
// CHECK: | tiny | 1 | 64 | 16 | 1 | edge-2pass |
// CHECK: | tiny | 1 | 64 | 16 | 1 | edge-1pass |
// CHECK: | tiny | 1 | 64 | 16 | 1 | edge-1pass-dyn |
// CHECK: | tiny | 1 | 64 | 16 | 1 | edge-picked |
// CHECK: wrote {{.*}}results.csv
// The cost model's validation: predicted / measured ms per edge variant, the
// pick (its passes and key tile) and the verdict.
// CHECK: Cost model validation
// CHECK: | tiny | 1 | {{[0-9.]+}} / {{[0-9.]+}} | {{[0-9.]+}} / {{[0-9.]+}} | {{[0-9.]+}} / {{[0-9.]+}} | ({{[123]}}, tile {{32|64|128|256}}) {{[0-9.]+}} / {{[0-9.]+}} | edge-{{[a-z0-9]+}} | {{yes|no \([0-9.]+x\)}} |
// CHECK: Pick right on {{[01]}} of 1 shapes.

// CSV: shape,bh,m,p,e,f,causal,threads,variant,median_ms,reps,rss_mib,max_rel_err
// CSV: tiny,1,64,64,16,16,no,1,edge-1pass,{{[0-9.]+}},1,
// The 1-pass compiled once for any M, called with M = 64, checked too.
// CSV: tiny,1,64,64,16,16,no,1,edge-1pass-dyn,{{[0-9.]+}},1,

// WRONG: WRONG variant=naive max_rel_err={{.*}} rtol=0.0e+00
// WRONG: a variant failed its check at shape tiny, threads 1: stopping
// WRONG-NOT: | tiny |
