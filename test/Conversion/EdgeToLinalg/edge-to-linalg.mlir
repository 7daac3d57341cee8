// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg --canonicalize --cse | FileCheck %s

/// A cascade becomes a C-callable func; a contraction over all-present
/// operands is a plain linalg.generic (no presence logic), its reduction
/// starts from the result's empty value (0 for add).
// CHECK-LABEL: func.func @gemm
// CHECK-SAME:    (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4x16xf32>) -> tensor<8x16xf32>
// CHECK-SAME:    llvm.emit_c_interface
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK:         %[[Z:.*]] = linalg.generic
// CHECK-SAME:      iterator_types = ["reduction", "parallel", "parallel"]
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x16xf32>) outs(%[[INIT]] : tensor<8x16xf32>)
// CHECK-NEXT:    ^bb0(%[[IA:.*]]: f32, %[[IB:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:      %[[MUL:.*]] = arith.mulf %[[IA]], %[[IB]] : f32
// CHECK-NEXT:      %[[ADD:.*]] = arith.addf %[[OUT]], %[[MUL]] : f32
// CHECK-NEXT:      linalg.yield %[[ADD]] : f32
// CHECK:         return %[[Z]] : tensor<8x16xf32>
edge.cascade @gemm(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>) -> (Z: tensor<8x16xf32>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n] map mul(isect) reduce [k] add(union) : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
  edge.return %Z : tensor<8x16xf32>
}

// -----

/// A split with a tail pads with the empty value and keeps M1 x M0 as two
/// dims; the max over the tile then skips the tail: the predicate
/// 249 - (m1*64 + m0) >= 0 guards the combine, so the tail does not fake a
/// logit of 0. No mask is needed for the split itself (affine predicate).
// CHECK-LABEL: func.func @split_tail
// CHECK:         %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0] high[0, 6]
// CHECK:         %[[BK:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2]] output_shape [8, 4, 64] : tensor<8x256xf32> into tensor<8x4x64xf32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[BK]] : tensor<8x4x64xf32>)
// CHECK:           %[[M1:.*]] = linalg.index 1 : index
// CHECK:           %[[M0:.*]] = linalg.index 2 : index
// CHECK:           %[[R:.*]] = affine.apply #{{.*}}()[%[[M1]], %[[M0]]]
// CHECK:           %[[IN:.*]] = arith.cmpi sge, %[[R]], %{{.*}} : index
// CHECK:           %[[MAX:.*]] = arith.maximumf
// CHECK:           arith.select %[[IN]], %[[MAX]], %{{.*}} : f32
edge.cascade @split_tail(%K: tensor<8x250xf32>) -> (LM: tensor<8x4xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
  %LM = edge.einsum "LM" (%BK[e, m1, m0]) -> [e, m1] reduce [m0] max(union) : (tensor<8x4x64xf32>) -> tensor<8x4xf32>
  edge.return %LM : tensor<8x4xf32>
}

// -----

/// A filter on a reduced rank: the result's presence is an `or` over the
/// visited points, computed as an i1 mask next to the value (second output).
/// With `k < n` the column n = 0 has no visited point, so presence really
/// varies (with `k <= n` every column has k = 0 and no mask is made: see
/// einsum-reduction.mlir).
// CHECK-LABEL: func.func @filter_reduced
// CHECK:         %{{.*}}:2 = linalg.generic
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<4x4xf32>, tensor<4x4xi8>)
// CHECK:           %[[V:.*]] = arith.cmpi sge
// CHECK:           arith.select %[[V]]
// CHECK:           %[[VB:.*]] = arith.extui %[[V]] : i1 to i8
// CHECK:           arith.ori %{{.*}}, %[[VB]] : i8
// CHECK:           linalg.yield %{{.*}}, %{{.*}} : f32, i8
edge.cascade @filter_reduced(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> (Z: tensor<4x4xf32>) {
  %Z = edge.einsum (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %Z : tensor<4x4xf32>
}

// -----

/// Causal QK (filter on kept ranks) has an affine presence m <= p, so the
/// numerator sub_exp(take_left) selects on the same predicate and no mask is
/// materialized anywhere.
// CHECK-LABEL: func.func @causal_numerator
// CHECK-NOT:     tensor<4x4xi8>
// CHECK:         linalg.generic
// CHECK:         linalg.generic
// CHECK:           %[[P:.*]] = arith.cmpi sge
// CHECK:           %[[E:.*]] = math.exp
// CHECK:           arith.select %[[P]], %[[E]], %{{.*}} : f32
// CHECK-NOT:     tensor<4x4xi8>
// CHECK:         return
edge.cascade @causal_numerator(%Q: tensor<2x4xf32>, %K: tensor<2x4xf32>, %GM: tensor<4xf32>) -> (SN: tensor<4x4xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) where m <= p reduce [e] add(union) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(take_left) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  edge.return %SN : tensor<4x4xf32>
}

// -----

/// An index expression that can leave the operand is clamped (no read past
/// the end) and the operand is absent there: its empty value (0) is used.
// CHECK-LABEL: func.func @gather
// CHECK:         linalg.generic
// CHECK:           %[[IN:.*]] = arith.cmpi sge
// CHECK:           %[[LO:.*]] = arith.maxsi
// CHECK:           %[[I:.*]] = arith.minsi %[[LO]], %{{.*}} : index
// CHECK:           %[[X:.*]] = tensor.extract %{{.*}}[%{{.*}}, %[[I]]] : tensor<8x250xf32>
// CHECK:           arith.select %[[IN]], %[[X]], %{{.*}} : f32
edge.cascade @gather(%K: tensor<8x250xf32>) -> (BK: tensor<8x4x64xf32>) {
  %BK = edge.einsum "BK" (%K[e, m1*64 + m0]) -> [e, m1, m0] : (tensor<8x250xf32>) -> tensor<8x4x64xf32>
  edge.return %BK : tensor<8x4x64xf32>
}

// -----

/// Merge tables other than the usual ones are applied bit by bit: xor visits
/// points where exactly one operand is present. B is all present, so xor
/// visits exactly the tail of BK: the tail predicate is negated (249 - m < 0).
// CHECK-LABEL: func.func @xor_merge
// CHECK:         linalg.generic
// CHECK:           %[[TAIL:.*]] = arith.cmpi slt
// CHECK:           arith.select %[[TAIL]]
edge.cascade @xor_merge(%K: tensor<8x250xf32>, %B: tensor<8x4x64xf32>) -> (Z: tensor<8x4x64xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
  %Z = edge.einsum (%BK[e, m1, m0], %B[e, m1, m0]) -> [e, m1, m0] map add(xor) : (tensor<8x4x64xf32>, tensor<8x4x64xf32>) -> tensor<8x4x64xf32>
  edge.return %Z : tensor<8x4x64xf32>
}

// -----

/// An iteration is an scf.for over the iterative rank; slices are
/// extract_slices at the induction variable, collapsed to drop exactly the
/// sliced dimension (a rank-reducing slice is ambiguous when other extents
/// are 1); the induction variable also stands for the rank in filters
/// (symbol m1).
// CHECK-LABEL: func.func @iterate
// CHECK:         scf.for %[[IV:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<4xf32>)
// CHECK:           %[[SLICE:.*]] = tensor.extract_slice %{{.*}}[0, %[[IV]], 0] [8, 1, 16] [1, 1, 1] : tensor<8x3x16xf32> to tensor<8x1x16xf32>
// CHECK:           tensor.collapse_shape %[[SLICE]] {{\[}}[0], [1, 2]] : tensor<8x1x16xf32> into tensor<8x16xf32>
// CHECK:           linalg.generic
// CHECK:             affine.apply #{{.*}}(){{\[}}%[[IV]]
// CHECK:           scf.yield
edge.cascade @iterate(%Q: tensor<8x4xf32>, %BK: tensor<8x3x16xf32>) -> (R: tensor<4xf32>) {
  %R0 = edge.fill 0.0 : tensor<4xf32>
  %R = edge.iterate m1 until m1 >= 3 slices(%bk = %BK[1] : tensor<8x3x16xf32>) init(%r = %R0 : tensor<4xf32>) -> (tensor<4xf32>) {
    %S = edge.einsum "S" (%Q[e, p], %bk[e, m0]) -> [m0, p] map mul(isect) where m1*16 + m0 <= p reduce [e] add(union) : (tensor<8x4xf32>, tensor<8x16xf32>) -> tensor<16x4xf32>
    %T = edge.einsum "T" (%S[m0, p]) -> [p] reduce [m0] add(union) : (tensor<16x4xf32>) -> tensor<4xf32>
    %N = edge.einsum "N" (%r[p], %T[p]) -> [p] map add(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    edge.yield %N : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}
