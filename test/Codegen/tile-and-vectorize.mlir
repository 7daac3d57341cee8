// RUN: edge-opt %s --edge-tile-and-vectorize="vector-bits=256 tile-rows=4 threads=1" --canonicalize --cse | FileCheck %s --check-prefix=AVX2
// RUN: edge-opt %s --edge-tile-and-vectorize="vector-bits=512 tile-rows=8 threads=1" --canonicalize --cse | FileCheck %s --check-prefix=AVX512
// RUN: edge-opt %s --edge-tile-and-vectorize="vector-bits=256 tile-rows=4 threads=2" --canonicalize --cse | FileCheck %s --check-prefix=THREADS

/// A per-tile score block BQK[m0, p] = sum_e Q[e, p] * BK[e, m0]: a register
/// tile of 4 (8) rows of m0 by 2 vectors of p, reduced over e by outer
/// products whose accumulator stays in registers (the e loop carries a
/// vector, not a tensor).
// AVX2-LABEL: func.func @contraction
// AVX2: scf.for {{.*}} step %c4
// AVX2: scf.for {{.*}} step %c16
// AVX2: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<{{.*}}xf32>, vector<4x16xf32>
// AVX2: scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]]) -> (vector<4x16xf32>)
// AVX2: vector.contract {{.*}} : vector<1x4xf32>, vector<1x16xf32> into vector<4x16xf32>
// AVX512-LABEL: func.func @contraction
// AVX512: vector.contract {{.*}} : vector<1x8xf32>, vector<1x32xf32> into vector<8x32xf32>
/// With threads, the query rank p is split over an scf.forall.
// THREADS-LABEL: func.func @contraction
// THREADS: scf.forall (%{{.*}}) = (0) to (128) step (64)
// THREADS: vector.contract
func.func @contraction(%Q: tensor<64x128xf32>, %BK: tensor<64x64xf32>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<64x128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<64x128xf32>) -> tensor<64x128xf32>
  %BQK = linalg.generic {
      indexing_maps = [affine_map<(e, p, m) -> (e, p)>, affine_map<(e, p, m) -> (e, m)>,
                       affine_map<(e, p, m) -> (m, p)>],
      iterator_types = ["reduction", "parallel", "parallel"]}
      ins(%Q, %BK : tensor<64x128xf32>, tensor<64x64xf32>) outs(%init : tensor<64x128xf32>) {
  ^bb0(%q: f32, %k: f32, %acc: f32):
    %prod = arith.mulf %q, %k : f32
    %sum = arith.addf %acc, %prod : f32
    linalg.yield %sum : f32
  } -> tensor<64x128xf32>
  return %BQK : tensor<64x128xf32>
}

/// SLN = e^(BQK - RM) followed by its sum over m0: the exponent is vectorized
/// along p (never a scalar exp), the sum keeps one vector accumulator per
/// column block across m0.
// AVX2-LABEL: func.func @exp_and_sum
// AVX2: math.exp {{.*}} : vector<1x16xf32>
// AVX2: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<16xf32>)
// AVX2: arith.addf {{.*}} : vector<16xf32>
// AVX2-NOT: linalg.generic
func.func @exp_and_sum(%BQK: tensor<64x128xf32>, %RM: tensor<128xf32>) -> (tensor<64x128xf32>, tensor<128xf32>) {
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<64x128xf32>
  %SLN = linalg.generic {
      indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>,
                       affine_map<(m, p) -> (m, p)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%BQK, %RM : tensor<64x128xf32>, tensor<128xf32>) outs(%e2 : tensor<64x128xf32>) {
  ^bb0(%x: f32, %g: f32, %out: f32):
    %d = arith.subf %x, %g : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<64x128xf32>
  %e1 = tensor.empty() : tensor<128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %SLD = linalg.generic {
      indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>],
      iterator_types = ["reduction", "parallel"]}
      ins(%SLN : tensor<64x128xf32>) outs(%init : tensor<128xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  } -> tensor<128xf32>
  return %SLN, %SLD : tensor<64x128xf32>, tensor<128xf32>
}

/// A presence mask is an i1 tensor: vectors of i1 are bit-packed in memory
/// and scalar i1 are bytes, so an op that reads or writes one stays scalar.
// AVX2-LABEL: func.func @negative_mask_stays_scalar
// AVX2: linalg.generic
// AVX2-NOT: vector<{{.*}}xi1>
func.func @negative_mask_stays_scalar(%X: tensor<64x128xf32>, %mask: tensor<64x128xi1>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {
      indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m, p)>,
                       affine_map<(m, p) -> (m, p)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%X, %mask : tensor<64x128xf32>, tensor<64x128xi1>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%x: f32, %m: i1, %out: f32):
    %s = arith.select %m, %x, %zero : f32
    linalg.yield %s : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

/// A running value rescaled by a factor is updated where it lives (the loop
/// carries one tensor, which is the destination of the tile loop), while a
/// cascade input is never written: here X is a function argument.
// AVX2-LABEL: func.func @running_value_in_place
// AVX2: scf.for %{{.*}} to %c4 step %c1 iter_args(%[[RUNNING:.*]] = %{{.*}}) -> (tensor<64x128xf32>)
// AVX2-NEXT: scf.for %{{.*}} iter_args(%{{.*}} = %[[RUNNING]]) -> (tensor<64x128xf32>)
// AVX2-NOT: tensor.empty
// AVX2-LABEL: func.func @negative_input_not_overwritten
// AVX2-NOT: vector.transfer_write {{.*}}, %arg0
func.func @running_value_in_place(%factor: tensor<128xf32>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<64x128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<64x128xf32>) -> tensor<64x128xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%run = %init) -> (tensor<64x128xf32>) {
    %e = tensor.empty() : tensor<64x128xf32>
    %next = linalg.generic {
        indexing_maps = [affine_map<(f, p) -> (f, p)>, affine_map<(f, p) -> (p)>,
                         affine_map<(f, p) -> (f, p)>],
        iterator_types = ["parallel", "parallel"]}
        ins(%run, %factor : tensor<64x128xf32>, tensor<128xf32>) outs(%e : tensor<64x128xf32>) {
    ^bb0(%x: f32, %c: f32, %out: f32):
      %m = arith.mulf %x, %c : f32
      linalg.yield %m : f32
    } -> tensor<64x128xf32>
    scf.yield %next : tensor<64x128xf32>
  }
  return %r : tensor<64x128xf32>
}
func.func @negative_input_not_overwritten(%X: tensor<64x128xf32>, %Y: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %e = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {
      indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m, p)>,
                       affine_map<(m, p) -> (m, p)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%X, %Y : tensor<64x128xf32>, tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %s = arith.subf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

/// A reduction guarded by a presence predicate (here a causal filter
/// m <= p), `select(c, acc + x, acc)`, is rewritten into
/// `acc + select(c, x, 0)`: the same value, and a reduction the vectorizer
/// recognizes, so the tile is vectorized instead of staying scalar.
// AVX2-LABEL: func.func @guarded_sum
// AVX2-NOT: linalg.generic
// AVX2: arith.select {{.*}} : vector<1x16xi1>, vector<1x16xf32>
// AVX2: arith.addf {{.*}} : vector<16xf32>
func.func @guarded_sum(%X: tensor<64x128xf32>) -> tensor<128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<128xf32>) -> tensor<128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%X : tensor<64x128xf32>) outs(%init : tensor<128xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %m = linalg.index 0 : index
    %p = linalg.index 1 : index
    %keep = arith.cmpi sle, %m, %p : index
    %sum = arith.addf %acc, %x : f32
    %v = arith.select %keep, %sum, %acc : f32
    linalg.yield %v : f32
  } -> tensor<128xf32>
  return %r : tensor<128xf32>
}
