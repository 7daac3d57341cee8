// RUN: edge-opt %edge_src_root/examples/attention-2pass.mlir | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-2pass.mlir -mlir-print-op-generic | edge-opt | FileCheck %s

/// The tiled 2-pass cascade parses, verifies and round-trips.
// CHECK-LABEL: edge.cascade @attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<64x128xf32>, %[[K:.*]]: tensor<64x256xf32>, %[[V:.*]]: tensor<64x256xf32>)
// CHECK:   %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// CHECK:   %[[BV:.*]] = edge.split %[[V]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// CHECK:   %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) reduce [e] add(union)
// CHECK:   %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m1, m0, p]) -> [m1, p] reduce [m0] max(union)
// CHECK:   %[[SLN:.*]] = edge.einsum "SLN" (%[[BQK]][m1, m0, p], %[[LM]][m1, p]) -> [m1, m0, p] map sub_exp(pass_through)
// CHECK:   %[[SLD:.*]] = edge.einsum "SLD" (%[[SLN]][m1, m0, p]) -> [m1, p] reduce [m0] add(union)
// CHECK:   %[[GM:.*]] = edge.einsum "GM" (%[[LM]][m1, p]) -> [p] reduce [m1] max(union)
// CHECK:   %[[PRM:.*]] = edge.einsum "PRM" (%[[LM]][m1, p], %[[GM]][p]) -> [m1, p] map sub_exp(pass_through)
// CHECK:   %[[SD:.*]] = edge.einsum "SD" (%[[SLD]][m1, p], %[[PRM]][m1, p]) -> [p] map mul(isect) reduce [m1] add(union)
// CHECK:   %[[SNV:.*]] = edge.einsum "SNV" (%[[SLN]][m1, m0, p], %[[PRM]][m1, p], %[[BV]][f, m1, m0]) -> [f, p] map mul(isect) reduce [m1, m0] add(union)
// CHECK:   %[[AV:.*]] = edge.einsum "AV" (%[[SNV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right)
// CHECK:   edge.return %[[AV]]
