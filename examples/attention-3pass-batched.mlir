// Cascade 4 with batch B = 2 and heads H = 4 as extra ranks on every tensor.
// M = 256, P = 128, E = F = 32.
edge.cascade @batched_attention(%Q: tensor<2x4x32x128xf32>,
                                %K: tensor<2x4x32x256xf32>,
                                %V: tensor<2x4x32x256xf32>)
    -> (AV: tensor<2x4x32x128xf32>) {
  %QK = edge.einsum "QK" (%Q[b, h, e, p], %K[b, h, e, m]) -> [b, h, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<2x4x32x128xf32>, tensor<2x4x32x256xf32>)
          -> tensor<2x4x256x128xf32>
  %GM = edge.einsum "GM" (%QK[b, h, m, p]) -> [b, h, p] reduce [m] max(union)
          : (tensor<2x4x256x128xf32>) -> tensor<2x4x128xf32>
  %SN = edge.einsum "SN" (%QK[b, h, m, p], %GM[b, h, p]) -> [b, h, m, p]
          map sub_exp(pass_through)
          : (tensor<2x4x256x128xf32>, tensor<2x4x128xf32>)
          -> tensor<2x4x256x128xf32>
  %SD = edge.einsum "SD" (%SN[b, h, m, p]) -> [b, h, p] reduce [m] add(union)
          : (tensor<2x4x256x128xf32>) -> tensor<2x4x128xf32>
  %A = edge.einsum "A" (%SN[b, h, m, p], %SD[b, h, p]) -> [b, h, m, p]
         map div(take_right)
         : (tensor<2x4x256x128xf32>, tensor<2x4x128xf32>)
         -> tensor<2x4x256x128xf32>
  %AV = edge.einsum "AV" (%A[b, h, m, p], %V[b, h, f, m]) -> [b, h, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<2x4x256x128xf32>, tensor<2x4x32x256xf32>)
          -> tensor<2x4x32x128xf32>
  edge.return %AV : tensor<2x4x32x128xf32>
}
