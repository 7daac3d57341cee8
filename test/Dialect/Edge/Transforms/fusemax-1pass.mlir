// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-1pass="tile=48" | FileCheck %s --check-prefix=CAUSAL
// RUN: edge-opt %edge_src_root/examples/attention-3pass-batched.mlir --fusemax-1pass | FileCheck %s --check-prefix=BATCHED

/// Cascade 4 -> Cascade 5 (eqs. 39-56): one iteration over m1 with running
/// max RM, running numerator RNV and running denominator RD; K and V are
/// split and sliced per tile; nothing of size M x P remains; the division
/// comes after the iteration (eq. 55).
// CHECK-LABEL: edge.cascade @attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<64x128xf32>, %[[K:.*]]: tensor<64x256xf32>, %[[V:.*]]: tensor<64x256xf32>)
// CHECK-DAG:     %[[BV:.*]] = edge.split %[[V]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// CHECK-DAG:     %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// CHECK-DAG:     %[[RM0:.*]] = edge.fill -inf : tensor<128xf32>
// CHECK-DAG:     %[[RNV0:.*]] = edge.fill 0.0 : tensor<64x128xf32>
// CHECK-DAG:     %[[RD0:.*]] = edge.fill 0.0 : tensor<128xf32>
// CHECK:         %[[RMF:.*]], %[[RNVF:.*]], %[[RDF:.*]] = edge.iterate m1 until m1 >= 4
// CHECK-SAME:      slices(%[[bk:.*]] = %[[BK]][1] : tensor<64x4x64xf32>, %[[bv:.*]] = %[[BV]][1] : tensor<64x4x64xf32>)
// CHECK-SAME:      init(%[[rm:.*]] = %[[RM0]] : tensor<128xf32>, %[[rnv:.*]] = %[[RNV0]] : tensor<64x128xf32>, %[[rd:.*]] = %[[RD0]] : tensor<128xf32>)
// CHECK-NEXT:      %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[bk]][e, m0]) -> [m0, p] map mul(isect) reduce [e] add(union) : (tensor<64x128xf32>, tensor<64x64xf32>) -> tensor<64x128xf32>
// CHECK-NEXT:      %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m0, p]) -> [p] reduce [m0] max(union)
// CHECK-NEXT:      %[[RM:.*]] = edge.einsum "RM" (%[[rm]][p], %[[LM]][p]) -> [p] map max(union)
// CHECK-NEXT:      %[[PRM:.*]] = edge.einsum "PRM" (%[[rm]][p], %[[RM]][p]) -> [p] map sub_exp(pass_through)
// CHECK-NEXT:      %[[SLN:.*]] = edge.einsum "SLN" (%[[BQK]][m0, p], %[[RM]][p]) -> [m0, p] map sub_exp(pass_through)
// CHECK-NEXT:      %[[SLD:.*]] = edge.einsum "SLD" (%[[SLN]][m0, p]) -> [p] reduce [m0] add(union)
// CHECK-NEXT:      %[[SPD:.*]] = edge.einsum "SPD" (%[[rd]][p], %[[PRM]][p]) -> [p] map mul(isect)
// CHECK-NEXT:      %[[RD:.*]] = edge.einsum "RD" (%[[SLD]][p], %[[SPD]][p]) -> [p] map add(union)
// CHECK-NEXT:      %[[SLNV:.*]] = edge.einsum "SLNV" (%[[SLN]][m0, p], %[[bv]][f, m0]) -> [f, p] map mul(isect) reduce [m0] add(union)
// CHECK-NEXT:      %[[SPNV:.*]] = edge.einsum "SPNV" (%[[rnv]][f, p], %[[PRM]][p]) -> [f, p] map mul(isect)
// CHECK-NEXT:      %[[RNV:.*]] = edge.einsum "RNV" (%[[SLNV]][f, p], %[[SPNV]][f, p]) -> [f, p] map add(union)
// CHECK-NEXT:      edge.yield %[[RM]], %[[RNV]], %[[RD]]
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[AV:.*]] = edge.einsum "AV" (%[[RNVF]][f, p], %[[RDF]][p]) -> [f, p] map div(take_right)
// CHECK-NEXT:    edge.return %[[AV]]
// CHECK-NOT:     tensor<256x128xf32>

/// Causal, with a tile (48) that does not divide M = 128: the causal filter
/// and the tail filter name the iterative rank m1, and the numerator keeps
/// visiting only present logits.
// CAUSAL-LABEL: edge.cascade @causal_attention
// CAUSAL:         edge.iterate m1 until m1 >= 3
// CAUSAL:           edge.einsum "BQK" {{.*}} where m0 + m1*48 <= p, m0 + m1*48 <= 127 reduce [e] add(union)
// CAUSAL:           edge.einsum "SLN" {{.*}} map sub_exp(take_left) where m0 + m1*48 <= 127
// CAUSAL:         edge.einsum "AV"
// CAUSAL-NOT:     tensor<128x128xf32>

/// Batch and heads ride along.
// BATCHED-LABEL: edge.cascade @batched_attention
// BATCHED:         edge.iterate m1 until m1 >= 4 slices(%{{.*}} = %{{.*}}[3] : tensor<2x4x32x4x64xf32>, %{{.*}} = %{{.*}}[3] : tensor<2x4x32x4x64xf32>)
// BATCHED:           edge.einsum "RM" (%{{.*}}[b, h, p], %{{.*}}[b, h, p]) -> [b, h, p] map max(union)
// BATCHED-NOT:     tensor<2x4x256x128xf32>
