// The tiled 2-pass attention cascade (FuseMax describes it in prose; this is
// the standard form, see docs/Notation.md): local max per tile, then one
// correction pass. M = 256 split into M1 = 4 tiles of M0 = 64.
//   pass 1: BQK, LM, SLN, SLD, then the global max GM (the barrier)
//   pass 2: PRM, SD, SNV, AV
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                        %V: tensor<64x256xf32>) -> (AV: tensor<64x128xf32>) {
  // BK[e,m1,m0] = K[e, m1*M0+m0]      BV[f,m1,m0] = V[f, m1*M0+m0]
  %BK = edge.split %K dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  %BV = edge.split %V dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
  // BQK[m1,m0,p] = Q[e,p] x BK[e,m1,m0]
  %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p]
           map mul(isect) reduce [e] add(union)
           : (tensor<64x128xf32>, tensor<64x4x64xf32>) -> tensor<4x64x128xf32>
  // LM[m1,p] = BQK[m1,m0,p] :: \/_m0 max(union)              local max
  %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union)
          : (tensor<4x64x128xf32>) -> tensor<4x128xf32>
  // SLN[m1,m0,p] = e^(BQK[m1,m0,p] - LM[m1,p])                local numerator
  %SLN = edge.einsum "SLN" (%BQK[m1, m0, p], %LM[m1, p]) -> [m1, m0, p]
           map sub_exp(pass_through)
           : (tensor<4x64x128xf32>, tensor<4x128xf32>) -> tensor<4x64x128xf32>
  // SLD[m1,p] = SLN[m1,m0,p]                                  local denominator
  %SLD = edge.einsum "SLD" (%SLN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
           : (tensor<4x64x128xf32>) -> tensor<4x128xf32>
  // GM[p] = LM[m1,p] :: \/_m1 max(union)                      global max
  %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union)
          : (tensor<4x128xf32>) -> tensor<128xf32>
  // PRM[m1,p] = e^(LM[m1,p] - GM[p])                          correction
  %PRM = edge.einsum "PRM" (%LM[m1, p], %GM[p]) -> [m1, p]
           map sub_exp(pass_through)
           : (tensor<4x128xf32>, tensor<128xf32>) -> tensor<4x128xf32>
  // SD[p] = SLD[m1,p] x PRM[m1,p]
  %SD = edge.einsum "SD" (%SLD[m1, p], %PRM[m1, p]) -> [p]
          map mul(isect) reduce [m1] add(union)
          : (tensor<4x128xf32>, tensor<4x128xf32>) -> tensor<128xf32>
  // SNV[f,p] = SLN[m1,m0,p] x PRM[m1,p] x BV[f,m1,m0]
  %SNV = edge.einsum "SNV" (%SLN[m1, m0, p], %PRM[m1, p], %BV[f, m1, m0])
           -> [f, p] map mul(isect) reduce [m1, m0] add(union)
           : (tensor<4x64x128xf32>, tensor<4x128xf32>, tensor<64x4x64xf32>)
           -> tensor<64x128xf32>
  // AV[f,p] = SNV[f,p] / SD[p]                                deferred division
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
