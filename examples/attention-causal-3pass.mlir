// Causal 3-pass attention: Cascade 4 with the filter m <= p on QK.
// M = P = 128, E = F = 64.
//
// Masked points of QK are *empty* (the filter is false there). QK's empty
// value is 0, the identity of its sum over e, so the numerator uses
// sub_exp(take_left): it visits only points where QK is present, and the
// masked points of SN stay empty (0). sub_exp(pass_through) would compute
// e^(0 - GM) there, which is not causal attention.
edge.cascade @causal_attention(%Q: tensor<64x128xf32>, %K: tensor<64x128xf32>,
                               %V: tensor<64x128xf32>)
    -> (AV: tensor<64x128xf32>) {
  // QK[m,p] = Q[e,p] x K[e,m] :: m <= p
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) where m <= p reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<128x128xf32>
  // GM[p] = QK[m,p] :: \/_m max(union)       (skips the empty points)
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<128x128xf32>) -> tensor<128xf32>
  // SN[m,p] = e^(QK[m,p] - GM[p]) where QK is present
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(take_left)
          : (tensor<128x128xf32>, tensor<128xf32>) -> tensor<128x128xf32>
  // SD[p] = SN[m,p]
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<128x128xf32>) -> tensor<128xf32>
  // A[m,p] = SN[m,p] / SD[p]
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<128x128xf32>, tensor<128xf32>) -> tensor<128x128xf32>
  // AV[f,p] = A[m,p] x V[f,m]
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<128x128xf32>, tensor<64x128xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
