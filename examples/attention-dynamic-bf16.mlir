// Attention with a key length known at run time only: K, V and the
// key-padding mask have M = `?` keys, named by `sizes(M = K[1])`. bf16
// inputs accumulated in f32, a scale and the mask, as in
// attention-masked-bf16.mlir. `--fusemax-1pass=nan-empty-rows` derives it
// to 1 pass over ceildiv(M, 64) tiles (`until m1 >= ?`); the tail of the
// last tile is bounded by `M` in the filters. `edge-run --dims M=1000`
// runs it (docs/Language.md, Dynamic sizes).
//   M = ? keys/values, P = 128 queries, E = 64 (Q/K), F = 64 (V).
edge.cascade @attention(%Q: tensor<64x128xbf16>, %K: tensor<64x?xbf16>,
                        %V: tensor<64x?xbf16>, %Valid: tensor<?xi1>)
    -> (AV: tensor<64x128xf32>) sizes(M = K[1]) {
  %KV = edge.mask %K where %Valid dims [1]
          : tensor<64x?xbf16>, tensor<?xi1>
  %QK = edge.einsum "QK" (%Q[e, p], %KV[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xbf16>, tensor<64x?xbf16>) -> tensor<?x128xf32>
  %S = edge.einsum "S" (%QK[m, p], 0.125) -> [m, p] map mul(isect)
         : (tensor<?x128xf32>)
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<?x128xf32>)
  %SN = edge.einsum "SN" (%S[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<?x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<?x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<?x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x128xf32>, tensor<64x?xbf16>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
