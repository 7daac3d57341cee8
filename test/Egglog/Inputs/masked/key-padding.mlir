// A key-padding mask (with dims) and a mask of the tensor's shape, for the
// egglog round trip of edge.mask and of i1 inputs (round-trip.mlir).
edge.cascade @key_padding(%Q: tensor<16x8xbf16>, %K: tensor<16x32xbf16>,
                          %Valid: tensor<32xi1>, %Allowed: tensor<32x8xi1>)
    -> (GM: tensor<8xf32>) {
  %KV = edge.mask %K where %Valid dims [1] : tensor<16x32xbf16>, tensor<32xi1>
  %QK = edge.einsum "QK" (%Q[e, p], %KV[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xbf16>, tensor<16x32xbf16>) -> tensor<32x8xf32>
  %S = edge.mask %QK where %Allowed : tensor<32x8xf32>, tensor<32x8xi1>
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>)
  edge.return %GM : tensor<8xf32>
}
