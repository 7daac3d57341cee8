// A tile larger than the extent (tile 48 > M = 32): one partial tile. Both
// drivers split the same way (M1 = 1, the tail filtered) and reach 1 pass;
// with tile == M, one full tile.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=48 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=48 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=32 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=48 | FileCheck %s --check-prefix=IR
// RUN: edge-opt %s --fusemax-1pass=tile=48 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=48 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=32 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE: passes over m: 3
// AFTER: passes over m: 1
// IR: edge.iterate m1 until m1 >= 1
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
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<32x8xf32>, tensor<16x32xf32>) -> tensor<16x8xf32>
  edge.return %AV : tensor<16x8xf32>
}
