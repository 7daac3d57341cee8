// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir -mlir-print-op-generic | edge-opt | FileCheck %s

/// Causal 3-pass attention: the filter m <= p empties QK above the diagonal,
/// and SN visits only points where QK is present (take_left).
// CHECK-LABEL: edge.cascade @causal_attention
// CHECK:   %[[QK:.*]] = edge.einsum "QK" (%{{.*}}[e, p], %{{.*}}[e, m]) -> [m, p] map mul(isect) where m <= p reduce [e] add(union)
// CHECK:   %[[GM:.*]] = edge.einsum "GM" (%[[QK]][m, p]) -> [p] reduce [m] max(union)
// CHECK:   %[[SN:.*]] = edge.einsum "SN" (%[[QK]][m, p], %[[GM]][p]) -> [m, p] map sub_exp(take_left)
// CHECK:   edge.einsum "SD" (%[[SN]][m, p]) -> [p] reduce [m] add(union)
// CHECK:   edge.einsum "AV"
