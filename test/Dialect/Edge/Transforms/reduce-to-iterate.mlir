// RUN: edge-opt %s -split-input-file -edge-reduce-to-iterate | FileCheck %s
// RUN: edge-opt %s -split-input-file -edge-reduce-to-iterate=remarks=true -verify-diagnostics -o /dev/null

/// The tiled 2-pass softmax sum (after split-rank and split-reduction):
/// GM = max_m1 LM waits for all tiles; SD = sum_m1 sum_m0 e^(BQK - GM)
/// waits for GM. Online rebase turns both into one iteration over m1 whose
/// running values are RM (init -inf) and RD (init 0); BQK and LM move into
/// the loop and K is sliced per tile.
// CHECK-LABEL: edge.cascade @softmax_denominator
// CHECK-SAME:    (%[[Q:.*]]: tensor<4x16xf32>, %[[BK:.*]]: tensor<4x3x8xf32>)
// CHECK-DAG:     %[[RM0:.*]] = edge.fill -inf : tensor<16xf32>
// CHECK-DAG:     %[[RD0:.*]] = edge.fill 0.0 : tensor<16xf32>
// CHECK:         %[[RMF:.*]], %[[RDF:.*]] = edge.iterate m1 until m1 >= 3 slices(%[[bk:.*]] = %[[BK]][1] : tensor<4x3x8xf32>) init(%[[rm:.*]] = %[[RM0]] : tensor<16xf32>, %[[rd:.*]] = %[[RD0]] : tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
// CHECK:           %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[bk]][e, m0]) -> [m0, p] map mul(isect) reduce [e] add(union) : (tensor<4x16xf32>, tensor<4x8xf32>) -> tensor<8x16xf32>
// CHECK:           %[[LM:.*]] = edge.einsum "LM" (%[[BQK]][m0, p]) -> [p] reduce [m0] max(union)
// CHECK:           %[[RM:.*]] = edge.einsum "RM" (%[[rm]][p], %[[LM]][p]) -> [p] map max(union)
// CHECK:           %[[PRM:.*]] = edge.einsum "PRM" (%[[rm]][p], %[[RM]][p]) -> [p] map sub_exp(pass_through)
// CHECK:           %[[SN:.*]] = edge.einsum "SLN" (%[[BQK]][m0, p], %[[RM]][p]) -> [m0, p] map sub_exp(pass_through)
// CHECK:           %[[SLD:.*]] = edge.einsum "SLD" (%[[SN]][m0, p]) -> [p] reduce [m0] add(union)
// CHECK:           %[[SPD:.*]] = edge.einsum "SPD" (%[[rd]][p], %[[PRM]][p]) -> [p] map mul(isect)
// CHECK:           %[[RD:.*]] = edge.einsum "RD" (%[[SLD]][p], %[[SPD]][p]) -> [p] map add(union)
// CHECK:           edge.yield %[[RM]], %[[RD]] : tensor<16xf32>, tensor<16xf32>
// CHECK:         }
// CHECK:         edge.return %[[RDF]], %[[RMF]]
edge.cascade @softmax_denominator(%Q: tensor<4x16xf32>, %BK: tensor<4x3x8xf32>) -> (SD: tensor<16xf32>, GM: tensor<16xf32>) {
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p] map mul(isect) reduce [e] add(union) : (tensor<4x16xf32>, tensor<4x3x8xf32>) -> tensor<3x8x16xf32>
  %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<3x8x16xf32>) -> tensor<3x16xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<3x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SLN" (%BQK[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(pass_through) : (tensor<3x8x16xf32>, tensor<16xf32>) -> tensor<3x8x16xf32>
  %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<3x8x16xf32>) -> tensor<3x16xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union) : (tensor<3x16xf32>) -> tensor<16xf32>
  edge.return %SD, %GM : tensor<16xf32>, tensor<16xf32>
}

// -----

/// A causal filter inside a tile names m1: it becomes the iteration's rank.
// CHECK-LABEL: edge.cascade @causal_tile
// CHECK:         edge.iterate m1 until m1 >= 2
// CHECK:           edge.einsum "T" (%{{.*}}[m0, p]) -> [m0, p] apply [neg] where m0 + m1*8 <= p
edge.cascade @causal_tile(%X: tensor<2x8x16xf32>) -> (SD: tensor<16xf32>) {
  %T = edge.einsum "T" (%X[m1, m0, p]) -> [m1, m0, p] apply [neg] where m1*8 + m0 <= p : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  %LM = edge.einsum "LM" (%T[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%T[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(take_left) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  edge.return %SD : tensor<16xf32>
}

// -----

/// negative_: with the filter m < p, row p = 0 has no key at all. The
/// reduction form leaves it empty; an iteration would compute
/// e^(-inf - -inf). Refused.
// CHECK-LABEL: edge.cascade @negative_fully_masked_row
// CHECK-NOT:     edge.iterate
edge.cascade @negative_fully_masked_row(%X: tensor<2x8x16xf32>) -> (SD: tensor<16xf32>) {
  %T = edge.einsum "T" (%X[m1, m0, p]) -> [m1, m0, p] apply [neg] where m1*8 + m0 + 1 <= p : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  %LM = edge.einsum "LM" (%T[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  // expected-remark @+1 {{edge-reduce-to-iterate: the maximum may be absent (a fully masked row, or an empty first tile)}}
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%T[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(take_left) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  edge.return %SD : tensor<16xf32>
}

// -----

/// negative_: (X - G)^2 cannot be rebased by one factor (variance needs
/// Welford-style state), so the barrier stays.
// CHECK-LABEL: edge.cascade @negative_not_rebasable
// CHECK-NOT:     edge.iterate
edge.cascade @negative_not_rebasable(%X: tensor<2x8x16xf32>) -> (S: tensor<16xf32>) {
  %LM = edge.einsum "LM" (%X[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  // expected-remark @+1 {{edge-reduce-to-iterate: a user of the maximum is not e^(X - max), a product with one rescaled factor, or a sum of one}}
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %D = edge.einsum "D" (%X[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub(union) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %S = edge.einsum "S" (%D[m1, m0, p], %D[m1, m0, p]) -> [p] map mul(isect) reduce [m1, m0] add(union) : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<16xf32>
  edge.return %S : tensor<16xf32>
}

// -----

/// negative_: A[m1, m0, p] = SN / SD keeps the rank, so it needs the final
/// SD at every m1: the second pass cannot be removed (the quotient is not a
/// rescalable product).
// CHECK-LABEL: edge.cascade @negative_consumer_keeps_rank
// CHECK-NOT:     edge.iterate
edge.cascade @negative_consumer_keeps_rank(%X: tensor<2x8x16xf32>) -> (A: tensor<2x8x16xf32>) {
  %LM = edge.einsum "LM" (%X[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  // expected-remark @+1 {{edge-reduce-to-iterate: a user of the maximum is not e^(X - max), a product with one rescaled factor, or a sum of one}}
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%X[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(pass_through) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %A = edge.einsum "A" (%SN[m1, m0, p], %SD[p]) -> [m1, m0, p] map div(take_right) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  edge.return %A : tensor<2x8x16xf32>
}

// -----

/// negative_: a value computed from the final maximum feeds the chain back;
/// the iteration would need it before it exists. The remark names it.
// CHECK-LABEL: edge.cascade @negative_final_reader_feeds_chain
// CHECK-NOT:     edge.iterate
edge.cascade @negative_final_reader_feeds_chain(%X: tensor<2x8x16xf32>) -> (S: tensor<16xf32>) {
  %LM = edge.einsum "LM" (%X[m1, m0, p]) -> [m1, p] reduce [m0] max(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  // expected-remark @+1 {{edge-reduce-to-iterate: the iteration would need a value computed from the final maximum ('H')}}
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  %H = edge.einsum "H" (%GM[p]) -> [p] apply [neg] : (tensor<16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%X[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(pass_through) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %W = edge.einsum "W" (%SN[m1, m0, p], %H[p]) -> [m1, m0, p] map mul(isect) : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %SL = edge.einsum "SL" (%W[m1, m0, p]) -> [m1, p] reduce [m0] add(union) : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %S = edge.einsum "S" (%SL[m1, p]) -> [p] reduce [m1] add(union) : (tensor<2x16xf32>) -> tensor<16xf32>
  edge.return %S : tensor<16xf32>
}

