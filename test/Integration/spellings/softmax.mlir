// A standalone softmax (output A[m,p] = SN / SD) keeps a second pass over m
// (A needs the final SD at every m), but the first pass computes the
// maximum and the sum online: --fusemax-1pass (reduce-to-iterate with
// recompute: A reads SN recomputed from the final maximum) and
// --edge-saturate both reach 2 passes.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --fusemax-1pass=tile=8 | FileCheck %s --check-prefix=IR
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --fusemax-1pass=tile=12 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE: passes over m: 3
// AFTER: passes over m: 2
// IR: %[[RM:.*]], %[[RD:.*]] = edge.iterate m1 until m1 >= 4
// IR: %[[SN:.*]] = edge.einsum "BSN" (%BQK[m1, m0, p], %[[RM]][p]) -> [m1, m0, p] map sub_exp(pass_through)
// IR: edge.einsum "BA" (%[[SN]][m1, m0, p], %[[RD]][p])
// NUMBERS: output A [32x8]
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @softmax(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>) -> (A: tensor<32x8xf32>) {
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
  edge.return %A : tensor<32x8xf32>
}
