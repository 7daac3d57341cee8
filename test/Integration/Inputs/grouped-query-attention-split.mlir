// The references of ../grouped-query-attention.mlir, with no floordiv or
// mod: the heads are iterated as pairs (g, j), query head g*2 + j reading
// K/V head g, and the result's (g, j) dimensions are unsplit into heads
// (dropping the sixth pair, past the five query heads). Likewise the
// periodic read X[m mod 4] is X[m0] with m = m1*4 + m0.
edge.cascade @gqa(%Q: tensor<8x5x8xf32>, %K: tensor<8x3x16xf32>,
                  %V: tensor<8x3x16xf32>) -> (AV: tensor<8x5x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, g*2 + j, p], %K[e, g, m]) -> [g, j, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<8x5x8xf32>, tensor<8x3x16xf32>) -> tensor<3x2x16x8xf32>
  %GM = edge.einsum "GM" (%QK[g, j, m, p]) -> [g, j, p] reduce [m] max(union)
          : (tensor<3x2x16x8xf32>) -> tensor<3x2x8xf32>
  %SN = edge.einsum "SN" (%QK[g, j, m, p], %GM[g, j, p]) -> [g, j, m, p]
          map sub_exp(take_left)
          : (tensor<3x2x16x8xf32>, tensor<3x2x8xf32>) -> tensor<3x2x16x8xf32>
  %SD = edge.einsum "SD" (%SN[g, j, m, p]) -> [g, j, p] reduce [m] add(union)
          : (tensor<3x2x16x8xf32>) -> tensor<3x2x8xf32>
  %A = edge.einsum "A" (%SN[g, j, m, p], %SD[g, j, p]) -> [g, j, m, p]
         map div(take_right)
         : (tensor<3x2x16x8xf32>, tensor<3x2x8xf32>) -> tensor<3x2x16x8xf32>
  %BAV = edge.einsum "BAV" (%A[g, j, m, p], %V[f, g, m]) -> [f, g, j, p]
           map mul(isect) reduce [m] add(union)
           : (tensor<3x2x16x8xf32>, tensor<8x3x16xf32>) -> tensor<8x3x2x8xf32>
  %AV = edge.unsplit %BAV dim 1 : tensor<8x3x2x8xf32> -> tensor<8x5x8xf32>
  edge.return %AV : tensor<8x5x8xf32>
}

edge.cascade @periodic(%X: tensor<4x8xf32>, %W: tensor<10x8xf32>)
    -> (Y: tensor<10x8xf32>) {
  %BY = edge.einsum "BY" (%X[m0, p], %W[m1*4 + m0, p]) -> [m1, m0, p]
          map mul(isect) : (tensor<4x8xf32>, tensor<10x8xf32>) -> tensor<3x4x8xf32>
  %Y = edge.unsplit %BY dim 0 : tensor<3x4x8xf32> -> tensor<10x8xf32>
  edge.return %Y : tensor<10x8xf32>
}
