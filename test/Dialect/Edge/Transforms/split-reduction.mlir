// RUN: edge-opt %s -split-input-file -edge-split-reduction | FileCheck %s
// RUN: edge-opt %s -split-input-file -edge-split-reduction=remarks=true -verify-diagnostics -o /dev/null

/// max over (m1, m0) = max over m1 of the per-tile max over m0; sums too.
// CHECK-LABEL: edge.cascade @local_global
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8x16xf32>)
// CHECK:         %[[LM:.*]] = edge.einsum "LM" (%[[X]][m1, m0, p]) -> [m1, p] where m1*8 + m0 <= 29 reduce [m0] max(union) : (tensor<4x8x16xf32>) -> tensor<4x16xf32>
// CHECK:         %[[GM:.*]] = edge.einsum "GM" (%[[LM]][m1, p]) -> [p] reduce [m1] max(union) : (tensor<4x16xf32>) -> tensor<16xf32>
// CHECK:         %[[SLD:.*]] = edge.einsum "SLD" (%[[X]][m1, m0, p]) -> [m1, p] where m1*8 + m0 <= 29 reduce [m0] add(union)
// CHECK:         %[[SD:.*]] = edge.einsum "SD" (%[[SLD]][m1, p]) -> [p] reduce [m1] add(union)
// CHECK:         edge.return %[[GM]], %[[SD]]
edge.cascade @local_global(%X: tensor<4x8x16xf32>) -> (GM: tensor<16xf32>, SD: tensor<16xf32>) {
  %GM = edge.einsum "GM" (%X[m1, m0, p]) -> [p] where m1*8 + m0 <= 29 reduce [m1, m0] max(union) : (tensor<4x8x16xf32>) -> tensor<16xf32>
  %SD = edge.einsum "SD" (%X[m1, m0, p]) -> [p] where m1*8 + m0 <= 29 reduce [m1, m0] add(union) : (tensor<4x8x16xf32>) -> tensor<16xf32>
  edge.return %GM, %SD : tensor<16xf32>, tensor<16xf32>
}

// -----

/// A reduction over more ranks keeps the others local.
// CHECK-LABEL: edge.cascade @more_ranks
// CHECK:         %[[L:.*]] = edge.einsum "LZ" (%{{.*}}[e, m1, m0], %{{.*}}[e, m1, m0]) -> [m1] map mul(isect) reduce [e, m0] add(union) : (tensor<3x4x8xf32>, tensor<3x4x8xf32>) -> tensor<4xf32>
// CHECK:         edge.einsum "Z" (%[[L]][m1]) -> [] reduce [m1] add(union) : (tensor<4xf32>) -> tensor<f32>
edge.cascade @more_ranks(%A: tensor<3x4x8xf32>, %B: tensor<3x4x8xf32>) -> (Z: tensor<f32>) {
  %Z = edge.einsum "Z" (%A[e, m1, m0], %B[e, m1, m0]) -> [] map mul(isect) reduce [e, m1, m0] add(union) : (tensor<3x4x8xf32>, tensor<3x4x8xf32>) -> tensor<f32>
  edge.return %Z : tensor<f32>
}

// -----

/// negative_: only the inner rank is reduced; nothing to split.
// CHECK-LABEL: edge.cascade @negative_inner_only
// CHECK:         reduce [m0] add(union)
edge.cascade @negative_inner_only(%X: tensor<4x8xf32>) -> (S: tensor<4xf32>) {
  // expected-remark @+1 {{edge-split-reduction: does not reduce both 'm1' and 'm0'}}
  %S = edge.einsum "S" (%X[m1, m0]) -> [m1] reduce [m0] add(union) : (tensor<4x8xf32>) -> tensor<4xf32>
  edge.return %S : tensor<4xf32>
}
