// Option values appear in diagnostics as values (not as the option object),
// and out-of-range values are rejected with an error by every pass and
// pipeline that takes them.
//
// RUN: not edge-opt --edge-split-rank="tile=-4" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: not edge-opt --fusemax-1pass="tile=-4" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=FUSEMAX
// RUN: not edge-opt --fusemax-2pass="tile=0" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=FUSEMAX0
// RUN: not edge-opt --edge-fusemax="passes=3" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=FUSEMAX-PASSES
// RUN: edge-opt --fusemax-1pass="rank=x" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=NOT-REDUCED
// RUN: edge-opt --fusemax-1pass="rank=p" %edge_src_root/examples/attention-3pass.mlir 2>/dev/null | FileCheck %s --check-prefix=UNCHANGED
// RUN: edge-opt --help | FileCheck %s --check-prefix=HELP
// RUN: not edge-opt --edge-analyze="on-chip-bytes=-5" %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANALYZE
// RUN: not edge-opt --edge-saturate="tile=0" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SAT-TILE
// RUN: not edge-opt --edge-saturate="max-nodes=0" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SAT-NODES
// RUN: not edge-opt --edge-saturate="max-iters=-1" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SAT-ITERS
// RUN: not edge-opt --edge-saturate="max-passes=-2" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SAT-PASSES
// RUN: not edge-opt --edge-saturate="timeout-ms=0" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SAT-TIME
// RUN: edge-opt --edge-saturate="rank=z" %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=SAT-NOT-REDUCED
// RUN: not edge-opt --edge-split-rank="rank=m outer=x inner=x" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SPLIT-NAMES
// RUN: not edge-opt --edge-split-rank="rank=m outer=m" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=SPLIT-NAMES-RANK
// RUN: edge-opt --edge-saturate="max-passes=1 rules=defer-division" %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNMET

// SPLIT: error: edge-split-rank: tile must be positive, got -4{{$}}
// FUSEMAX: error: edge-fusemax: tile must be positive, got -4{{$}}
// FUSEMAX0: error: edge-fusemax: tile must be positive, got 0{{$}}
// FUSEMAX-PASSES: error: edge-fusemax: passes must be 1 or 2, got 3{{$}}

// ANALYZE: error: edge-analyze: on-chip-bytes must be non-negative, got -5{{$}}

/// A named rank that nothing reduces over is a warning; nothing is tiled.
// NOT-REDUCED: warning: edge-fusemax: no einsum reduces rank 'x'; the cascade is left as it is
// UNCHANGED-NOT: edge.split
// UNCHANGED: edge.einsum "A"

/// --help shows the defaults.
// HELP: --edge-reduce-to-iterate
// HELP: --rank=<string> {{.*}}(default: m1)
// HELP: --edge-saturate
// HELP: --max-iters=<long> {{.*}}(default: 30)
// HELP: --max-nodes=<long> {{.*}}(default: 10000)
// HELP: --edge-split-rank
// HELP: --rank=<string> {{.*}}(default: m)
// HELP: --tile=<long> {{.*}}(default: 64)
// HELP: --fusemax-1pass
// HELP: --rank=<string> {{.*}}(default: empty, every rank reduced by a max
// HELP: --tile=<long> {{.*}}(default: 64)
// SAT-TILE: error: edge-saturate: tile must be at least 1, got 0{{$}}
// SAT-NODES: error: edge-saturate: max-nodes must be at least 1, got 0{{$}}
// SAT-ITERS: error: edge-saturate: max-iters must be at least 1, got -1{{$}}
// SAT-PASSES: error: edge-saturate: max-passes must be at least 0, got -2{{$}}
// SAT-TIME: error: edge-saturate: timeout-ms must be at least 1, got 0{{$}}

// SAT-NOT-REDUCED: warning: edge-saturate: no einsum reduces rank 'z'; the split rules do not apply to it

/// The ranks of a split must be three different names: an error, not an
/// assertion.
// SPLIT-NAMES: error: edge-split-rank: rank='m', outer='x' and inner='x' must be three different, non-empty names
// SPLIT-NAMES-RANK: error: edge-split-rank: rank='m', outer='m' and inner='m0' must be three different, non-empty names

/// Deferral alone reaches 2 passes; the remark names the bound it missed.
// UNMET: remark: edge-saturate: no cascade with at most 1 passes found; kept the one with the fewest passes
