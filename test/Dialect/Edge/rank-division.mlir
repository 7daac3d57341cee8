// floordiv and mod in rank expressions and filters print back in the
// syntax they are written in, so the printed module parses and prints the
// same again.
// RUN: edge-opt %s | edge-opt | FileCheck %s
// RUN: edge-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: edge.cascade @grouped
edge.cascade @grouped(%Q: tensor<4x8x6xf32>, %K: tensor<4x4x6xf32>)
    -> (S: tensor<8x6x6xf32>, T: tensor<8x6x6x4xf32>) {
  // CHECK: edge.einsum "S" (%Q[e, h, p], %K[e, h floordiv 2, m]) -> [h, m, p]
  // GENERIC: affine_map<(d0, d1, d2, d3) -> (d0, d1 floordiv 2, d3)>
  %S = edge.einsum "S" (%Q[e, h, p], %K[e, h floordiv 2, m]) -> [h, m, p]
         map mul(isect) reduce [e] add(union)
         : (tensor<4x8x6xf32>, tensor<4x4x6xf32>) -> tensor<8x6x6xf32>
  /// A compound dividend is parenthesized; a term with a coefficient too.
  // CHECK: edge.einsum "T" (%S[h, m, p], %K[e, (h + p) mod 4, m floordiv 2 + 1]) -> [h, m, p, e]
  // CHECK-SAME: where h mod 2 <= p, m floordiv 3 <= (p mod 3)*2
  %T = edge.einsum "T" (%S[h, m, p], %K[e, (h + p) mod 4, m floordiv 2 + 1])
         -> [h, m, p, e] map mul(union)
         where h mod 2 <= p, -(m floordiv 3) + 2*(p mod 3) >= 0
         : (tensor<8x6x6xf32>, tensor<4x4x6xf32>) -> tensor<8x6x6x4xf32>
  edge.return %S, %T : tensor<8x6x6xf32>, tensor<8x6x6x4xf32>
}

// CHECK-LABEL: edge.cascade @nested
edge.cascade @nested(%X: tensor<4xf32>, %W: tensor<16xf32>) -> (V: tensor<16xf32>) {
  /// A leading negative division keeps its parentheses, and so does a
  /// division of a division.
  // CHECK: edge.einsum "Y" (%X[-(m floordiv 4) + 3], %W[m]) -> [m]
  %Y = edge.einsum "Y" (%X[3 - m floordiv 4], %W[m]) -> [m] map mul(isect)
         : (tensor<4xf32>, tensor<16xf32>) -> tensor<16xf32>
  // CHECK: edge.einsum "Z" (%X[(m floordiv 2) floordiv 2], %Y[m]) -> [m]
  %Z = edge.einsum "Z" (%X[(m floordiv 2) floordiv 2], %Y[m]) -> [m]
         map mul(isect) : (tensor<4xf32>, tensor<16xf32>) -> tensor<16xf32>
  /// Coefficients on both sides of a division multiply.
  // CHECK: edge.einsum "V" (%X[(m floordiv 8)*2 + 1], %Z[m]) -> [m]
  %V = edge.einsum "V" (%X[2*(m floordiv 8)*1 + 1], %Z[m]) -> [m]
         map mul(isect) : (tensor<4xf32>, tensor<16xf32>)
  edge.return %V : tensor<16xf32>
}
