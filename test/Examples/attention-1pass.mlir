// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir -mlir-print-op-generic | edge-opt | FileCheck %s

/// Cascade 5 (eqs. 39-56) parses, verifies and round-trips: M1 is standard
/// in BK/BV (sliced) and iterative in RM/RD/RNV (running values).
// CHECK-LABEL: edge.cascade @attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<64x128xf32>, %[[K:.*]]: tensor<64x256xf32>, %[[V:.*]]: tensor<64x256xf32>)
// CHECK:   %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64
// CHECK:   %[[BV:.*]] = edge.split %[[V]] dim 1 tile 64
// CHECK:   %[[RM0:.*]] = edge.fill -inf : tensor<128xf32>
// CHECK:   %[[RD0:.*]] = edge.fill 0.0 : tensor<128xf32>
// CHECK:   %[[RNV0:.*]] = edge.fill 0.0 : tensor<64x128xf32>
// CHECK:   %[[RM:.*]], %[[RD:.*]], %[[RNV:.*]] = edge.iterate m1 until m1 >= 4
// CHECK-SAME:  slices(%[[bk:.*]] = %[[BK]][1] : tensor<64x4x64xf32>, %[[bv:.*]] = %[[BV]][1] : tensor<64x4x64xf32>)
// CHECK-SAME:  init(%[[rm:.*]] = %[[RM0]] : tensor<128xf32>, %[[rd:.*]] = %[[RD0]] : tensor<128xf32>, %[[rnv:.*]] = %[[RNV0]] : tensor<64x128xf32>)
// CHECK:     %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[bk]][e, m0]) -> [m0, p] map mul(isect) reduce [e] add(union)
// CHECK:     %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m0, p]) -> [p] reduce [m0] max(union)
// CHECK:     %[[RMn:.*]] = edge.einsum "RMn" (%[[rm]][p], %[[LM]][p]) -> [p] map max(union)
// CHECK:     %[[SLN:.*]] = edge.einsum "SLN" (%[[BQK]][m0, p], %[[RMn]][p]) -> [m0, p] map sub_exp(pass_through)
// CHECK:     %[[SLD:.*]] = edge.einsum "SLD" (%[[SLN]][m0, p]) -> [p] reduce [m0] add(union)
// CHECK:     %[[SLNV:.*]] = edge.einsum "SLNV" (%[[SLN]][m0, p], %[[bv]][f, m0]) -> [f, p] map mul(isect) reduce [m0] add(union)
// CHECK:     %[[PRM:.*]] = edge.einsum "PRM" (%[[rm]][p], %[[RMn]][p]) -> [p] map sub_exp(pass_through)
// CHECK:     %[[SPD:.*]] = edge.einsum "SPD" (%[[rd]][p], %[[PRM]][p]) -> [p] map mul(isect)
// CHECK:     %[[RDn:.*]] = edge.einsum "RDn" (%[[SLD]][p], %[[SPD]][p]) -> [p] map add(union)
// CHECK:     %[[SPNV:.*]] = edge.einsum "SPNV" (%[[rnv]][f, p], %[[PRM]][p]) -> [f, p] map mul(isect)
// CHECK:     %[[RNVn:.*]] = edge.einsum "RNVn" (%[[SLNV]][f, p], %[[SPNV]][f, p]) -> [f, p] map add(union)
// CHECK:     edge.yield %[[RMn]], %[[RDn]], %[[RNVn]] : tensor<128xf32>, tensor<128xf32>, tensor<64x128xf32>
// CHECK:   }
// CHECK:   %[[AV:.*]] = edge.einsum "AV" (%[[RNV]][f, p], %[[RD]][p]) -> [f, p] map div(take_right)
// CHECK:   edge.return %[[AV]]
