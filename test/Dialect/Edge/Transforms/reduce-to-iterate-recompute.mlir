// RUN: edge-opt %s -edge-reduce-to-iterate=recompute=true | FileCheck %s
// RUN: edge-opt %s -edge-reduce-to-iterate | FileCheck %s --check-prefix=DEFAULT

/// A[m1, m0, p] = SN / SD keeps the rank: it needs the final SD at every m1.
/// With recompute, G and SD come from one iteration and A reads SN computed
/// again from the final maximum (2 passes instead of 3).
// CHECK-LABEL: edge.cascade @softmax_tiled
// CHECK:         %[[G:.*]], %[[SD:.*]] = edge.iterate m1 until m1 >= 2
// CHECK:         %[[SN:.*]] = edge.einsum "SN" (%X[m1, m0, p], %[[G]][p]) -> [m1, m0, p] map sub_exp(pass_through)
// CHECK:         %[[A:.*]] = edge.einsum "A" (%[[SN]][m1, m0, p], %[[SD]][p])
// CHECK:         edge.return %[[A]]
// DEFAULT-NOT:   edge.iterate
edge.cascade @softmax_tiled(%X: tensor<2x8x16xf32>) -> (A: tensor<2x8x16xf32>) {
  %LM = edge.einsum "LM" (%X[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%X[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(pass_through) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %A = edge.einsum "A" (%SN[m1, m0, p], %SD[p]) -> [m1, m0, p] map div(take_right) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  edge.return %A : tensor<2x8x16xf32>
}
