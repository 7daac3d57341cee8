// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// A reduction over an all-present operand: a plain generic starting from
/// the reduction's identity, no linalg.index, no select.
// CHECK-LABEL: func.func @plain_max
// CHECK-SAME:    (%[[QK:.*]]: tensor<4x8xf32>)
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NINF]] : f32)
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["reduction", "parallel"]
// CHECK-SAME:      ins(%[[QK]] : tensor<4x8xf32>) outs(%[[INIT]] : tensor<8xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:      %[[MAX:.*]] = arith.maximumf %[[OUT]], %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
edge.cascade @plain_max(%QK: tensor<4x8xf32>) -> (GM: tensor<8xf32>) {
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<4x8xf32>) -> tensor<8xf32>
  edge.return %GM : tensor<8xf32>
}

// -----

/// With `k < n`, column n = 0 has no visited point: the presence of Z is not
/// a fact of the bounds, so Z carries an i1 mask (second result, `or` over
/// the visited points), and the mask travels to the consumer as a second
/// input: Y = Z (take_left) is present only where Z is.
// CHECK-LABEL: func.func @mask_travels
// CHECK:         %[[Z:.*]]:2 = linalg.generic
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<4x4xf32>, tensor<4x4xi8>)
// CHECK:           %[[V:.*]] = arith.cmpi sge
// CHECK:           arith.select %[[V]]
// CHECK:           %[[VB:.*]] = arith.extui %[[V]] : i1 to i8
// CHECK:           arith.ori %{{.*}}, %[[VB]] : i8
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[Z]]#0, %[[Z]]#1, %{{.*}} : tensor<4x4xf32>, tensor<4x4xi8>, tensor<4x4xf32>)
// CHECK-NEXT:    ^bb0(%[[IZ:.*]]: f32, %[[MZ:.*]]: i8, %[[IA:.*]]: f32, %{{.*}}: f32, %{{.*}}: i8):
// CHECK:           %[[PZ:.*]] = arith.cmpi ne, %[[MZ]], %{{.*}} : i8
// CHECK:           %[[S:.*]] = arith.addf %[[IZ]], %[[IA]] : f32
// CHECK:           arith.select %[[PZ]], %[[S]], %{{.*}} : f32
edge.cascade @mask_travels(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (Y: tensor<4x4xf32>) {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %Y = edge.einsum "Y" (%Z[m, n], %a[m, n]) -> [m, n] map add(take_left) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %Y : tensor<4x4xf32>
}

// -----

/// With `k <= n` every column has k = 0: the result is present everywhere
/// (Utils/Presence proves it), so there is no mask; the filter still guards
/// the combine.
// CHECK-LABEL: func.func @no_mask_when_full
// CHECK-NOT:     tensor<4x4xi8>
// CHECK:         linalg.generic
// CHECK:           %[[V:.*]] = arith.cmpi sge
// CHECK:           %[[ADD:.*]] = arith.addf
// CHECK:           arith.select %[[V]], %[[ADD]], %{{.*}} : f32
// CHECK-NOT:     tensor<4x4xi8>
// CHECK:         return
edge.cascade @no_mask_when_full(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (Z: tensor<4x4xf32>) {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k <= n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %Z : tensor<4x4xf32>
}

// -----

/// The max over a split tile skips the tail (predicate on linalg.index), and
/// every tile has a present point, so the per-tile max has no mask and its
/// consumer is plain.
// CHECK-LABEL: func.func @tail_reduction
// CHECK-NOT:     xi8>
// CHECK:         linalg.generic
// CHECK:           linalg.index 1 : index
// CHECK:           linalg.index 2 : index
// CHECK:           arith.cmpi sge
// CHECK:           arith.select
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[A]] : f32
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// CHECK-NOT:     xi8>
// CHECK:         return
edge.cascade @tail_reduction(%K: tensor<8x250xf32>) -> (E: tensor<8x4xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
  %LM = edge.einsum "LM" (%BK[e, m1, m0]) -> [e, m1] reduce [m0] max(union) : (tensor<8x4x64xf32>) -> tensor<8x4xf32>
  %E = edge.einsum "E" (%LM[e, m1]) -> [e, m1] apply [exp] : (tensor<8x4xf32>) -> tensor<8x4xf32>
  edge.return %E : tensor<8x4xf32>
}
