// unsplit(split(X)) in front of a sum over m, with a tail (250 = 3 x 64 + 58).
edge.cascade @unsplit_split(%X: tensor<250x16xf32>) -> (Y: tensor<16xf32>) {
  %B = edge.split %X dim 0 tile 64 : tensor<250x16xf32> -> tensor<4x64x16xf32>
  %U = edge.unsplit %B dim 0 : tensor<4x64x16xf32> -> tensor<250x16xf32>
  %Y = edge.einsum "Y" (%U[m, p]) -> [p] reduce [m] add(union)
         : (tensor<250x16xf32>) -> tensor<16xf32>
  edge.return %Y : tensor<16xf32>
}
