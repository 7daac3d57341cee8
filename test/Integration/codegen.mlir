// The fast CPU lowering (tiling, vectorization, threads) computes what the
// reference does, for every knob and at shapes whose extents no vector or
// register tile divides: 1-pass attention with M = 250 keys in tiles of 64
// (a partial tail tile), P = 100 queries, E = 16, F = 24, and batch 2 x
// heads 3. Also with a single key per tile (M0 = 1) and one tile larger than
// the extent (M0 = 300 > M).
//
// RUN: edge-run %s --lowering="threads=1" | FileCheck %s
// RUN: edge-run %s --lowering="threads=2" | FileCheck %s
// RUN: edge-run %s --lowering="threads=1 vector-bits=128 tile-rows=2 tile-vectors=1" | FileCheck %s
// RUN: edge-run %s --lowering="threads=2 vector-bits=256 tile-rows=4 tile-parallel=32" | FileCheck %s
// RUN: edge-run %s --lowering="threads=1 vectorize=false" | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass=tile=1 | edge-run - --lowering="threads=2" | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass=tile=300 | edge-run - --lowering="threads=2" | FileCheck %s
// RUN: edge-opt %s --fusemax-2pass=tile=64 | edge-run - --lowering="threads=2" | FileCheck %s
// RUN: edge-opt %s --fusemax-1pass=tile=64 | edge-run - --lowering="threads=2 vector-bits=512 tile-rows=8" | FileCheck %s
// RUN: (edge-run %s --lowering="threads=0 tile-rows=1000" 2>&1 || echo EDGE-RUN-EXIT-NONZERO) | FileCheck %s --check-prefix=BAD

// CHECK: nan 0, inf 0, nan mismatches 0: PASS
// BAD: error: edge-tile-and-vectorize: a register tile of 1000 rows
// BAD: EDGE-RUN-EXIT-NONZERO

edge.cascade @attention(%Q: tensor<2x3x16x100xf32>, %K: tensor<2x3x16x250xf32>, %V: tensor<2x3x24x250xf32>) -> (AV: tensor<2x3x24x100xf32>) {
  %QK = edge.einsum "QK" (%Q[b, h, e, p], %K[b, h, e, m]) -> [b, h, m, p] map mul(isect) reduce [e] add(union) : (tensor<2x3x16x100xf32>, tensor<2x3x16x250xf32>) -> tensor<2x3x250x100xf32>
  %GM = edge.einsum "GM" (%QK[b, h, m, p]) -> [b, h, p] reduce [m] max(union) : (tensor<2x3x250x100xf32>) -> tensor<2x3x100xf32>
  %SN = edge.einsum "SN" (%QK[b, h, m, p], %GM[b, h, p]) -> [b, h, m, p] map sub_exp(pass_through) : (tensor<2x3x250x100xf32>, tensor<2x3x100xf32>) -> tensor<2x3x250x100xf32>
  %SD = edge.einsum "SD" (%SN[b, h, m, p]) -> [b, h, p] reduce [m] add(union) : (tensor<2x3x250x100xf32>) -> tensor<2x3x100xf32>
  %A = edge.einsum "A" (%SN[b, h, m, p], %SD[b, h, p]) -> [b, h, m, p] map div(take_right) : (tensor<2x3x250x100xf32>, tensor<2x3x100xf32>) -> tensor<2x3x250x100xf32>
  %AV = edge.einsum "AV" (%A[b, h, m, p], %V[b, h, f, m]) -> [b, h, f, p] map mul(isect) reduce [m] add(union) : (tensor<2x3x250x100xf32>, tensor<2x3x24x250xf32>) -> tensor<2x3x24x100xf32>
  edge.return %AV : tensor<2x3x24x100xf32>
}
