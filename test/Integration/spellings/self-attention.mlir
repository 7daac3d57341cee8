// Self-attention that reads one tensor X as the queries, the keys and the
// values (Q = K = V = X). The analysis relates ranks per read of an input,
// not per dimension of the tensor: m (the keys) and p (the queries) stay
// two ranks although both index X's second dimension, so the counts equal
// those of three inputs, and the derived 1-pass cascade is reported as one
// pass with only its output written off chip.
//
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=BEFORE
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=AFTER
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=12 | edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// BEFORE:      passes over e: 1
// BEFORE-NEXT: passes over m: 3
// BEFORE-NEXT: max passes: 3 (over m)
// AFTER:      passes over e: 1
// AFTER-NEXT: passes over m: 1
// AFTER-NEXT: max passes: 1
// AFTER:      X {{ *}}input {{ *}}[e,p]
// AFTER:      AV {{.*}} off-chip {{ *}}2048 {{ *}}0 {{ *}}1 {{ *}}output
// AFTER:      off-chip bytes: read 2048, written 2048, total 4096
// NUMBERS: output AV [16x32]
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @self_attention(%X: tensor<16x32xf32>) -> (AV: tensor<16x32xf32>) {
  %QK = edge.einsum "QK" (%X[e, p], %X[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x32xf32>, tensor<16x32xf32>) -> tensor<32x32xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x32xf32>) -> tensor<32xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through)
          : (tensor<32x32xf32>, tensor<32xf32>) -> tensor<32x32xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<32x32xf32>) -> tensor<32xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<32x32xf32>, tensor<32xf32>) -> tensor<32x32xf32>
  %AV = edge.einsum "AV" (%A[m, p], %X[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<32x32xf32>, tensor<16x32xf32>) -> tensor<16x32xf32>
  edge.return %AV : tensor<16x32xf32>
}
