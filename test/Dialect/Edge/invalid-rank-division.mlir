// RUN: edge-opt %s -split-input-file -verify-diagnostics

func.func @divide_by_zero(%q: tensor<4x8xf32>, %k: tensor<4x4xf32>) {
  // expected-error @+1 {{the divisor of 'floordiv' must be positive, got 0}}
  %0 = edge.einsum (%q[e, h], %k[e, h floordiv 0]) -> [h] map mul(isect) reduce [e] add(union) : (tensor<4x8xf32>, tensor<4x4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @negative_modulus(%x: tensor<4xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{the divisor of 'mod' must be positive, got -4}}
  %0 = edge.einsum (%x[m mod -4], %w[m]) -> [m] map mul(isect) : (tensor<4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @divide_by_rank(%q: tensor<4x8xf32>, %k: tensor<4x4xf32>) {
  // expected-error @+1 {{the divisor of 'floordiv' must be an integer constant}}
  %0 = edge.einsum (%q[e, h], %k[e, h floordiv e]) -> [h] map mul(isect) reduce [e] add(union) : (tensor<4x8xf32>, tensor<4x4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @divisor_out_of_range(%x: tensor<4xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{integer 2199023255552 in a rank expression is out of range}}
  %0 = edge.einsum (%x[m floordiv 2199023255552], %w[m]) -> [m] map mul(isect) : (tensor<4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @coefficient_past_limit(%x: tensor<4xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{rank expression has a coefficient past 1099511627776}}
  %0 = edge.einsum (%x[(m*1048576) floordiv 2 * 4194304], %w[m]) -> [m] map mul(isect) : (tensor<4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

/// The generic form can spell what the custom syntax refuses; the verifier
/// names the cause.
func.func @generic_divide_by_zero(%x: tensor<4xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'edge.einsum' op index expression 'm floordiv 0' divides by 0: floordiv and mod need a positive divisor}}
  %0 = "edge.einsum"(%x, %w) <{indexing_maps = [affine_map<(d0) -> (d0 floordiv 0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], map_compute = #edge<compute mul>, map_merge = #edge<merge isect>, ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @generic_ceildiv(%x: tensor<4xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'edge.einsum' op index expression 'd0 ceildiv 2' is not a rank expression (ranks times integers, added, and floordiv and mod by integers)}}
  %0 = "edge.einsum"(%x, %w) <{indexing_maps = [affine_map<(d0) -> (d0 ceildiv 2)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], map_compute = #edge<compute mul>, map_merge = #edge<merge isect>, ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}
