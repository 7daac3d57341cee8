// RUN: edge-opt --edge-saturate="objective=flops" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=FLOPS
// RUN: edge-opt --edge-saturate="objective=flops" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=FLOPS-IR
// RUN: edge-opt --edge-saturate="objective=traffic" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-saturate="max-passes=1" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-saturate="max-iters=1" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=LIMIT
// RUN: edge-opt --edge-saturate="max-nodes=12" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=NODES
// RUN: not edge-opt --edge-saturate="objective=speed" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=BAD

/// Fewest FLOPs: the division deferral alone (2 passes) beats both the
/// 3-pass cascade (more divisions) and the tiled forms (rebase arithmetic).
// FLOPS: max passes: 2 (over m)
// FLOPS-IR-NOT: edge.iterate
// FLOPS-IR: map div(take_right)
// FLOPS-IR-NEXT: edge.return

// ONE: max passes: 1 (over m)

/// A limit keeps the best cascade found so far and says so.
// LIMIT: remark: edge-saturate: stopped early (iteration-limit); using the best cascade found so far
// LIMIT: edge.cascade @attention
// NODES: remark: edge-saturate: stopped early (node-limit); using the best cascade found so far
// NODES: edge.cascade @attention

// BAD: error: edge-saturate: unknown objective 'speed'
