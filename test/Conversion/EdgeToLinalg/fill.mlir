// RUN: edge-opt %s --convert-edge-to-linalg | FileCheck %s

/// A fill is tensor.empty + linalg.fill, all present: its consumer is plain.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%[[E]] : tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[F]], %{{.*}} : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[M:.*]] = arith.maximumf %[[A]], %[[B]] : f32
// CHECK-NEXT:      linalg.yield %[[M]] : f32
// CHECK:         return
edge.cascade @fill(%X: tensor<4x8xf32>) -> (Y: tensor<4x8xf32>) {
  %F = edge.fill -inf : tensor<4x8xf32>
  %Y = edge.einsum "Y" (%F[m, p], %X[m, p]) -> [m, p] map max(union) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  edge.return %Y : tensor<4x8xf32>
}
