// Grouped-query attention: query head h reads K/V head `h floordiv 2`, with
// 5 query heads on 3 K/V heads. The reference iterates the heads as pairs
// (g, j) with query head g*2 + j and no floordiv
// (Inputs/grouped-query-attention-split.mlir). The derivations split m and
// reach 2 and 1 passes on it unchanged. @periodic reads X[m mod 4], checked
// against X[m0] with m = m1*4 + m0 (and a split tail).
//
// RUN: edge-run %s --cascade=gqa --compare-with=%S/Inputs/grouped-query-attention-split.mlir --compare-cascade=gqa | FileCheck %s --check-prefix=GQA
// RUN: edge-opt %s --fusemax-2pass=tile=8 | edge-run - --cascade=gqa --compare-with=%S/Inputs/grouped-query-attention-split.mlir --compare-cascade=gqa | FileCheck %s --check-prefix=GQA
// RUN: edge-opt %s --fusemax-1pass=tile=6 | edge-run - --cascade=gqa --compare-with=%S/Inputs/grouped-query-attention-split.mlir --compare-cascade=gqa | FileCheck %s --check-prefix=GQA
/// The reference interpreter evaluates `h floordiv 2` itself.
// RUN: edge-run %s --cascade=gqa --reference=interpret | FileCheck %s --check-prefix=INTERP
// RUN: edge-opt %s --fusemax-1pass=tile=6 | edge-run - --cascade=gqa --reference=interpret | FileCheck %s --check-prefix=INTERP
// INTERP: reference interpret
// INTERP: PASS
// INTERP-NOT: FAIL
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-run - --cascade=gqa --compare-with=%S/Inputs/grouped-query-attention-split.mlir --compare-cascade=gqa | FileCheck %s --check-prefix=GQA
// RUN: edge-opt %s --fusemax-1pass=tile=6 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONEPASS
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=TAILPASSES
// RUN: edge-opt %s --fusemax-1pass=tile=8 | edge-run - --cascade=gqa_tail --compare-with=%s --compare-cascade=gqa_tail | FileCheck %s --check-prefix=TAIL
// RUN: edge-opt %s --edge-saturate=tile=8 | edge-run - --cascade=gqa_tail --compare-with=%s --compare-cascade=gqa_tail | FileCheck %s --check-prefix=TAIL
// RUN: edge-run %s --cascade=periodic --compare-with=%S/Inputs/grouped-query-attention-split.mlir --compare-cascade=periodic | FileCheck %s --check-prefix=PERIODIC

// GQA: output AV [8x5x8]
// GQA-NEXT: nan 0, inf 0, nan mismatches 0: PASS
// ONEPASS: cascade @gqa
// ONEPASS: passes over m: 1
// TAILPASSES: cascade @gqa_tail
// TAILPASSES: passes over m: 3
// TAIL: output AV [8x5x8]
// TAIL-NEXT: nan 0, inf 0, nan mismatches 0: PASS
// PERIODIC: output Y [10x8]
// PERIODIC-NEXT: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @gqa(%Q: tensor<8x5x8xf32>, %K: tensor<8x3x16xf32>,
                  %V: tensor<8x3x16xf32>) -> (AV: tensor<8x5x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, h, p], %K[e, h floordiv 2, m]) -> [h, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<8x5x8xf32>, tensor<8x3x16xf32>) -> tensor<5x16x8xf32>
  %GM = edge.einsum "GM" (%QK[h, m, p]) -> [h, p] reduce [m] max(union)
          : (tensor<5x16x8xf32>) -> tensor<5x8xf32>
  %SN = edge.einsum "SN" (%QK[h, m, p], %GM[h, p]) -> [h, m, p]
          map sub_exp(pass_through)
          : (tensor<5x16x8xf32>, tensor<5x8xf32>) -> tensor<5x16x8xf32>
  %SD = edge.einsum "SD" (%SN[h, m, p]) -> [h, p] reduce [m] add(union)
          : (tensor<5x16x8xf32>) -> tensor<5x8xf32>
  %A = edge.einsum "A" (%SN[h, m, p], %SD[h, p]) -> [h, m, p]
         map div(take_right)
         : (tensor<5x16x8xf32>, tensor<5x8xf32>) -> tensor<5x16x8xf32>
  %AV = edge.einsum "AV" (%A[h, m, p], %V[f, h floordiv 2, m]) -> [f, h, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<5x16x8xf32>, tensor<8x3x16xf32>) -> tensor<8x5x8xf32>
  edge.return %AV : tensor<8x5x8xf32>
}

edge.cascade @periodic(%X: tensor<4x8xf32>, %W: tensor<10x8xf32>)
    -> (Y: tensor<10x8xf32>) {
  %Y = edge.einsum "Y" (%X[m mod 4, p], %W[m, p]) -> [m, p]
         map mul(isect) : (tensor<4x8xf32>, tensor<10x8xf32>) -> tensor<10x8xf32>
  edge.return %Y : tensor<10x8xf32>
}

// Five query heads on two K/V heads: head 4 reads K/V head 2, past the end,
// so its logits are absent. SN's pass_through would then read them as 0,
// so the exponent rebase must refuse: the derivations leave 3 passes, and
// the result equals the unrewritten cascade's.
edge.cascade @gqa_tail(%Q: tensor<8x5x8xf32>, %K: tensor<8x2x16xf32>,
                  %V: tensor<8x2x16xf32>) -> (AV: tensor<8x5x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, h, p], %K[e, h floordiv 2, m]) -> [h, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<8x5x8xf32>, tensor<8x2x16xf32>) -> tensor<5x16x8xf32>
  %GM = edge.einsum "GM" (%QK[h, m, p]) -> [h, p] reduce [m] max(union)
          : (tensor<5x16x8xf32>) -> tensor<5x8xf32>
  %SN = edge.einsum "SN" (%QK[h, m, p], %GM[h, p]) -> [h, m, p]
          map sub_exp(pass_through)
          : (tensor<5x16x8xf32>, tensor<5x8xf32>) -> tensor<5x16x8xf32>
  %SD = edge.einsum "SD" (%SN[h, m, p]) -> [h, p] reduce [m] add(union)
          : (tensor<5x16x8xf32>) -> tensor<5x8xf32>
  %A = edge.einsum "A" (%SN[h, m, p], %SD[h, p]) -> [h, m, p]
         map div(take_right)
         : (tensor<5x16x8xf32>, tensor<5x8xf32>) -> tensor<5x16x8xf32>
  %AV = edge.einsum "AV" (%A[h, m, p], %V[f, h floordiv 2, m]) -> [f, h, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<5x16x8xf32>, tensor<8x2x16xf32>) -> tensor<8x5x8xf32>
  edge.return %AV : tensor<8x5x8xf32>
}

