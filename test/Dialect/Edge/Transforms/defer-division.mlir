// RUN: edge-opt %s -split-input-file -edge-defer-division | FileCheck %s
// RUN: edge-opt %s -split-input-file -edge-defer-division=remarks=true -verify-diagnostics -o /dev/null

/// Cascade 4's (37)-(38): the division moves after the sum over m.
// CHECK-LABEL: edge.cascade @deferral
// CHECK-SAME:    (%[[Q:.*]]: tensor<8x16xf32>, %[[K:.*]]: tensor<8x32xf32>, %[[V:.*]]: tensor<4x32xf32>)
// CHECK:         %[[SN:.*]] = edge.einsum "SN"
// CHECK:         %[[SD:.*]] = edge.einsum "SD"
// CHECK-NOT:     edge.einsum "A"
// CHECK:         %[[SNV:.*]] = edge.einsum "SNV" (%[[SN]][m, p], %[[V]][f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<32x16xf32>, tensor<4x32xf32>) -> tensor<4x16xf32>
// CHECK:         %[[AV:.*]] = edge.einsum "AV" (%[[SNV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right) : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
// CHECK:         edge.return %[[AV]]
edge.cascade @deferral(%Q: tensor<8x16xf32>, %K: tensor<8x32xf32>, %V: tensor<4x32xf32>) -> (AV: tensor<4x16xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<8x16xf32>, tensor<8x32xf32>) -> tensor<32x16xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<32x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union) : (tensor<32x16xf32>) -> tensor<16xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<32x16xf32>, tensor<4x32xf32>) -> tensor<4x16xf32>
  edge.return %AV : tensor<4x16xf32>
}

// -----

/// Not attention-specific: a normalized weighted sum over another rank.
// CHECK-LABEL: edge.cascade @weighted_mean
// CHECK:         %[[WX:.*]] = edge.einsum "WX" (%{{.*}}[n, d], %{{.*}}[n, d]) -> [d] map mul(isect) reduce [n] add(union)
// CHECK:         edge.einsum "Y" (%[[WX]][d], %{{.*}}[d]) -> [d] map div(take_right)
edge.cascade @weighted_mean(%W: tensor<10x3xf32>, %X: tensor<10x3xf32>) -> (Y: tensor<3xf32>) {
  %S = edge.einsum "S" (%W[n, d]) -> [d] reduce [n] add(union) : (tensor<10x3xf32>) -> tensor<3xf32>
  %N = edge.einsum "N" (%W[n, d], %S[d]) -> [n, d] map div(take_right) : (tensor<10x3xf32>, tensor<3xf32>) -> tensor<10x3xf32>
  %Y = edge.einsum "Y" (%N[n, d], %X[n, d]) -> [d] map mul(isect) reduce [n] add(union) : (tensor<10x3xf32>, tensor<10x3xf32>) -> tensor<3xf32>
  edge.return %Y : tensor<3xf32>
}

// -----

/// negative_: the divisor depends on the reduced rank, so it cannot leave
/// the sum.
// CHECK-LABEL: edge.cascade @negative_divisor_depends_on_rank
// CHECK:         edge.einsum "A"
// CHECK:         edge.einsum "AV" (%{{.*}}[m, p], %{{.*}}[f, m])
edge.cascade @negative_divisor_depends_on_rank(%N: tensor<32x16xf32>, %D: tensor<32x16xf32>, %V: tensor<4x32xf32>) -> (AV: tensor<4x16xf32>) {
  %A = edge.einsum "A" (%N[m, p], %D[m, p]) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<32x16xf32>
  // expected-remark @+1 {{edge-defer-division: the divisor depends on reduced rank 'm'}}
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<32x16xf32>, tensor<4x32xf32>) -> tensor<4x16xf32>
  edge.return %AV : tensor<4x16xf32>
}

// -----

/// negative_: the quotient is also an output, so it must stay.
// CHECK-LABEL: edge.cascade @negative_quotient_used_twice
// CHECK:         edge.einsum "A"
edge.cascade @negative_quotient_used_twice(%N: tensor<32x16xf32>, %D: tensor<16xf32>, %V: tensor<4x32xf32>) -> (AV: tensor<4x16xf32>, A: tensor<32x16xf32>) {
  %A = edge.einsum "A" (%N[m, p], %D[p]) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  // expected-remark @+1 {{edge-defer-division: the quotient has other users}}
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<32x16xf32>, tensor<4x32xf32>) -> tensor<4x16xf32>
  edge.return %AV, %A : tensor<4x16xf32>, tensor<32x16xf32>
}

// -----

/// negative_: a maximum of quotients is not a sum; division does not
/// distribute over it the same way for negative divisors.
// CHECK-LABEL: edge.cascade @negative_not_a_sum
// CHECK:         edge.einsum "A"
edge.cascade @negative_not_a_sum(%N: tensor<32x16xf32>, %D: tensor<16xf32>) -> (M: tensor<16xf32>) {
  %A = edge.einsum "A" (%N[m, p], %D[p]) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  // expected-remark @+1 {{edge-defer-division: not a sum (reduce add(union))}}
  %M = edge.einsum "M" (%A[m, p]) -> [p] reduce [m] max(union) : (tensor<32x16xf32>) -> tensor<16xf32>
  edge.return %M : tensor<16xf32>
}

// -----

/// negative_: a sum with a scalar constant operand (`+ 0.5` would not
/// commute with the division); the identities do not read such folds.
// CHECK-LABEL: edge.cascade @negative_scalar_constant_in_sum
// CHECK:         edge.einsum "A"
// CHECK:         edge.einsum "AV" (%{{.*}}[m, p], 0.5) -> [p] map add(union) reduce [m] add(union)
edge.cascade @negative_scalar_constant_in_sum(%N: tensor<32x16xf32>, %D: tensor<16xf32>) -> (AV: tensor<16xf32>) {
  %A = edge.einsum "A" (%N[m, p], %D[p]) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  // expected-remark @+1 {{edge-defer-division: the sum has scalar constant operands}}
  %AV = edge.einsum "AV" (%A[m, p], 0.5) -> [p] map add(union) reduce [m] add(union) : (tensor<32x16xf32>) -> tensor<16xf32>
  edge.return %AV : tensor<16xf32>
}

// -----

/// negative_: a quotient with a scalar constant (`N / D / 2.0`) is not the
/// two-operand quotient the rewrite knows; its producer is not looked into.
// CHECK-LABEL: edge.cascade @negative_scalar_constant_in_quotient
// CHECK:         edge.einsum "A"
// CHECK:         edge.einsum "AV" (%{{.*}}[m, p], %{{.*}}[f, m])
edge.cascade @negative_scalar_constant_in_quotient(%N: tensor<32x16xf32>, %D: tensor<16xf32>, %V: tensor<4x32xf32>) -> (AV: tensor<4x16xf32>) {
  %A = edge.einsum "A" (%N[m, p], %D[p], 2.0) -> [m, p] map div(take_right) : (tensor<32x16xf32>, tensor<16xf32>) -> tensor<32x16xf32>
  // expected-remark @+1 {{edge-defer-division: no operand is a quotient}}
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<32x16xf32>, tensor<4x32xf32>) -> tensor<4x16xf32>
  edge.return %AV : tensor<4x16xf32>
}
