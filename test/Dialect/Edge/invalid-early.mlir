// Einsums that the lowering could not handle are rejected by the verifier,
// with the reason; and an error names the real cause.
// RUN: edge-opt %s -split-input-file -verify-diagnostics

func.func @reduce_isect(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op reduce merge operator 'isect' makes no sense for a reduction: the fold starts from an absent accumulator and must keep every visited point, which is 'union' (e.g. reduce [...] max(union))}}
  %0 = edge.einsum (%x[m, p]) -> [p] reduce [m] max(isect) : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @reduce_take_right(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op reduce merge operator 'take_right' makes no sense for a reduction}}
  %0 = edge.einsum (%x[m, p]) -> [p] reduce [m] add(take_right) : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @reduce_without_identity(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op reduce compute operator 'take_left' has no identity to start the reduction from (add, mul, max and min have one)}}
  %0 = edge.einsum (%x[m, p]) -> [p] reduce [m] take_left(union) empty 2.5 : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @reduce_not_associative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op reduce compute operator 'sub' is not associative and cannot fold a rank}}
  %0 = edge.einsum (%x[m, p]) -> [p] reduce [m] sub(union) : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

/// m and q only occur in `m + q`: neither is an iteration rank. That is the
/// cause, not that the reduced rank m is missing from the iteration space.
func.func @compound_only(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op rank 'm' occurs only in the compound index expression 'm + q', so it is not an iteration rank and has no extent: index a tensor or the output by it alone (e.g. 'm'), or iterate it with an enclosing edge.iterate}}
  %0 = edge.einsum (%x[m + q, p]) -> [p] reduce [m] add(union) : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @filter_only(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'edge.einsum' op rank 'k' occurs only in the filter, so it is not an iteration rank}}
  %0 = edge.einsum (%x[m, p]) -> [m, p] where k <= p : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_iteration_rank(%bk: tensor<4x8xf32>, %x: tensor<8xf32>) {
  %r = edge.iterate m1 until m1 >= 4 slices(%b = %bk[0] : tensor<4x8xf32>)
      init(%s = %x : tensor<8xf32>) -> (tensor<8xf32>) {
    // expected-error @+1 {{'edge.einsum' op reduced rank 'm1' is the rank of an enclosing edge.iterate, fixed for one step: the iteration, not the einsum, goes over it}}
    %n = edge.einsum (%b[p], %s[p]) -> [p] map add(union) where m1 <= p reduce [m1] add(union) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    edge.yield %n : tensor<8xf32>
  }
  return
}
