// RUN: edge-opt %s -split-input-file -verify-diagnostics

func.func @compound_output(%a: tensor<4x6xf32>) {
  // expected-error @+1 {{cannot infer the result type: output index 'i + 1' is not a rank that a tensor operand is indexed by; write the type as `: (...) -> tensor<...>`}}
  %0 = edge.einsum (%a[k, i]) -> [i + 1] where k <= i reduce [k] add(union) : (tensor<4x6xf32>)
  return
}

// -----

func.func @rank_only_in_output(%a: tensor<4xf32>) {
  // expected-error @+1 {{cannot infer the result type: output index 'n' is not a rank that a tensor operand is indexed by}}
  %0 = edge.einsum (%a[m]) -> [n] : (tensor<4xf32>)
  return
}

// -----

func.func @only_constants() {
  // expected-error @+1 {{cannot infer the result type without ranked tensor operands}}
  %0 = edge.einsum (1.0, 2.0) -> [] map add(union) : ()
  return
}

// -----

func.func @operand_count(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected 1 operand types, got 2}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4xf32>, tensor<4xf32>)
  return
}
