// A consumer of the maximum that does not rebase: (QK - GM)^2 (a variance
// needs running state beyond one factor). The 1-pass derivation refuses.
edge.cascade @variance_like(%Q: tensor<8x8xf32>, %K: tensor<8x16xf32>) -> (SD: tensor<8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<16x8xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<16x8xf32>) -> tensor<8xf32>
  %SQ = edge.einsum "SQ" (%QK[m, p], %GM[p]) -> [m, p] map sub(pass_through) apply [square] : (tensor<16x8xf32>, tensor<8xf32>) -> tensor<16x8xf32>
  %SD = edge.einsum "SD" (%SQ[m, p]) -> [p] reduce [m] add(union) : (tensor<16x8xf32>) -> tensor<8xf32>
  edge.return %SD : tensor<8xf32>
}
