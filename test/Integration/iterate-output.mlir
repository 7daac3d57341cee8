// A cascade whose output is a running value of the iteration itself (the
// softmax denominator, with no division after the loop): the lowered
// function returns the loop's result, whose buffer deallocation clones.
//
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | FileCheck %s --check-prefix=IR
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=3" | edge-run - --compare-with=%s --scale=8 | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=3" | edge-run - --compare-with=%s --reference=interpret --scale=8 | FileCheck %s --check-prefix=INTERPRET
// INTERPRET: and interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS

// IR: %[[RM:.*]], %[[RZ:.*]] = edge.iterate n1
// IR: edge.return %[[RZ]]
// CHECK: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @denominator(%S: tensor<8x4xf32>) -> (Z: tensor<4xf32>) {
  %GM = edge.einsum "GM" (%S[n, c]) -> [c] reduce [n] max(union) : (tensor<8x4xf32>) -> tensor<4xf32>
  %W = edge.einsum "W" (%S[n, c], %GM[c]) -> [n, c] map sub_exp(pass_through) : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %Z = edge.einsum "Z" (%W[n, c]) -> [c] reduce [n] add(union) : (tensor<8x4xf32>) -> tensor<4xf32>
  edge.return %Z : tensor<4xf32>
}
