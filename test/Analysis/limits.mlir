// RUN: edge-opt --edge-analyze %s -split-input-file -verify-diagnostics -o /dev/null
//
// The analysis counts points, FLOPs and bytes in 64 bits; tensors within the
// verifier's limits can still give counts past them (signed overflow, which
// UBSan reported). Past 64 bits the analysis refuses with a located error.

/// 2^40 x 2^40 = 2^80 points.
edge.cascade @points(%A: tensor<1099511627776xf32>, %B: tensor<1099511627776xf32>) -> (S: tensor<f32>) {
  // expected-error @+1 {{'edge.einsum' op cannot be analyzed: its point, FLOP or byte counts overflow 64 bits (docs/Limits.md)}}
  %S = edge.einsum "S" (%A[m], %B[n]) -> [] map mul(isect) reduce [m, n] add(union) : (tensor<1099511627776xf32>, tensor<1099511627776xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}

// -----

/// Trips of nested iterations: 2^40 x 2^40 steps.
edge.cascade @trips(%A: tensor<4xf32>) -> (S: tensor<4xf32>) {
  %0 = edge.iterate i until i >= 1099511627776 init(%x = %A : tensor<4xf32>) -> (tensor<4xf32>) {
    %1 = edge.iterate j until j >= 1099511627776 init(%y = %x : tensor<4xf32>) -> (tensor<4xf32>) {
      // expected-error @+1 {{'edge.einsum' op cannot be analyzed: its point, FLOP or byte counts overflow 64 bits (docs/Limits.md)}}
      %2 = edge.einsum "N" (%y[m]) -> [m] apply [neg] : (tensor<4xf32>) -> tensor<4xf32>
      edge.yield %2 : tensor<4xf32>
    }
    edge.yield %1 : tensor<4xf32>
  }
  edge.return %0 : tensor<4xf32>
}
