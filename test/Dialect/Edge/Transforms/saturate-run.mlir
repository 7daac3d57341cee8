// RUN: edge-run %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-3pass.mlir -o %t.sat.mlir
// RUN: edge-run %t.sat.mlir | FileCheck %s
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-3pass.mlir -o %t.fm.mlir
// RUN: edge-run %t.fm.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate=objective=flops %edge_src_root/examples/attention-3pass.mlir -o %t.flops.mlir
// RUN: edge-run %t.flops.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-causal-3pass.mlir -o %t.causal.mlir
// RUN: edge-run %t.causal.mlir --reference=causal | FileCheck %s
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-causal-3pass.mlir -o %t.fmcausal.mlir
// RUN: edge-run %t.fmcausal.mlir --reference=causal | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-3pass-batched.mlir -o %t.batched.mlir
// RUN: edge-run %t.batched.mlir | FileCheck %s
// RUN: edge-run %t.sat.mlir --seed=7 --scale=4 | FileCheck %s

/// The saturated cascades compute attention: the 3-pass input, the
/// --edge-saturate result (1 pass), --fusemax-1pass's result and the
/// FLOP-optimal (2-pass) extraction all match the double-precision
/// reference (edge-run exits 1 otherwise), also with large logits.
// CHECK: output AV
// CHECK: : PASS
