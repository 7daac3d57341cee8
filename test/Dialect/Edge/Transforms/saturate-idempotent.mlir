// RUN: edge-opt --edge-saturate %edge_src_root/examples/attention-1pass.mlir | FileCheck %s
// RUN: edge-opt --edge-saturate %s | FileCheck %s --check-prefix=PLAIN

/// A 1-pass cascade (with an edge.iterate) is imported as it is and kept.
// CHECK: edge.iterate m1 until m1 >= 4
// CHECK-NOT: edge.iterate

/// negative_: a matmul has no barrier to remove; it is left as it was.
// PLAIN-LABEL: edge.cascade @negative_matmul
// PLAIN-NEXT: edge.einsum "Z" (%{{.*}}[k, m], %{{.*}}[k, n]) -> [m, n] map mul(isect) reduce [k] add(union)
// PLAIN-NEXT: edge.return
edge.cascade @negative_matmul(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>)
    -> (Z: tensor<8x16xf32>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
         map mul(isect) reduce [k] add(union)
         : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
  edge.return %Z : tensor<8x16xf32>
}
