// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg -verify-diagnostics

/// A compound output index (S[i+1] = ...) is not supported by the lowering.
edge.cascade @shifted_output(%A: tensor<16x16xf32>) -> (S: tensor<17xf32>) {
  // expected-error @below {{'edge.einsum' op cannot be lowered: output index expression 'i + 1' is not a rank used once}}
  %S = edge.einsum "S" (%A[k, i]) -> [i + 1] where k <= i reduce [k] add(union) : (tensor<16x16xf32>) -> tensor<17xf32>
  edge.return %S : tensor<17xf32>
}

// -----

/// A diagonal output [m, m] is not supported either.
edge.cascade @diagonal(%A: tensor<4x4xf32>) -> (D: tensor<4x4xf32>) {
  // expected-error @below {{cannot be lowered: output index expression 'm' is not a rank used once}}
  %D = edge.einsum "D" (%A[m, n]) -> [m, m] reduce [n] add(union) : (tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %D : tensor<4x4xf32>
}

// -----

/// Outside a cascade, a run-time extent has no input to come from.
func.func @dynamic(%A: tensor<?x4xf32>) -> tensor<4xf32> {
  // expected-error @below {{cannot be lowered: the run-time extent of rank 'n' is not the extent of a cascade input}}
  %R = edge.einsum "R" (%A[n, m]) -> [m] reduce [n] add(union) : (tensor<?x4xf32>) -> tensor<4xf32>
  return %R : tensor<4xf32>
}

// -----

/// A fill has no operand to take a run-time extent from.
func.func @dynamic_fill() -> tensor<?xf32> {
  // expected-error @below {{'edge.fill' op cannot be lowered: dynamic shapes are not supported, got 'tensor<?xf32>'}}
  %F = edge.fill 0.0 : tensor<?xf32>
  return %F : tensor<?xf32>
}

// -----

/// The facts are checked before the conversion starts: the error on the
/// second einsum is the only diagnostic (no "failed to legalize" from the
/// conversion driver on top of it).
edge.cascade @first_fine(%A: tensor<4x4xf32>) -> (R: tensor<4x4xf32>) {
  %S = edge.einsum "S" (%A[m, n]) -> [m] reduce [n] add(union) : (tensor<4x4xf32>) -> tensor<4xf32>
  // expected-error @below {{cannot be lowered: output index expression 'm' is not a rank used once}}
  %R = edge.einsum "R" (%S[m], %A[m, n]) -> [m, m] map add(union) reduce [n] add(union) : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %R : tensor<4x4xf32>
}
