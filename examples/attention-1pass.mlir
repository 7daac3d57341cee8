// Cascade 5 of FuseMax (eqs. 39-56): 1-pass attention (online softmax).
// M = 256 split into M1 = 4 tiles of M0 = 64. M1 is standard in BK and BV
// (sliced per step) and iterative in RM, RD and RNV (running values).
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                        %V: tensor<64x256xf32>) -> (AV: tensor<64x128xf32>) {
  // Initialization.
  // BK[e,m1,m0] = K[e, m1*M0+m0]                                      (39)
  %BK = edge.split %K dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  // BV[f,m1,m0] = V[f, m1*M0+m0]                                      (40)
  %BV = edge.split %V dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  // RM[m1:m1=0,p] = -inf                                              (41)
  %RM0 = edge.fill -inf : tensor<128xf32>
  // RD[m1:m1=0,p] = 0                                                 (42)
  %RD0 = edge.fill 0.0 : tensor<128xf32>
  // RNV[f,m1:m1=0,p] = 0                                              (43)
  %RNV0 = edge.fill 0.0 : tensor<64x128xf32>
  // Extended einsums; <> : m1 >= M1                                   (56)
  %RM, %RD, %RNV = edge.iterate m1 until m1 >= 4
      slices(%bk = %BK[1] : tensor<64x4x64xf32>,
             %bv = %BV[1] : tensor<64x4x64xf32>)
      init(%rm = %RM0 : tensor<128xf32>, %rd = %RD0 : tensor<128xf32>,
           %rnv = %RNV0 : tensor<64x128xf32>)
      -> (tensor<128xf32>, tensor<128xf32>, tensor<64x128xf32>) {
    // BQK[m1,m0,p] = Q[e,p] x BK[e,m1,m0]                             (44)
    %BQK = edge.einsum "BQK" (%Q[e, p], %bk[e, m0]) -> [m0, p]
             map mul(isect) reduce [e] add(union)
             : (tensor<64x128xf32>, tensor<64x64xf32>) -> tensor<64x128xf32>
    // LM[m1,p] = BQK[m1,m0,p] :: \/_m0 max(union)                     (45)
    %LM = edge.einsum "LM" (%BQK[m0, p]) -> [p] reduce [m0] max(union)
            : (tensor<64x128xf32>) -> tensor<128xf32>
    // RM[m1+1,p] = max(RM[m1,p], LM[m1,p])                            (46)
    %RMn = edge.einsum "RMn" (%rm[p], %LM[p]) -> [p] map max(union)
             : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
    // SLN[m1,m0,p] = e^(BQK[m1,m0,p] - RM[m1+1,p])                    (47)
    %SLN = edge.einsum "SLN" (%BQK[m0, p], %RMn[p]) -> [m0, p]
             map sub_exp(pass_through)
             : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
    // SLD[m1,p] = SLN[m1,m0,p]                                        (48)
    %SLD = edge.einsum "SLD" (%SLN[m0, p]) -> [p] reduce [m0] add(union)
             : (tensor<64x128xf32>) -> tensor<128xf32>
    // SLNV[f,m1,p] = SLN[m1,m0,p] x BV[f,m1,m0]                       (49)
    %SLNV = edge.einsum "SLNV" (%SLN[m0, p], %bv[f, m0]) -> [f, p]
              map mul(isect) reduce [m0] add(union)
              : (tensor<64x128xf32>, tensor<64x64xf32>) -> tensor<64x128xf32>
    // PRM[m1,p] = e^(RM[m1,p] - RM[m1+1,p])                           (50)
    %PRM = edge.einsum "PRM" (%rm[p], %RMn[p]) -> [p] map sub_exp(pass_through)
             : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
    // SPD[m1,p] = RD[m1,p] x PRM[m1,p]                                (51)
    %SPD = edge.einsum "SPD" (%rd[p], %PRM[p]) -> [p] map mul(isect)
             : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
    // RD[m1+1,p] = SLD[m1,p] + SPD[m1,p]                              (52)
    %RDn = edge.einsum "RDn" (%SLD[p], %SPD[p]) -> [p] map add(union)
             : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
    // SPNV[f,m1,p] = RNV[f,m1,p] x PRM[m1,p]                          (53)
    %SPNV = edge.einsum "SPNV" (%rnv[f, p], %PRM[p]) -> [f, p] map mul(isect)
              : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
    // RNV[f,m1+1,p] = SLNV[f,m1,p] + SPNV[f,m1,p]                     (54)
    %RNVn = edge.einsum "RNVn" (%SLNV[f, p], %SPNV[f, p]) -> [f, p]
              map add(union)
              : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<64x128xf32>
    edge.yield %RMn, %RDn, %RNVn
        : tensor<128xf32>, tensor<128xf32>, tensor<64x128xf32>
  }
  // AV[f,p] = RNV[f,M1,p] / RD[M1,p]                                  (55)
  %AV = edge.einsum "AV" (%RNV[f, p], %RD[p]) -> [f, p] map div(take_right)
          : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
