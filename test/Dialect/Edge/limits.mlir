// RUN: edge-opt %s -split-input-file -verify-diagnostics
//
// Extents, element counts and integers of rank expressions are bounded by
// 2^40 (docs/Limits.md), so that sizes, offsets and index ranges fit in 64
// bits; past the limits, a located error.

/// A split whose result is past the limit although its source is not: its
/// allocation size overflowed (a result of about 2^63 elements verified, and
/// the JIT code wrote past a 48-byte buffer).
func.func @split_result_too_large(%a: tensor<1099511627776xf32>) {
  // expected-error @+1 {{'edge.split' op tensor 'tensor<2x1099511627775xf32>' has more than 1099511627776 elements (docs/Limits.md)}}
  %0 = edge.split %a dim 0 tile 1099511627775 : tensor<1099511627776xf32> -> tensor<2x1099511627775xf32>
  return
}

// -----

/// The element count overflows 64 bits: 2^62 * 4.
// expected-error @+1 {{'edge.cascade' op tensor 'tensor<4611686018427387904x4xf32>' has more than 1099511627776 elements (docs/Limits.md)}}
edge.cascade @input_too_large(%X: tensor<4611686018427387904x4xf32>) -> (Y: tensor<4611686018427387904x4xf32>) {
  edge.return %X : tensor<4611686018427387904x4xf32>
}

// -----

/// The unsplit verifier multiplied the chunks by the tile unchecked.
func.func @unsplit_too_large(%a: tensor<2097152x1048576xf32>) {
  // expected-error @+1 {{'edge.unsplit' op tensor 'tensor<2097152x1048576xf32>' has more than 1099511627776 elements}}
  %0 = edge.unsplit %a dim 0 : tensor<2097152x1048576xf32> -> tensor<2199023255552xf32>
  return
}

// -----

func.func @fill_too_large() {
  // expected-error @+1 {{'edge.fill' op tensor 'tensor<1048576x1048577xf32>' has more than 1099511627776 elements}}
  %0 = edge.fill 0.0 : tensor<1048576x1048577xf32>
  return
}

// -----

/// The parser summed integers of rank expressions unchecked.
func.func @literal_too_large(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{integer 1099511627777 in a rank expression is out of range: at most 1099511627776 in magnitude (docs/Limits.md)}}
  %0 = edge.einsum (%a[m], %b[m + 1099511627777]) -> [m] map mul(isect) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @coefficient_sum_too_large(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{rank expression sums to a coefficient past 1099511627776 in magnitude (docs/Limits.md)}}
  %0 = edge.einsum (%a[m], %b[m * 1099511627776 + m * 1099511627776]) -> [m] map mul(isect) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

/// `m*C + C` with a huge C: the lowering's bounds of the index overflowed,
/// proved it always in bounds, dropped the presence check and read before
/// the buffer.
func.func @index_range_overflows(%a: tensor<8388609xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op index expression 'm*1099511627776 + 1099511627776' overflows 64 bits over the iteration space}}
  %0 = edge.einsum (%a[m], %b[m * 1099511627776 + 1099511627776]) -> [] map mul(isect) reduce [m] add(union) : (tensor<8388609xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

/// The same through an enclosing iteration's rank (a symbol).
func.func @filter_range_overflows(%a: tensor<16777216xf32>, %s: tensor<f32>) {
  %0 = edge.iterate i until i >= 8388609 init(%x = %s : tensor<f32>) -> (tensor<f32>) {
    // expected-error @+1 {{'edge.einsum' op filter 'm <= i*1099511627776' overflows 64 bits over the iteration space}}
    %1 = edge.einsum (%a[m]) -> [] where m <= i * 1099511627776 reduce [m] add(union) : (tensor<16777216xf32>) -> tensor<f32>
    edge.yield %1 : tensor<f32>
  }
  return
}

// -----

/// Rank expressions are sums of ranks times integers with floordiv and mod:
/// the printer cannot print anything else in the custom syntax.
func.func @nonlinear_index(%a: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op index expression 'd0 ceildiv 2' is not a rank expression}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0 ceildiv 2)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @coefficient_too_large(%a: tensor<1xf32>) {
  // expected-error @+1 {{'edge.einsum' op index expression 'm*2199023255552' has a coefficient past 1099511627776 in magnitude (docs/Limits.md)}}
  %0 = "edge.einsum"(%a, %a) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0 * 2199023255552)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], map_compute = #edge<compute mul>, map_merge = #edge<merge isect>, symbols = []}> : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @stop_too_large(%s: tensor<f32>) {
  // expected-error @+1 {{'edge.iterate' op stopping bound 1099511627777 is past the limit of 1099511627776 (docs/Limits.md)}}
  %0 = edge.iterate i until i >= 1099511627777 init(%x = %s : tensor<f32>) -> (tensor<f32>) {
    edge.yield %x : tensor<f32>
  }
  return
}
