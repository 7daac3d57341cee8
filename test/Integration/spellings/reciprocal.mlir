// The normalization written as a product with the reciprocal of the
// denominator (what `1/x` then multiply lowers to): edge-normalize turns it
// into a division, so division deferral applies and both drivers derive the
// 1-pass cascade from this spelling.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-normalize | FileCheck %s --check-prefix=NORMAL
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=12 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE: passes over m: 3
// AFTER: passes over m: 1
// NORMAL: %[[SD:.*]] = edge.einsum "SD"
// NORMAL: edge.einsum "A" (%{{.*}}[m, p], %[[SD]][p]) -> [m, p] map div(isect)
// NUMBERS: output AV [16x8]
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @attention(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>,
                        %V: tensor<16x32xf32>) -> (AV: tensor<16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through)
          : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %R = edge.einsum "R" (%SD[q]) -> [q] apply [reciprocal]
         : (tensor<8xf32>) -> tensor<8xf32>
  %A = edge.einsum "A" (%R[p], %SN[m, p]) -> [m, p] map mul(isect)
         : (tensor<8xf32>, tensor<32x8xf32>) -> tensor<32x8xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<32x8xf32>, tensor<16x32xf32>) -> tensor<16x8xf32>
  edge.return %AV : tensor<16x8xf32>
}
