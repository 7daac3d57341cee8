// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// An unsplit collapses the tile dims and drops the tail (extract_slice);
/// unsplitting a split restores all-present data: no predicate remains.
// CHECK-LABEL: func.func @unsplit_tail
// CHECK:         %[[BX:.*]] = tensor.expand_shape
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[BX]] {{\[}}[0], [1, 2]] : tensor<4x2x3xf32> into tensor<4x6xf32>
// CHECK:         %[[U:.*]] = tensor.extract_slice %[[C]][0, 0] [4, 4] [1, 1] : tensor<4x6xf32> to tensor<4x4xf32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[U]] : tensor<4x4xf32>)
// CHECK-NOT:       linalg.index
// CHECK:           math.exp
// CHECK-NOT:       arith.select
// CHECK:           linalg.yield
edge.cascade @unsplit_tail(%X: tensor<4x4xf32>) -> (T: tensor<4x4xf32>) {
  %S = edge.split %X dim 1 tile 3 : tensor<4x4xf32> -> tensor<4x2x3xf32>
  %U = edge.unsplit %S dim 1 : tensor<4x2x3xf32> -> tensor<4x4xf32>
  %T = edge.einsum "T" (%U[m, n]) -> [m, n] apply [exp] : (tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %T : tensor<4x4xf32>
}

// -----

/// The mask of a masked value is unsplit the same way.
// CHECK-LABEL: func.func @unsplit_mask
// CHECK:         %[[Z:.*]]:2 = linalg.generic
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[Z]]#0
// CHECK:         %[[EM:.*]] = tensor.expand_shape %[[Z]]#1
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[E]]
// CHECK:         %[[CM:.*]] = tensor.collapse_shape %[[EM]] {{\[}}[0], [1, 2]] : tensor<4x2x2xi8> into tensor<4x4xi8>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[C]], %[[CM]] : tensor<4x4xf32>, tensor<4x4xi8>)
edge.cascade @unsplit_mask(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (T: tensor<4x4xf32>) {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %S = edge.split %Z dim 1 tile 2 : tensor<4x4xf32> -> tensor<4x2x2xf32>
  %U = edge.unsplit %S dim 1 : tensor<4x2x2xf32> -> tensor<4x4xf32>
  %T = edge.einsum "T" (%U[m, n]) -> [m, n] apply [exp] : (tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %T : tensor<4x4xf32>
}
