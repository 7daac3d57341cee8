// Every example, and every rewrite of the 3-pass one, compiled and checked
// against the reference interpreter's run of the same IR (the examples are
// also checked against the attention reference: attention-examples.mlir).
//
// RUN: edge-run %edge_src_root/examples/attention-3pass.mlir --reference=interpret --print=0 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-2pass.mlir --reference=interpret --print=0 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-1pass.mlir --reference=interpret --print=0 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-causal-3pass.mlir --reference=interpret --print=0 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-3pass-batched.mlir --reference=interpret --print=0 | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-2pass=tile=48 | edge-run - --reference=interpret --print=0 | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass=tile=48 | edge-run - --reference=interpret --print=0 | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-saturate=tile=48 | edge-run - --reference=interpret --print=0 | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-1pass=tile=32 | edge-run - --reference=interpret --print=0 | FileCheck %s

// CHECK: reference interpret
// CHECK: output AV
// CHECK-NEXT: inf mismatches 0, nan mismatches 0: PASS
