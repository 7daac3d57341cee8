// sum_m (X x W) written as a product, then its sum (product-fusion).
edge.cascade @product_sum(%X: tensor<32x16xf32>, %W: tensor<32xf32>)
    -> (S: tensor<16xf32>) {
  %P = edge.einsum "P" (%X[m, p], %W[m]) -> [m, p] map mul(isect)
         : (tensor<32x16xf32>, tensor<32xf32>) -> tensor<32x16xf32>
  %S = edge.einsum "S" (%P[m, p]) -> [p] reduce [m] add(union)
         : (tensor<32x16xf32>) -> tensor<16xf32>
  edge.return %S : tensor<16xf32>
}
