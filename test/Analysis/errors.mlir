// RUN: edge-opt --edge-analyze %s -split-input-file -verify-diagnostics \
// RUN:   -o /dev/null
// RUN: edge-opt --edge-dot %s -split-input-file -verify-diagnostics \
// RUN:   -o /dev/null

/// Sizes and traffic need static shapes.
// expected-error @+1 {{'edge.cascade' op cannot be analyzed: tensor type 'tensor<?xf32>' has no static shape}}
edge.cascade @dynamic(%A: tensor<?xf32>) -> (S: tensor<f32>) {
  %S = edge.einsum "S" (%A[m]) -> [] reduce [m] add(union)
         : (tensor<?xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}

// -----

/// An intermediate with a dynamic shape is rejected at its producer.
edge.cascade @dynamic_split(%A: tensor<64xf32>) -> (S: tensor<f32>) {
  // expected-error @+1 {{'edge.einsum' op cannot be analyzed: tensor type 'tensor<?xf32>' has no static shape}}
  %B = edge.einsum "B" (%A[m]) -> [m] apply [exp]
         : (tensor<64xf32>) -> tensor<?xf32>
  %S = edge.einsum "S" (%B[m]) -> [] reduce [m] add(union)
         : (tensor<?xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}
