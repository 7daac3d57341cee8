// The rewrites are not attention-specific: softmax pooling over a rank n
// (N = 10 in tiles of 4, so the last tile has a tail) goes through every
// step, and each result computes the same numbers as this input cascade
// (edge-run --compare-with runs both on the same seeded inputs).
//
// RUN: edge-opt %s --edge-defer-division | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --edge-split-rank="rank=n tile=4" | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --edge-split-rank="rank=n tile=4" --edge-split-reduction="outer=n1 inner=n0" | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --fusemax-2pass="rank=n tile=4" | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | edge-run - --compare-with=%s | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | edge-run - --compare-with=%s --scale=16 | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass="rank=n tile=4" | FileCheck %s --check-prefix=ITERATE

// CHECK: reference @softmax_pool
// CHECK: output Y [3x5]
// CHECK: nan 0, inf 0, nan mismatches 0: PASS
// ITERATE: edge.iterate n1 until n1 >= 3

edge.cascade @softmax_pool(%S: tensor<10x5xf32>, %X: tensor<10x3x5xf32>) -> (Y: tensor<3x5xf32>) {
  %GM = edge.einsum "GM" (%S[n, c]) -> [c] reduce [n] max(union) : (tensor<10x5xf32>) -> tensor<5xf32>
  %W = edge.einsum "W" (%S[n, c], %GM[c]) -> [n, c] map sub_exp(pass_through) : (tensor<10x5xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  %Z = edge.einsum "Z" (%W[n, c]) -> [c] reduce [n] add(union) : (tensor<10x5xf32>) -> tensor<5xf32>
  %P = edge.einsum "P" (%W[n, c], %Z[c]) -> [n, c] map div(take_right) : (tensor<10x5xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  %Y = edge.einsum "Y" (%P[n, c], %X[n, d, c]) -> [d, c] map mul(isect) reduce [n] add(union) : (tensor<10x5xf32>, tensor<10x3x5xf32>) -> tensor<3x5xf32>
  edge.return %Y : tensor<3x5xf32>
}
