// RUN: edge-opt %s --edge-lower-vector-ops | FileCheck %s

/// A register tile's outer product becomes one FMA per accumulator row: a
/// broadcast scalar of the left operand times the right operand's row.
// CHECK-LABEL: func.func @outer_product
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.contract
func.func @outer_product(%a: vector<1x4xf32>, %b: vector<1x16xf32>, %acc: vector<4x16xf32>) -> vector<4x16xf32> {
  %r = vector.contract {indexing_maps = [affine_map<(e, m, p) -> (e, m)>,
                                         affine_map<(e, m, p) -> (e, p)>,
                                         affine_map<(e, m, p) -> (m, p)>],
                        iterator_types = ["reduction", "parallel", "parallel"],
                        kind = #vector.kind<add>} %a, %b, %acc
      : vector<1x4xf32>, vector<1x16xf32> into vector<4x16xf32>
  return %r : vector<4x16xf32>
}

/// A vector exp becomes a polynomial in vector arithmetic: LLVM would
/// otherwise scalarize it into 16 calls of expf.
// CHECK-LABEL: func.func @vector_exp
// CHECK-NOT: math.exp
// CHECK: math.fma {{.*}} : vector<16xf32>
func.func @vector_exp(%x: vector<16xf32>) -> vector<16xf32> {
  %e = math.exp %x : vector<16xf32>
  return %e : vector<16xf32>
}

/// A reduction over the outer dimension of a tile is elementwise across rows.
// CHECK-LABEL: func.func @outer_reduction
// CHECK-NOT: vector.multi_reduction
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
func.func @outer_reduction(%x: vector<4x16xf32>, %acc: vector<16xf32>) -> vector<16xf32> {
  %r = vector.multi_reduction <maximumf>, %x, %acc [0] : vector<4x16xf32> to vector<16xf32>
  return %r : vector<16xf32>
}
