// M0 not dividing M: M = 250 keys in 4 tiles of 64 (the last has 58 keys),
// P = 100 queries (M != P), E = 16 and F = 24 (E != F).
//
// Tail points of BK and BV are absent, so BQK is absent there. The numerator
// must then visit only present logits, `sub_exp(take_left)`: with
// `sub_exp(pass_through)` the tail would add e^(0 - max) to the sums (see
// the negative cascade at the end).
//
// RUN: edge-run %s --cascade=attention_1pass_tail --seed=7 | FileCheck %s
// RUN: edge-run %s --cascade=attention_2pass_tail --seed=8 | FileCheck %s
// RUN: (edge-run %s --cascade=negative_pass_through_tail --seed=7 || echo EDGE-RUN-EXIT-NONZERO) | FileCheck %s --check-prefix=NEGATIVE
//
// The reference interpreter as a third opinion: the compiled code computes
// what the IR says, also for the negative cascade (its IR is not attention,
// and the interpreter computes the same e^(0 - max) in the tail).
// RUN: edge-run %s --cascade=attention_1pass_tail --seed=7 --reference=interpret | FileCheck %s --check-prefix=INTERPRET
// RUN: edge-run %s --cascade=attention_2pass_tail --seed=8 --reference=interpret | FileCheck %s --check-prefix=INTERPRET
// RUN: edge-run %s --cascade=negative_pass_through_tail --seed=7 --reference=interpret | FileCheck %s --check-prefix=INTERPRET
// INTERPRET: reference interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS

// CHECK: output AV [24x100]:
// CHECK: nan 0, inf 0, nan mismatches 0: PASS
// NEGATIVE: FAIL
// NEGATIVE: EDGE-RUN-EXIT-NONZERO

edge.cascade @attention_1pass_tail(%Q: tensor<16x100xf32>, %K: tensor<16x250xf32>,
                                   %V: tensor<24x250xf32>) -> (AV: tensor<24x100xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<16x250xf32> -> tensor<16x4x64xf32>
  %BV = edge.split %V dim 1 tile 64 : tensor<24x250xf32> -> tensor<24x4x64xf32>
  %RM0 = edge.fill -inf : tensor<100xf32>
  %RD0 = edge.fill 0.0 : tensor<100xf32>
  %RNV0 = edge.fill 0.0 : tensor<24x100xf32>
  %RM, %RD, %RNV = edge.iterate m1 until m1 >= 4
      slices(%bk = %BK[1] : tensor<16x4x64xf32>, %bv = %BV[1] : tensor<24x4x64xf32>)
      init(%rm = %RM0 : tensor<100xf32>, %rd = %RD0 : tensor<100xf32>,
           %rnv = %RNV0 : tensor<24x100xf32>)
      -> (tensor<100xf32>, tensor<100xf32>, tensor<24x100xf32>) {
    %BQK = edge.einsum "BQK" (%Q[e, p], %bk[e, m0]) -> [m0, p]
             map mul(isect) reduce [e] add(union)
             : (tensor<16x100xf32>, tensor<16x64xf32>) -> tensor<64x100xf32>
    %LM = edge.einsum "LM" (%BQK[m0, p]) -> [p] reduce [m0] max(union)
            : (tensor<64x100xf32>) -> tensor<100xf32>
    %RMn = edge.einsum "RMn" (%rm[p], %LM[p]) -> [p] map max(union)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SLN = edge.einsum "SLN" (%BQK[m0, p], %RMn[p]) -> [m0, p]
             map sub_exp(take_left)
             : (tensor<64x100xf32>, tensor<100xf32>) -> tensor<64x100xf32>
    %SLD = edge.einsum "SLD" (%SLN[m0, p]) -> [p] reduce [m0] add(union)
             : (tensor<64x100xf32>) -> tensor<100xf32>
    %SLNV = edge.einsum "SLNV" (%SLN[m0, p], %bv[f, m0]) -> [f, p]
              map mul(isect) reduce [m0] add(union)
              : (tensor<64x100xf32>, tensor<24x64xf32>) -> tensor<24x100xf32>
    %PRM = edge.einsum "PRM" (%rm[p], %RMn[p]) -> [p] map sub_exp(pass_through)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SPD = edge.einsum "SPD" (%rd[p], %PRM[p]) -> [p] map mul(isect)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %RDn = edge.einsum "RDn" (%SLD[p], %SPD[p]) -> [p] map add(union)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SPNV = edge.einsum "SPNV" (%rnv[f, p], %PRM[p]) -> [f, p] map mul(isect)
              : (tensor<24x100xf32>, tensor<100xf32>) -> tensor<24x100xf32>
    %RNVn = edge.einsum "RNVn" (%SLNV[f, p], %SPNV[f, p]) -> [f, p] map add(union)
              : (tensor<24x100xf32>, tensor<24x100xf32>) -> tensor<24x100xf32>
    edge.yield %RMn, %RDn, %RNVn : tensor<100xf32>, tensor<100xf32>, tensor<24x100xf32>
  }
  %AV = edge.einsum "AV" (%RNV[f, p], %RD[p]) -> [f, p] map div(take_right)
          : (tensor<24x100xf32>, tensor<100xf32>) -> tensor<24x100xf32>
  edge.return %AV : tensor<24x100xf32>
}

edge.cascade @attention_2pass_tail(%Q: tensor<16x100xf32>, %K: tensor<16x250xf32>,
                                   %V: tensor<24x250xf32>) -> (AV: tensor<24x100xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<16x250xf32> -> tensor<16x4x64xf32>
  %BV = edge.split %V dim 1 tile 64 : tensor<24x250xf32> -> tensor<24x4x64xf32>
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p]
           map mul(isect) reduce [e] add(union)
           : (tensor<16x100xf32>, tensor<16x4x64xf32>) -> tensor<4x64x100xf32>
  %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union)
          : (tensor<4x64x100xf32>) -> tensor<4x100xf32>
  %SLN = edge.einsum "SLN" (%BQK[m1, m0, p], %LM[m1, p]) -> [m1, m0, p]
           map sub_exp(take_left)
           : (tensor<4x64x100xf32>, tensor<4x100xf32>) -> tensor<4x64x100xf32>
  %SLD = edge.einsum "SLD" (%SLN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
           : (tensor<4x64x100xf32>) -> tensor<4x100xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union)
          : (tensor<4x100xf32>) -> tensor<100xf32>
  %PRM = edge.einsum "PRM" (%LM[m1, p], %GM[p]) -> [m1, p] map sub_exp(pass_through)
           : (tensor<4x100xf32>, tensor<100xf32>) -> tensor<4x100xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p], %PRM[m1, p]) -> [p]
          map mul(isect) reduce [m1] add(union)
          : (tensor<4x100xf32>, tensor<4x100xf32>) -> tensor<100xf32>
  %SNV = edge.einsum "SNV" (%SLN[m1, m0, p], %PRM[m1, p], %BV[f, m1, m0]) -> [f, p]
           map mul(isect) reduce [m1, m0] add(union)
           : (tensor<4x64x100xf32>, tensor<4x100xf32>, tensor<24x4x64xf32>)
           -> tensor<24x100xf32>
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<24x100xf32>, tensor<100xf32>) -> tensor<24x100xf32>
  edge.return %AV : tensor<24x100xf32>
}

/// The numerator with pass_through visits the 6 tail points of the last tile,
/// where BQK holds its empty value 0: e^(0 - max) enters the sums. The lowering
/// must honour that exactly, so the result differs from attention.
edge.cascade @negative_pass_through_tail(%Q: tensor<16x100xf32>, %K: tensor<16x250xf32>,
                                         %V: tensor<24x250xf32>) -> (AV: tensor<24x100xf32>) {
  %BK = edge.split %K dim 1 tile 64 : tensor<16x250xf32> -> tensor<16x4x64xf32>
  %BV = edge.split %V dim 1 tile 64 : tensor<24x250xf32> -> tensor<24x4x64xf32>
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p]
           map mul(isect) reduce [e] add(union)
           : (tensor<16x100xf32>, tensor<16x4x64xf32>) -> tensor<4x64x100xf32>
  %GM = edge.einsum "GM" (%BQK[m1, m0, p]) -> [p] reduce [m1, m0] max(union)
          : (tensor<4x64x100xf32>) -> tensor<100xf32>
  %SN = edge.einsum "SN" (%BQK[m1, m0, p], %GM[p]) -> [m1, m0, p]
          map sub_exp(pass_through)
          : (tensor<4x64x100xf32>, tensor<100xf32>) -> tensor<4x64x100xf32>
  %SD = edge.einsum "SD" (%SN[m1, m0, p]) -> [p] reduce [m1, m0] add(union)
          : (tensor<4x64x100xf32>) -> tensor<100xf32>
  %SNV = edge.einsum "SNV" (%SN[m1, m0, p], %BV[f, m1, m0]) -> [f, p]
           map mul(isect) reduce [m1, m0] add(union)
           : (tensor<4x64x100xf32>, tensor<24x4x64xf32>) -> tensor<24x100xf32>
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<24x100xf32>, tensor<100xf32>) -> tensor<24x100xf32>
  edge.return %AV : tensor<24x100xf32>
}
