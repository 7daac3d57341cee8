// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-causal-3pass.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-causal-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=PASSES

/// Causal attention: the filter is carried into the tiles (m1*64 + m0 <= p)
/// and the numerator keeps take_left, so masked points stay empty.
// CHECK-LABEL: edge.cascade @causal_attention
// CHECK:       edge.iterate m1 until m1 >= 2
// CHECK:         edge.einsum "BQK" {{.*}} where
// CHECK:         map sub_exp(take_left)
// CHECK:       map div(take_right)
// PASSES: max passes: 1 (over m)
