// Attention as people write it: bf16 inputs accumulated in f32, a scale and
// a key-padding mask. An einsum reads operands of another float type
// converted to its result's (here Q, K and V in bf16, QK and AV in f32).
// `--fusemax-1pass=nan-empty-rows` derives it to 1 pass
// (docs/Notation.md, Masks and Types).
//   M = 256 keys/values, P = 128 queries, E = 64 (Q/K), F = 64 (V).
edge.cascade @attention(%Q: tensor<64x128xbf16>, %K: tensor<64x256xbf16>,
                        %V: tensor<64x256xbf16>, %Valid: tensor<256xi1>)
    -> (AV: tensor<64x128xf32>) {
  %KV = edge.mask %K where %Valid dims [1]
          : tensor<64x256xbf16>, tensor<256xi1>
  // Accumulated in f32: the result type says so.
  %QK = edge.einsum "QK" (%Q[e, p], %KV[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xbf16>, tensor<64x256xbf16>) -> tensor<256x128xf32>
  %S = edge.einsum "S" (%QK[m, p], 0.125) -> [m, p] map mul(isect)
         : (tensor<256x128xf32>)
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  %SN = edge.einsum "SN" (%S[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<256x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<256x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<256x128xf32>, tensor<64x256xbf16>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
