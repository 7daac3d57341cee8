// An exponent fused into its sum (`map sub_exp ... reduce [m] add`, the sum
// of a log-sum-exp) derives the same 1-pass cascade as the unfused spelling:
// edge-normalize splits the exponent off, in both drivers.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-normalize | FileCheck %s --check-prefix=NORMAL
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=12 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE: passes over m: 2
// AFTER: passes over m: 1
// NORMAL: %[[EXP:.*]] = edge.einsum "SD_exp" (%{{.*}}[m, p], %{{.*}}[p]) -> [m, p] map sub_exp(pass_through)
// NORMAL: edge.einsum "SD" (%[[EXP]][m, p]) -> [p] reduce [m] add(union)
// NUMBERS: output SD [8]
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @sum_exp(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>) -> (SD: tensor<8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %SD = edge.einsum "SD" (%QK[m, p], %GM[p]) -> [p]
          map sub_exp(pass_through) reduce [m] add(union)
          : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<8xf32>
  edge.return %SD : tensor<8xf32>
}
