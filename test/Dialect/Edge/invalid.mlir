// RUN: edge-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// edge.einsum: parse errors
//===----------------------------------------------------------------------===//

func.func @unknown_compute(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{unknown compute operator 'times'; expected one of add, sub, mul, div, max, min, take_left, take_right, sub_exp}}
  %0 = edge.einsum (%a[m], %b[m]) -> [m] map times(isect) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unknown_merge(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{unknown merge operator 'both'; expected one of never, neither, right_only}}
  %0 = edge.einsum (%a[m], %b[m]) -> [m] map mul(both) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unknown_unary(%a: tensor<4xf32>) {
  // expected-error @+1 {{unknown unary operator 'sigmoid'; expected one of exp, neg}}
  %0 = edge.einsum (%a[m]) -> [m] apply [sigmoid] : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bad_rank_expr(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected a rank variable or an integer in a rank expression}}
  %0 = edge.einsum (%a[m + *]) -> [m] : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bad_comparison(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{expected '<=', '<', '>=', '>' or '=='}}
  %0 = edge.einsum (%a[m, p]) -> [m, p] where m = p : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @operand_type_count(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected 1 operand types, got 2}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// edge.einsum: verifier
//===----------------------------------------------------------------------===//

func.func @no_operands() {
  // expected-error @+1 {{'edge.einsum' op needs at least one tensor operand}}
  %0 = "edge.einsum"() <{indexing_maps = [affine_map<() -> ()>], ranks = [], reduce_ranks = [], symbols = []}> : () -> tensor<f32>
  return
}

// -----

func.func @map_count(%a: tensor<4xf32>) {
  // expected-error @+1 {{expects 2 indexing maps (one per operand and one for the output), got 1}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @map_dims(%a: tensor<4xf32>) {
  // expected-error @+1 {{indexing map of operand #0 has 2 dims and 0 symbols, expected 1 and 0}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @rank_list_length(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{operand #0 is indexed by 1 rank expressions but has rank 2}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @output_rank_list_length(%a: tensor<4xf32>) {
  // expected-error @+1 {{the output is indexed by 1 rank expressions but has rank 2}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{operand #1 has element type 'i32', expected a float type (it is converted to the result's 'f32')}}
  %0 = edge.einsum (%a[m], %b[m]) -> [m] map add(union) : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @integer_result(%a: tensor<4xi32>) {
  // expected-error @+1 {{result element type must be a float type, got 'i32'}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @inconsistent_extents(%q: tensor<64x128xf32>, %k: tensor<32x256xf32>) {
  // expected-error @+1 {{rank 'e' has extent 64 in operand #0 but 32 in operand #1}}
  %0 = edge.einsum (%q[e, p], %k[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<64x128xf32>, tensor<32x256xf32>) -> tensor<256x128xf32>
  return
}

// -----

func.func @inconsistent_output_extent(%a: tensor<4xf32>) {
  // expected-error @+1 {{rank 'm' has extent 4 in operand #0 but 5 in the output}}
  %0 = edge.einsum (%a[m]) -> [m] : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @compound_only(%a: tensor<8xf32>) {
  // expected-error @+1 {{rank 'm1' occurs only in compound expressions, so its extent is unknown}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0, d1) -> (d0 * 4 + d1)>, affine_map<(d0, d1) -> (d1)>], ranks = ["m1", "m0"], reduce_ranks = ["m1"], reduce_compute = #edge<compute add>, reduce_merge = #edge<merge union>, symbols = []}> : (tensor<8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @output_not_produced(%a: tensor<4xf32>) {
  // expected-error @+1 {{output rank 'q' is not produced by any operand}}
  %0 = edge.einsum (%a[m]) -> [m, q] : (tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @reduce_unknown_rank(%a: tensor<4xf32>) {
  // expected-error @+1 {{reduced rank 'k' is not a rank of the iteration space}}
  %0 = edge.einsum (%a[m]) -> [m] reduce [k] add(union) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduced_rank_kept(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{reduced rank 'n' is kept in the output}}
  %0 = edge.einsum (%a[m, n]) -> [m, n] reduce [n] add(union) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduced_twice(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{rank 'n' is reduced twice}}
  %0 = edge.einsum (%a[m, n]) -> [m] reduce [n, n] add(union) : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @dropped_not_reduced(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{rank 'n' is dropped from the output but not reduced}}
  %0 = edge.einsum (%a[m, n]) -> [m] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_ops_without_ranks(%a: tensor<4xf32>) {
  // expected-error @+1 {{reduce operators given without ranks to reduce}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], reduce_compute = #edge<compute add>, reduce_merge = #edge<merge union>, symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_without_ops(%a: tensor<4xf32>) {
  // expected-error @+1 {{reduce action needs a compute and a merge operator}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], ranks = ["m"], reduce_ranks = ["m"], reduce_compute = #edge<compute add>, symbols = []}> : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @reduce_not_associative(%a: tensor<4xf32>) {
  // expected-error @+1 {{reduce compute operator 'sub' is not associative and cannot fold a rank}}
  %0 = edge.einsum (%a[m]) -> [] reduce [m] sub(union) : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @map_half(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{map action needs a compute and a merge operator}}
  %0 = "edge.einsum"(%a, %b) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], map_compute = #edge<compute mul>, symbols = []}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @missing_map(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{einsum with 2 operands needs a map action}}
  %0 = edge.einsum (%a[m], %b[m]) -> [m] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @map_single_operand(%a: tensor<4xf32>) {
  // expected-error @+1 {{map action needs at least two operands}}
  %0 = edge.einsum (%a[m]) -> [m] map mul(isect) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @empty_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{empty value has type 'f64', expected 'f32'}}
  %0 = "edge.einsum"(%a) <{empty = 0.0 : f64, indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @empty_inconsistent_max(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{empty value 0.0 is inconsistent with reduce max: expected -inf}}
  %0 = edge.einsum (%a[m, p]) -> [p] reduce [m] max(union) empty 0.0 : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @empty_inconsistent_add(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{empty value -inf is inconsistent with reduce add: expected 0.0}}
  %0 = edge.einsum (%a[m, p]) -> [p] reduce [m] add(union) empty -inf : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @filter_dims(%a: tensor<4xf32>) {
  // expected-error @+1 {{filter has 2 dims and 0 symbols, expected 1 and 0}}
  %0 = "edge.einsum"(%a) <{filter = affine_set<(d0, d1) : (d1 - d0 >= 0)>, indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unbound_symbol(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{rank 'm1' occurs only in the filter, so it is not an iteration rank and has no extent}}
  %0 = edge.einsum (%a[m0, p]) -> [m0, p] where m1*4 + m0 <= p : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @rank_declared_twice(%a: tensor<4xf32>) {
  // expected-error @+1 {{rank 'm' is declared twice}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], ranks = ["m", "m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @shadowed_rank(%a: tensor<4x4xf32>, %init: tensor<4xf32>) {
  %0 = edge.iterate i until i >= 4 slices(%s = %a[0] : tensor<4x4xf32>) init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    // expected-error @+1 {{iteration rank 'i' shadows the rank of an enclosing edge.iterate}}
    %1 = edge.einsum (%s[i]) -> [i] : (tensor<4xf32>) -> tensor<4xf32>
    edge.yield %1 : tensor<4xf32>
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// edge.split / edge.unsplit / edge.fill
//===----------------------------------------------------------------------===//

func.func @split_factor(%k: tensor<64x256xf32>) {
  // expected-error @+1 {{split factor (tile) must be positive, got 0}}
  %0 = edge.split %k dim 1 tile 0 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  return
}

// -----

func.func @split_negative_factor(%k: tensor<64x256xf32>) {
  // expected-error @+1 {{split factor (tile) must be positive, got -4}}
  %0 = edge.split %k dim 1 tile -4 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  return
}

// -----

func.func @split_dim(%k: tensor<64x256xf32>) {
  // expected-error @+1 {{dimension 2 is out of range for a source of rank 2}}
  %0 = edge.split %k dim 2 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  return
}

// -----

func.func @split_element_type(%k: tensor<64x256xf32>) {
  // expected-error @+1 {{result element type 'f16' differs from the source's 'f32'}}
  %0 = edge.split %k dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf16>
  return
}

// -----

func.func @split_shape(%k: tensor<64x250xf32>) {
  // expected-error @+1 {{expected 'tensor<64x4x64xf32>'}}
  %0 = edge.split %k dim 1 tile 64 : tensor<64x250xf32> -> tensor<64x3x64xf32>
  return
}

// -----

func.func @split_empty_type(%k: tensor<64x256xf32>) {
  // expected-error @+1 {{empty value has type 'f64', expected 'f32'}}
  %0 = "edge.split"(%k) <{dim = 1 : i64, tile = 64 : i64, empty = 0.0 : f64}> : (tensor<64x256xf32>) -> tensor<64x4x64xf32>
  return
}

// -----

func.func @unsplit_dims(%k: tensor<4x64xf32>) {
  // expected-error @+1 {{dimensions 1 and 2 are out of range for a source of rank 2}}
  %0 = edge.unsplit %k dim 1 : tensor<4x64xf32> -> tensor<256xf32>
  return
}

// -----

func.func @unsplit_rank(%k: tensor<4x64xf32>) {
  // expected-error @+1 {{result must have rank 1}}
  %0 = edge.unsplit %k dim 0 : tensor<4x64xf32> -> tensor<4x64xf32>
  return
}

// -----

func.func @unsplit_element_type(%k: tensor<4x64xf32>) {
  // expected-error @+1 {{result element type 'f16' differs from the source's 'f32'}}
  %0 = edge.unsplit %k dim 0 : tensor<4x64xf32> -> tensor<256xf16>
  return
}

// -----

func.func @unsplit_other_dim(%k: tensor<8x4x64xf32>) {
  // expected-error @+1 {{result dimension 0 has extent 7, expected 8}}
  %0 = edge.unsplit %k dim 1 : tensor<8x4x64xf32> -> tensor<7x250xf32>
  return
}

// -----

func.func @unsplit_extent(%k: tensor<4x64xf32>) {
  // expected-error @+1 {{unsplit extent 300 must satisfy 192 < extent <= 256 for 4 chunks of 64}}
  %0 = edge.unsplit %k dim 0 : tensor<4x64xf32> -> tensor<300xf32>
  return
}

// -----

func.func @fill_type() {
  // expected-error @+1 {{fill value has type 'f64', expected 'f32'}}
  %0 = "edge.fill"() <{value = 0.0 : f64}> : () -> tensor<4xf32>
  return
}

// -----

func.func @fill_int() {
  // expected-error @+1 {{a float value needs a float element type, got 'i32'}}
  %0 = edge.fill 0.0 : tensor<4xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// edge.iterate
//===----------------------------------------------------------------------===//

func.func @iterate_no_stop_syntax(%init: tensor<4xf32>) {
  // expected-error @+1 {{edge.iterate needs a stopping condition 'until m1 >= <extent>'}}
  %0 = edge.iterate m1 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    edge.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_no_stop(%init: tensor<4xf32>) {
  // expected-error @+1 {{'edge.iterate' op needs a stopping condition (attribute 'stop': the iteration ends when m1 >= stop)}}
  %0 = "edge.iterate"(%init) <{operandSegmentSizes = array<i32: 0, 1>, rank = "m1", slice_dims = array<i64>}> ({
  ^bb0(%x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_stop_rank(%init: tensor<4xf32>) {
  // expected-error @+1 {{stopping condition names rank 'm0', expected the iterative rank 'm1'}}
  %0 = edge.iterate m1 until m0 >= 4 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    edge.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_stop_positive(%init: tensor<4xf32>) {
  // expected-error @+1 {{stopping bound must be positive, got 0}}
  %0 = edge.iterate m1 until m1 >= 0 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    edge.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_no_init_syntax(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{edge.iterate needs an initialization part 'init(%state = %initial : type, ...)'}}
  %0 = edge.iterate m1 until m1 >= 4 slices(%s = %a[0] : tensor<4x4xf32>) -> (tensor<4xf32>) {
    edge.yield %s : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_no_init(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{needs an initialization part: at least one running value in 'init'}}
  "edge.iterate"(%a) <{operandSegmentSizes = array<i32: 1, 0>, rank = "m1", slice_dims = array<i64: 0>, stop = 4 : i64}> ({
  ^bb0(%s: tensor<4xf32>):
    "edge.yield"() : () -> ()
  }) : (tensor<4x4xf32>) -> ()
  return
}

// -----

func.func @iterate_nested_same_rank(%init: tensor<4xf32>) {
  %0 = edge.iterate m1 until m1 >= 4 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    // expected-error @+1 {{iterative rank 'm1' is already iterated by an enclosing op}}
    %1 = edge.iterate m1 until m1 >= 2 init(%y = %x : tensor<4xf32>) -> (tensor<4xf32>) {
      edge.yield %y : tensor<4xf32>
    }
    edge.yield %1 : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_slice_dims(%a: tensor<4x4xf32>, %init: tensor<4xf32>) {
  // expected-error @+1 {{has 1 sliced operands but 2 slice dimensions}}
  %0 = "edge.iterate"(%a, %init) <{operandSegmentSizes = array<i32: 1, 1>, rank = "m1", slice_dims = array<i64: 0, 1>, stop = 4 : i64}> ({
  ^bb0(%s: tensor<4xf32>, %x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

/// The same without a stop (found by edge-fuzz-parse: the check of the
/// run-time trip count walked slices and dims together before the counts
/// were compared, and asserted).
func.func @iterate_slice_dims_no_stop(%a: tensor<4x4xf32>, %init: tensor<4xf32>) {
  // expected-error @+1 {{has 1 sliced operands but 2 slice dimensions}}
  %0 = "edge.iterate"(%a, %init) <{operandSegmentSizes = array<i32: 1, 1>, rank = "m1", slice_dims = array<i64: 0, 1>}> ({
  ^bb0(%s: tensor<4xf32>, %x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_region_args(%init: tensor<4xf32>) {
  // expected-error @+1 {{region must take one argument per slice and per running value}}
  %0 = "edge.iterate"(%init) <{operandSegmentSizes = array<i32: 0, 1>, rank = "m1", slice_dims = array<i64>, stop = 4 : i64}> ({
  ^bb0(%x: tensor<4xf32>, %y: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_slice_dim_range(%a: tensor<4x4xf32>, %init: tensor<4xf32>) {
  // expected-error @+1 {{slice dimension 2 of sliced operand #0 is out of range}}
  %0 = "edge.iterate"(%a, %init) <{operandSegmentSizes = array<i32: 1, 1>, rank = "m1", slice_dims = array<i64: 2>, stop = 4 : i64}> ({
  ^bb0(%s: tensor<4xf32>, %x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_slice_extent(%bk: tensor<64x4x64xf32>, %init: tensor<4xf32>) {
  // expected-error @+1 {{sliced operand #0 has extent 4 along rank 'm1' (dimension 1), but the iteration stops at 8}}
  %0 = edge.iterate m1 until m1 >= 8 slices(%s = %bk[1] : tensor<64x4x64xf32>) init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    edge.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_slice_arg_type(%a: tensor<4x8xf32>, %init: tensor<4xf32>) {
  // expected-error @+1 {{region argument #0 must have type 'tensor<8xf32>'}}
  %0 = "edge.iterate"(%a, %init) <{operandSegmentSizes = array<i32: 1, 1>, rank = "m1", slice_dims = array<i64: 0>, stop = 4 : i64}> ({
  ^bb0(%s: tensor<4xf32>, %x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4x8xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_result_count(%init: tensor<4xf32>) {
  // expected-error @+1 {{has 1 running values but 2 results}}
  %0:2 = "edge.iterate"(%init) <{operandSegmentSizes = array<i32: 0, 1>, rank = "m1", slice_dims = array<i64>, stop = 4 : i64}> ({
  ^bb0(%x: tensor<4xf32>):
    "edge.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @iterate_result_type(%init: tensor<4xf32>) {
  // expected-error @+1 {{running value #0 is initialized with 'tensor<4xf32>' but the result has type 'tensor<8xf32>'}}
  %0 = edge.iterate m1 until m1 >= 4 init(%x = %init : tensor<4xf32>) -> (tensor<8xf32>) {
    edge.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_state_arg_type(%init: tensor<4xf32>) {
  // expected-error @+1 {{region argument for running value #0 must have type 'tensor<4xf32>'}}
  %0 = "edge.iterate"(%init) <{operandSegmentSizes = array<i32: 0, 1>, rank = "m1", slice_dims = array<i64>, stop = 4 : i64}> ({
  ^bb0(%x: tensor<8xf32>):
    "edge.yield"(%init) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_yield_count(%init: tensor<4xf32>) {
  %0 = edge.iterate m1 until m1 >= 4 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    // expected-error @+1 {{yields 2 values, expected 1 (one per running value)}}
    edge.yield %x, %x : tensor<4xf32>, tensor<4xf32>
  }
  return
}

// -----

func.func @iterate_yield_type(%init: tensor<4xf32>, %other: tensor<8xf32>) {
  %0 = edge.iterate m1 until m1 >= 4 init(%x = %init : tensor<4xf32>) -> (tensor<4xf32>) {
    // expected-error @+1 {{value #0 has type 'tensor<8xf32>', expected 'tensor<4xf32>'}}
    edge.yield %other : tensor<8xf32>
  }
  return
}

// -----

func.func @yield_outside(%a: tensor<4xf32>) {
  // expected-error @+1 {{'edge.yield' op expects parent op 'edge.iterate'}}
  edge.yield %a : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// edge.cascade / edge.return
//===----------------------------------------------------------------------===//

// expected-error @+1 {{has 1 inputs but 2 input names}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = ["A", "B"], output_names = ["Z"], sym_name = "c"}> ({
^bb0(%arg0: tensor<4xf32>):
  "edge.return"(%arg0) : (tensor<4xf32>) -> ()
}) : () -> ()

// -----

// expected-error @+1 {{has 1 outputs but 0 output names}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = ["A"], output_names = [], sym_name = "c"}> ({
^bb0(%arg0: tensor<4xf32>):
  "edge.return"(%arg0) : (tensor<4xf32>) -> ()
}) : () -> ()

// -----

// expected-error @+1 {{name 'A' is used twice}}
edge.cascade @dup(%A: tensor<4xf32>) -> (A: tensor<4xf32>) {
  edge.return %A : tensor<4xf32>
}

// -----

// expected-error @+1 {{inputs and outputs must be ranked tensors, got 'f32'}}
edge.cascade @scalar(%A: f32) -> (Z: tensor<4xf32>) {
  %0 = edge.fill 0.0 : tensor<4xf32>
  edge.return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{type of entry block argument #0('tensor<8xf32>') must match the type of the corresponding argument in function signature('tensor<4xf32>')}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = ["A"], output_names = ["Z"], sym_name = "c"}> ({
^bb0(%arg0: tensor<8xf32>):
  %0 = "edge.fill"() <{value = 0.0 : f32}> : () -> tensor<4xf32>
  "edge.return"(%0) : (tensor<4xf32>) -> ()
}) : () -> ()

// -----

edge.cascade @return_count(%A: tensor<4xf32>) -> (Z: tensor<4xf32>) {
  // expected-error @+1 {{returns 0 values, but the cascade has 1 outputs}}
  edge.return
}

// -----

edge.cascade @return_type(%A: tensor<4xf32>) -> (Z: tensor<8xf32>) {
  // expected-error @+1 {{value #0 has type 'tensor<4xf32>' but output 'Z' has type 'tensor<8xf32>'}}
  edge.return %A : tensor<4xf32>
}

// -----

func.func @call_unknown(%A: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'edge.call' op 'missing' does not reference an edge.cascade}}
  %0 = edge.call @missing(%A) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func private @not_a_cascade(tensor<4xf32>) -> tensor<4xf32>

func.func @call_function(%A: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'edge.call' op 'not_a_cascade' does not reference an edge.cascade}}
  %0 = edge.call @not_a_cascade(%A) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

edge.cascade @copy(%A: tensor<4xf32>) -> (Z: tensor<4xf32>) {
  edge.return %A : tensor<4xf32>
}

func.func @call_type(%A: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'edge.call' op has type '(tensor<8xf32>) -> tensor<8xf32>' but @copy has type '(tensor<4xf32>) -> tensor<4xf32>'}}
  %0 = edge.call @copy(%A) : (tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
