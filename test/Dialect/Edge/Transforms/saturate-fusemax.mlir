// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-causal-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-causal-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s

/// --edge-saturate and --fusemax-1pass agree on the pass counts of both
/// attention examples (the numbers are compared in saturate-run.mlir).
// CHECK: passes over m: 1
// CHECK: max passes: 1 (over m)
