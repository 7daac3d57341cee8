// Each rewrite step, and both derivations, keep the numbers: the rewritten
// cascade is lowered, run on seeded random inputs and compared with the C++
// double-precision attention reference (the same reference the unrewritten
// 3-pass example matches, see attention-examples.mlir).
//
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-defer-division | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-split-rank=tile=64 | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-split-rank=tile=48 | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-split-rank=tile=100 --edge-split-reduction | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-defer-division --edge-split-rank=tile=48 --edge-split-reduction --edge-exp-rebase | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-defer-division --edge-split-rank=tile=48 --edge-split-reduction --edge-reduce-to-iterate | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-2pass | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass | edge-run - | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass=tile=100 | edge-run - --scale=32 | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-2pass=tile=48 | edge-run - --reference=causal | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-1pass=tile=48 | edge-run - --reference=causal | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass-batched.mlir --fusemax-1pass=tile=48 | edge-run - | FileCheck %s

// CHECK: output AV
// CHECK: nan 0, inf 0, nan mismatches 0: PASS
