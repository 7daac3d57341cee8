// negative_: the query head g*2 + j reaches 3 with Q's 3 heads: the rows of
// head 3 are absent, the maximum there is empty, and the online rebase would
// compute e^(-inf - -inf). Both drivers keep 2 passes, and the numbers (NaN
// rows included, declared expected by --masked-rows=nan) are those of the
// input.
//
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --fusemax-1pass="tile=8 remarks=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s --masked-rows=nan | FileCheck %s --check-prefix=NUMBERS

// AFTER: passes over m: 2
// REMARK: remark: edge-reduce-to-iterate: the maximum may be absent
// NUMBERS: nan mismatches 0: PASS

edge.cascade @gqa(%Q: tensor<1x3x16x8xf32>, %K: tensor<1x2x16x32xf32>,
                  %V: tensor<1x2x16x32xf32>) -> (AV: tensor<1x2x2x16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[b, g * 2 + j, e, p], %K[b, g, e, m]) -> [b, g, j, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<1x3x16x8xf32>, tensor<1x2x16x32xf32>) -> tensor<1x2x2x32x8xf32>
  %GM = edge.einsum "GM" (%QK[b, g, j, m, p]) -> [b, g, j, p] reduce [m] max(union)
          : (tensor<1x2x2x32x8xf32>) -> tensor<1x2x2x8xf32>
  %SN = edge.einsum "SN" (%QK[b, g, j, m, p], %GM[b, g, j, p]) -> [b, g, j, m, p]
          map sub_exp(pass_through)
          : (tensor<1x2x2x32x8xf32>, tensor<1x2x2x8xf32>) -> tensor<1x2x2x32x8xf32>
  %SD = edge.einsum "SD" (%SN[b, g, j, m, p]) -> [b, g, j, p] reduce [m] add(union)
          : (tensor<1x2x2x32x8xf32>) -> tensor<1x2x2x8xf32>
  %A = edge.einsum "A" (%SN[b, g, j, m, p], %SD[b, g, j, p]) -> [b, g, j, m, p]
         map div(take_right)
         : (tensor<1x2x2x32x8xf32>, tensor<1x2x2x8xf32>) -> tensor<1x2x2x32x8xf32>
  %AV = edge.einsum "AV" (%A[b, g, j, m, p], %V[b, g, f, m]) -> [b, g, j, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<1x2x2x32x8xf32>, tensor<1x2x16x32xf32>) -> tensor<1x2x2x16x8xf32>
  edge.return %AV : tensor<1x2x2x16x8xf32>
}
