// RUN: edge-opt %s -split-input-file -edge-split-rank="rank=m tile=8" | FileCheck %s
// RUN: edge-opt %s -split-input-file -edge-split-rank="rank=m tile=8 remarks=true" -verify-diagnostics -o /dev/null

/// M = 32, tile 8: inputs are split, intermediates are produced split, the
/// reduction over m becomes one over (m1, m0), and the filter sees
/// m = m1*8 + m0. No tail: no tail filter.
// CHECK-LABEL: edge.cascade @split
// CHECK-SAME:    (%[[Q:.*]]: tensor<4x16xf32>, %[[K:.*]]: tensor<4x32xf32>)
// CHECK:         %[[BK:.*]] = edge.split %[[K]] dim 1 tile 8 : tensor<4x32xf32> -> tensor<4x4x8xf32>
// CHECK:         %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) where m1*8 + m0 <= p reduce [e] add(union) : (tensor<4x16xf32>, tensor<4x4x8xf32>) -> tensor<4x8x16xf32>
// CHECK:         %[[GM:.*]] = edge.einsum "GM" (%[[BQK]][m1, m0, p]) -> [p] reduce [m1, m0] max(union) : (tensor<4x8x16xf32>) -> tensor<16xf32>
// CHECK:         edge.return %[[GM]]
edge.cascade @split(%Q: tensor<4x16xf32>, %K: tensor<4x32xf32>) -> (GM: tensor<16xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) where m <= p reduce [e] add(union) : (tensor<4x16xf32>, tensor<4x32xf32>) -> tensor<32x16xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<32x16xf32>) -> tensor<16xf32>
  edge.return %GM : tensor<16xf32>
}

// -----

/// M = 30 is not a multiple of 8: 4 tiles, and every rewritten einsum
/// filters out the two missing points of the last tile. A split tensor that
/// leaves the region is unsplit again.
// CHECK-LABEL: edge.cascade @tail
// CHECK:         %[[BX:.*]] = edge.split %{{.*}} dim 0 tile 8 : tensor<30x5xf32> -> tensor<4x8x5xf32>
// CHECK:         %[[BE:.*]] = edge.einsum "BE" (%[[BX]][m1, m0, p]) -> [m1, m0, p] apply [exp] where m1*8 + m0 <= 29 : (tensor<4x8x5xf32>) -> tensor<4x8x5xf32>
// CHECK:         %[[E:.*]] = edge.unsplit %[[BE]] dim 0 : tensor<4x8x5xf32> -> tensor<30x5xf32>
// CHECK:         %[[S:.*]] = edge.einsum "S" (%[[BE]][m1, m0, p]) -> [p] where m1*8 + m0 <= 29 reduce [m1, m0] add(union) : (tensor<4x8x5xf32>) -> tensor<5xf32>
// CHECK:         edge.return %[[S]], %[[E]]
edge.cascade @tail(%X: tensor<30x5xf32>) -> (S: tensor<5xf32>, E: tensor<30x5xf32>) {
  %E = edge.einsum "E" (%X[m, p]) -> [m, p] apply [exp] : (tensor<30x5xf32>) -> tensor<30x5xf32>
  %S = edge.einsum "S" (%E[m, p]) -> [p] reduce [m] add(union) : (tensor<30x5xf32>) -> tensor<5xf32>
  edge.return %S, %E : tensor<5xf32>, tensor<30x5xf32>
}

// -----

/// negative_: m is read through a compound expression; splitting it would
/// need the index arithmetic to be rewritten, so the cascade is left alone.
// CHECK-LABEL: edge.cascade @negative_compound
// CHECK-NOT:     edge.split
// CHECK:         edge.einsum "Y" (%{{.*}}[m + 1, p], %{{.*}}[m, p]) -> [m, p]
edge.cascade @negative_compound(%X: tensor<33x5xf32>, %Z: tensor<32x5xf32>) -> (Y: tensor<32x5xf32>) {
  // expected-remark @+1 {{edge-split-rank: rank 'm' occurs in a compound or repeated index expression}}
  %Y = edge.einsum "Y" (%X[m + 1, p], %Z[m, p]) -> [m, p] map add(union) : (tensor<33x5xf32>, tensor<32x5xf32>) -> tensor<32x5xf32>
  edge.return %Y : tensor<32x5xf32>
}

// -----

/// negative_: the new rank names are taken.
// CHECK-LABEL: edge.cascade @negative_names_taken
// CHECK-NOT:     edge.split
edge.cascade @negative_names_taken(%X: tensor<32x4xf32>) -> (Y: tensor<4xf32>) {
  // expected-remark @+1 {{edge-split-rank: rank names 'm1'/'m0' are already used}}
  %Y = edge.einsum "Y" (%X[m, m1]) -> [m1] reduce [m] add(union) : (tensor<32x4xf32>) -> tensor<4xf32>
  edge.return %Y : tensor<4xf32>
}
