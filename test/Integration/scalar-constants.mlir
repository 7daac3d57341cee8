// Scalar constant operands, run: attention with the 1/sqrt(E) scale written
// as a constant (`(%QK[m, p], 0.125)`) and an output `1 - AV` with the
// constant first (sub is not commutative, so the fold order is checked). The
// reference is the same cascade with rank-0 edge.fill operands
// (Inputs/scalar-constants-fill.mlir). The derivations keep the scale
// einsum as it is (it precedes the maximum) and still reach 1 and 2 passes.
//
// RUN: edge-run %s --compare-with=%S/Inputs/scalar-constants-fill.mlir | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --compare-with=%S/Inputs/scalar-constants-fill.mlir | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --fusemax-2pass=tile=12 | edge-run - --compare-with=%S/Inputs/scalar-constants-fill.mlir | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-run - --compare-with=%S/Inputs/scalar-constants-fill.mlir | FileCheck %s --check-prefix=NUMBERS
/// The reference interpreter, a third opinion, reads the constants itself.
// RUN: edge-run %s --reference=interpret | FileCheck %s --check-prefix=INTERP
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --reference=interpret | FileCheck %s --check-prefix=INTERP
// INTERP: reference interpret
// INTERP-NOT: FAIL
// INTERP: PASS
// INTERP-NOT: FAIL
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONEPASS
// RUN: edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ANALYSIS
// RUN: edge-opt %s --fusemax-1pass=tile=8 | FileCheck %s --check-prefix=SPLIT

// NUMBERS: output AV [16x8]
// NUMBERS-NEXT: nan 0, inf 0, nan mismatches 0: PASS
// NUMBERS: output R [16x8]
// NUMBERS-NEXT: nan 0, inf 0, nan mismatches 0: PASS
// ONEPASS: passes over m: 1

/// The rank split carries the constants along, in their fold positions.
// SPLIT: edge.einsum "BSQK" (%BQK[m0, p], 0.125) -> [m0, p] map mul(isect)
// SPLIT: edge.einsum "R" (1.0, %{{.*}}[f, p]) -> [f, p] map sub(take_right)

/// A constant is no tensor: it has no bytes; its multiply is counted.
// ANALYSIS: SQK     einsum   [m,p]  1           1024
// ANALYSIS: SQK     1              256  mul=256
// ANALYSIS: R       3              128  sub=128
// ANALYSIS: off-chip bytes: read 6656,

edge.cascade @attention(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>,
                        %V: tensor<16x32xf32>)
    -> (AV: tensor<16x8xf32>, R: tensor<16x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %SQK = edge.einsum "SQK" (%QK[m, p], 0.125) -> [m, p] map mul(isect)
           : (tensor<32x8xf32>) -> tensor<32x8xf32>
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
  %R = edge.einsum "R" (1.0, %AV[f, p]) -> [f, p] map sub(take_right)
         : (tensor<16x8xf32>) -> tensor<16x8xf32>
  edge.return %AV, %R : tensor<16x8xf32>, tensor<16x8xf32>
}
