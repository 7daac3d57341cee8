// Cascades that are not attention are checked against the reference
// interpreter by default (--reference=auto): a log-sum-exp with two outputs
// (every output compared), attention with an additive bias as a 4th input,
// grouped-query attention and one-input self-attention. Before, the
// attention reference refused them or, for the bias, left the 4th input out
// and reported FAIL.
//
// RUN: edge-run %s --cascade=logsumexp --scale=8 --print=2 | FileCheck %s --check-prefix=LOGSUMEXP
// RUN: edge-run %s --cascade=biased_attention | FileCheck %s --check-prefix=BIAS
// RUN: edge-run %s --cascade=grouped_query_attention | FileCheck %s --check-prefix=GQA
// RUN: edge-run %s --cascade=self_attention | FileCheck %s --check-prefix=SELF
//
// The attention interface still gets the attention reference, and the
// interpreter on request; --compare-with with --reference compares both.
// RUN: edge-run %s --cascade=attention | FileCheck %s --check-prefix=ATT
// RUN: edge-run %s --cascade=attention --reference=interpret | FileCheck %s --check-prefix=ATT-INTERPRET
// RUN: edge-run %s --cascade=attention --compare-with=%s --compare-cascade=attention --reference=interpret | FileCheck %s --check-prefix=BOTH
//
// A 4th input with the attention reference is refused, not left out.
// RUN: not edge-run %s --cascade=biased_attention --reference=attention 2>&1 | FileCheck %s --check-prefix=BIAS-ATT

// LOGSUMEXP: edge-run: cascade @logsumexp, seed 1, scale 8.000000e+00, reference interpret
// LOGSUMEXP: output LSE [8]: {{-?[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]+}} {{-?[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]+}}{{$}}
// LOGSUMEXP-NEXT: inf 0, inf mismatches 0, nan mismatches 0: PASS
// LOGSUMEXP: output GM [8]:
// LOGSUMEXP-NEXT: inf 0, inf mismatches 0, nan mismatches 0: PASS

// BIAS: reference interpret
// BIAS: output AV [8x6]:
// BIAS-NEXT: nan mismatches 0: PASS

// GQA: reference interpret
// GQA: output AV [2x2x8x6]:
// GQA-NEXT: nan mismatches 0: PASS

// SELF: reference interpret
// SELF: output AV [8x6]:
// SELF-NEXT: nan mismatches 0: PASS

// ATT: reference attention
// ATT: nan mismatches 0: PASS
// ATT-INTERPRET: reference interpret
// ATT-INTERPRET: inf mismatches 0, nan mismatches 0: PASS
// BOTH: reference @attention in {{.*}} and interpret
// BOTH: nan 0, inf 0, nan mismatches 0: PASS
// BOTH-NEXT: inf mismatches 0, nan mismatches 0: PASS

// BIAS-ATT: edge-run: the attention reference needs Q, K, V (got 4 inputs); use --reference=interpret

// LSE[p] = GM[p] + log sum_m e^(X[m,p] - GM[p]); the max is an output too.
edge.cascade @logsumexp(%X: tensor<16x8xf32>) -> (LSE: tensor<8xf32>, GM: tensor<8xf32>) {
  %GM = edge.einsum "GM" (%X[m, p]) -> [p] reduce [m] max(union)
          : (tensor<16x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%X[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<16x8xf32>, tensor<8xf32>) -> tensor<16x8xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<16x8xf32>) -> tensor<8xf32>
  %L = edge.einsum "L" (%SD[p]) -> [p] apply [log]
         : (tensor<8xf32>) -> tensor<8xf32>
  %LSE = edge.einsum "LSE" (%L[p], %GM[p]) -> [p] map add(union)
           : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  edge.return %LSE, %GM : tensor<8xf32>, tensor<8xf32>
}

// softmax(Q^T K + B) V.
edge.cascade @biased_attention(%Q: tensor<4x6xf32>, %K: tensor<4x10xf32>,
                               %V: tensor<8x10xf32>, %B: tensor<10x6xf32>)
    -> (AV: tensor<8x6xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x6xf32>, tensor<4x10xf32>) -> tensor<10x6xf32>
  %S = edge.einsum "S" (%QK[m, p], %B[m, p]) -> [m, p] map add(union)
         : (tensor<10x6xf32>, tensor<10x6xf32>) -> tensor<10x6xf32>
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<10x6xf32>) -> tensor<6xf32>
  %SN = edge.einsum "SN" (%S[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<10x6xf32>, tensor<6xf32>) -> tensor<10x6xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<10x6xf32>) -> tensor<6xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<10x6xf32>, tensor<6xf32>) -> tensor<10x6xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<10x6xf32>, tensor<8x10xf32>) -> tensor<8x6xf32>
  edge.return %AV : tensor<8x6xf32>
}

// Two groups g of two query heads h share one K and one V per group.
edge.cascade @grouped_query_attention(%Q: tensor<2x2x4x6xf32>,
                                      %K: tensor<2x4x10xf32>,
                                      %V: tensor<2x8x10xf32>)
    -> (AV: tensor<2x2x8x6xf32>) {
  %QK = edge.einsum "QK" (%Q[g, h, e, p], %K[g, e, m]) -> [g, h, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<2x2x4x6xf32>, tensor<2x4x10xf32>) -> tensor<2x2x10x6xf32>
  %GM = edge.einsum "GM" (%QK[g, h, m, p]) -> [g, h, p] reduce [m] max(union)
          : (tensor<2x2x10x6xf32>) -> tensor<2x2x6xf32>
  %SN = edge.einsum "SN" (%QK[g, h, m, p], %GM[g, h, p]) -> [g, h, m, p]
          map sub_exp(pass_through)
          : (tensor<2x2x10x6xf32>, tensor<2x2x6xf32>) -> tensor<2x2x10x6xf32>
  %SD = edge.einsum "SD" (%SN[g, h, m, p]) -> [g, h, p] reduce [m] add(union)
          : (tensor<2x2x10x6xf32>) -> tensor<2x2x6xf32>
  %A = edge.einsum "A" (%SN[g, h, m, p], %SD[g, h, p]) -> [g, h, m, p]
         map div(take_right)
         : (tensor<2x2x10x6xf32>, tensor<2x2x6xf32>) -> tensor<2x2x10x6xf32>
  %AV = edge.einsum "AV" (%A[g, h, m, p], %V[g, f, m]) -> [g, h, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<2x2x10x6xf32>, tensor<2x8x10xf32>) -> tensor<2x2x8x6xf32>
  edge.return %AV : tensor<2x2x8x6xf32>
}

// X is the queries, the keys and the values.
edge.cascade @self_attention(%X: tensor<8x6xf32>) -> (AV: tensor<8x6xf32>) {
  %QK = edge.einsum "QK" (%X[e, p], %X[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<8x6xf32>, tensor<8x6xf32>) -> tensor<6x6xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<6x6xf32>) -> tensor<6xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<6x6xf32>, tensor<6xf32>) -> tensor<6x6xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<6x6xf32>) -> tensor<6xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<6x6xf32>, tensor<6xf32>) -> tensor<6x6xf32>
  %AV = edge.einsum "AV" (%A[m, p], %X[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<6x6xf32>, tensor<8x6xf32>) -> tensor<8x6xf32>
  edge.return %AV : tensor<8x6xf32>
}

edge.cascade @attention(%Q: tensor<4x6xf32>, %K: tensor<4x10xf32>,
                        %V: tensor<8x10xf32>) -> (AV: tensor<8x6xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x6xf32>, tensor<4x10xf32>) -> tensor<10x6xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<10x6xf32>) -> tensor<6xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<10x6xf32>, tensor<6xf32>) -> tensor<10x6xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<10x6xf32>) -> tensor<6xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<10x6xf32>, tensor<6xf32>) -> tensor<10x6xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<10x6xf32>, tensor<8x10xf32>) -> tensor<8x6xf32>
  edge.return %AV : tensor<8x6xf32>
}
