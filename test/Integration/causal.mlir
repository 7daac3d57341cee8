// Causal attention (m <= p) in 1-pass and 2-pass form with a split tail:
// M = P = 100 in 4 tiles of 32 (the last has 4 keys), E = 16, F = 8. In the
// 1-pass form the filter names the iterative rank m1 as a symbol
// (`m1*32 + m0 <= p`): it is the induction variable of the lowered scf.for.
//
// RUN: edge-run %s --cascade=causal_1pass --reference=causal | FileCheck %s
// RUN: edge-run %s --cascade=causal_2pass --reference=causal | FileCheck %s
// RUN: edge-run %s --cascade=causal_1pass --reference=causal --scale=32 | FileCheck %s
// The reference interpreter as a third opinion (filters on tiles, m1 as a
// symbol):
// RUN: edge-run %s --cascade=causal_1pass --reference=interpret --scale=32 | FileCheck %s --check-prefix=INTERPRET
// RUN: edge-run %s --cascade=causal_2pass --reference=interpret | FileCheck %s --check-prefix=INTERPRET
// INTERPRET: reference interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS

// CHECK: output AV [8x100]:
// CHECK: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @causal_1pass(%Q: tensor<16x100xf32>, %K: tensor<16x100xf32>,
    %V: tensor<8x100xf32>) -> (AV: tensor<8x100xf32>) {
  %BK = edge.split %K dim 1 tile 32 : tensor<16x100xf32> -> tensor<16x4x32xf32>
  %BV = edge.split %V dim 1 tile 32 : tensor<8x100xf32> -> tensor<8x4x32xf32>
  %RM0 = edge.fill -inf : tensor<100xf32>
  %RD0 = edge.fill 0.0 : tensor<100xf32>
  %RNV0 = edge.fill 0.0 : tensor<8x100xf32>
  %RM, %RD, %RNV = edge.iterate m1 until m1 >= 4
      slices(%bk = %BK[1] : tensor<16x4x32xf32>, %bv = %BV[1] : tensor<8x4x32xf32>)
      init(%rm = %RM0 : tensor<100xf32>, %rd = %RD0 : tensor<100xf32>, %rnv = %RNV0 : tensor<8x100xf32>)
      -> (tensor<100xf32>, tensor<100xf32>, tensor<8x100xf32>) {
    %BQK = edge.einsum "BQK" (%Q[e, p], %bk[e, m0]) -> [m0, p]
             map mul(isect) where m1*32 + m0 <= p reduce [e] add(union)
             : (tensor<16x100xf32>, tensor<16x32xf32>) -> tensor<32x100xf32>
    %LM = edge.einsum "LM" (%BQK[m0, p]) -> [p] reduce [m0] max(union)
            : (tensor<32x100xf32>) -> tensor<100xf32>
    %RMn = edge.einsum "RMn" (%rm[p], %LM[p]) -> [p] map max(union)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SLN = edge.einsum "SLN" (%BQK[m0, p], %RMn[p]) -> [m0, p]
             map sub_exp(take_left) : (tensor<32x100xf32>, tensor<100xf32>) -> tensor<32x100xf32>
    %SLD = edge.einsum "SLD" (%SLN[m0, p]) -> [p] reduce [m0] add(union)
             : (tensor<32x100xf32>) -> tensor<100xf32>
    %SLNV = edge.einsum "SLNV" (%SLN[m0, p], %bv[f, m0]) -> [f, p]
              map mul(isect) reduce [m0] add(union)
              : (tensor<32x100xf32>, tensor<8x32xf32>) -> tensor<8x100xf32>
    %PRM = edge.einsum "PRM" (%rm[p], %RMn[p]) -> [p] map sub_exp(pass_through)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SPD = edge.einsum "SPD" (%rd[p], %PRM[p]) -> [p] map mul(isect)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %RDn = edge.einsum "RDn" (%SLD[p], %SPD[p]) -> [p] map add(union)
             : (tensor<100xf32>, tensor<100xf32>) -> tensor<100xf32>
    %SPNV = edge.einsum "SPNV" (%rnv[f, p], %PRM[p]) -> [f, p] map mul(isect)
              : (tensor<8x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
    %RNVn = edge.einsum "RNVn" (%SLNV[f, p], %SPNV[f, p]) -> [f, p] map add(union)
              : (tensor<8x100xf32>, tensor<8x100xf32>) -> tensor<8x100xf32>
    edge.yield %RMn, %RDn, %RNVn : tensor<100xf32>, tensor<100xf32>, tensor<8x100xf32>
  }
  %AV = edge.einsum "AV" (%RNV[f, p], %RD[p]) -> [f, p] map div(take_right)
          : (tensor<8x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
  edge.return %AV : tensor<8x100xf32>
}

edge.cascade @causal_2pass(%Q: tensor<16x100xf32>, %K: tensor<16x100xf32>, %V: tensor<8x100xf32>)
    -> (AV: tensor<8x100xf32>) {
  %BK = edge.split %K dim 1 tile 32 : tensor<16x100xf32> -> tensor<16x4x32xf32>
  %BV = edge.split %V dim 1 tile 32 : tensor<8x100xf32> -> tensor<8x4x32xf32>
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p]
           map mul(isect) where m1*32 + m0 <= p reduce [e] add(union)
           : (tensor<16x100xf32>, tensor<16x4x32xf32>) -> tensor<4x32x100xf32>
  %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union)
          : (tensor<4x32x100xf32>) -> tensor<4x100xf32>
  %SLN = edge.einsum "SLN" (%BQK[m1, m0, p], %LM[m1, p]) -> [m1, m0, p]
           map sub_exp(take_left) : (tensor<4x32x100xf32>, tensor<4x100xf32>) -> tensor<4x32x100xf32>
  %SLD = edge.einsum "SLD" (%SLN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
           : (tensor<4x32x100xf32>) -> tensor<4x100xf32>
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union)
          : (tensor<4x100xf32>) -> tensor<100xf32>
  %PRM = edge.einsum "PRM" (%LM[m1, p], %GM[p]) -> [m1, p] map sub_exp(pass_through)
           : (tensor<4x100xf32>, tensor<100xf32>) -> tensor<4x100xf32>
  %SD = edge.einsum "SD" (%SLD[m1, p], %PRM[m1, p]) -> [p]
          map mul(isect) reduce [m1] add(union)
          : (tensor<4x100xf32>, tensor<4x100xf32>) -> tensor<100xf32>
  %SNV = edge.einsum "SNV" (%SLN[m1, m0, p], %PRM[m1, p], %BV[f, m1, m0]) -> [f, p]
           map mul(isect) reduce [m1, m0] add(union)
           : (tensor<4x32x100xf32>, tensor<4x100xf32>, tensor<8x4x32xf32>) -> tensor<8x100xf32>
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<8x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
  edge.return %AV : tensor<8x100xf32>
}
