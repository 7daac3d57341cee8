// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=PASSES
// RUN: edge-opt --edge-saturate=remarks=1 %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

/// From FuseMax's 3-pass cascade the e-graph derives Cascade 5: one
/// iteration over m1 carrying the running max, denominator and numerator,
/// and the deferred division after it.
// CHECK-LABEL: edge.cascade @attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<64x128xf32>, %[[K:.*]]: tensor<64x256xf32>, %[[V:.*]]: tensor<64x256xf32>)
// CHECK-DAG:   %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64
// CHECK-DAG:   %[[BV:.*]] = edge.split %[[V]] dim 1 tile 64
// CHECK-DAG:   edge.fill -inf : tensor<128xf32>
// CHECK:       %[[RM:.*]], %[[RD:.*]], %[[RNV:.*]] = edge.iterate m1 until m1 >= 4
// CHECK-SAME:    slices(%[[bk:.*]] = %[[BK]][1] : tensor<64x4x64xf32>, %[[bv:.*]] = %[[BV]][1] : tensor<64x4x64xf32>)
// CHECK:         %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[bk]][e, m0]) -> [m0, p] map mul(isect) reduce [e] add(union)
// CHECK:         %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m0, p]) -> [p] reduce [m0] max(union)
// CHECK:         %[[RMn:.*]] = edge.einsum "RM" (%{{.*}}[p], %[[LM]][p]) -> [p] map max(union)
// CHECK:         %[[PRM:.*]] = edge.einsum "PRM" (%{{.*}}[p], %[[RMn]][p]) -> [p] map sub_exp(pass_through)
// CHECK:         %[[SLN:.*]] = edge.einsum "SLN" (%[[BQK]][m0, p], %[[RMn]][p]) -> [m0, p] map sub_exp(pass_through)
// CHECK:         edge.yield %[[RMn]]
// CHECK:       edge.einsum "AV" (%[[RNV]][f, p], %[[RD]][p]) -> [f, p] map div(take_right)
// CHECK-NOT:   edge.iterate

// PASSES: passes over m: 1
// PASSES: max passes: 1 (over m)

// REMARK: remark: edge-saturate: {{[0-9]+}} e-nodes, {{[0-9]+}} e-classes, {{[0-9]+}} iterations (saturated), {{[0-9]+}} candidates; passes 3 -> 1; rules:
// REMARK-SAME: defer-division={{[0-9]+}}
// REMARK-SAME: reduce-to-iterate={{[0-9]+}}
// REMARK-SAME: split-rank={{[0-9]+}}
// REMARK-SAME: split-reduction={{[0-9]+}}
