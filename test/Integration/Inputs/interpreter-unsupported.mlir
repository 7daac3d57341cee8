// Constructs that the reference interpreter does not define, for
// edge-run-npy-errors.mlir.

edge.cascade @first_of_fiber(%X: tensor<4x3xf32>) -> (F: tensor<3xf32>) {
  %F = edge.einsum "F" (%X[m, p]) -> [p] reduce [m] take_left(take_left)
         : (tensor<4x3xf32>) -> tensor<3xf32>
  edge.return %F : tensor<3xf32>
}

func.func @doubled(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %a, %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
