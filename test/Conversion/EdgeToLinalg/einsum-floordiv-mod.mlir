// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// Grouped-query heads: `h floordiv 2` with h < 5 stays within K's 3 heads,
/// so the read has no bounds check (the range of a floordiv is exact).
// CHECK-DAG: #[[HALF:.*]] = affine_map<(d0) -> (d0 floordiv 2)>
// CHECK-LABEL: func.func @grouped_in_range
// CHECK-SAME:    (%[[Q:.*]]: tensor<8x5xf32>, %[[K:.*]]: tensor<8x3xf32>)
// CHECK:         %[[E:.*]] = linalg.index 0 : index
// CHECK-NEXT:    %[[H:.*]] = linalg.index 1 : index
// CHECK-NEXT:    %[[G:.*]] = affine.apply #[[HALF]](%[[H]])
// CHECK-NEXT:    %[[KV:.*]] = tensor.extract %[[K]][%[[E]], %[[G]]] : tensor<8x3xf32>
// CHECK-NEXT:    arith.mulf %{{.*}}, %[[KV]] : f32
// CHECK-NOT:     arith.select
// CHECK:         return
edge.cascade @grouped_in_range(%Q: tensor<8x5xf32>, %K: tensor<8x3xf32>)
    -> (S: tensor<5xf32>) {
  %S = edge.einsum "S" (%Q[e, h], %K[e, h floordiv 2]) -> [h]
         map mul(isect) reduce [e] add(union)
         : (tensor<8x5xf32>, tensor<8x3xf32>) -> tensor<5xf32>
  edge.return %S : tensor<5xf32>
}

// -----

/// With 2 heads of K, h = 4 reads head 2, past the end: only the upper
/// bound (1 - h floordiv 2 >= 0) is checked, the lower one holds everywhere.
// CHECK-DAG: #[[UPPER:.*]] = affine_map<(d0) -> (-(d0 floordiv 2) + 1)>
// CHECK-LABEL: func.func @grouped_tail
// CHECK:         %[[H:.*]] = linalg.index 1 : index
// CHECK-NEXT:    %[[U:.*]] = affine.apply #[[UPPER]](%[[H]])
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[IN:.*]] = arith.cmpi sge, %[[U]], %[[ZERO]] : index
// CHECK-NOT:     arith.cmpi
// CHECK:         tensor.extract
// CHECK:         arith.select %[[IN]]
// CHECK:         return
edge.cascade @grouped_tail(%Q: tensor<8x5xf32>, %K: tensor<8x2xf32>)
    -> (S: tensor<5xf32>) {
  %S = edge.einsum "S" (%Q[e, h], %K[e, h floordiv 2]) -> [h]
         map mul(isect) reduce [e] add(union)
         : (tensor<8x5xf32>, tensor<8x2xf32>) -> tensor<5xf32>
  edge.return %S : tensor<5xf32>
}

// -----

/// `m mod 4` always lies in [0, 4): no bounds check, and the result is
/// present everywhere (no mask, no select).
// CHECK-DAG: #[[MOD:.*]] = affine_map<(d0) -> (d0 mod 4)>
// CHECK-LABEL: func.func @periodic
// CHECK:         affine.apply #[[MOD]]
// CHECK-NOT:     arith.select
// CHECK:         return
edge.cascade @periodic(%X: tensor<4x8xf32>, %W: tensor<10x8xf32>)
    -> (Y: tensor<10x8xf32>) {
  %Y = edge.einsum "Y" (%X[m mod 4, p], %W[m, p]) -> [m, p]
         map mul(isect) : (tensor<4x8xf32>, tensor<10x8xf32>) -> tensor<10x8xf32>
  edge.return %Y : tensor<10x8xf32>
}

// -----

/// `m mod 4 + 1` reaches 4 on a dimension of 4: the upper bound is checked.
// CHECK-LABEL: func.func @periodic_shifted
// CHECK:         arith.cmpi sge
// CHECK:         arith.select
// CHECK:         return
edge.cascade @periodic_shifted(%X: tensor<4x8xf32>, %W: tensor<10x8xf32>)
    -> (Y: tensor<10x8xf32>) {
  %Y = edge.einsum "Y" (%X[m mod 4 + 1, p], %W[m, p]) -> [m, p]
         map mul(isect) : (tensor<4x8xf32>, tensor<10x8xf32>) -> tensor<10x8xf32>
  edge.return %Y : tensor<10x8xf32>
}
