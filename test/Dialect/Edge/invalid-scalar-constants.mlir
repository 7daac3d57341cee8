// RUN: edge-opt %s -split-input-file -verify-diagnostics

func.func @integer_constant(%x: tensor<4xf32>) {
  // expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+1 {{add a trailing dot to make the literal a float}}
  %0 = edge.einsum (%x[m], 2) -> [m] map mul(isect) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @not_an_operand(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected floating point literal}}
  %0 = edge.einsum (%x[m], m) -> [m] map mul(isect) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @only_constants() {
  // expected-error @+1 {{'edge.einsum' op needs at least one tensor operand}}
  %0 = edge.einsum (1.0, 2.0) -> [] map add(union) : () -> tensor<f32>
  return
}

// -----

func.func @constant_needs_map(%x: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op einsum with 2 operands needs a map action}}
  %0 = edge.einsum (%x[m], 2.0) -> [m] : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @constant_position_past_fold(%x: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op constant positions must increase strictly and lie in [0, 2), got 2}}
  %0 = "edge.einsum"(%x) <{constant_positions = array<i64: 2>, constants = [2.0 : f32], indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], map_compute = #edge<compute mul>, map_merge = #edge<merge isect>, ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @constant_without_position(%x: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op needs one constant position per scalar constant}}
  %0 = "edge.einsum"(%x) <{constants = [2.0 : f32], indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], map_compute = #edge<compute mul>, map_merge = #edge<merge isect>, ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @constant_of_other_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op scalar constant has type 'f64', expected the result's 'f32'}}
  %0 = "edge.einsum"(%x) <{constant_positions = array<i64: 0>, constants = [2.0 : f64], indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], map_compute = #edge<compute sub>, map_merge = #edge<merge isect>, ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}
