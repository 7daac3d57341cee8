// RUN: edge-opt %s -split-input-file -verify-diagnostics

// expected-error @+2 {{size 'M' names 'X', which is not an input of the cascade}}
edge.cascade @unknown_input(%K: tensor<4x?xf32>) -> (R: tensor<4x?xf32>)
    sizes(M = X[1]) {
  edge.return %K : tensor<4x?xf32>
}

// -----

// expected-error @+1 {{'edge.cascade' op size 'M' names dimension 0 of input 'K' ('tensor<4x?xf32>'), which is not a dynamic dimension}}
edge.cascade @static_dim(%K: tensor<4x?xf32>) -> (R: tensor<4x?xf32>)
    sizes(M = K[0]) {
  edge.return %K : tensor<4x?xf32>
}

// -----

// expected-error @+1 {{'edge.cascade' op dimension 1 of input 'K' has two size names}}
edge.cascade @two_names(%K: tensor<4x?xf32>) -> (R: tensor<4x?xf32>)
    sizes(M = K[1], N = K[1]) {
  edge.return %K : tensor<4x?xf32>
}

// -----

edge.cascade @size_as_index(%K: tensor<4x?xf32>) -> (R: tensor<4xf32>)
    sizes(M = K[1]) {
  // expected-error @+1 {{'edge.einsum' op size 'M' may only occur in the filter, not in an index expression}}
  %R = edge.einsum "R" (%K[e, M - 1]) -> [e] : (tensor<4x?xf32>) -> tensor<4xf32>
  edge.return %R : tensor<4xf32>
}

// -----

edge.cascade @static_slices(%K: tensor<4x8xf32>) -> (R: tensor<4xf32>) {
  %R0 = edge.fill 0.0 : tensor<4xf32>
  // expected-error @+1 {{'edge.iterate' op stops at the run-time extent of its slices ('until i >= ?'), but sliced operand #0 has the static extent 8: write 'until i >= 8'}}
  %R = edge.iterate i until i >= ? slices(%k = %K[1] : tensor<4x8xf32>)
      init(%r = %R0 : tensor<4xf32>) -> (tensor<4xf32>) {
    %N = edge.einsum "N" (%r[e], %k[e]) -> [e] map add(union)
           : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    edge.yield %N : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}

// -----

edge.cascade @no_slices(%K: tensor<4xf32>) -> (R: tensor<4xf32>) {
  // expected-error @+1 {{'edge.iterate' op needs a stopping condition (attribute 'stop': the iteration ends when i >= stop); 'until i >= ?' needs a sliced operand of dynamic extent}}
  %R = edge.iterate i until i >= ? init(%r = %K : tensor<4xf32>)
      -> (tensor<4xf32>) {
    edge.yield %r : tensor<4xf32>
  }
  edge.return %R : tensor<4xf32>
}
