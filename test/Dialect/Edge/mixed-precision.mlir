// Operands of another float type than the result (mixed precision): they
// are converted to the result's type; the inferred result type is the
// widest operand type.
// RUN: edge-opt %s | edge-opt | FileCheck %s

// CHECK-LABEL: edge.cascade @bf16_inputs
// CHECK:         edge.einsum "QK" (%{{.*}}[e, p], %{{.*}}[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<4x2xbf16>, tensor<4x3xbf16>) -> tensor<3x2xf32>
// CHECK:         edge.einsum "AV" (%{{.*}}[m, p], %{{.*}}[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<3x2xf32>, tensor<5x3xbf16>) -> tensor<5x2xf32>
// CHECK:         edge.einsum "H" (%{{.*}}[e, p], %{{.*}}[e, p]) -> [e, p] map add(union) : (tensor<4x2xbf16>, tensor<4x2xf16>) -> tensor<4x2xbf16>
edge.cascade @bf16_inputs(%Q: tensor<4x2xbf16>, %K: tensor<4x3xbf16>,
                          %V: tensor<5x3xbf16>, %R: tensor<4x2xf16>)
    -> (AV: tensor<5x2xf32>, H: tensor<4x2xbf16>) {
  // The result type states the accumulation.
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x2xbf16>, tensor<4x3xbf16>) -> tensor<3x2xf32>
  // Inferred: f32, the wider of f32 and bf16.
  %AV = edge.einsum "AV" (%QK[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<3x2xf32>, tensor<5x3xbf16>)
  // Equally wide: the first operand's type.
  %H = edge.einsum "H" (%Q[e, p], %R[e, p]) -> [e, p] map add(union)
         : (tensor<4x2xbf16>, tensor<4x2xf16>)
  edge.return %AV, %H : tensor<5x2xf32>, tensor<4x2xbf16>
}
