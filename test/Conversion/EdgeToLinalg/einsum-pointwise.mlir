// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// A pointwise map over all-present operands is a plain parallel generic:
/// no linalg.index, no tensor.extract, no select, and the init is not read
/// (tensor.empty, no fill).
// CHECK-LABEL: func.func @pointwise
// CHECK-SAME:    (%[[QK:.*]]: tensor<4x8xf32>, %[[GM:.*]]: tensor<8xf32>)
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NEXT:    linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "parallel"]
// CHECK-SAME:      ins(%[[QK]], %[[GM]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[D:.*]] = arith.subf %[[A]], %[[B]] : f32
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:      %[[N:.*]] = arith.negf %[[E]] : f32
// CHECK-NEXT:      linalg.yield %[[N]] : f32
// CHECK-NEXT:    }
// CHECK-NOT:     linalg.index
// CHECK-NOT:     tensor.extract
// CHECK:         return
edge.cascade @pointwise(%QK: tensor<4x8xf32>, %GM: tensor<8xf32>) -> (SN: tensor<4x8xf32>) {
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through) apply [neg] : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  edge.return %SN : tensor<4x8xf32>
}

// -----

/// A filter that the bounds prove always true (m <= p + 8 with m, p < 4 and
/// 8) and a split without a tail add no predicate: the generics stay plain.
// CHECK-LABEL: func.func @always_present
// CHECK-NOT:     linalg.index
// CHECK-NOT:     arith.cmpi
// CHECK-NOT:     arith.select
// CHECK-NOT:     tensor.pad
// CHECK:         return
edge.cascade @always_present(%A: tensor<4x8xf32>, %K: tensor<4x128xf32>) -> (Z: tensor<4x8xf32>, Y: tensor<4x2x64xf32>) {
  %Z = edge.einsum "Z" (%A[m, p]) -> [m, p] apply [exp] where m <= p + 8 : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %BK = edge.split %K dim 1 tile 64 : tensor<4x128xf32> -> tensor<4x2x64xf32>
  %Y = edge.einsum "Y" (%BK[e, m1, m0], %BK[e, m1, m0]) -> [e, m1, m0] map max(take_left) : (tensor<4x2x64xf32>, tensor<4x2x64xf32>) -> tensor<4x2x64xf32>
  edge.return %Z, %Y : tensor<4x8xf32>, tensor<4x2x64xf32>
}

// -----

/// negative_: a causal filter (m <= p) does vary over the tensor: the map
/// selects on it, with the empty value elsewhere.
// CHECK-LABEL: func.func @negative_causal
// CHECK:         linalg.generic
// CHECK:           %[[E:.*]] = math.exp
// CHECK:           %[[M:.*]] = linalg.index 0 : index
// CHECK:           %[[P:.*]] = linalg.index 1 : index
// CHECK:           %[[D:.*]] = affine.apply #{{.*}}(%[[M]], %[[P]])
// CHECK:           %[[IN:.*]] = arith.cmpi sge, %[[D]]
// CHECK:           arith.select %[[IN]], %[[E]], %{{.*}} : f32
edge.cascade @negative_causal(%A: tensor<4x8xf32>) -> (Z: tensor<4x8xf32>) {
  %Z = edge.einsum "Z" (%A[m, p]) -> [m, p] apply [exp] where m <= p : (tensor<4x8xf32>) -> tensor<4x8xf32>
  edge.return %Z : tensor<4x8xf32>
}
