// Constructs that the reference interpreter does not define, for
// edge-run-npy-errors.mlir.

func.func @doubled(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %a, %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
