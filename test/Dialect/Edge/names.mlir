// RUN: edge-opt %s | edge-opt | FileCheck %s
//
// Every character the verifier allows in a name (letters, digits, '_', '$',
// '.') prints back to text that parses to the same names.

// CHECK-LABEL: edge.cascade @names(%in.put_1: tensor<4x4xf32>) -> (out$put.2: tensor<4xf32>)
// CHECK: edge.einsum "S" (%in.put_1[_m.0, p$1]) -> [p$1] reduce [_m.0] add(union)
edge.cascade @names(%in.put_1: tensor<4x4xf32>) -> (out$put.2: tensor<4xf32>) {
  %S = edge.einsum "S" (%in.put_1[_m.0, p$1]) -> [p$1] reduce [_m.0] add(union) : (tensor<4x4xf32>) -> tensor<4xf32>
  edge.return %S : tensor<4xf32>
}
