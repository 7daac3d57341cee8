// Causal attention with affine filters other than m <= p, on sizes that no
// tile divides (200 keys and queries: version tiles of 64, a split tail of
// 8): `m + 3 <= p` (queries 0-2 have no key) and `m <= p + 5`. Versioned
// tiles (edge-tile-and-vectorize, docs/Lowering.md) are exact for any affine
// filter: every form is compared with the reference interpreter, with one
// thread and with the default threads, and with large logits.
//
// RUN: edge-run %s --cascade=shifted --reference=interpret --lowering=threads=1 | FileCheck %s
// RUN: edge-run %s --cascade=widened --reference=interpret --lowering=threads=1 | FileCheck %s
// RUN: edge-opt %s --fusemax-2pass | edge-run - --cascade=shifted --reference=interpret | FileCheck %s
// RUN: edge-opt %s --fusemax-2pass | edge-run - --cascade=widened --reference=interpret --lowering=threads=1 | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass | edge-run - --cascade=shifted --reference=interpret --lowering=threads=1 | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass | edge-run - --cascade=widened --reference=interpret | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass | edge-run - --cascade=shifted --reference=interpret --scale=8 | FileCheck %s
// CHECK: output AV [8x200]:
// CHECK: inf mismatches 0, nan mismatches 0: PASS

edge.cascade @shifted(%Q: tensor<16x200xf32>, %K: tensor<16x200xf32>,
                      %V: tensor<8x200xf32>) -> (AV: tensor<8x200xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) where m + 3 <= p reduce [e] add(union)
          : (tensor<16x200xf32>, tensor<16x200xf32>) -> tensor<200x200xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<200x200xf32>) -> tensor<200xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(take_left)
          : (tensor<200x200xf32>, tensor<200xf32>) -> tensor<200x200xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<200x200xf32>) -> tensor<200xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<200x200xf32>, tensor<200xf32>) -> tensor<200x200xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<200x200xf32>, tensor<8x200xf32>) -> tensor<8x200xf32>
  edge.return %AV : tensor<8x200xf32>
}

edge.cascade @widened(%Q: tensor<16x200xf32>, %K: tensor<16x200xf32>,
                      %V: tensor<8x200xf32>) -> (AV: tensor<8x200xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) where m <= p + 5 reduce [e] add(union)
          : (tensor<16x200xf32>, tensor<16x200xf32>) -> tensor<200x200xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<200x200xf32>) -> tensor<200xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(take_left)
          : (tensor<200x200xf32>, tensor<200xf32>) -> tensor<200x200xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<200x200xf32>) -> tensor<200xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<200x200xf32>, tensor<200xf32>) -> tensor<200x200xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<200x200xf32>, tensor<8x200xf32>) -> tensor<8x200xf32>
  edge.return %AV : tensor<8x200xf32>
}
