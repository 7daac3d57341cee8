// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// A sum of products over a reduced rank with all operands present is a
/// contraction: projected-permutation maps and a body of exactly mulf + addf
/// (what linalg::isaContractionOpInterface, and so upstream tiling and
/// vectorization to vector.contract, recognize). No presence logic.
// CHECK-DAG:   #[[MQ:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[MQK:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func @contract
// CHECK-SAME:    (%[[Q:.*]]: tensor<8x16xf32>, %[[K:.*]]: tensor<8x32xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK:         linalg.generic {indexing_maps = [#[[MQ]], #[[MK]], #[[MQK]]], iterator_types = ["reduction", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[Q]], %[[K]] : tensor<8x16xf32>, tensor<8x32xf32>) outs(%[[INIT]] : tensor<32x16xf32>)
// CHECK-NEXT:    ^bb0(%[[IQ:.*]]: f32, %[[IK:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:      %[[MUL:.*]] = arith.mulf %[[IQ]], %[[IK]] : f32
// CHECK-NEXT:      %[[ADD:.*]] = arith.addf %[[OUT]], %[[MUL]] : f32
// CHECK-NEXT:      linalg.yield %[[ADD]] : f32
// CHECK-NEXT:    } -> tensor<32x16xf32>
edge.cascade @contract(%Q: tensor<8x16xf32>, %K: tensor<8x32xf32>) -> (QK: tensor<32x16xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<8x16xf32>, tensor<8x32xf32>) -> tensor<32x16xf32>
  edge.return %QK : tensor<32x16xf32>
}

// -----

/// Batch ranks are parallel loops of the same contraction.
// CHECK-LABEL: func.func @batched
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "reduction", "parallel", "parallel"]
// CHECK-NEXT:    ^bb0(%[[IQ:.*]]: f32, %[[IK:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:      %[[MUL:.*]] = arith.mulf %[[IQ]], %[[IK]] : f32
// CHECK-NEXT:      %[[ADD:.*]] = arith.addf %[[OUT]], %[[MUL]] : f32
// CHECK-NEXT:      linalg.yield %[[ADD]] : f32
edge.cascade @batched(%Q: tensor<2x8x16xf32>, %K: tensor<2x8x32xf32>) -> (QK: tensor<2x32x16xf32>) {
  %QK = edge.einsum "QK" (%Q[b, e, p], %K[b, e, m]) -> [b, m, p] map mul(isect) reduce [e] add(union) : (tensor<2x8x16xf32>, tensor<2x8x32xf32>) -> tensor<2x32x16xf32>
  edge.return %QK : tensor<2x32x16xf32>
}

// -----

/// Inside an iteration, a tile of a split without a tail is all present: the
/// per-tile QK is still a plain contraction on the slice.
// CHECK-LABEL: func.func @tile_contract
// CHECK:         scf.for
// CHECK:           %[[BK:.*]] = tensor.collapse_shape
// CHECK:           linalg.generic
// CHECK-SAME:        ins(%{{.*}}, %[[BK]] : tensor<8x16xf32>, tensor<8x64xf32>)
// CHECK-NEXT:      ^bb0(%[[IQ:.*]]: f32, %[[IK:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:        %[[MUL:.*]] = arith.mulf %[[IQ]], %[[IK]] : f32
// CHECK-NEXT:        %[[ADD:.*]] = arith.addf %[[OUT]], %[[MUL]] : f32
// CHECK-NEXT:        linalg.yield %[[ADD]] : f32
edge.cascade @tile_contract(%Q: tensor<8x16xf32>, %K: tensor<8x256xf32>) -> (R: tensor<64x16xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<8x256xf32> -> tensor<8x4x64xf32>
  %R0 = edge.fill 0.0 : tensor<64x16xf32>
  %R = edge.iterate m1 until m1 >= 4 slices(%bk = %BK[1] : tensor<8x4x64xf32>) init(%r = %R0 : tensor<64x16xf32>) -> (tensor<64x16xf32>) {
    %S = edge.einsum "S" (%Q[e, p], %bk[e, m0]) -> [m0, p] map mul(isect) reduce [e] add(union) : (tensor<8x16xf32>, tensor<8x64xf32>) -> tensor<64x16xf32>
    %N = edge.einsum "N" (%r[m0, p], %S[m0, p]) -> [m0, p] map add(union) : (tensor<64x16xf32>, tensor<64x16xf32>) -> tensor<64x16xf32>
    edge.yield %N : tensor<64x16xf32>
  }
  edge.return %R : tensor<64x16xf32>
}

// -----

/// negative_: a split with a tail makes the tile's K absent past the end, so
/// the product is guarded (not a contraction, and it must not be one: the
/// tail would otherwise add products of the padding).
// CHECK-LABEL: func.func @negative_tail_contract
// CHECK:         linalg.generic
// CHECK:           linalg.index
// CHECK:           %[[IN:.*]] = arith.cmpi sge
// CHECK:           arith.mulf
// CHECK:           %[[ADD:.*]] = arith.addf
// CHECK:           arith.select %[[IN]], %[[ADD]]
edge.cascade @negative_tail_contract(%Q: tensor<8x16xf32>, %K: tensor<8x250xf32>) -> (S: tensor<4x64x16xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
  %S = edge.einsum "S" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p] map mul(isect) reduce [e] add(union) : (tensor<8x16xf32>, tensor<8x4x64xf32>) -> tensor<4x64x16xf32>
  edge.return %S : tensor<4x64x16xf32>
}
