// 3-pass attention with a scale and a key-padding mask (docs/Notation.md,
// "Masks"): Valid[m] is false for padded keys. edge.mask makes K empty at
// those keys, so QK = Q x K (mul(isect)) is empty there, the maximum and
// the sum over keys skip them, and a query whose keys are all padded gets
// an empty row: AV[:, p] = 0.
//   M = 256 keys/values, P = 128 queries, E = 64 (Q/K), F = 64 (V).
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                        %V: tensor<64x256xf32>, %Valid: tensor<256xi1>)
    -> (AV: tensor<64x128xf32>) {
  // K[e, m] where Valid[m]
  %KV = edge.mask %K where %Valid dims [1] : tensor<64x256xf32>, tensor<256xi1>
  %QK = edge.einsum "QK" (%Q[e, p], %KV[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x256xf32>)
  // S = QK / sqrt(E)
  %S = edge.einsum "S" (%QK[m, p], 0.125) -> [m, p] map mul(isect)
         : (tensor<256x128xf32>)
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  // take_left: a padded key (S empty, holding 0) has no numerator.
  %SN = edge.einsum "SN" (%S[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<256x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<256x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<256x128xf32>, tensor<64x256xf32>)
  edge.return %AV : tensor<64x128xf32>
}
