// The reference of ../scalar-constants.mlir: the same cascade with every
// scalar constant spelled as a rank-0 edge.fill operand.
edge.cascade @attention(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>,
                        %V: tensor<16x32xf32>)
    -> (AV: tensor<16x8xf32>, R: tensor<16x8xf32>) {
  %scale = edge.fill 0.125 : tensor<f32>
  %one = edge.fill 1.0 : tensor<f32>
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %SQK = edge.einsum "SQK" (%QK[m, p], %scale[]) -> [m, p] map mul(isect)
           : (tensor<32x8xf32>, tensor<f32>) -> tensor<32x8xf32>
  %GM = edge.einsum "GM" (%SQK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%SQK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through)
          : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<32x8xf32>, tensor<16x32xf32>) -> tensor<16x8xf32>
  %R = edge.einsum "R" (%one[], %AV[f, p]) -> [f, p] map sub(take_right)
         : (tensor<f32>, tensor<16x8xf32>) -> tensor<16x8xf32>
  edge.return %AV, %R : tensor<16x8xf32>, tensor<16x8xf32>
}
