// Unit extents next to the iterated rank: batch 1 and a single tile
// (M = 31 < tile 32), so the sliced tensor is 1 x E x 1 x M0. Slicing must
// drop exactly the iterated dimension.
//
// RUN: edge-opt %s --fusemax-1pass=tile=32 | FileCheck %s --check-prefix=IR
// RUN: edge-opt %s --fusemax-1pass=tile=32 | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass=tile=1 | edge-run - --compare-with=%s | FileCheck %s

// IR: edge.iterate m1 until m1 >= 1 slices(%{{.*}} = %{{.*}}[2] : tensor<1x8x1x32xf32>
// CHECK: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @c(%Q: tensor<1x8x33xf32>, %K: tensor<1x8x31xf32>, %V: tensor<1x8x31xf32>) -> (AV: tensor<1x8x33xf32>) {
  %QK = edge.einsum "QK" (%Q[b, e, p], %K[b, e, m]) -> [b, m, p] map mul(isect) reduce [e] add(union) : (tensor<1x8x33xf32>, tensor<1x8x31xf32>) -> tensor<1x31x33xf32>
  %GM = edge.einsum "GM" (%QK[b, m, p]) -> [b, p] reduce [m] max(union) : (tensor<1x31x33xf32>) -> tensor<1x33xf32>
  %SN = edge.einsum "SN" (%QK[b, m, p], %GM[b, p]) -> [b, m, p] map sub_exp(pass_through) : (tensor<1x31x33xf32>, tensor<1x33xf32>) -> tensor<1x31x33xf32>
  %SD = edge.einsum "SD" (%SN[b, m, p]) -> [b, p] reduce [m] add(union) : (tensor<1x31x33xf32>) -> tensor<1x33xf32>
  %A = edge.einsum "A" (%SN[b, m, p], %SD[b, p]) -> [b, m, p] map div(take_right) : (tensor<1x31x33xf32>, tensor<1x33xf32>) -> tensor<1x31x33xf32>
  %AV = edge.einsum "AV" (%A[b, m, p], %V[b, f, m]) -> [b, f, p] map mul(isect) reduce [m] add(union) : (tensor<1x31x33xf32>, tensor<1x8x31xf32>) -> tensor<1x8x33xf32>
  edge.return %AV : tensor<1x8x33xf32>
}
