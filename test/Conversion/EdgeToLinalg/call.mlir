// RUN: edge-opt %s --convert-edge-to-linalg | FileCheck %s
// RUN: edge-opt %s --convert-edge-to-linalg --inline --symbol-dce | FileCheck %s --check-prefix=INLINED

/// edge.call becomes func.call of the cascade's function, which keeps the
/// cascade's visibility: a private one dissolves into its caller.
// CHECK-LABEL: func.func private @scale(
// CHECK-SAME: llvm.emit_c_interface
// CHECK-LABEL: func.func @caller(
// CHECK: %[[Z:.*]] = call @scale(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[Z]]

// INLINED-NOT: @scale
// INLINED-LABEL: func.func @caller(
// INLINED-NOT: call
// INLINED: linalg.generic
// INLINED-NOT: call
edge.cascade @scale(%A: tensor<4xf32>, %B: tensor<4xf32>) -> (Z: tensor<4xf32>)
    attributes {sym_visibility = "private"} {
  %Z = edge.einsum "Z" (%A[i], %B[i]) -> [i] map mul(isect)
         : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  edge.return %Z : tensor<4xf32>
}
func.func @caller(%A: tensor<4xf32>, %B: tensor<4xf32>) -> tensor<4xf32> {
  %Z = edge.call @scale(%A, %B) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %Z : tensor<4xf32>
}
