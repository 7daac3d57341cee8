// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-2pass | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-2pass="tile=48" | FileCheck %s --check-prefix=CAUSAL

/// Cascade 4 -> the tiled 2-pass cascade: local max LM per tile, local
/// numerator SLN and denominator SLD against it, the global max GM (the one
/// barrier left), then the correction PRM applied in the outer sums.
// CHECK-LABEL: edge.cascade @attention
// CHECK-DAG:     %[[BV:.*]] = edge.split %{{.*}} dim 1 tile 64
// CHECK-DAG:     %[[BK:.*]] = edge.split %{{.*}} dim 1 tile 64
// CHECK:         %[[BQK:.*]] = edge.einsum "BQK" (%{{.*}}[e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) reduce [e] add(union)
// CHECK:         %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m1, m0, p]) -> [m1, p] reduce [m0] max(union)
// CHECK:         %[[GM:.*]] = edge.einsum "GM" (%[[LM]][m1, p]) -> [p] reduce [m1] max(union)
// CHECK:         %[[SLN:.*]] = edge.einsum "SLN" (%[[BQK]][m1, m0, p], %[[LM]][m1, p]) -> [m1, m0, p] map sub_exp(pass_through)
// CHECK:         %[[PRM:.*]] = edge.einsum "PRM" (%[[LM]][m1, p], %[[GM]][p]) -> [m1, p] map sub_exp(pass_through)
// CHECK:         %[[SLD:.*]] = edge.einsum "SLD" (%[[SLN]][m1, m0, p]) -> [m1, p] reduce [m0] add(union)
// CHECK:         %[[SD:.*]] = edge.einsum "SD" (%[[SLD]][m1, p], %[[PRM]][m1, p]) -> [p] map mul(isect) reduce [m1] add(union)
// CHECK:         %[[SLNV:.*]] = edge.einsum "SLNV" (%[[SLN]][m1, m0, p], %[[BV]][f, m1, m0]) -> [m1, f, p] map mul(isect) reduce [m0] add(union)
// CHECK:         %[[SNV:.*]] = edge.einsum "SNV" (%[[SLNV]][m1, f, p], %[[PRM]][m1, p]) -> [f, p] map mul(isect) reduce [m1] add(union)
// CHECK:         %[[AV:.*]] = edge.einsum "AV" (%[[SNV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right)
// CHECK:         edge.return %[[AV]]

// CAUSAL-LABEL: edge.cascade @causal_attention
// CAUSAL:         edge.einsum "BQK" {{.*}} where m1*48 + m0 <= p, m1*48 + m0 <= 127
// CAUSAL:         edge.einsum "SLN" {{.*}} map sub_exp(take_left) where m1*48 + m0 <= 127
// CAUSAL:         edge.einsum "PRM"
// CAUSAL-NOT:     edge.iterate
