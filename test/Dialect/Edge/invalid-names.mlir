// RUN: edge-opt %s -split-input-file -verify-diagnostics
//
// Names of inputs, outputs and ranks are printed bare by the custom syntax.
// The verifier accepted names that it cannot print back (empty, quotes,
// spaces, newlines), so the printed module did not parse; such names are
// rejected. Names of every allowed character round-trip (names.mlir).

// expected-error @+1 {{'edge.cascade' op input or output name 'A V' is not an identifier (a letter or '_', then letters, digits, '_', '$' or '.')}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = ["X"], output_names = ["A V"], sym_name = "space"}> ({
^bb0(%X: tensor<4xf32>):
  edge.return %X : tensor<4xf32>
}) : () -> ()

// -----

// expected-error @+1 {{'edge.cascade' op input or output name '' is not an identifier}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = [""], output_names = ["Y"], sym_name = "empty"}> ({
^bb0(%X: tensor<4xf32>):
  edge.return %X : tensor<4xf32>
}) : () -> ()

// -----

// expected-error @+1 {{'edge.cascade' op input or output name 'Y\22' is not an identifier}}
"edge.cascade"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, input_names = ["X"], output_names = ["Y\""], sym_name = "quote"}> ({
^bb0(%X: tensor<4xf32>):
  edge.return %X : tensor<4xf32>
}) : () -> ()

// -----

func.func @rank_newline(%a: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op rank name 'm\0An' is not an identifier}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["m\0An"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @rank_digit(%a: tensor<4xf32>) {
  // expected-error @+1 {{'edge.einsum' op rank name '0m' is not an identifier}}
  %0 = "edge.einsum"(%a) <{indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], ranks = ["0m"], reduce_ranks = [], symbols = []}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @iterate_rank(%s: tensor<f32>) {
  // expected-error @+1 {{'edge.iterate' op iterative rank name 'i j' is not an identifier}}
  %0 = "edge.iterate"(%s) <{operandSegmentSizes = array<i32: 0, 1>, rank = "i j", slice_dims = array<i64>, stop = 2 : i64}> ({
  ^bb0(%x: tensor<f32>):
    edge.yield %x : tensor<f32>
  }) : (tensor<f32>) -> tensor<f32>
  return
}
