// Attention whose key rank is called `j`, not `m`: with no `rank=`, both
// drivers find it (the rank a max reduces) and derive the 1-pass cascade.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --fusemax-2pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=TWO
// RUN: edge-opt %s --fusemax-1pass=tile=8 | FileCheck %s --check-prefix=IR
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --fusemax-2pass=tile=12 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE: passes over j: 3
// AFTER: passes over j: 1
// TWO: passes over j: 2
// IR: edge.iterate j1 until j1 >= 4
// NUMBERS: output AV [16x8]
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @attention(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>,
                        %V: tensor<16x32xf32>) -> (AV: tensor<16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, j]) -> [j, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %GM = edge.einsum "GM" (%QK[j, p]) -> [p] reduce [j] max(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%QK[j, p], %GM[p]) -> [j, p]
          map sub_exp(pass_through)
          : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %SD = edge.einsum "SD" (%SN[j, p]) -> [p] reduce [j] add(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %A = edge.einsum "A" (%SN[j, p], %SD[p]) -> [j, p] map div(take_right)
         : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %AV = edge.einsum "AV" (%A[j, p], %V[f, j]) -> [f, p]
          map mul(isect) reduce [j] add(union)
          : (tensor<32x8xf32>, tensor<16x32xf32>) -> tensor<16x8xf32>
  edge.return %AV : tensor<16x8xf32>
}
