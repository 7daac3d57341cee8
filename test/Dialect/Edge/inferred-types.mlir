// An einsum's result type may be left out: `: (<operand types>)` alone. It
// is inferred from the extents of the output ranks and the operands'
// element type, and always printed, so printed modules parse again.
// RUN: edge-opt %s | FileCheck %s
// RUN: edge-opt %s | edge-opt | FileCheck %s

// CHECK-LABEL: edge.cascade @attention
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>)
    -> (SN: tensor<256x128xf32>) {
  // CHECK: edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union)
  // CHECK-SAME: : (tensor<64x128xf32>, tensor<64x256xf32>) -> tensor<256x128xf32>
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x256xf32>)
  // CHECK: edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
  // CHECK-SAME: : (tensor<256x128xf32>) -> tensor<128xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  /// A scalar constant and an empty value take the inferred element type.
  // CHECK: edge.einsum "SQK" (%QK[m, p], 0.125) -> [m, p] map mul(isect) empty 0.0
  // CHECK-SAME: : (tensor<256x128xf32>) -> tensor<256x128xf32>
  %SQK = edge.einsum "SQK" (%QK[m, p], 0.125) -> [m, p] map mul(isect) empty 0.0
           : (tensor<256x128xf32>)
  // CHECK: edge.einsum "SN" (%SQK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
  // CHECK-SAME: : (tensor<256x128xf32>, tensor<128xf32>) -> tensor<256x128xf32>
  %SN = edge.einsum "SN" (%SQK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<256x128xf32>, tensor<128xf32>)
  edge.return %SN : tensor<256x128xf32>
}

// CHECK-LABEL: func.func @dynamic_and_grouped
func.func @dynamic_and_grouped(%Q: tensor<8x?x4xf64>, %K: tensor<8x2x16xf64>) {
  /// A dynamic extent stays dynamic; a rank that is also read through a
  /// division takes its extent from its bare occurrence.
  // CHECK: edge.einsum (%{{.*}}[e, h, p], %{{.*}}[e, h floordiv 2, m]) -> [h, m, p]
  // CHECK-SAME: -> tensor<?x16x4xf64>
  %S = edge.einsum (%Q[e, h, p], %K[e, h floordiv 2, m]) -> [h, m, p]
         map mul(isect) reduce [e] add(union)
         : (tensor<8x?x4xf64>, tensor<8x2x16xf64>)
  return
}
