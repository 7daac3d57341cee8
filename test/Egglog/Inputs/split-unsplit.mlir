// split(unsplit(Y)) without a tail (256 = 4 x 64), in front of a sum.
edge.cascade @split_unsplit(%X: tensor<4x64x16xf32>) -> (Z: tensor<16xf32>) {
  %Y = edge.einsum "Y" (%X[m1, m0, p]) -> [m1, m0, p] apply [exp]
         : (tensor<4x64x16xf32>) -> tensor<4x64x16xf32>
  %U = edge.unsplit %Y dim 0 : tensor<4x64x16xf32> -> tensor<256x16xf32>
  %S = edge.split %U dim 0 tile 64 : tensor<256x16xf32> -> tensor<4x64x16xf32>
  %Z = edge.einsum "Z" (%S[m1, m0, p]) -> [p] reduce [m1, m0] add(union)
         : (tensor<4x64x16xf32>) -> tensor<16xf32>
  edge.return %Z : tensor<16xf32>
}
