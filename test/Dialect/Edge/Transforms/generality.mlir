// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | FileCheck %s

/// Nothing in the steps is specific to attention: softmax pooling over a
/// rank n (scores S[n, c], values X[n, d, c]) with differently named tensors
/// has the same algebra and becomes a 1-pass iteration over n1.
// CHECK-LABEL: edge.cascade @softmax_pool
// CHECK:         %[[RM:.*]], %[[RZ:.*]], %[[RY:.*]] = edge.iterate n1 until n1 >= 3
// CHECK:           edge.einsum "RM" (%{{.*}}[c], %{{.*}}[c]) -> [c] map max(union)
// CHECK:           edge.einsum "PRM" (%{{.*}}[c], %{{.*}}[c]) -> [c] map sub_exp(pass_through)
// CHECK:           edge.yield
// CHECK:         edge.einsum "Y" (%{{.*}}[d, c], %{{.*}}[c]) -> [d, c] map div(take_right)
edge.cascade @softmax_pool(%S: tensor<10x5xf32>, %X: tensor<10x3x5xf32>) -> (Y: tensor<3x5xf32>) {
  %GM = edge.einsum "GM" (%S[n, c]) -> [c] reduce [n] max(union) : (tensor<10x5xf32>) -> tensor<5xf32>
  %W = edge.einsum "W" (%S[n, c], %GM[c]) -> [n, c] map sub_exp(pass_through) : (tensor<10x5xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  %Z = edge.einsum "Z" (%W[n, c]) -> [c] reduce [n] add(union) : (tensor<10x5xf32>) -> tensor<5xf32>
  %P = edge.einsum "P" (%W[n, c], %Z[c]) -> [n, c] map div(take_right) : (tensor<10x5xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  %Y = edge.einsum "Y" (%P[n, c], %X[n, d, c]) -> [d, c] map mul(isect) reduce [n] add(union) : (tensor<10x5xf32>, tensor<10x3x5xf32>) -> tensor<3x5xf32>
  edge.return %Y : tensor<3x5xf32>
}
