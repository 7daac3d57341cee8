// RUN: edge-opt %s -split-input-file | edge-opt -split-input-file | FileCheck %s
// RUN: edge-opt %s -split-input-file -mlir-print-op-generic | edge-opt -split-input-file | FileCheck %s

/// GEMM in full EDGE form: Z[m,n] = A[k,m] . B[k,n] :: /\_k mul(isect) \/_k add(union)
// CHECK-LABEL: edge.cascade @gemm
// CHECK-SAME:    (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4x16xf32>) -> (Z: tensor<8x16xf32>)
// CHECK:         %[[Z:.*]] = edge.einsum "Z" (%[[A]][k, m], %[[B]][k, n]) -> [m, n] map mul(isect) reduce [k] add(union) : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
// CHECK:         edge.return %[[Z]] : tensor<8x16xf32>
edge.cascade @gemm(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>) -> (Z: tensor<8x16xf32>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n] map mul(isect) reduce [k] add(union) : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
  edge.return %Z : tensor<8x16xf32>
}

// -----

/// Every named merge operator survives a round trip.
// CHECK-LABEL: func.func @merges
// CHECK-COUNT-1: map add(never)
// CHECK: map add(neither)
// CHECK: map add(right_only)
// CHECK: map add(not_left)
// CHECK: map add(left_only)
// CHECK: map add(not_right)
// CHECK: map add(xor)
// CHECK: map add(not_both)
// CHECK: map add(isect)
// CHECK: map add(same)
// CHECK: map add(take_right)
// CHECK: map add(left_implies_right)
// CHECK: map add(take_left)
// CHECK: map add(right_implies_left)
// CHECK: map add(union)
// CHECK: map add(pass_through)
func.func @merges(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = edge.einsum (%a[m], %b[m]) -> [m] map add(never) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = edge.einsum (%a[m], %b[m]) -> [m] map add(neither) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = edge.einsum (%a[m], %b[m]) -> [m] map add(right_only) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = edge.einsum (%a[m], %b[m]) -> [m] map add(not_left) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = edge.einsum (%a[m], %b[m]) -> [m] map add(left_only) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = edge.einsum (%a[m], %b[m]) -> [m] map add(not_right) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %6 = edge.einsum (%a[m], %b[m]) -> [m] map add(xor) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %7 = edge.einsum (%a[m], %b[m]) -> [m] map add(not_both) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %8 = edge.einsum (%a[m], %b[m]) -> [m] map add(isect) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %9 = edge.einsum (%a[m], %b[m]) -> [m] map add(same) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %10 = edge.einsum (%a[m], %b[m]) -> [m] map add(take_right) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %11 = edge.einsum (%a[m], %b[m]) -> [m] map add(left_implies_right) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %12 = edge.einsum (%a[m], %b[m]) -> [m] map add(take_left) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %13 = edge.einsum (%a[m], %b[m]) -> [m] map add(right_implies_left) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %14 = edge.einsum (%a[m], %b[m]) -> [m] map add(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %15 = edge.einsum (%a[m], %b[m]) -> [m] map add(pass_through) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

/// Compute operators, unary operators and explicit empty values.
// CHECK-LABEL: func.func @computes
// CHECK: map sub(union)
// CHECK: map div(take_right)
// CHECK: map min(union)
// CHECK: map take_left(take_left)
// CHECK: map take_right(take_right)
// CHECK: map sub_exp(pass_through)
// CHECK: apply [exp, neg, reciprocal, sqrt, rsqrt, log, abs, square]
// CHECK: reduce [m] min(union) empty inf
// CHECK: reduce [m] mul(union) empty 1.0
// CHECK: reduce [m] max(union) empty -inf
// CHECK: -> [m] empty 2.5
func.func @computes(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = edge.einsum (%a[m], %b[m]) -> [m] map sub(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = edge.einsum (%a[m], %b[m]) -> [m] map div(take_right) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = edge.einsum (%a[m], %b[m]) -> [m] map min(union) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = edge.einsum (%a[m], %b[m]) -> [m] map take_left(take_left) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = edge.einsum (%a[m], %b[m]) -> [m] map take_right(take_right) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = edge.einsum (%a[m], %b[m]) -> [m] map sub_exp(pass_through) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %6 = edge.einsum (%a[m]) -> [m] apply [exp, neg, reciprocal, sqrt, rsqrt, log, abs, square] : (tensor<4xf32>) -> tensor<4xf32>
  %7 = edge.einsum (%a[m]) -> [] reduce [m] min(union) empty inf : (tensor<4xf32>) -> tensor<f32>
  %8 = edge.einsum (%a[m]) -> [] reduce [m] mul(union) empty 1.0 : (tensor<4xf32>) -> tensor<f32>
  %9 = edge.einsum (%a[m]) -> [] reduce [m] max(union) empty -inf : (tensor<4xf32>) -> tensor<f32>
  %10 = edge.einsum (%a[m]) -> [m] empty 2.5 : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

/// Affine rank expressions: a split written as an einsum (eq. 39), a shifted
/// output with a prefix filter (S[i+1] = A[k : k <= i], A broadcast over i),
/// and a strided read.
// CHECK-LABEL: func.func @rank_expressions
// CHECK: edge.einsum "BK" (%{{.*}}[e, m1*64 + m0]) -> [e, m1, m0] : (tensor<8x250xf32>) -> tensor<8x4x64xf32>
// CHECK: edge.einsum "S" (%{{.*}}[k, i]) -> [i + 1] where k <= i reduce [k] add(union) : (tensor<16x16xf32>) -> tensor<17xf32>
// CHECK: edge.einsum (%{{.*}}[j*2 - 1]) -> [j] : (tensor<16xf32>) -> tensor<8xf32>
// CHECK: where m + 1 <= p, p == m*2
func.func @rank_expressions(%K: tensor<8x250xf32>, %A: tensor<16xf32>, %a: tensor<4x8xf32>, %AA: tensor<16x16xf32>) {
  %BK = edge.einsum "BK" (%K[e, m1*64 + m0]) -> [e, m1, m0] : (tensor<8x250xf32>) -> tensor<8x4x64xf32>
  %S = edge.einsum "S" (%AA[k, i]) -> [i + 1] where k <= i reduce [k] add(union) : (tensor<16x16xf32>) -> tensor<17xf32>
  %odd = edge.einsum (%A[2*j - 1]) -> [j] : (tensor<16xf32>) -> tensor<8xf32>
  %f = edge.einsum (%a[m, p]) -> [m, p] where m < p, 2*m == p : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

/// Filters with >=, > are normalized to <=.
// CHECK-LABEL: func.func @filters
// CHECK: where m <= p
// CHECK: where p + 1 <= m
func.func @filters(%a: tensor<4x4xf32>) {
  %0 = edge.einsum (%a[m, p]) -> [m, p] where p >= m : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %1 = edge.einsum (%a[m, p]) -> [m, p] where m > p : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

/// Split, unsplit and fill.
// CHECK-LABEL: func.func @split_unsplit
// CHECK: %[[S:.*]] = edge.split %{{.*}} dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
// CHECK: edge.split %{{.*}} dim 0 tile 3 empty -inf : tensor<8x250xf32> -> tensor<3x3x250xf32>
// CHECK: edge.unsplit %[[S]] dim 1 : tensor<8x4x64xf32> -> tensor<8x250xf32>
// CHECK: edge.fill -inf : tensor<4xf32>
// CHECK: edge.fill 0.5 : tensor<2x2xf64>
func.func @split_unsplit(%k: tensor<8x250xf32>) {
  %0 = edge.split %k dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
  %1 = edge.split %k dim 0 tile 3 empty -inf : tensor<8x250xf32> -> tensor<3x3x250xf32>
  %2 = edge.unsplit %0 dim 1 : tensor<8x4x64xf32> -> tensor<8x250xf32>
  %3 = edge.fill -inf : tensor<4xf32>
  %4 = edge.fill 0.5 : tensor<2x2xf64>
  return
}

// -----

/// An iteration whose body names the iterative rank in a causal filter.
// CHECK-LABEL: func.func @iterate
// CHECK: edge.iterate m1 until m1 >= 4 slices(%[[S:.*]] = %{{.*}}[1] : tensor<8x4x16xf32>) init(%[[X:.*]] = %{{.*}} : tensor<64xf32>) -> (tensor<64xf32>) {
// CHECK:   edge.einsum "T" (%[[S]][e, m0], %{{.*}}[e, p]) -> [m0, p] map mul(isect) where m0 + m1*16 <= p reduce [e] add(union)
// CHECK:   edge.yield %{{.*}} : tensor<64xf32>
// CHECK: } {note = "kept"}
func.func @iterate(%bk: tensor<8x4x16xf32>, %q: tensor<8x64xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %0 = edge.iterate m1 until m1 >= 4 slices(%s = %bk[1] : tensor<8x4x16xf32>) init(%x = %init : tensor<64xf32>) -> (tensor<64xf32>) {
    %t = edge.einsum "T" (%s[e, m0], %q[e, p]) -> [m0, p] map mul(isect) where m1*16 + m0 <= p reduce [e] add(union) : (tensor<8x16xf32>, tensor<8x64xf32>) -> tensor<16x64xf32>
    %l = edge.einsum "L" (%t[m0, p]) -> [p] reduce [m0] max(union) : (tensor<16x64xf32>) -> tensor<64xf32>
    %n = edge.einsum "N" (%x[p], %l[p]) -> [p] map max(union) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    edge.yield %n : tensor<64xf32>
  } {note = "kept"}
  return %0 : tensor<64xf32>
}

// -----

/// Three operands share one map action (left fold), several reduced ranks.
// CHECK-LABEL: func.func @ternary
// CHECK: edge.einsum "SNV" (%{{.*}}[m1, m0, p], %{{.*}}[m1, p], %{{.*}}[f, m1, m0]) -> [f, p] map mul(isect) reduce [m1, m0] add(union)
func.func @ternary(%a: tensor<4x8x16xf32>, %b: tensor<4x16xf32>, %c: tensor<2x4x8xf32>) {
  %0 = edge.einsum "SNV" (%a[m1, m0, p], %b[m1, p], %c[f, m1, m0]) -> [f, p] map mul(isect) reduce [m1, m0] add(union) : (tensor<4x8x16xf32>, tensor<4x16xf32>, tensor<2x4x8xf32>) -> tensor<2x16xf32>
  return
}

// -----

/// Dynamic extents are allowed where nothing needs them statically.
// CHECK-LABEL: func.func @dynamic
// CHECK: edge.einsum (%{{.*}}[m, p]) -> [p] reduce [m] add(union) : (tensor<?x8xf32>) -> tensor<8xf32>
func.func @dynamic(%a: tensor<?x8xf32>) {
  %0 = edge.einsum (%a[m, p]) -> [p] reduce [m] add(union) : (tensor<?x8xf32>) -> tensor<8xf32>
  return
}

// -----

/// A function calls a cascade of its module.
// CHECK-LABEL: edge.cascade @scale
// CHECK-LABEL: func.func @caller
// CHECK: %[[Z:.*]] = edge.call @scale(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[Z]]
edge.cascade @scale(%A: tensor<4xf32>, %B: tensor<4xf32>) -> (Z: tensor<4xf32>) {
  %Z = edge.einsum "Z" (%A[i], %B[i]) -> [i] map mul(isect)
         : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  edge.return %Z : tensor<4xf32>
}
func.func @caller(%A: tensor<4xf32>, %B: tensor<4xf32>) -> tensor<4xf32> {
  %Z = edge.call @scale(%A, %B) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %Z : tensor<4xf32>
}
