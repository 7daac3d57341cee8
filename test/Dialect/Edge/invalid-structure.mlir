// RUN: edge-opt %s -split-input-file -verify-diagnostics
//
// Inputs that the rewrites, the analysis or the lowering cannot handle are
// rejected by the verifier, with a located error: before, the lowering
// emitted IR that did not verify, or acted on part of the input.

/// A tensor encoding: the lowering dropped it halfway and emitted IR that
/// did not verify.
// expected-error @+1 {{'edge.cascade' op tensor encodings are not supported, got 'tensor<4x4xf32, "sparse">'}}
edge.cascade @encoding(%X: tensor<4x4xf32, "sparse">) -> (Y: tensor<4x4xf32, "sparse">) {
  edge.return %X : tensor<4x4xf32, "sparse">
}

// -----

func.func @encoding_in_einsum(%a: tensor<4xf32, "sparse">) {
  // expected-error @+1 {{'edge.einsum' op tensor encodings are not supported, got 'tensor<4xf32, "sparse">'}}
  %0 = edge.einsum (%a[m]) -> [m] apply [neg] : (tensor<4xf32, "sparse">) -> tensor<4xf32>
  return
}

// -----

/// A zero-size slice: the lowering emitted IR that did not verify.
func.func @zero_size_slice(%w: tensor<4x0xf32>, %s: tensor<1xf32>) {
  // expected-error @+1 {{'edge.iterate' op zero-size tensors are not supported, got 'tensor<4x0xf32>'}}
  %0 = edge.iterate i until i >= 4 slices(%t = %w[0] : tensor<4x0xf32>) init(%x = %s : tensor<1xf32>) -> (tensor<1xf32>) {
    edge.yield %x : tensor<1xf32>
  }
  return
}

// -----

// expected-error @+1 {{'edge.cascade' op zero-size tensors are not supported, got 'tensor<0xf32>'}}
edge.cascade @zero_size_input(%Z: tensor<0xf32>) -> (Y: tensor<0xf32>) {
  edge.return %Z : tensor<0xf32>
}

// -----

/// Two blocks: the rewrites acted on the first only, and the lowering
/// reported a misleading error.
// expected-error @+1 {{'edge.cascade' op body must be a single block, got 2 blocks}}
edge.cascade @two_blocks(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {
  edge.return %X : tensor<4xf32>
^second:
  edge.return %X : tensor<4xf32>
}

// -----

edge.cascade @two_blocks_in_iterate(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {
  // expected-error @+1 {{'edge.iterate' op expects region #0 to have 0 or 1 blocks}}
  %0 = edge.iterate i until i >= 2 init(%x = %X : tensor<4xf32>) -> (tensor<4xf32>) {
    edge.yield %x : tensor<4xf32>
  ^second:
    edge.yield %x : tensor<4xf32>
  }
  edge.return %0 : tensor<4xf32>
}
