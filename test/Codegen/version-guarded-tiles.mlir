// RUN: edge-opt %s --edge-tile-and-vectorize="vector-bits=256 tile-rows=4 threads=1" --canonicalize --cse | FileCheck %s

/// Versioned tiles (VersionGuardedTiles.h): an op guarded by an affine
/// predicate of its indices is tiled by 64 along the compared ranks, and each
/// tile branches on the predicate's range over it (its corners).

/// The tail's range over a tile of @tail_step (below), as maps.
// CHECK-DAG: #[[LOW:.*]] = affine_map<()[s0] -> (s0 * -64 + 186)>
// CHECK-DAG: #[[HIGH:.*]] = affine_map<()[s0] -> (s0 * -64 + 249)>

/// A causal QK (`m <= p`, a guarded sum over e): the tile where m <= p holds
/// everywhere is a dense contraction (no select), the tile where it holds
/// nowhere is skipped (its init, unchanged), and a mixed tile is the
/// contraction followed by one select per output point, by a byte mask of
/// the predicate (it does not depend on the reduced rank e).
// CHECK-LABEL: func.func @causal_qk
// CHECK-NOT: linalg.generic
// CHECK: scf.for {{.*}} step %c64
// CHECK-NEXT: scf.for {{.*}} step %c64
// CHECK: %[[ALL:.*]] = arith.cmpi sge
// CHECK-NEXT: %[[NONE:.*]] = arith.cmpi slt
// CHECK-NEXT: scf.if %[[ALL]] -> (tensor<64x64xf32>) {
// CHECK-NOT: arith.select
// CHECK: vector.contract
// CHECK: } else {
// CHECK-NEXT: scf.if %[[NONE]] -> (tensor<64x64xf32>) {
// CHECK-NEXT: scf.yield %[[INIT:.*]] : tensor<64x64xf32>
// CHECK-NEXT: } else {
// CHECK: vector.contract
// CHECK: tensor<64x64xi8>
// CHECK: arith.select {{.*}} : vector<1x16xi1>, vector<1x16xf32>
func.func @causal_qk(%Q: tensor<16x128xf32>, %K: tensor<16x128xf32>) -> tensor<128x128xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<128x128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<128x128xf32>) -> tensor<128x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(e, m, p) -> (e, p)>, affine_map<(e, m, p) -> (e, m)>,
                                        affine_map<(e, m, p) -> (m, p)>],
                       iterator_types = ["reduction", "parallel", "parallel"]}
      ins(%Q, %K : tensor<16x128xf32>, tensor<16x128xf32>) outs(%init : tensor<128x128xf32>) {
  ^bb0(%q: f32, %k: f32, %acc: f32):
    %prod = arith.mulf %q, %k : f32
    %m = linalg.index 1 : index
    %p = linalg.index 2 : index
    %d = affine.apply affine_map<()[s0, s1] -> (s1 - s0)>()[%m, %p]
    %keep = arith.cmpi sge, %d, %c0 : index
    %sum = arith.addf %acc, %prod : f32
    %v = arith.select %keep, %sum, %acc : f32
    linalg.yield %v : f32
  } -> tensor<128x128xf32>
  return %r : tensor<128x128xf32>
}

/// A max over the compared rank m: the guard depends on the reduced rank, so
/// the mixed tile reads it from a byte mask computed once per tile (not from
/// index vectors at every step); the other tiles are dense or skipped.
// CHECK-LABEL: func.func @causal_max
// CHECK-NOT: linalg.generic
// CHECK: scf.if
// CHECK-NOT: arith.select
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: } else {
// CHECK-NEXT: scf.if
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } else {
// CHECK: vector.transfer_write {{.*}} : vector<1x64xi8>, tensor<64x64xi8>
// CHECK: vector.transfer_read {{.*}} : tensor<64x64xi8>, vector<1x16xi8>
// CHECK: arith.select {{.*}} : vector<1x16xi1>, vector<1x16xf32>
func.func @causal_max(%X: tensor<128x128xf32>) -> tensor<128xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<128xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<128xf32>) -> tensor<128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%X : tensor<128x128xf32>) outs(%init : tensor<128xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %m = linalg.index 0 : index
    %p = linalg.index 1 : index
    %d = affine.apply affine_map<()[s0, s1] -> (s1 - s0)>()[%m, %p]
    %keep = arith.cmpi sge, %d, %c0 : index
    %max = arith.maximumf %acc, %x : f32
    %v = arith.select %keep, %max, %acc : f32
    linalg.yield %v : f32
  } -> tensor<128xf32>
  return %r : tensor<128xf32>
}

/// A split tail (`m1*64 + m0 <= 249`, m1 the induction variable of the
/// iteration, here an argument): the range over the tile is affine in m1.
/// Where the tail holds nowhere the map writes its empty value (0) without
/// computing exp.
// CHECK-LABEL: func.func @tail_step
// CHECK: affine.apply #[[LOW]]()[%arg1]
// CHECK: affine.apply #[[HIGH]]()[%arg1]
// CHECK: scf.if
// CHECK-NOT: arith.select
// CHECK: math.exp
// CHECK: } else {
// CHECK-NEXT: scf.if
// CHECK-NOT: math.exp
// CHECK: } else {
// CHECK: math.exp
// CHECK: arith.select
func.func @tail_step(%X: tensor<64x128xf32>, %m1: index) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m0, p) -> (m0, p)>, affine_map<(m0, p) -> (m0, p)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%X : tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%x: f32, %out: f32):
    %m0 = linalg.index 0 : index
    %d = affine.apply affine_map<(d0)[s0] -> (249 - s0 * 64 - d0)>(%m0)[%m1]
    %keep = arith.cmpi sge, %d, %c0 : index
    %ex = math.exp %x : f32
    %v = arith.select %keep, %ex, %zero : f32
    linalg.yield %v : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

/// `p - m floordiv 2 >= 0` is not linear in m: not versioned (the guarded
/// tile as before).
// CHECK-LABEL: func.func @negative_floordiv
// CHECK-NOT: scf.if
// CHECK: arith.select
// CHECK-NOT: scf.if
// CHECK: return
func.func @negative_floordiv(%X: tensor<128x128xf32>) -> tensor<128x128xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<128x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m, p)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%X : tensor<128x128xf32>) outs(%e : tensor<128x128xf32>) {
  ^bb0(%x: f32, %out: f32):
    %m = linalg.index 0 : index
    %p = linalg.index 1 : index
    %d = affine.apply affine_map<(d0, d1) -> (d1 - d0 floordiv 2)>(%m, %p)
    %keep = arith.cmpi sge, %d, %c0 : index
    %v = arith.select %keep, %x, %zero : f32
    linalg.yield %v : f32
  } -> tensor<128x128xf32>
  return %r : tensor<128x128xf32>
}
