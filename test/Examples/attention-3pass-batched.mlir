// RUN: edge-opt %edge_src_root/examples/attention-3pass-batched.mlir | edge-opt | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass-batched.mlir -mlir-print-op-generic | edge-opt | FileCheck %s

/// Batch and heads are ordinary ranks carried by every einsum.
// CHECK-LABEL: edge.cascade @batched_attention
// CHECK:   %[[QK:.*]] = edge.einsum "QK" (%{{.*}}[b, h, e, p], %{{.*}}[b, h, e, m]) -> [b, h, m, p] map mul(isect) reduce [e] add(union)
// CHECK:   %[[GM:.*]] = edge.einsum "GM" (%[[QK]][b, h, m, p]) -> [b, h, p] reduce [m] max(union)
// CHECK:   edge.einsum "SN" (%[[QK]][b, h, m, p], %[[GM]][b, h, p]) -> [b, h, m, p] map sub_exp(pass_through)
// CHECK:   edge.einsum "AV" (%{{.*}}[b, h, m, p], %{{.*}}[b, h, f, m]) -> [b, h, f, p] map mul(isect) reduce [m] add(union)
// CHECK-SAME: -> tensor<2x4x32x128xf32>
