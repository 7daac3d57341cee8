// Batch B = 2 and heads H = 3 as leading ranks on every tensor, in 1-pass
// form with a tail (M = 72 in 3 tiles of 32), P = 20, E = 16, F = 8; and the
// batched 3-pass example.
//
// RUN: edge-run %s --cascade=batched_1pass | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-3pass-batched.mlir --seed=5 | FileCheck %s --check-prefix=EXAMPLE

// CHECK: output AV [2x3x8x20]:
// CHECK: nan 0, inf 0, nan mismatches 0: PASS
// EXAMPLE: output AV [2x4x32x128]:
// EXAMPLE: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @batched_1pass(%Q: tensor<2x3x16x20xf32>, %K: tensor<2x3x16x72xf32>,
    %V: tensor<2x3x8x72xf32>) -> (AV: tensor<2x3x8x20xf32>) {
  %BK = edge.split %K dim 3 tile 32 : tensor<2x3x16x72xf32> -> tensor<2x3x16x3x32xf32>
  %BV = edge.split %V dim 3 tile 32 : tensor<2x3x8x72xf32> -> tensor<2x3x8x3x32xf32>
  %RM0 = edge.fill -inf : tensor<2x3x20xf32>
  %RD0 = edge.fill 0.0 : tensor<2x3x20xf32>
  %RNV0 = edge.fill 0.0 : tensor<2x3x8x20xf32>
  %RM, %RD, %RNV = edge.iterate m1 until m1 >= 3
      slices(%bk = %BK[3] : tensor<2x3x16x3x32xf32>, %bv = %BV[3] : tensor<2x3x8x3x32xf32>)
      init(%rm = %RM0 : tensor<2x3x20xf32>, %rd = %RD0 : tensor<2x3x20xf32>, %rnv = %RNV0 : tensor<2x3x8x20xf32>)
      -> (tensor<2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x8x20xf32>) {
    %BQK = edge.einsum "BQK" (%Q[b, h, e, p], %bk[b, h, e, m0]) -> [b, h, m0, p]
             map mul(isect) reduce [e] add(union)
             : (tensor<2x3x16x20xf32>, tensor<2x3x16x32xf32>) -> tensor<2x3x32x20xf32>
    %LM = edge.einsum "LM" (%BQK[b, h, m0, p]) -> [b, h, p] reduce [m0] max(union)
            : (tensor<2x3x32x20xf32>) -> tensor<2x3x20xf32>
    %RMn = edge.einsum "RMn" (%rm[b, h, p], %LM[b, h, p]) -> [b, h, p] map max(union)
             : (tensor<2x3x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x20xf32>
    %SLN = edge.einsum "SLN" (%BQK[b, h, m0, p], %RMn[b, h, p]) -> [b, h, m0, p]
             map sub_exp(take_left) : (tensor<2x3x32x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x32x20xf32>
    %SLD = edge.einsum "SLD" (%SLN[b, h, m0, p]) -> [b, h, p] reduce [m0] add(union)
             : (tensor<2x3x32x20xf32>) -> tensor<2x3x20xf32>
    %SLNV = edge.einsum "SLNV" (%SLN[b, h, m0, p], %bv[b, h, f, m0]) -> [b, h, f, p]
              map mul(isect) reduce [m0] add(union)
              : (tensor<2x3x32x20xf32>, tensor<2x3x8x32xf32>) -> tensor<2x3x8x20xf32>
    %PRM = edge.einsum "PRM" (%rm[b, h, p], %RMn[b, h, p]) -> [b, h, p] map sub_exp(pass_through)
             : (tensor<2x3x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x20xf32>
    %SPD = edge.einsum "SPD" (%rd[b, h, p], %PRM[b, h, p]) -> [b, h, p] map mul(isect)
             : (tensor<2x3x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x20xf32>
    %RDn = edge.einsum "RDn" (%SLD[b, h, p], %SPD[b, h, p]) -> [b, h, p] map add(union)
             : (tensor<2x3x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x20xf32>
    %SPNV = edge.einsum "SPNV" (%rnv[b, h, f, p], %PRM[b, h, p]) -> [b, h, f, p] map mul(isect)
              : (tensor<2x3x8x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x8x20xf32>
    %RNVn = edge.einsum "RNVn" (%SLNV[b, h, f, p], %SPNV[b, h, f, p]) -> [b, h, f, p] map add(union)
              : (tensor<2x3x8x20xf32>, tensor<2x3x8x20xf32>) -> tensor<2x3x8x20xf32>
    edge.yield %RMn, %RDn, %RNVn : tensor<2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x8x20xf32>
  }
  %AV = edge.einsum "AV" (%RNV[b, h, f, p], %RD[b, h, p]) -> [b, h, f, p] map div(take_right)
          : (tensor<2x3x8x20xf32>, tensor<2x3x20xf32>) -> tensor<2x3x8x20xf32>
  edge.return %AV : tensor<2x3x8x20xf32>
}
