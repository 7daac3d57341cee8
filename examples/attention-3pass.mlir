// Cascade 4 of FuseMax (eqs. 33-38): 3-pass attention.
//   M = 256 keys/values, P = 128 queries, E = 64 (Q/K), F = 64 (V).
// The 1/sqrt(E) scale is folded into Q. Pass structure over M:
//   pass 1: QK, GM     pass 2: SN, SD     pass 3: A, AV
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                        %V: tensor<64x256xf32>) -> (AV: tensor<64x128xf32>) {
  // QK[m,p] = Q[e,p] x K[e,m]                                         (33)
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x256xf32>) -> tensor<256x128xf32>
  // GM[p] = QK[m,p] :: \/_m max(union)                                (34)
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>) -> tensor<128xf32>
  // SN[m,p] = e^(QK[m,p] - GM[p])                                     (35)
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through)
          : (tensor<256x128xf32>, tensor<128xf32>) -> tensor<256x128xf32>
  // SD[p] = SN[m,p]                                                   (36)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>) -> tensor<128xf32>
  // A[m,p] = SN[m,p] / SD[p]                                          (37)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<256x128xf32>, tensor<128xf32>) -> tensor<256x128xf32>
  // AV[f,p] = A[m,p] x V[f,m]                                         (38)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<256x128xf32>, tensor<64x256xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
