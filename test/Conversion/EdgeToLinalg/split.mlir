// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// A split with a tail: tensor.pad with the split's empty value, then
/// tensor.expand_shape; the tail is an affine predicate of the consumer
/// (3 - (n1*3 + n0) >= 0), not a mask.
// CHECK-LABEL: func.func @split_tail
// CHECK-SAME:    (%[[X:.*]]: tensor<4x4xf32>)
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0] high[0, 2]
// CHECK:           tensor.yield %[[NINF]] : f32
// CHECK:         } : tensor<4x4xf32> to tensor<4x6xf32>
// CHECK:         %[[BX:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6xf32> into tensor<4x2x3xf32>
// CHECK-NOT:     xi8>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[BX]] : tensor<4x2x3xf32>)
// CHECK:           %[[N1:.*]] = linalg.index 1 : index
// CHECK:           %[[N0:.*]] = linalg.index 2 : index
// CHECK:           %[[R:.*]] = affine.apply #{{.*}}(%[[N1]], %[[N0]])
// CHECK:           arith.cmpi sge, %[[R]]
edge.cascade @split_tail(%X: tensor<4x4xf32>) -> (T: tensor<4x2x3xf32>) {
  %S = edge.split %X dim 1 tile 3 empty -inf : tensor<4x4xf32> -> tensor<4x2x3xf32>
  %T = edge.einsum "T" (%S[m, n1, n0]) -> [m, n1, n0] apply [exp] : (tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  edge.return %T : tensor<4x2x3xf32>
}

// -----

/// A split of a value with a mask splits the mask the same way (padded with
/// false): it travels as the second value to the consumer.
// CHECK-LABEL: func.func @split_mask
// CHECK:         %[[Z:.*]]:2 = linalg.generic
// CHECK:         %[[PAD:.*]] = tensor.pad %[[Z]]#0 low[0, 0] high[0, 2]
// CHECK:         %[[BZ:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6xf32> into tensor<4x2x3xf32>
// CHECK:         %[[FALSE:.*]] = arith.constant 0 : i8
// CHECK:         %[[PADM:.*]] = tensor.pad %[[Z]]#1 low[0, 0] high[0, 2]
// CHECK:           tensor.yield %[[FALSE]] : i8
// CHECK:         %[[BM:.*]] = tensor.expand_shape %[[PADM]] {{\[}}[0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6xi8> into tensor<4x2x3xi8>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[BZ]], %[[BM]] : tensor<4x2x3xf32>, tensor<4x2x3xi8>)
edge.cascade @split_mask(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (T: tensor<4x2x3xf32>) {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %S = edge.split %Z dim 1 tile 3 : tensor<4x4xf32> -> tensor<4x2x3xf32>
  %T = edge.einsum "T" (%S[m, n1, n0]) -> [m, n1, n0] apply [exp] : (tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  edge.return %T : tensor<4x2x3xf32>
}
