// Presence of affine index expressions (issue 14, item 5): an index whose
// range over the iteration box lies within the operand's extent is always
// present. Grouped-query attention indexes the query head by g*2 + j (here
// with an offset: g*2 + j + 1 into 5 heads), always in range, so the
// maximum is present everywhere and the derivation reaches 1 pass.
// negative_: one head fewer, the last head's rows are absent, the maximum
// may be absent there and the derivation keeps 2 passes, saying why.
//
// One thread: with the two cascades rewritten in parallel, the remark of the
// second is sometimes lost (a race outside the presence analysis).
// RUN: edge-opt %s --mlir-disable-threading --fusemax-1pass="tile=8 remarks=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARKS
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s

// CHECK-LABEL: cascade @gqa_offset
// CHECK: passes over m: 1
// CHECK-LABEL: cascade @negative_gqa_out_of_range
// CHECK: passes over m: 2
// REMARKS-NOT: may be absent

edge.cascade @gqa_offset(%Q: tensor<5x16x8xf32>, %K: tensor<2x16x32xf32>,
                         %V: tensor<2x16x32xf32>) -> (AV: tensor<2x2x16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[g * 2 + j + 1, e, p], %K[g, e, m]) -> [g, j, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<5x16x8xf32>, tensor<2x16x32xf32>) -> tensor<2x2x32x8xf32>
  %GM = edge.einsum "GM" (%QK[g, j, m, p]) -> [g, j, p] reduce [m] max(union)
          : (tensor<2x2x32x8xf32>) -> tensor<2x2x8xf32>
  %SN = edge.einsum "SN" (%QK[g, j, m, p], %GM[g, j, p]) -> [g, j, m, p]
          map sub_exp(pass_through)
          : (tensor<2x2x32x8xf32>, tensor<2x2x8xf32>) -> tensor<2x2x32x8xf32>
  %SD = edge.einsum "SD" (%SN[g, j, m, p]) -> [g, j, p] reduce [m] add(union)
          : (tensor<2x2x32x8xf32>) -> tensor<2x2x8xf32>
  %A = edge.einsum "A" (%SN[g, j, m, p], %SD[g, j, p]) -> [g, j, m, p]
         map div(take_right)
         : (tensor<2x2x32x8xf32>, tensor<2x2x8xf32>) -> tensor<2x2x32x8xf32>
  %AV = edge.einsum "AV" (%A[g, j, m, p], %V[g, f, m]) -> [g, j, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<2x2x32x8xf32>, tensor<2x16x32xf32>) -> tensor<2x2x16x8xf32>
  edge.return %AV : tensor<2x2x16x8xf32>
}

edge.cascade @negative_gqa_out_of_range(%Q: tensor<4x16x8xf32>, %K: tensor<2x16x32xf32>,
                                        %V: tensor<2x16x32xf32>) -> (AV: tensor<2x2x16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[g * 2 + j + 1, e, p], %K[g, e, m]) -> [g, j, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x16x8xf32>, tensor<2x16x32xf32>) -> tensor<2x2x32x8xf32>
  // REMARKS: presence-affine-index.mlir:[[@LINE+1]]:9: remark: edge-reduce-to-iterate: the maximum may be absent
  %GM = edge.einsum "GM" (%QK[g, j, m, p]) -> [g, j, p] reduce [m] max(union)
          : (tensor<2x2x32x8xf32>) -> tensor<2x2x8xf32>
  %SN = edge.einsum "SN" (%QK[g, j, m, p], %GM[g, j, p]) -> [g, j, m, p]
          map sub_exp(pass_through)
          : (tensor<2x2x32x8xf32>, tensor<2x2x8xf32>) -> tensor<2x2x32x8xf32>
  %SD = edge.einsum "SD" (%SN[g, j, m, p]) -> [g, j, p] reduce [m] add(union)
          : (tensor<2x2x32x8xf32>) -> tensor<2x2x8xf32>
  %A = edge.einsum "A" (%SN[g, j, m, p], %SD[g, j, p]) -> [g, j, m, p]
         map div(take_right)
         : (tensor<2x2x32x8xf32>, tensor<2x2x8xf32>) -> tensor<2x2x32x8xf32>
  %AV = edge.einsum "AV" (%A[g, j, m, p], %V[g, f, m]) -> [g, j, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<2x2x32x8xf32>, tensor<2x16x32xf32>) -> tensor<2x2x16x8xf32>
  edge.return %AV : tensor<2x2x16x8xf32>
}
// REMARKS-NOT: may be absent
