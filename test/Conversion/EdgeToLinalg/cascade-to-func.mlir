// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// A cascade becomes a C-callable func.func that keeps the paper's names;
/// edge.return becomes func.return of the outputs, in order.
// CHECK-LABEL: func.func @cascade
// CHECK-SAME:    (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK-SAME:    attributes {edge.input_names = ["A", "B"], edge.output_names = ["S", "P"], llvm.emit_c_interface}
// CHECK:         %[[S:.*]] = linalg.generic
// CHECK:         %[[P:.*]] = linalg.generic
// CHECK:         return %[[S]], %[[P]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NOT:     edge.
edge.cascade @cascade(%A: tensor<4xf32>, %B: tensor<4xf32>) -> (S: tensor<4xf32>, P: tensor<4xf32>) {
  %S = edge.einsum "S" (%A[i], %B[i]) -> [i] map add(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %P = edge.einsum "P" (%A[i], %B[i]) -> [i] map mul(isect) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  edge.return %S, %P : tensor<4xf32>, tensor<4xf32>
}

// -----

/// Edge ops in any other op are lowered in place (their inputs are all
/// present); the other ops stay as they are.
// CHECK-LABEL: func.func @in_func
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32>, %[[Y:.*]]: tensor<8xf32>)
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[X]] : tensor<4x8xf32>)
// CHECK:         %[[T:.*]] = tensor.insert %{{.*}} into %[[R]][%{{.*}}] : tensor<8xf32>
// CHECK:         return %[[T]] : tensor<8xf32>
func.func @in_func(%X: tensor<4x8xf32>, %Y: tensor<8xf32>) -> tensor<8xf32> {
  %R = edge.einsum "R" (%X[m, p]) -> [p] reduce [m] add(union) : (tensor<4x8xf32>) -> tensor<8xf32>
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %T = tensor.insert %f into %R[%c0] : tensor<8xf32>
  return %T : tensor<8xf32>
}

// -----

/// An op that is not converted gets the tensor of a value that carries a
/// mask (the source materialization drops the mask: absent points hold the
/// empty value).
// CHECK-LABEL: func.func @masked_into_other_op
// CHECK:         %[[Z:.*]]:2 = linalg.generic
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<4x4xf32>, tensor<4x4xi8>)
// CHECK:         %[[T:.*]] = tensor.insert %{{.*}} into %[[Z]]#0[%{{.*}}, %{{.*}}] : tensor<4x4xf32>
// CHECK:         return %[[T]] : tensor<4x4xf32>
func.func @masked_into_other_op(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %T = tensor.insert %f into %Z[%c0, %c0] : tensor<4x4xf32>
  return %T : tensor<4x4xf32>
}
