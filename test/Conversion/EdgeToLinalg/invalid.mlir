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

edge.cascade @isect_reduce(%A: tensor<4x4xf32>) -> (R: tensor<4xf32>) {
  // expected-error @below {{cannot be lowered: reduce merge operator 'isect' is not supported (only union)}}
  %R = edge.einsum "R" (%A[m, n]) -> [m] reduce [n] add(isect) : (tensor<4x4xf32>) -> tensor<4xf32>
  edge.return %R : tensor<4xf32>
}

// -----

edge.cascade @no_identity(%A: tensor<4x4xf32>) -> (R: tensor<4xf32>) {
  // expected-error @below {{cannot be lowered: reduce operator 'take_left' has no identity to start the reduction from}}
  %R = edge.einsum "R" (%A[m, n]) -> [m] reduce [n] take_left(union) : (tensor<4x4xf32>) -> tensor<4xf32>
  edge.return %R : tensor<4xf32>
}

// -----

func.func @dynamic(%A: tensor<?x4xf32>) -> tensor<4xf32> {
  // expected-error @below {{cannot be lowered: dynamic shapes are not supported}}
  %R = edge.einsum "R" (%A[n, m]) -> [m] reduce [n] add(union) : (tensor<?x4xf32>) -> tensor<4xf32>
  return %R : tensor<4xf32>
}
