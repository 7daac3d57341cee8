// RUN: edge-opt --edge-analyze %s -split-input-file -verify-diagnostics \
// RUN:   -o /dev/null
// RUN: edge-opt --edge-dot %s -split-input-file -verify-diagnostics \
// RUN:   -o /dev/null

/// Sizes and traffic need every extent: a dynamic one must be a run-time
/// size of the cascade's inputs (test/Analysis/dynamic-sizes.mlir), which a
/// fill's is not.
edge.cascade @dynamic_fill(%A: tensor<4xf32>) -> (F: tensor<?xf32>) {
  // expected-error @+1 {{'edge.fill' op has a dynamic dimension that is no expression of the cascade's sizes: 'tensor<?xf32>'}}
  %F = edge.fill 0.0 : tensor<?xf32>
  edge.return %F : tensor<?xf32>
}
