// Run-time sizes: `sizes(M = K[1])` names a dynamic input dimension, a
// filter may bound points by it (the tail of a dynamic split), and an
// iteration may stop at the run-time extent of its slices (`until m1 >= ?`).
// All of it prints back and round-trips through the generic form.
// RUN: edge-opt %s | edge-opt | FileCheck %s
// RUN: edge-opt %s --mlir-print-op-generic | edge-opt | FileCheck %s

// CHECK-LABEL: edge.cascade @tiles
// CHECK-SAME:    (%[[K:.*]]: tensor<64x?xf32>) -> (R: tensor<64xf32>) sizes(M = K[1])
// CHECK:         %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64 : tensor<64x?xf32> -> tensor<64x?x64xf32>
// CHECK:         edge.iterate m1 until m1 >= ? slices(%{{.*}} = %[[BK]][1] : tensor<64x?x64xf32>)
// CHECK:           edge.einsum "L" (%{{.*}}[e, m0]) -> [e] where m0 + m1*64 + 1 <= M reduce [m0] max(union)
edge.cascade @tiles(%K: tensor<64x?xf32>) -> (R: tensor<64xf32>)
    sizes(M = K[1]) {
  %BK = edge.split %K dim 1 tile 64 : tensor<64x?xf32> -> tensor<64x?x64xf32>
  %R0 = edge.fill -inf : tensor<64xf32>
  %R = edge.iterate m1 until m1 >= ?
      slices(%bk = %BK[1] : tensor<64x?x64xf32>)
      init(%r = %R0 : tensor<64xf32>) -> (tensor<64xf32>) {
    %L = edge.einsum "L" (%bk[e, m0]) -> [e] where m1*64 + m0 <= M - 1
           reduce [m0] max(union) : (tensor<64x64xf32>) -> tensor<64xf32>
    %N = edge.einsum "N" (%r[e], %L[e]) -> [e] map max(union)
           : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    edge.yield %N : tensor<64xf32>
  }
  edge.return %R : tensor<64xf32>
}
