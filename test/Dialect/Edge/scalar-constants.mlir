// Scalar constant operands: they print back in their fold position, so the
// printed module parses again and prints the same.
// RUN: edge-opt %s | edge-opt | FileCheck %s
// RUN: edge-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: edge.cascade @scaled
edge.cascade @scaled(%X: tensor<4x8xf32>) -> (Y: tensor<4x8xf32>, Z: tensor<4x8xf32>) {
  // CHECK: %[[Y:.*]] = edge.einsum "Y" (%X[m, p], 0.125) -> [m, p] map mul(isect)
  // CHECK-SAME: : (tensor<4x8xf32>) -> tensor<4x8xf32>
  // GENERIC: constant_positions = array<i64: 1>, constants = [1.250000e-01 : f32]
  %Y = edge.einsum "Y" (%X[m, p], 0.125) -> [m, p] map mul(isect)
         : (tensor<4x8xf32>) -> tensor<4x8xf32>
  /// Constants first, between and last; -inf and a negative value.
  // CHECK: edge.einsum "Z" (-inf, %[[Y]][m, p], -2.5, %X[m, p], 1.0) -> [m, p] map max(union)
  // GENERIC: constant_positions = array<i64: 0, 2, 4>, constants = [0xFF800000 : f32, -2.500000e+00 : f32, 1.000000e+00 : f32]
  %Z = edge.einsum "Z" (-inf, %Y[m, p], -2.5, %X[m, p], 1.0) -> [m, p]
         map max(union) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  edge.return %Y, %Z : tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: edge.cascade @f64
edge.cascade @f64(%X: tensor<4xf64>) -> (Y: tensor<f64>) {
  /// The constant takes the result's element type.
  // CHECK: edge.einsum "Y" (%X[m], 3.0) -> [] map sub(take_left) reduce [m] add(union)
  // GENERIC: constants = [3.000000e+00]
  %Y = edge.einsum "Y" (%X[m], 3.0) -> [] map sub(take_left)
         reduce [m] add(union) : (tensor<4xf64>) -> tensor<f64>
  edge.return %Y : tensor<f64>
}
