// A fully masked row: the strict causal filter m < p leaves query p = 0
// with no key. Behaviour (docs/Lowering.md), exactly as docs/Notation.md
// defines it:
//   - 3-pass and 2-pass: GM[0] and SD[0] are absent, so A's row and AV[:, 0]
//     are absent and hold AV's empty value 0. No NaN.
//   - 1-pass: the running max stays -inf and PRM = e^(RM - RMn) =
//     e^(-inf - -inf) is NaN (a present point of a pass_through map), so
//     AV[:, 0] is NaN, as FuseMax notes for Cascade 5. Every other row is exact.
// M = P = 40, tile 16 (the last tile has 8 keys), E = 16, F = 8.
//
// RUN: edge-run %s --cascade=masked_3pass --reference=strict-causal --masked-rows=zero | FileCheck %s --check-prefix=ZERO
// RUN: edge-run %s --cascade=masked_2pass --reference=strict-causal --masked-rows=zero | FileCheck %s --check-prefix=ZERO
// RUN: edge-run %s --cascade=masked_1pass --reference=strict-causal --masked-rows=nan | FileCheck %s --check-prefix=NAN
// The reference interpreter derives both from the EDGE semantics: the empty
// row of the 3-pass cascade, the NaN row of the 1-pass one.
// RUN: edge-run %s --cascade=masked_3pass --reference=interpret | FileCheck %s --check-prefix=INTERPRET
// RUN: edge-run %s --cascade=masked_1pass --reference=interpret --masked-rows=nan | FileCheck %s --check-prefix=INTERPRET
// INTERPRET: reference interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS

// ZERO: output AV [8x40]: 0 {{.*}}
// ZERO: nan 0, inf 0, nan mismatches 0: PASS
// NAN: output AV [8x40]: {{-?nan}}
// NAN: nan 8, inf 0, nan mismatches 0: PASS

edge.cascade @masked_3pass(%Q: tensor<16x40xf32>, %K: tensor<16x40xf32>, %V: tensor<8x40xf32>)
    -> (AV: tensor<8x40xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) where m < p reduce [e] add(union)
          : (tensor<16x40xf32>, tensor<16x40xf32>) -> tensor<40x40xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<40x40xf32>) -> tensor<40xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<40x40xf32>, tensor<40xf32>) -> tensor<40x40xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<40x40xf32>) -> tensor<40xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<40x40xf32>, tensor<40xf32>) -> tensor<40x40xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<40x40xf32>, tensor<8x40xf32>) -> tensor<8x40xf32>
  edge.return %AV : tensor<8x40xf32>
}

edge.cascade @masked_2pass(%Q: tensor<16x40xf32>, %K: tensor<16x40xf32>, %V: tensor<8x40xf32>)
    -> (AV: tensor<8x40xf32>) {
  %BK = edge.split %K dim 1 tile 16 : tensor<16x40xf32> -> tensor<16x3x16xf32>
  %BV = edge.split %V dim 1 tile 16 : tensor<8x40xf32> -> tensor<8x3x16xf32>
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p]
           map mul(isect) where m1*16 + m0 < p reduce [e] add(union)
           : (tensor<16x40xf32>, tensor<16x3x16xf32>) -> tensor<3x16x40xf32>
  %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union)
          : (tensor<3x16x40xf32>) -> tensor<3x40xf32>
  %SLN = edge.einsum "SLN" (%BQK[m1, m0, p], %LM[m1, p]) -> [m1, m0, p]
           map sub_exp(take_left) : (tensor<3x16x40xf32>, tensor<3x40xf32>) -> tensor<3x16x40xf32>
  %SLD = edge.einsum "SLD" (%SLN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
           : (tensor<3x16x40xf32>) -> tensor<3x40xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union)
          : (tensor<3x40xf32>) -> tensor<40xf32>
  %PRM = edge.einsum "PRM" (%LM[m1, p], %GM[p]) -> [m1, p] map sub_exp(pass_through)
           : (tensor<3x40xf32>, tensor<40xf32>) -> tensor<3x40xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p], %PRM[m1, p]) -> [p]
          map mul(isect) reduce [m1] add(union)
          : (tensor<3x40xf32>, tensor<3x40xf32>) -> tensor<40xf32>
  %SNV = edge.einsum "SNV" (%SLN[m1, m0, p], %PRM[m1, p], %BV[f, m1, m0]) -> [f, p]
           map mul(isect) reduce [m1, m0] add(union)
           : (tensor<3x16x40xf32>, tensor<3x40xf32>, tensor<8x3x16xf32>) -> tensor<8x40xf32>
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<8x40xf32>, tensor<40xf32>) -> tensor<8x40xf32>
  edge.return %AV : tensor<8x40xf32>
}

edge.cascade @masked_1pass(%Q: tensor<16x40xf32>, %K: tensor<16x40xf32>,
    %V: tensor<8x40xf32>) -> (AV: tensor<8x40xf32>) {
  %BK = edge.split %K dim 1 tile 16 : tensor<16x40xf32> -> tensor<16x3x16xf32>
  %BV = edge.split %V dim 1 tile 16 : tensor<8x40xf32> -> tensor<8x3x16xf32>
  %RM0 = edge.fill -inf : tensor<40xf32>
  %RD0 = edge.fill 0.0 : tensor<40xf32>
  %RNV0 = edge.fill 0.0 : tensor<8x40xf32>
  %RM, %RD, %RNV = edge.iterate m1 until m1 >= 3
      slices(%bk = %BK[1] : tensor<16x3x16xf32>, %bv = %BV[1] : tensor<8x3x16xf32>)
      init(%rm = %RM0 : tensor<40xf32>, %rd = %RD0 : tensor<40xf32>, %rnv = %RNV0 : tensor<8x40xf32>)
      -> (tensor<40xf32>, tensor<40xf32>, tensor<8x40xf32>) {
    %BQK = edge.einsum "BQK" (%Q[e, p], %bk[e, m0]) -> [m0, p]
             map mul(isect) where m1*16 + m0 < p reduce [e] add(union)
             : (tensor<16x40xf32>, tensor<16x16xf32>) -> tensor<16x40xf32>
    %LM = edge.einsum "LM" (%BQK[m0, p]) -> [p] reduce [m0] max(union)
            : (tensor<16x40xf32>) -> tensor<40xf32>
    %RMn = edge.einsum "RMn" (%rm[p], %LM[p]) -> [p] map max(union)
             : (tensor<40xf32>, tensor<40xf32>) -> tensor<40xf32>
    %SLN = edge.einsum "SLN" (%BQK[m0, p], %RMn[p]) -> [m0, p]
             map sub_exp(take_left) : (tensor<16x40xf32>, tensor<40xf32>) -> tensor<16x40xf32>
    %SLD = edge.einsum "SLD" (%SLN[m0, p]) -> [p] reduce [m0] add(union)
             : (tensor<16x40xf32>) -> tensor<40xf32>
    %SLNV = edge.einsum "SLNV" (%SLN[m0, p], %bv[f, m0]) -> [f, p]
              map mul(isect) reduce [m0] add(union)
              : (tensor<16x40xf32>, tensor<8x16xf32>) -> tensor<8x40xf32>
    %PRM = edge.einsum "PRM" (%rm[p], %RMn[p]) -> [p] map sub_exp(pass_through)
             : (tensor<40xf32>, tensor<40xf32>) -> tensor<40xf32>
    %SPD = edge.einsum "SPD" (%rd[p], %PRM[p]) -> [p] map mul(isect)
             : (tensor<40xf32>, tensor<40xf32>) -> tensor<40xf32>
    %RDn = edge.einsum "RDn" (%SLD[p], %SPD[p]) -> [p] map add(union)
             : (tensor<40xf32>, tensor<40xf32>) -> tensor<40xf32>
    %SPNV = edge.einsum "SPNV" (%rnv[f, p], %PRM[p]) -> [f, p] map mul(isect)
              : (tensor<8x40xf32>, tensor<40xf32>) -> tensor<8x40xf32>
    %RNVn = edge.einsum "RNVn" (%SLNV[f, p], %SPNV[f, p]) -> [f, p] map add(union)
              : (tensor<8x40xf32>, tensor<8x40xf32>) -> tensor<8x40xf32>
    edge.yield %RMn, %RDn, %RNVn : tensor<40xf32>, tensor<40xf32>, tensor<8x40xf32>
  }
  %AV = edge.einsum "AV" (%RNV[f, p], %RD[p]) -> [f, p] map div(take_right)
          : (tensor<8x40xf32>, tensor<40xf32>) -> tensor<8x40xf32>
  edge.return %AV : tensor<8x40xf32>
}
