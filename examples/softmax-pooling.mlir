// Softmax (attention) pooling: each of the B sets of M items X[f, m, b] is
// pooled into one vector, weighted by the softmax over the items of a
// learned scoring vector W[f]:
//   S[m, b] = sum_f W[f] X[f, m, b]
//   O[f, b] = sum_m softmax_m(S[m, b]) X[f, m, b]
edge.cascade @softmax_pooling(%X: tensor<32x100x16xf32>, %W: tensor<32xf32>)
    -> (O: tensor<32x16xf32>) {
  %S = edge.einsum "S" (%W[f], %X[f, m, b]) -> [m, b]
         map mul(isect) reduce [f] add(union)
         : (tensor<32xf32>, tensor<32x100x16xf32>)
  %GM = edge.einsum "GM" (%S[m, b]) -> [b] reduce [m] max(union)
          : (tensor<100x16xf32>)
  %SN = edge.einsum "SN" (%S[m, b], %GM[b]) -> [m, b] map sub_exp(take_left)
          : (tensor<100x16xf32>, tensor<16xf32>)
  %SD = edge.einsum "SD" (%SN[m, b]) -> [b] reduce [m] add(union)
          : (tensor<100x16xf32>)
  %SNX = edge.einsum "SNX" (%SN[m, b], %X[f, m, b]) -> [f, b]
           map mul(isect) reduce [m] add(union)
           : (tensor<100x16xf32>, tensor<32x100x16xf32>)
  %O = edge.einsum "O" (%SNX[f, b], %SD[b]) -> [f, b] map div(take_right)
         : (tensor<32x16xf32>, tensor<16xf32>)
  edge.return %O : tensor<32x16xf32>
}
