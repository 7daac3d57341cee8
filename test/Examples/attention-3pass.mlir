// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir -mlir-print-op-generic | edge-opt | FileCheck %s

/// Cascade 4 (eqs. 33-38) parses, verifies and round-trips.
// CHECK-LABEL: edge.cascade @attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<64x128xf32>, %[[K:.*]]: tensor<64x256xf32>, %[[V:.*]]: tensor<64x256xf32>) -> (AV: tensor<64x128xf32>)
// CHECK:   %[[QK:.*]] = edge.einsum "QK" (%[[Q]][e, p], %[[K]][e, m]) -> [m, p] map mul(isect) reduce [e] add(union)
// CHECK:   %[[GM:.*]] = edge.einsum "GM" (%[[QK]][m, p]) -> [p] reduce [m] max(union)
// CHECK:   %[[SN:.*]] = edge.einsum "SN" (%[[QK]][m, p], %[[GM]][p]) -> [m, p] map sub_exp(pass_through)
// CHECK:   %[[SD:.*]] = edge.einsum "SD" (%[[SN]][m, p]) -> [p] reduce [m] add(union)
// CHECK:   %[[A:.*]] = edge.einsum "A" (%[[SN]][m, p], %[[SD]][p]) -> [m, p] map div(take_right)
// CHECK:   %[[AV:.*]] = edge.einsum "AV" (%[[A]][m, p], %[[V]][f, m]) -> [f, p] map mul(isect) reduce [m] add(union)
// CHECK:   edge.return %[[AV]] : tensor<64x128xf32>
