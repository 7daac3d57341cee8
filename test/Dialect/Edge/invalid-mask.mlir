// RUN: edge-opt %s -split-input-file -verify-diagnostics

func.func @not_i1(%x: tensor<4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'edge.mask' op mask must be a tensor of i1, got 'tensor<4xf32>'}}
  %0 = edge.mask %x where %m : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @not_float(%x: tensor<4xi32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{'edge.mask' op masked tensor must have a float element type, got 'i32'}}
  %0 = edge.mask %x where %m : tensor<4xi32>, tensor<4xi1>
  return
}

// -----

func.func @needs_dims(%x: tensor<4x8xf32>, %m: tensor<8xi1>) {
  // expected-error @+1 {{'edge.mask' op mask of rank 1 needs 'dims' to say which of the 2 dimensions of 'tensor<4x8xf32>' it indexes}}
  %0 = edge.mask %x where %m : tensor<4x8xf32>, tensor<8xi1>
  return
}

// -----

func.func @dims_count(%x: tensor<4x8xf32>, %m: tensor<8xi1>) {
  // expected-error @+1 {{'edge.mask' op 'dims' has 2 entries for a mask of rank 1}}
  %0 = edge.mask %x where %m dims [0, 1] : tensor<4x8xf32>, tensor<8xi1>
  return
}

// -----

func.func @dims_range(%x: tensor<4x8xf32>, %m: tensor<8xi1>) {
  // expected-error @+1 {{'edge.mask' op dimension 2 in 'dims' is out of range for 'tensor<4x8xf32>'}}
  %0 = edge.mask %x where %m dims [2] : tensor<4x8xf32>, tensor<8xi1>
  return
}

// -----

func.func @dims_twice(%x: tensor<8x8xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'edge.mask' op dimension 1 appears twice in 'dims'}}
  %0 = edge.mask %x where %m dims [1, 1] : tensor<8x8xf32>, tensor<8x8xi1>
  return
}

// -----

func.func @extent(%x: tensor<4x8xf32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{'edge.mask' op mask dimension 0 has extent 4 but dimension 1 of 'tensor<4x8xf32>' has 8}}
  %0 = edge.mask %x where %m dims [1] : tensor<4x8xf32>, tensor<4xi1>
  return
}

// -----

func.func @result_type(%x: tensor<4xf32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{'edge.mask' op failed to verify that all of {source, result} have same type}}
  %0 = "edge.mask"(%x, %m) : (tensor<4xf32>, tensor<4xi1>) -> tensor<4xf16>
  return
}

// -----

func.func @mask_as_operand(%x: tensor<4xf32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{'edge.einsum' op operand #1 is an i1 mask: an einsum reads float tensors; make the masked points of a tensor empty with edge.mask}}
  %0 = edge.einsum (%x[i], %m[i]) -> [i] map mul(isect) : (tensor<4xf32>, tensor<4xi1>) -> tensor<4xf32>
  return
}
