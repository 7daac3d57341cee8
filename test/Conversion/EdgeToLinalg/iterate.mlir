// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// An iteration is an scf.for over the iterative rank with the running
/// values as iter_args; the slice of a split with a tail carries the tail
/// predicate with the rank as the induction variable (m1*16 + m0 <= 39), so
/// the tile's max skips it; edge.yield becomes scf.yield.
// CHECK-LABEL: func.func @tail_tiles
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[R:.*]] = scf.for %[[IV:[^ ]+]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4xf32>)
// CHECK:           %[[S:.*]] = tensor.extract_slice %{{.*}}[0, %[[IV]], 0] [4, 1, 16] [1, 1, 1] : tensor<4x3x16xf32> to tensor<4x1x16xf32>
// CHECK:           %[[BK:.*]] = tensor.collapse_shape %[[S]] {{\[}}[0], [1, 2]] : tensor<4x1x16xf32> into tensor<4x16xf32>
// CHECK:           %[[LM:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[BK]] : tensor<4x16xf32>)
// CHECK:             %[[M0:.*]] = linalg.index 1 : index
// CHECK:             %[[T:.*]] = affine.apply #{{.*}}(%[[M0]])[%[[IV]]]
// CHECK:             arith.cmpi sge, %[[T]]
// CHECK:           %[[N:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[ACC]], %[[LM]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:           scf.yield %[[N]] : tensor<4xf32>
// CHECK:         return %[[R]] : tensor<4xf32>
edge.cascade @tail_tiles(%K: tensor<4x40xf32>) -> (R: tensor<4xf32>) {
  %BK = edge.split %K dim 1 tile 16 : tensor<4x40xf32> -> tensor<4x3x16xf32>
  %R0 = edge.fill -inf : tensor<4xf32>
  %R = edge.iterate m1 until m1 >= 3 slices(%bk = %BK[1] : tensor<4x3x16xf32>) init(%r = %R0 : tensor<4xf32>) -> (tensor<4xf32>) {
    %LM = edge.einsum "LM" (%bk[e, m0]) -> [e] reduce [m0] max(union) : (tensor<4x16xf32>) -> tensor<4xf32>
    %N = edge.einsum "N" (%r[e], %LM[e]) -> [e] map max(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    edge.yield %N : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}

// -----

/// The slice of a value with a mask slices the mask too, at the same
/// induction variable; the body's einsum reads it as a second input.
// CHECK-LABEL: func.func @masked_slices
// CHECK:         %[[Z:.*]]:2 = linalg.generic
// CHECK:         %[[BZ:.*]] = tensor.expand_shape %[[Z]]#0
// CHECK:         %[[BM:.*]] = tensor.expand_shape %[[Z]]#1
// CHECK:         scf.for %[[IV:[^ ]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           %[[S:.*]] = tensor.extract_slice %[[BZ]][0, %[[IV]], 0]
// CHECK:           %[[SZ:.*]] = tensor.collapse_shape %[[S]]
// CHECK:           %[[SM:.*]] = tensor.extract_slice %[[BM]][0, %[[IV]], 0] [4, 1, 2] [1, 1, 1] : tensor<4x2x2xi8> to tensor<4x1x2xi8>
// CHECK:           %[[SMC:.*]] = tensor.collapse_shape %[[SM]]
// CHECK:           linalg.generic
// CHECK-SAME:        ins(%[[SZ]], %[[SMC]] : tensor<4x2xf32>, tensor<4x2xi8>)
// CHECK:           scf.yield
edge.cascade @masked_slices(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (R: tensor<4xf32>) {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %BZ = edge.split %Z dim 1 tile 2 : tensor<4x4xf32> -> tensor<4x2x2xf32>
  %R0 = edge.fill 0.0 : tensor<4xf32>
  %R = edge.iterate n1 until n1 >= 2 slices(%bz = %BZ[1] : tensor<4x2x2xf32>) init(%r = %R0 : tensor<4xf32>) -> (tensor<4xf32>) {
    %T = edge.einsum "T" (%bz[m, n0]) -> [m] reduce [n0] add(union) : (tensor<4x2xf32>) -> tensor<4xf32>
    %N = edge.einsum "N" (%r[m], %T[m]) -> [m] map add(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    edge.yield %N : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}

// -----

/// The rank of the iteration indexes operands as the induction variable:
/// K[e, m1*16 + m0] is read with tensor.extract at m1*16 + m0, and needs no
/// clamp when the bounds prove it in range (3 tiles of 16 in 48 columns).
// CHECK-LABEL: func.func @rank_in_index
// CHECK:         scf.for %[[IV:[^ ]+]] =
// CHECK:           linalg.generic
// CHECK:             %[[M0:.*]] = linalg.index 1 : index
// CHECK:             %[[I:.*]] = affine.apply #{{.*}}(%[[M0]])[%[[IV]]]
// CHECK-NOT:         arith.minsi
// CHECK:             tensor.extract %{{.*}}[%{{.*}}, %[[I]]] : tensor<4x48xf32>
// CHECK-NOT:         arith.select
// CHECK:             linalg.yield
edge.cascade @rank_in_index(%K: tensor<4x48xf32>) -> (R: tensor<4xf32>) {
  %R0 = edge.fill 0.0 : tensor<4xf32>
  %R = edge.iterate m1 until m1 >= 3 init(%r = %R0 : tensor<4xf32>) -> (tensor<4xf32>) {
    %T = edge.einsum "T" (%K[e, m1*16 + m0], %r[e]) -> [e, m0] map add(isect) : (tensor<4x48xf32>, tensor<4xf32>) -> tensor<4x16xf32>
    %S = edge.einsum "S" (%T[e, m0]) -> [e] reduce [m0] add(union) : (tensor<4x16xf32>) -> tensor<4xf32>
    edge.yield %S : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}
